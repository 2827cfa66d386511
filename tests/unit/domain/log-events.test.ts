import { describe, expect, it } from 'vitest';
import { parseLogEvents } from '@/lib/domain/log-events';
import type { RawLogEvent } from '@/lib/domain/types';
import { expressArn, makeRawEvent, NOW, HOUR } from './builders';
import expressSucceeded from './fixtures/express.succeeded.raw.json';
import standardNoData from './fixtures/standard.succeeded-without-execution-data.raw.json';

const A = expressArn();
const B = expressArn('run-2', '11111111-2222-4333-8444-555555555555');

describe('parseLogEvents on real-shaped data', () => {
  it('parses an Express execution delivered out of order into events sorted by id', () => {
    const { events, problems } = parseLogEvents(expressSucceeded as RawLogEvent[]);
    expect(events.map((e) => [e.id, e.type])).toEqual([
      [1, 'ExecutionStarted'],
      [2, 'TaskStateEntered'],
      [3, 'TaskScheduled'],
      [4, 'TaskSucceeded'],
      [5, 'TaskStateExited'],
      [6, 'ExecutionSucceeded'],
    ]);
    expect(events[0]).toMatchObject({ previousEventId: 0, eventTimestamp: 1714561200000, ingestionTime: 1714561200450, details: { roleArn: expect.stringContaining(':role/') } });
    expect(problems).toMatchObject({ total: 6, nonJson: 0, truncated: 0, missingFields: 0, duplicates: 0, foreign: 0, validation: 0 });
  });

  it('reads a Standard run logged without execution data (details first, redrive_count as a string)', () => {
    const { events } = parseLogEvents(standardNoData as RawLogEvent[]);
    expect(events).toHaveLength(4);
    expect(events[3]).toMatchObject({ id: 4, type: 'ExecutionSucceeded', details: {}, redriveCount: 0 });
  });
});

