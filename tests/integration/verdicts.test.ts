// The expected verdicts on the simulated account, through the JSON API (issue: Reconciliation).
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { TABLE_ROW_BUDGET } from '@/lib/domain/time-window';
import { groundTruth, recordedRequests, setFaults, smArn, type Truth } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');

interface Row {
  executionArn: string;
  name: string;
  startDate: string | null;
  stopDate: string | null;
  service: { status: string | null; source: string };
  logs: { status: string; eventCount: number; idGaps: number };
  verdict: { cause: string; detail: string; summary: string; recheckAt: string | null };
}
interface Minute {
  minute: string;
  metrics: { started: number; terminal: number } | null;
  logs: { started: number; terminal: number } | null;
  gap: number | null;
  cause: string;
  detail: string;
}
interface ExecutionsBody {
  executions: Row[];
  minutes: Minute[];
  partial: Array<{ action: string; error: string; what: string }>;
  health: { status: string; findings: Array<{ id: string; severity: string; title: string; description: string }>; missingRoleActions: string[] | null };
}
interface ExecutionBody {
  service: { record: { status: string; source: string } | null; statement: string | null };
  logs: { status: string; events: unknown[] };
  verdict: { cause: string; detail: string; summary: string; evidence: Array<{ kind: string; label: string; value: unknown }>; remediation: Array<{ kind: string; text: string }>; recheckAt: string | null };
  partial: Array<{ action: string }>;
}

