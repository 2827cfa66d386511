import { describe, expect, it } from 'vitest';
import { liveWindowOf, redactSecrets, stripPayloads } from '@/lib/snapshots/snapshot';
import { snapshotRequestBody } from '@/lib/snapshots/validate';
import { makeExecutionDto, makeSnapshot, NOW } from './builders';

// A payload field with a value (the service record keeps its input/output keys, set to null).
const PAYLOAD_KEY = /"(input|output|parameters)(Details)?"\s*:\s*(?!null)/;

function withParseSample() {
  return makeExecutionDto((dto) => {
    dto.logs.problems = {
      ...dto.logs.problems!,
      nonJson: 1,
      samples: [{ kind: 'truncated', reason: 'cut off mid-JSON', excerpt: '{"id":"3","type":"TaskScheduled","details":{"parameters":"{\\"card\\":\\"4111' }],
    };
  });
}

describe('stripping payloads (the default for a snapshot)', () => {
  it('the fixture really carries input, output and parameters', () => {
    const json = JSON.stringify(makeExecutionDto());
    expect(json).toMatch(/"input":/);
    expect(json).toMatch(/"output":/);
    expect(json).toMatch(/"parameters":/);
  });

  it('removes input and output from the service record', () => {
    const stripped = stripPayloads(makeExecutionDto());
    expect(stripped.service.record?.input).toBeNull();
    expect(stripped.service.record?.output).toBeNull();
    expect(stripped.service.record?.status).toBe('SUCCEEDED');
  });

  it('removes input, output and parameters from every event, nested ones included', () => {
    const dto = makeExecutionDto((d) => {
      d.logs.events[0]!.details = { name: 'Charge', nested: { output: '{"secret":1}', keep: 'yes' }, list: [{ input: 'x' }] };
    });
    const stripped = stripPayloads(dto);
    for (const e of stripped.logs.events) expect(JSON.stringify(e.details)).not.toMatch(PAYLOAD_KEY);
    expect(stripped.logs.events[0]!.details).toEqual({ name: 'Charge', nested: { keep: 'yes' }, list: [{}] });
    expect(stripped.logs.events.map((e) => e.type)).toEqual(dto.logs.events.map((e) => e.type));
  });

  it('drops parse-problem excerpts, which are raw messages and may hold a payload', () => {
    const stripped = stripPayloads(withParseSample());
    expect(stripped.logs.problems?.samples[0]?.reason).toBe('cut off mid-JSON');
    expect(stripped.logs.problems?.samples[0]?.excerpt).not.toContain('4111');
  });

  it('keeps the verdict, its evidence and remediation, and both sides otherwise whole', () => {
    const dto = makeExecutionDto();
    const snapshot = makeSnapshot({ execution: dto });
    expect(snapshot.payloadsIncluded).toBe(false);
    expect(snapshot.execution.verdict).toEqual(dto.verdict);
    expect(snapshot.execution.verdict.evidence.length).toBeGreaterThan(0);
    expect(snapshot.execution.logs.missingIds).toEqual([9]);
    expect(snapshot.execution.logs.events).toHaveLength(dto.logs.events.length);
    expect(JSON.stringify(snapshot)).not.toMatch(PAYLOAD_KEY);
  });

  it('keeps payloads when the sharer opts in', () => {
    const snapshot = makeSnapshot({ request: { includePayloads: true } });
    expect(snapshot.payloadsIncluded).toBe(true);
    expect(snapshot.execution.service.record?.input).toContain('requestId');
  });
});

describe('secrets never reach a snapshot', () => {
  it('removes access key ids, signatures and credential-named fields', () => {
    const out = redactSecrets({
      message: 'User AKIAIOSFODNN7EXAMPLE is not authorized; url ?X-Amz-Credential=AKIA%2F2024&X-Amz-Signature=abcdef0123456789abcdef&x=1',
      header: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240501/us-east-1/states/aws4_request, SignedHeaders=host, Signature=0123456789abcdef0123456789abcdef',
      nested: { sessionToken: 'FQoGZXIvYXdzE', secretAccessKey: 'wJalrXUtnFEMI', keep: 'ok' },
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).not.toContain('abcdef0123456789abcdef');
    expect(text).not.toContain('0123456789abcdef0123456789abcdef');
    expect(text).not.toContain('FQoGZXIvYXdzE');
    expect(text).not.toContain('wJalrXUtnFEMI');
    expect(out.nested).toEqual({ keep: 'ok' });
  });

  it('leaves ARNs and the diagnosis text alone', () => {
    const dto = makeExecutionDto();
    expect(redactSecrets(dto)).toEqual(dto);
  });
});

describe('where "the verdict now" looks', () => {
  it('uses the sharer’s window when there was one', () => {
    const s = makeSnapshot({ request: { from: '2026-11-28T03:00:00Z', to: '2026-11-28T04:00:00Z' } });
    expect(liveWindowOf(s, NOW)).toEqual({ from: '2026-11-28T03:00:00Z', to: '2026-11-28T04:00:00Z' });
  });

  it('pins the window around the execution (a minute either side), open-ended while it may still run', () => {
    const s = makeSnapshot();
    const start = Date.parse(s.execution.execution.startDate!);
    const stop = Date.parse(s.execution.execution.stopDate!);
    expect(liveWindowOf(s, start + 5 * 60_000)).toEqual({ from: new Date(start - 60_000).toISOString(), to: new Date(stop + 60_000).toISOString() });
    expect(liveWindowOf(s, stop + 30_000)).toEqual({ from: new Date(start - 60_000).toISOString(), to: null });
    const running = makeSnapshot({ execution: makeExecutionDto((d) => (d.execution.stopDate = null)) });
    expect(liveWindowOf(running, start + 40 * 24 * 3_600_000)).toEqual({ from: new Date(start - 60_000).toISOString(), to: null });
  });

  it('falls back to the window the snapshot looked in when nothing says when it ran', () => {
    const s = makeSnapshot({ execution: makeExecutionDto((d) => (d.execution.startDate = null)) });
    expect(liveWindowOf(s, NOW)).toEqual({ from: s.execution.window.from, to: s.execution.window.to });
  });
});

describe('the POST /api/snapshots body', () => {
  it('takes an execution ARN, an optional window and the payload choice (off by default)', () => {
    expect(snapshotRequestBody('{"executionArn":"arn:x"}')).toEqual({ executionArn: 'arn:x', from: null, to: null, includePayloads: false });
    expect(snapshotRequestBody('{"executionArn":"arn:x","from":"2026-11-28T03:00:00Z","includePayloads":true}')).toMatchObject({ from: '2026-11-28T03:00:00Z', includePayloads: true });
  });

  it('refuses what is not JSON, a wrong shape, or an oversized body, with a 400', () => {
    expect(() => snapshotRequestBody('{')).toThrow(expect.objectContaining({ status: 400, code: 'invalid-request' }));
    expect(() => snapshotRequestBody('{"executionArn":1,"includePayloads":"yes"}')).toThrow(/executionArn[\s\S]*includePayloads/);
    expect(() => snapshotRequestBody(JSON.stringify({ executionArn: 'a'.repeat(5_000) }))).toThrow(expect.objectContaining({ status: 400 }));
  });
});