describe('parseLogEvents survives every hazard and counts it', () => {
  it('skips the delivery-validation line: it is not an execution event', () => {
    const { events, problems } = parseLogEvents([
      { timestamp: NOW, ingestionTime: NOW, logStreamName: 'log_stream_created_by_aws_to_validate_log_delivery_subscriptions', message: 'Permissions are set correctly to deliver logs to this log group.' },
    ]);
    expect(events).toEqual([]);
    expect(problems.validation).toBe(1);
  });

  it('counts a message that is not JSON and keeps a sample of it', () => {
    const { events, problems } = parseLogEvents([{ eventId: 'x1', timestamp: NOW, ingestionTime: NOW, message: 'START RequestId: 1234 Version: $LATEST' }]);
    expect(events).toEqual([]);
    expect(problems.nonJson).toBe(1);
    expect(problems.samples[0]).toMatchObject({ kind: 'nonJson', eventId: 'x1', excerpt: 'START RequestId: 1234 Version: $LATEST' });
  });

  it('counts JSON that is not an object as non-JSON', () => {
    expect(parseLogEvents([{ timestamp: NOW, ingestionTime: NOW, message: '"just a string"' }]).problems.nonJson).toBe(1);
  });

  it('recovers id, type and ARN from a truncated message when they precede the cut', () => {
    const full = makeRawEvent({ id: 6, type: 'ExecutionSucceeded', details: { output: 'x'.repeat(500) } });
    const body = JSON.parse(full.message) as Record<string, unknown>;
    const reordered = JSON.stringify({ id: body.id, type: body.type, execution_arn: body.execution_arn, event_timestamp: body.event_timestamp, details: body.details });
    const { events, problems } = parseLogEvents([{ ...full, message: reordered.slice(0, 300) }]);
    expect(problems).toMatchObject({ truncated: 1, recovered: 1 });
    expect(events).toEqual([expect.objectContaining({ id: 6, type: 'ExecutionSucceeded', executionArn: A, details: {} })]);
  });

  it('drops a truncated message whose execution ARN was cut off, and says why', () => {
    const full = makeRawEvent({ id: 6, type: 'ExecutionSucceeded', details: { output: 'x'.repeat(500) } });
    const { events, problems } = parseLogEvents([{ ...full, message: full.message.slice(0, 200) }]);
    expect(events).toEqual([]);
    expect(problems).toMatchObject({ truncated: 1, recovered: 0 });
    expect(problems.samples[0]?.reason).toContain('cut off before id, type and execution_arn');
  });

  it('counts an event without id, type or execution_arn as missing fields, naming them', () => {
    const { events, problems } = parseLogEvents([{ timestamp: NOW, ingestionTime: NOW, message: JSON.stringify({ type: 'PassStateEntered', details: {} }) }]);
    expect(events).toEqual([]);
    expect(problems.missingFields).toBe(1);
    expect(problems.samples[0]?.reason).toBe('no id, execution_arn');
  });

  it('counts an unusable id as an invalid value', () => {
    const { problems } = parseLogEvents([makeRawEvent({ id: 'seven', type: 'PassStateEntered' })]);
    expect(problems.invalidValues).toBe(1);
    expect(problems.samples[0]?.reason).toContain('"seven" is not a positive integer');
  });

  it('accepts numbers where AWS writes strings', () => {
    const raw: RawLogEvent = {
      timestamp: NOW,
      ingestionTime: NOW + 10,
      message: JSON.stringify({ id: 3, type: 'PassStateExited', previous_event_id: 2, event_timestamp: NOW - 5, execution_arn: A, details: {} }),
    };
    expect(parseLogEvents([raw]).events[0]).toMatchObject({ id: 3, previousEventId: 2, eventTimestamp: NOW - 5 });
  });

  it('falls back to the CloudWatch timestamp when event_timestamp is missing, and counts it', () => {
    const raw: RawLogEvent = { timestamp: NOW - 7, ingestionTime: NOW, message: JSON.stringify({ id: '1', type: 'ExecutionStarted', execution_arn: A }) };
    const { events, problems } = parseLogEvents([raw]);
    expect(events[0]).toMatchObject({ eventTimestamp: NOW - 7, previousEventId: null, details: {} });
    expect(problems.timestampFallbacks).toBe(1);
  });

  it('keeps details that arrive as a JSON string, and a plain string as { value }', () => {
    const asJson = makeRawEvent({ id: 1, type: 'ExecutionStarted', details: '{"input":"{}"}' });
    const asText = makeRawEvent({ id: 2, type: 'PassStateEntered', details: 'hello' });
    const { events } = parseLogEvents([asJson, asText]);
    expect(events.map((e) => e.details)).toEqual([{ input: '{}' }, { value: 'hello' }]);
  });

  it('drops the second copy of the same CloudWatch eventId', () => {
    const e = makeRawEvent({ id: 1, type: 'ExecutionStarted' });
    const { events, problems } = parseLogEvents([e, { ...e }]);
    expect(events).toHaveLength(1);
    expect(problems.duplicates).toBe(1);
  });

  it('drops a redelivered event (same execution and id, new eventId), keeping the first ingested', () => {
    const first = makeRawEvent({ id: 2, type: 'PassStateEntered' }, { eventId: 'e1', ingestionTime: NOW - HOUR });
    const again = makeRawEvent({ id: 2, type: 'PassStateEntered' }, { eventId: 'e2', ingestionTime: NOW });
    const { events, problems } = parseLogEvents([again, first]);
    expect(events).toEqual([expect.objectContaining({ eventId: 'e1' })]);
    expect(problems.duplicates).toBe(1);
    expect(problems.conflicts).toBe(0);
  });

  it('flags duplicates that disagree on the type as conflicts', () => {
    const a = makeRawEvent({ id: 2, type: 'PassStateEntered' }, { eventId: 'e1', ingestionTime: NOW - 2 });
    const b = makeRawEvent({ id: 2, type: 'TaskStateEntered' }, { eventId: 'e2', ingestionTime: NOW - 1 });
    const { events, problems } = parseLogEvents([a, b]);
    expect(events.map((e) => e.type)).toEqual(['PassStateEntered']);
    expect(problems.conflicts).toBe(1);
  });

  it('counts and drops events of another execution when one is asked for', () => {
    const { events, problems } = parseLogEvents([makeRawEvent({ id: 1, type: 'ExecutionStarted' }), makeRawEvent({ id: 1, type: 'ExecutionStarted', executionArn: B })], { executionArn: A });
    expect(events.map((e) => e.executionArn)).toEqual([A]);
    expect(problems.foreign).toBe(1);
  });

  it('sorts by id, then timestamp, whatever the delivery order', () => {
    const raws = [3, 1, 2].map((id) => makeRawEvent({ id, type: 'PassStateEntered' }));
    expect(parseLogEvents(raws).events.map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('keeps at most a few samples per kind', () => {
    const junk = Array.from({ length: 10 }, (_, i) => ({ timestamp: NOW, ingestionTime: NOW, message: `junk ${i}` }));
    const { problems } = parseLogEvents(junk, { maxSamplesPerKind: 2 });
    expect(problems.nonJson).toBe(10);
    expect(problems.samples).toHaveLength(2);
  });

  it('never throws, whatever arrives', () => {
    const weird = [
      { timestamp: NOW, ingestionTime: NOW, message: '' },
      { timestamp: NOW, ingestionTime: NOW, message: 'null' },
      { timestamp: NOW, ingestionTime: NOW, message: '[1,2]' },
      { timestamp: NOW, ingestionTime: NOW, message: '{' },
      { timestamp: NOW, ingestionTime: Number.NaN, message: JSON.stringify({ id: '1', type: 'ExecutionStarted', execution_arn: A, details: null }) },
      { timestamp: NOW, ingestionTime: NOW, message: undefined as unknown as string },
    ];
    expect(() => parseLogEvents(weird)).not.toThrow();
    expect(parseLogEvents(weird).events).toHaveLength(1);
  });
});