async function executions(name: string, query = ''): Promise<ExecutionsBody> {
  const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn(name))}/executions${query}`);
  expect(r.status, await r.clone().text()).toBe(200);
  return (await r.json()) as ExecutionsBody;
}

async function execution(arn: string, query = ''): Promise<ExecutionBody> {
  const r = await fetch(`${appUrl}/api/executions/${encodeURIComponent(arn)}${query}`);
  expect(r.status, await r.clone().text()).toBe(200);
  return (await r.json()) as ExecutionBody;
}

const HOUR = 3600_000;

/** Terminal status metrics counted twice for executions ending in the minute at `from` (AWS emits them at least once). */
function metricRepeats(truth: readonly Truth[], from: number): number {
  return truth.filter((t) => !t.parentArn && t.endMs >= from && t.endMs < from + 60_000).reduce((n, t) => n + t.statusMetricEmissions - 1, 0);
}
const causes = (rows: Row[]) => new Set(rows.map((r) => r.verdict.cause));
const settled = (rows: Row[], now: number) => rows.filter((r) => r.startDate && Date.parse(r.startDate) < now - 70 * 60_000);

afterEach(async () => {
  await setFaults(simUrl, null);
});

describe('healthy Express (orders-express)', () => {
  let body: ExecutionsBody;
  let older: ExecutionsBody;
  let now: number;
  beforeAll(async () => {
    now = Date.now();
    body = await executions('orders-express');
    // The default 3 hours hold more executions than one query lists (the table narrows to the newest
    // minutes): settled ones are read from an older hour that one query lists whole.
    older = await executions('orders-express', `?from=${new Date(now - 130 * 60_000).toISOString()}&to=${new Date(now - 75 * 60_000).toISOString()}`);
  });

  it('lists the default window’s newest minutes only, and says so, when it holds more executions than one query returns', () => {
    const narrowed = (body as ExecutionsBody & { limits: { narrowed: { from: string; startedInWindow: number; startedShown: number } | null } }).limits.narrowed;
    expect(narrowed).not.toBeNull();
    expect(narrowed?.startedInWindow).toBeGreaterThan(10_000);
    expect(narrowed?.startedShown).toBeLessThanOrEqual(TABLE_ROW_BUDGET);
    const from = Date.parse(narrowed?.from ?? '');
    expect(body.executions.every((r) => r.startDate === null || Date.parse(r.startDate) >= from - 1_000)).toBe(true);
    // Every execution that started in the listed minutes is there: none was cut by the row limit.
    expect(body.executions.length).toBeGreaterThan(0.9 * (narrowed?.startedShown ?? 0));
    expect((older as ExecutionsBody & { limits: { narrowed: unknown } }).limits.narrowed).toBeNull();
  });

  it('calls settled executions consistent, and health ok', () => {
    const old = settled(older.executions, now);
    expect(old.length).toBeGreaterThan(100);
    const share = old.filter((r) => r.verdict.cause === 'consistent').length / old.length;
    expect(share).toBeGreaterThan(0.97);
    expect(body.health.status).toBe('ok');
  });

  it('calls the newest executions running or log-lag, with a recheckAt', () => {
    const newest = body.executions.filter((r) => r.startDate && Date.parse(r.startDate) > now - 60_000);
    expect(newest.length).toBeGreaterThan(0);
    const waiting = body.executions.filter((r) => r.verdict.cause === 'log-lag' || r.verdict.cause === 'running');
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.filter((r) => r.verdict.cause === 'log-lag').every((r) => r.verdict.recheckAt !== null)).toBe(true);
  });

  it('calls settled executions whose events were dropped best-effort-drop', () => {
    // Settled means an hour after the end: read from the older hour (the default window lists its newest minutes).
    const drops = older.executions.filter((r) => r.verdict.cause === 'best-effort-drop');
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.every((r) => r.startDate && Date.parse(r.startDate) < now - HOUR)).toBe(true);
    expect(new Set(drops.map((r) => r.verdict.detail))).toContain('id-chain-gap');
  });

  it('agrees per settled minute with the metrics except for the dropped executions', async () => {
    const minute = body.minutes.find((m) => Date.parse(m.minute) < now - 80 * 60_000 && Date.parse(m.minute) > now - 2 * HOUR && m.gap !== null)!;
    const from = Date.parse(minute.minute);
    const truth = await groundTruth(simUrl, 'orders-express', from - 5 * 60_000, from + 60_000);
    // Terminal events of this minute that the logs lost: executions ending in it with their terminal dropped.
    const lost = truth.filter((t) => t.endMs >= from && t.endMs < from + 60_000 && (t.dropMode === 'all' || t.dropMode === 'terminal')).length;
    const expected = lost + metricRepeats(truth, from);
    expect(minute.gap).toBe(expected);
    expect(minute.cause).toBe(expected === 0 ? 'consistent' : 'best-effort-drop');
  });

  it('counts a whole first minute on both sides when the window starts in the middle of it', async () => {
    const first = Math.floor((now - 2 * HOUR) / 60_000) * 60_000;
    const from = new Date(first + 40_000).toISOString();
    const to = new Date(first + 10 * 60_000 + 20_000).toISOString();
    const view = await executions('orders-express', `?from=${from}&to=${to}`);
    const truth = await groundTruth(simUrl, 'orders-express', first - 5 * 60_000, first + 60_000);
    const lost = truth.filter((t) => t.endMs >= first && t.endMs < first + 60_000 && (t.dropMode === 'all' || t.dropMode === 'terminal')).length;
    for (const m of [view.minutes[0]!, view.minutes.at(-1)!]) {
      expect(m.metrics?.terminal).toBeGreaterThan(50);
      expect(m.logs?.terminal).toBeGreaterThan(50);
    }
    expect(view.minutes[0]).toMatchObject({ minute: new Date(first).toISOString(), gap: lost + metricRepeats(truth, first) });
  });

  it('honours recheckAt: asking again after it, a log-lag verdict has moved on', async () => {
    // recheckAt is the end plus the neighbours' p95 delay plus a margin: about a minute after a run ends.
    // A lagging event may land between the list and the detail read: take the first candidate the
    // execution view still calls log-lag.
    let soon: Row | undefined;
    let first: ExecutionBody | undefined;
    for (let attempt = 0; attempt < 10 && !first; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 3_000));
      const lagging = (await executions('orders-express', `?from=${new Date(Date.now() - 10 * 60_000).toISOString()}`)).executions
        .filter((r) => r.verdict.cause === 'log-lag' && r.verdict.recheckAt !== null)
        .sort((a, b) => Date.parse(a.verdict.recheckAt!) - Date.parse(b.verdict.recheckAt!));
      for (const candidate of lagging.filter((r) => Date.parse(r.verdict.recheckAt!) > Date.now() + 2_000 && Date.parse(r.verdict.recheckAt!) < Date.now() + 60_000).slice(0, 3)) {
        const detail = await execution(candidate.executionArn, `?from=${new Date(Date.parse(candidate.startDate!) - 60_000).toISOString()}`);
        if (detail.verdict.cause === 'log-lag' && detail.verdict.recheckAt !== null) {
          soon = candidate;
          first = detail;
          break;
        }
      }
    }
    expect(first, 'a log-lag execution to re-check within 60 s').toBeDefined();
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(first!.verdict.recheckAt!) - Date.now()) + 500));
    const again = await execution(soon!.executionArn, `?from=${new Date(Date.parse(soon!.startDate!) - 60_000).toISOString()}`);
    expect(again.verdict.cause === 'log-lag' && again.verdict.recheckAt === first!.verdict.recheckAt).toBe(false);
  }, 240_000);
});

describe('terraform-aws-step-functions #76 role (payments-express-tf76)', () => {
  it('calls executions consistent and warns about the two missing actions while logs arrive', async () => {
    const now = Date.now();
    const body = await executions('payments-express-tf76');
    const old = settled(body.executions, now);
    expect(old.filter((r) => r.verdict.cause === 'consistent').length / old.length).toBeGreaterThan(0.97);
    expect(body.health.status).toBe('warning');
    expect(body.health.missingRoleActions?.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    const text = JSON.stringify(body.health.findings);
    expect(text).toContain('logs:CreateLogStream');
    expect(text).toContain('logs:PutLogEvents');
    expect(text).toMatch(/arriv/i);
    expect(causes(body.executions)).not.toContain('missing-permissions');
  });
});

describe('undeliverable logs (notify-express-undeliverable)', () => {
  it('is broken: every settled minute’s gap is the whole count, blamed on missing permissions', async () => {
    const now = Date.now();
    const body = await executions('notify-express-undeliverable');
    expect(body.health.status).toBe('broken');
    expect(body.executions).toHaveLength(0);
    const full = body.minutes.filter((m) => Date.parse(m.minute) < now - 15 * 60_000 && (m.metrics?.terminal ?? 0) > 0);
    expect(full.length).toBeGreaterThan(60);
    for (const m of full) {
      expect(m.logs?.terminal).toBe(0);
      expect(m.gap).toBe(m.metrics?.terminal);
      expect(m.cause).toBe('missing-permissions');
    }
  });

  it('diagnoses one of its executions as missing-permissions, naming the role actions and the resource policy', async () => {
    const now = Date.now();
    const [one] = await groundTruth(simUrl, 'notify-express-undeliverable', now - 2 * HOUR, now - HOUR, 1);
    const body = await execution(one!.executionArn, `?from=${new Date(one!.startMs - 60_000).toISOString()}&to=${new Date(one!.endMs + 60_000).toISOString()}`);
    expect(body.service.record).toBeNull();
    expect(body.service.statement).toMatch(/no service-side record/i);
    expect(body.verdict.cause).toBe('missing-permissions');
    const text = JSON.stringify(body.verdict);
    expect(text).toContain('logs:PutLogEvents');
    expect(text).toContain('delivery.logs.amazonaws.com');
    expect(body.verdict.remediation.map((r) => r.kind)).toEqual(expect.arrayContaining(['iam-policy', 'resource-policy']));
  });
});

describe('level ERROR (ingest-express-error-level)', () => {
  it('calls successful executions logging-config (the level excludes ExecutionSucceeded) and failed ones consistent', async () => {
    const body = await executions('ingest-express-error-level');
    const failed = body.executions.filter((r) => r.logs.status === 'FAILED');
    const unknown = settled(body.executions, Date.now()).filter((r) => r.logs.status === 'UNKNOWN');
    expect(failed.length).toBeGreaterThan(10);
    expect(unknown.length).toBeGreaterThan(10);
    expect(failed.every((r) => r.verdict.cause === 'consistent')).toBe(true);
    for (const r of unknown) expect(r.verdict).toMatchObject({ cause: 'logging-config', detail: 'level-excludes-success' });
  });
});

describe('logging OFF (audit-express-logging-off)', () => {
  it('says logging-config with detail level-off, per minute and per execution', async () => {
    const body = await executions('audit-express-logging-off');
    const active = body.minutes.filter((m) => (m.metrics?.started ?? 0) > 0);
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((m) => m.cause === 'logging-config' && m.detail === 'level-off')).toBe(true);
    const now = Date.now();
    const [one] = await groundTruth(simUrl, 'audit-express-logging-off', now - HOUR, now - 30 * 60_000, 1);
    const ex = await execution(one!.executionArn, `?from=${new Date(one!.startMs - 60_000).toISOString()}`);
    expect(ex.verdict).toMatchObject({ cause: 'logging-config', detail: 'level-off' });
  });
});

describe('Standard with dropped events (billing-standard)', () => {
  it('reports service SUCCEEDED, logs UNKNOWN: best-effort-drop once settled, log-lag before', async () => {
    const now = Date.now();
    const body = await executions('billing-standard');
    const unknownButSucceeded = body.executions.filter((r) => r.service.status === 'SUCCEEDED' && r.logs.status === 'UNKNOWN');
    expect(unknownButSucceeded.length).toBeGreaterThan(0);
    for (const r of unknownButSucceeded) {
      const stop = Date.parse(r.stopDate!);
      expect(r.verdict.cause).toBe(stop < now - HOUR - 60_000 ? 'best-effort-drop' : stop > now - HOUR + 60_000 ? 'log-lag' : r.verdict.cause);
    }
    expect(unknownButSucceeded.some((r) => r.verdict.cause === 'best-effort-drop')).toBe(true);
    // Every execution Step Functions ran in the window is listed: none may show as seen in the logs only.
    expect(body.executions.filter((r) => r.service.source !== 'list-executions')).toEqual([]);
  });

  it('names the action to grant when sfn-lens may not query the logs, and blames nothing on the state machine', async () => {
    await setFaults(simUrl, { deny: ['logs:StartQuery'] });
    const body = await executions('billing-standard', `?from=${new Date(Date.now() - 20 * 60_000).toISOString()}`);
    expect(body.partial.map((p) => p.action)).toContain('logs:StartQuery');
    expect(body.executions.length).toBeGreaterThan(0);
    for (const r of body.executions.filter((x) => x.service.status !== 'RUNNING')) {
      expect(r.verdict).toMatchObject({ cause: 'insufficient-evidence', detail: 'read-denied' });
      expect(r.verdict.summary).toContain('logs:StartQuery');
    }
  });
});

describe('Distributed Map children (batch-standard-dmap)', () => {
  it('takes the children’s service status from the Map Run of the newest parents', async () => {
    const body = (await executions('batch-standard-dmap')) as ExecutionsBody & { limits: { mapParentsListed: number } };
    const children = body.executions.filter((r) => r.executionArn.includes(':express:batch-standard-dmap/ProcessItems:'));
    const described = children.filter((r) => r.service.status !== null);
    expect(body.limits.mapParentsListed).toBeGreaterThan(0);
    expect(described.length).toBeGreaterThan(0);
    expect(described.every((r) => r.service.source === 'map-run')).toBe(true);
    expect(described.filter((r) => r.verdict.cause === 'consistent').length).toBeGreaterThan(described.length * 0.8);
    // Children of older parents are known from the logs only, and are not mistaken for async Express.
    expect(children.filter((r) => r.service.status === null).every((r) => r.verdict.cause !== 'insufficient-evidence')).toBe(true);
  });
});

describe('faults and bad input', () => {
  it('answers 503 when AWS throttles everything, with the action named', async () => {
    await setFaults(simUrl, { throttleRate: 1 });
    // A window of its own: the default one may still be shared from an earlier read (15 s).
    const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn('orders-express'))}/executions?from=${new Date(Date.now() - 25 * 60_000).toISOString()}`);
    expect(r.status).toBe(503);
    expect(((await r.json()) as { error: { code: string; action: string } }).error).toMatchObject({ code: 'aws-throttled', action: 'states:DescribeStateMachine' });
  });

  it('lists what throttling left unread and still answers with the rest', async () => {
    await setFaults(simUrl, { throttleRate: 1, only: ['cloudwatch:GetMetricData'] });
    const body = await executions('orders-express', `?from=${new Date(Date.now() - 15 * 60_000).toISOString()}`);
    expect(body.partial).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'cloudwatch:GetMetricData', error: 'Throttling' })]));
    expect(body.executions.length).toBeGreaterThan(0);
  });

  it.each([
    ['a malformed ARN', 'not-an-arn', 400],
    ['an execution ARN where a state machine is expected', 'arn:aws:states:us-east-1:123456789012:execution:billing-standard:run-x', 400],
    ['an ARN with a quote and a pipe', 'arn:aws:states:us-east-1:123456789012:stateMachine:orders"|x', 400],
    ['an ARN with a newline', 'arn:aws:states:us-east-1:123456789012:stateMachine:orders\nx', 400],
    ['an unknown state machine', 'arn:aws:states:us-east-1:123456789012:stateMachine:does-not-exist', 404],
  ])('refuses %s with a message', async (_label, arn, status) => {
    const since = Date.now();
    const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(arn)}/executions`);
    expect(r.status).toBe(status);
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error.message.length).toBeGreaterThan(10);
    // Nothing unvalidated reached a filter pattern or a Logs Insights query.
    const { requests } = await recordedRequests(simUrl, since);
    expect(requests.filter((q) => q.action === 'logs:StartQuery' || q.action === 'logs:FilterLogEvents')).toHaveLength(0);
  });

  it.each([
    ['from after to', '?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', /not before/],
    ['a window over 7 days', '?from=2026-01-01T00:00:00Z&to=2026-01-10T00:00:00Z', /longest allowed/],
    ['a non-ISO time', '?from=yesterday', /from/],
  ])('refuses %s with 400 and says what is wrong', async (_label, query, message) => {
    const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn('orders-express'))}/executions${query}`);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it('returns evidence and remediation for an execution', async () => {
    const now = Date.now();
    const truth = (await groundTruth(simUrl, 'billing-standard', now - 3 * HOUR, now - 80 * 60_000)).find((t) => t.dropMode === 'terminal');
    expect(truth).toBeDefined();
    const body = await execution(truth!.executionArn);
    expect(body.service.record?.status).toBe(truth!.finalStatus);
    expect(body.verdict.cause).toBe('best-effort-drop');
    expect(body.verdict.evidence.length).toBeGreaterThan(3);
    expect(body.verdict.evidence.map((e) => e.kind)).toContain('service-status');
  });
});
