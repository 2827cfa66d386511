// The dashboard under AWS faults (issue: Reliability): throttling, 5xx answers, latency, Logs Insights
// queries that never finish, and the AWS endpoint going away and coming back. Every view still
// answers; what could not be read is named in `partial`; no verdict is confident about evidence it
// did not read; and once the faults clear, the next read is whole again.
//
// This file runs its own app on the shared simulated account, with a short Logs Insights deadline
// (SFN_LENS_QUERY_TIMEOUT_MS) and the production retry count, so the other files keep theirs.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSimServer, type SimServer } from '../../sim/server';
import { startApp } from '../support/app-server';
import { freePort } from '../support/free-port';
import { groundTruth, recordedRequests, setFaults, smArn, type Truth } from '../support/sim-client';

const simUrl = inject('simUrl');

/** Short, so that the never-finishing queries' test is quick; long enough for a query the simulator queues behind another. */
const QUERY_TIMEOUT_MS = 4_000;
const MIN = 60_000;
const SM = 'billing-standard';
const LOG_READS = ['logs:StartQuery', 'logs:GetQueryResults', 'logs:FilterLogEvents'];
const LOGS_SIDE = /^logs:(FilterLogEvents|StartQuery|GetQueryResults|StopQuery)$/;

interface Partial {
  action: string;
  error: string;
  what: string;
  message: string;
}
interface Row {
  executionArn: string;
  startDate: string | null;
  service: { status: string | null };
  logs: { status: string; eventCount: number };
  verdict: { cause: string; detail: string; confidence: string };
}
interface ExecutionsBody {
  executions: Row[];
  minutes: Array<{ minute: string; logs: unknown; cause: string; detail: string }>;
  partial: Partial[];
}
interface ExecutionBody {
  logs: { status: string; eventCount: number; read: boolean };
  verdict: { cause: string; detail: string; confidence: string };
  partial: Partial[];
}
interface OverviewBody {
  stateMachines: Array<{
    stateMachine: { name: string };
    state: 'ready' | 'error' | 'pending';
    summary?: { partial: Partial[]; executions: { byCause: Record<string, number> } };
    error?: { code: string; message: string };
  }>;
}

let app: { url: string; stop: () => Promise<void> };
let truth: Truth[] = [];
/**
 * Every window of this file is new (its own milliseconds), so no shared read from an earlier test answers it.
 * A quarter of an hour: how a view answers under a fault does not depend on the window's size, and the
 * simulator scans a short window in a fraction of the time (a cold read of every state machine's last
 * hour, retried under throttling, is what made these tests take minutes).
 */
let windowSeq = 0;
function freshWindow(minutes = 15): string {
  windowSeq++;
  const to = Date.now() - windowSeq * 1_000;
  return `from=${encodeURIComponent(new Date(to - minutes * MIN).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
}

/** A new window around one settled execution (from the ground truth): ten minutes either side of it. */
function windowAround(t: Truth): string {
  windowSeq++;
  const from = t.startMs - 10 * MIN - windowSeq * 1_000;
  const to = t.endMs + 10 * MIN;
  return `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
}

async function get(url: string): Promise<{ status: number; type: string; text: string; ms: number }> {
  const t0 = Date.now();
  const r = await fetch(url);
  const text = await r.text();
  return { status: r.status, type: r.headers.get('content-type') ?? '', text, ms: Date.now() - t0 };
}

/**
 * The overview for `range` once `SM`'s entry is read. The overview answers after 8 s with `pending`
 * for a state machine still being read (through retries under a fault that can take longer on a busy
 * machine); asking again for the same range joins the same shared read, so this waits on the read,
 * not on the clock.
 */
async function overviewWithEntry(range: string, where: string): Promise<OverviewBody> {
  for (let ask = 1; ; ask++) {
    const body = json<OverviewBody>(await get(`${app.url}/api/overview?${range}`), where);
    if (body.stateMachines.find((e) => e.stateMachine.name === SM)?.state !== 'pending' || ask === 8) return body;
  }
}

function json<T>(a: { status: number; text: string }, where: string): T {
  expect(a.status, `${where}: ${a.text.slice(0, 400)}`).toBe(200);
  return JSON.parse(a.text) as T;
}

/** A partial read names the AWS action, the AWS error and what sfn-lens could not read. */
function expectLabelled(partial: Partial[], where: string) {
  for (const p of partial) {
    expect(p.action, where).toMatch(/^(states|logs|cloudwatch|iam):[A-Za-z]+$/);
    expect(p.error, where).toMatch(/\S/);
    expect(p.what, where).toMatch(/\S/);
  }
}

/**
 * No confident verdict without its evidence: when a log read failed, no execution is called dropped,
 * and one is called consistent only when its own log record shows the terminal status Step Functions
 * has; every other execution is insufficient-evidence. Unread minutes are not drops either.
 */
function expectNoVerdictBeyondEvidence(body: ExecutionsBody, where: string) {
  const logsFailed = body.partial.some((p) => LOGS_SIDE.test(p.action));
  if (logsFailed) {
    for (const r of body.executions) {
      const w = `${where}: ${r.executionArn} ${JSON.stringify(r.verdict)} logs ${JSON.stringify(r.logs)}`;
      expect(r.verdict.cause, w).not.toBe('best-effort-drop');
      if (r.verdict.cause === 'consistent') expect(r.logs.status, w).toBe(r.service.status);
      else if (r.logs.eventCount === 0) expect(r.verdict.cause, w).toBe('insufficient-evidence');
    }
  }
  if (body.partial.some((p) => /per-minute/.test(p.what))) {
    for (const m of body.minutes) expect(m.cause, `${where}: minute ${m.minute}`).not.toBe('best-effort-drop');
  }
}

const views = () => {
  const arn = encodeURIComponent(smArn(SM));
  const settled = settledExecution();
  return { arn, exec: encodeURIComponent(settled.executionArn), around: () => windowAround(settled) };
};

function settledExecution(pred: (t: Truth) => boolean = () => true): Truth {
  const now = Date.now();
  const t = truth.find((x) => !x.parentArn && x.endMs < now - 70 * MIN && x.endMs > now - 150 * MIN && pred(x));
  if (!t) throw new Error('no settled execution in the ground truth');
  return t;
}

/** Every view of the dashboard: pages are HTML 200; the JSON API 200, or a documented AWS error. */
async function everyViewAnswers(where: string, allowedApiErrors: RegExp): Promise<{ executions: ExecutionsBody | null; execution: ExecutionBody | null; overview: OverviewBody }> {
  const { arn, exec, around } = views();
  for (const page of [`/?${freshWindow()}`, `/ops?${freshWindow()}`, `/state-machines/${arn}?${freshWindow()}`, `/executions/${exec}?${around()}`]) {
    const a = await get(`${app.url}${page}`);
    expect(a.status, `${where}: page ${page}: ${a.text.slice(0, 300)}`).toBe(200);
    expect(a.type, `${where}: page ${page}`).toContain('text/html');
  }
  const api = async <T>(path: string): Promise<T | null> => {
    const a = await get(`${app.url}${path}`);
    if (a.status === 200) return JSON.parse(a.text) as T;
    const w = `${where}: ${path}: ${a.status} ${a.text.slice(0, 300)}`;
    expect([502, 503], w).toContain(a.status);
    const body = JSON.parse(a.text) as { error: { code: string; message: string; action?: string } };
    expect(body.error.code, w).toMatch(allowedApiErrors);
    expect(body.error.action, w).toMatch(/^(states|logs|cloudwatch|iam):/);
    return null;
  };
  const executions = await api<ExecutionsBody>(`/api/state-machines/${arn}/executions?${freshWindow()}`);
  const execution = await api<ExecutionBody>(`/api/executions/${exec}?${around()}`);
  const overview = json<OverviewBody>(await get(`${app.url}/api/overview?${freshWindow()}`), `${where}: /api/overview`);
  if (executions) {
    expectLabelled(executions.partial, `${where}: executions`);
    expectNoVerdictBeyondEvidence(executions, `${where}: executions`);
  }
  if (execution) {
    expectLabelled(execution.partial, `${where}: execution`);
    if (execution.partial.some((p) => LOGS_SIDE.test(p.action))) expect(execution.verdict.cause, `${where}: execution`).not.toBe('best-effort-drop');
  }
  for (const e of overview.stateMachines) {
    if (e.state === 'ready') expectLabelled(e.summary?.partial ?? [], `${where}: overview ${e.stateMachine.name}`);
    if (e.state === 'error') expect(e.error?.code, `${where}: overview ${e.stateMachine.name}`).toMatch(allowedApiErrors);
  }
  return { executions, execution, overview };
}

beforeAll(async () => {
  await setFaults(simUrl, null);
  const now = Date.now();
  truth = await groundTruth(simUrl, SM, now - 3 * 60 * MIN, now);
  // The production retry count (the test process itself runs with 1), and a short Insights deadline.
  app = await startApp(simUrl, { SFN_LENS_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS), SFN_LENS_MAX_ATTEMPTS: '4' });
});

afterEach(async () => {
  await setFaults(simUrl, null);
});

afterAll(async () => {
  await setFaults(simUrl, null);
  await app?.stop();
});

// Every view under a fault reads all nine state machines' views through retries: minutes of work on a busy
// 2-core machine, so these tests get room; what they assert does not depend on how long it takes.
describe('the dashboard under AWS faults', { timeout: 180_000 }, () => {
  it('with 30 % of AWS requests throttled, every view answers with labelled partial results and no confident verdict', async () => {
    await setFaults(simUrl, { throttleRate: 0.3 });
    const since = Date.now();
    const { executions } = await everyViewAnswers('30 % throttled', /^aws-throttled$/);
    // The fault was really in force: the sim throttled some of the app's requests.
    const { requests } = await recordedRequests(simUrl, since);
    expect(requests.filter((r) => r.status === 400).length).toBeGreaterThan(0);
    expect(executions === null || executions.executions.length > 0).toBe(true);
  });

  it('with every CloudWatch Logs read throttled, the executions view names the throttled reads and judges no execution it cannot confirm', async () => {
    await setFaults(simUrl, { throttleRate: 1, only: LOG_READS });
    const { arn } = views();
    const body = json<ExecutionsBody>(await get(`${app.url}/api/state-machines/${arn}/executions?${freshWindow()}`), 'executions');
    expectLabelled(body.partial, 'executions');
    expect(body.partial).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'logs:StartQuery', error: 'ThrottlingException' })]));
    expect(body.executions.length).toBeGreaterThan(10);
    for (const r of body.executions) {
      expect(r.verdict, r.executionArn).toMatchObject({ cause: 'insufficient-evidence', detail: 'read-throttled', confidence: 'low' });
    }
    for (const m of body.minutes) expect(m.cause, m.minute).not.toBe('best-effort-drop');

    const exec = settledExecution();
    const one = json<ExecutionBody>(await get(`${app.url}/api/executions/${encodeURIComponent(exec.executionArn)}?${windowAround(exec)}`), 'execution');
    expect(one.partial.map((p) => p.action), JSON.stringify(one).slice(0, 3000)).toContain('logs:FilterLogEvents');
    expect(one.logs.read).toBe(false);
    expect(one.verdict).toMatchObject({ cause: 'insufficient-evidence', detail: 'read-throttled' });

    const overview = await overviewWithEntry(freshWindow(), 'overview');
    const entry = overview.stateMachines.find((e) => e.stateMachine.name === SM);
    expect(entry?.state).toBe('ready');
    expect(entry?.summary?.partial.length).toBeGreaterThan(0);
    expect(Object.keys(entry?.summary?.executions.byCause ?? {})).toEqual(['insufficient-evidence']);
  });

  it('with AWS answering 5xx, every view answers, and executions whose logs could not be read are insufficient-evidence, not dropped', async () => {
    await setFaults(simUrl, { serverErrorRate: 0.3 });
    await everyViewAnswers('30 % 5xx', /^aws-(unavailable|throttled)$/);

    await setFaults(simUrl, { serverErrorRate: 1, only: LOG_READS });
    const { arn } = views();
    const body = json<ExecutionsBody>(await get(`${app.url}/api/state-machines/${arn}/executions?${freshWindow()}`), 'executions');
    expect(body.partial.filter((p) => p.action === 'logs:StartQuery').map((p) => p.error)).toEqual(expect.arrayContaining([expect.stringMatching(/InternalFailure|ServiceUnavailable/)]));
    expect(body.executions.length).toBeGreaterThan(10);
    for (const r of body.executions) expect(r.verdict, r.executionArn).toMatchObject({ cause: 'insufficient-evidence', detail: 'read-failed' });
  });

  it('with 400 ms added to every AWS request, every view still answers in full', async () => {
    await setFaults(simUrl, { latencyMs: 400 });
    const { arn } = views();
    const a = await get(`${app.url}/api/state-machines/${arn}/executions?${freshWindow()}`);
    const body = json<ExecutionsBody>(a, 'executions');
    expect(a.ms).toBeGreaterThan(400);
    expect(body.partial).toEqual([]);
    const { executions, execution } = await everyViewAnswers('latency', /^$/);
    expect(executions?.partial).toEqual([]);
    expect(execution?.partial).toEqual([]);
  });

  it('with Logs Insights queries that never finish, views answer after the query deadline, stop the queries, and call nothing dropped', async () => {
    await setFaults(simUrl, { queryRunningMs: 10 * MIN });
    const since = Date.now();
    const { arn } = views();
    const a = await get(`${app.url}/api/state-machines/${arn}/executions?${freshWindow()}`);
    const body = json<ExecutionsBody>(a, 'executions');
    expect(a.ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS);
    expect(a.ms).toBeLessThan(QUERY_TIMEOUT_MS + 15_000);
    const timedOut = body.partial.filter((p) => p.error === 'QueryTimeout');
    expect(timedOut.map((p) => p.what).sort()).toEqual(['per-execution log aggregates', 'per-minute log counts']);
    expectNoVerdictBeyondEvidence(body, 'query timeout');
    // Without the minutes' log counts, the chart claims no drops: those minutes were not read.
    expect(body.minutes.length).toBeGreaterThan(0);
    for (const m of body.minutes) {
      expect(m.logs, m.minute).toBeNull();
      expect(m.cause, m.minute).toBe('insufficient-evidence');
    }
    expect(body.executions.every((r) => r.verdict.cause === 'insufficient-evidence')).toBe(true);

    // One execution whose events the logs lost: FilterLogEvents finds none, and the neighbours' query
    // timed out, so there is no basis for best-effort-drop (or for "no events are delivered").
    const lost = settledExecution((t) => t.dropMode === 'all');
    const one = json<ExecutionBody>(await get(`${app.url}/api/executions/${encodeURIComponent(lost.executionArn)}?${windowAround(lost)}`), 'execution');
    expect(one.partial).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'logs:GetQueryResults', error: 'QueryTimeout' })]));
    expect(one.verdict).toMatchObject({ cause: 'insufficient-evidence' });

    const { counts } = await recordedRequests(simUrl, since);
    expect(counts['logs:StopQuery'] ?? 0).toBeGreaterThan(0);
  }, 90_000);

  it('after the faults clear, the next read with a fresh window has no partial results and the normal verdicts', async () => {
    const { arn } = views();
    await setFaults(simUrl, { throttleRate: 1, only: LOG_READS });
    const range = freshWindow();
    const faulty = await overviewWithEntry(range, 'overview under faults');
    expect(faulty.stateMachines.find((e) => e.stateMachine.name === SM)?.summary?.partial.length).toBeGreaterThan(0);

    await setFaults(simUrl, null);
    // The faulty overview's reads of the other state machines may still be retrying; once the faults
    // clear they scan their log groups, and the simulator scans one query at a time: let them finish,
    // so that this file's short query deadline measures the fresh read, not the queue in front of it.
    for (let i = 0; i < 10; i++) {
      const again = json<OverviewBody>(await get(`${app.url}/api/overview?${range}`), 'overview settling');
      if (again.stateMachines.every((e) => e.state !== 'pending')) break;
    }
    const body = json<ExecutionsBody>(await get(`${app.url}/api/state-machines/${arn}/executions?${freshWindow(120)}`), 'executions');
    expect(body.partial).toEqual([]);
    const now = Date.now();
    const settled = body.executions.filter((r) => r.startDate && Date.parse(r.startDate) < now - 70 * MIN);
    expect(settled.length).toBeGreaterThan(10);
    expect(settled.filter((r) => r.verdict.cause === 'consistent').length / settled.length).toBeGreaterThan(0.9);
    expect(settled.every((r) => r.verdict.cause !== 'insufficient-evidence')).toBe(true);

    // A quarter of an hour: the overview reads every state machine at once and the simulator scans one
    // query at a time, so an hour of orders-express ahead in its queue can outlast this file's 4 s query
    // deadline (a timeout named as partial, not a fault that failed to clear: the likely cause of one local failure).
    const overview = await overviewWithEntry(freshWindow(15), 'overview');
    for (const e of overview.stateMachines) if (e.state === 'ready') expect(e.summary?.partial, e.stateMachine.name).toEqual([]);
    const entry = overview.stateMachines.find((e) => e.stateMachine.name === SM);
    expect(entry?.summary?.executions.byCause.consistent ?? 0).toBeGreaterThan(0);

    const whole = settledExecution((t) => t.dropMode === 'none');
    const one = json<ExecutionBody>(await get(`${app.url}/api/executions/${encodeURIComponent(whole.executionArn)}?${windowAround(whole)}`), 'execution');
    expect(one.partial).toEqual([]);
    expect(one.verdict.cause).toBe('consistent');
  }, 120_000);
});

describe('the AWS endpoint restarting under a running dashboard', () => {
  let sim2: SimServer | undefined;
  let app2: { url: string; stop: () => Promise<void> } | undefined;

  afterAll(async () => {
    await app2?.stop();
    await sim2?.close();
  });

  it('answers while the endpoint is down with a documented error or labelled partial results, and reads in full once it is back', async () => {
    const port = await freePort();
    const startedAt = Date.now() - 5 * MIN;
    sim2 = await startSimServer({ port, seed: 42, profile: 'demo', startedAt });
    app2 = await startApp(sim2.url, { SFN_LENS_MAX_ATTEMPTS: '2', SFN_LENS_REQUEST_TIMEOUT_MS: '3000', SFN_LENS_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS) });
    const arn = encodeURIComponent(smArn(SM));
    const window = () => {
      const to = Date.now() - (windowSeq++ % 50) * 1_000 - 1_000;
      return `from=${encodeURIComponent(new Date(to - 4 * MIN).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
    };

    const before = json<ExecutionsBody>(await get(`${app2.url}/api/state-machines/${arn}/executions?${window()}`), 'before');
    expect(before.partial).toEqual([]);

    await sim2.close();
    sim2 = undefined;
    const down = await get(`${app2.url}/api/state-machines/${arn}/executions?${window()}`);
    expect(down.status, down.text.slice(0, 300)).toBe(502);
    expect(JSON.parse(down.text)).toMatchObject({ error: { code: 'aws-unavailable', action: 'states:DescribeStateMachine' } });
    for (const page of ['/', `/state-machines/${arn}?${window()}`]) {
      const a = await get(`${app2.url}${page}`);
      expect(a.status, page).toBe(200);
    }

    sim2 = await startSimServer({ port, seed: 42, profile: 'demo', startedAt });
    const after = json<ExecutionsBody>(await get(`${app2.url}/api/state-machines/${arn}/executions?${window()}`), 'after');
    expect(after.partial).toEqual([]);
    expect(after.executions.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('a state machine the dashboard may list but not describe', () => {
  let app3: { url: string; stop: () => Promise<void> } | undefined;

  afterAll(async () => {
    await app3?.stop();
  });

  interface Unread {
    arn: string;
    name: string;
    read: Partial;
  }
  interface ListBody {
    stateMachines: Array<{ name: string }>;
    unread: Unread[];
  }

  // Its own app, started and read cold: as much room as the fault tests above.
  it('names it with the denied read in the list, the overview and the ops view, and shows every other state machine; once allowed, it is back within seconds', async () => {
    const denied = smArn(SM);
    // A policy whose Resource lists some state machines: ListStateMachines is allowed, this one's describe is not.
    await setFaults(simUrl, { denyResources: [{ action: 'states:DescribeStateMachine', resource: denied }] });
    // Its own app: the other apps of this file may hold a list read before the fault.
    app3 = await startApp(simUrl, { SFN_LENS_MAX_ATTEMPTS: '4' });

    const expectUnread = (unread: Unread[], where: string) => {
      expect(unread, where).toHaveLength(1);
      expect(unread[0], where).toMatchObject({ arn: denied, name: SM, read: { action: 'states:DescribeStateMachine', error: 'AccessDeniedException', what: `state machine ${SM}` } });
      expect(unread[0]?.read.message, where).toContain(`on resource: ${denied}`);
    };

    const list = json<ListBody>(await get(`${app3.url}/api/state-machines`), '/api/state-machines');
    expectUnread(list.unread, '/api/state-machines');
    const names = list.stateMachines.map((s) => s.name);
    expect(names).not.toContain(SM);
    expect(names).toEqual(expect.arrayContaining(['orders-express', 'ingest-express-error-level', 'notify-express-undeliverable']));

    // One short range for the overview and both pages: the pages are answered by the overview's reads.
    const range = freshWindow();
    const overview = json<OverviewBody & { unread: Unread[] }>(await get(`${app3.url}/api/overview?${range}`), '/api/overview');
    expectUnread(overview.unread, '/api/overview');
    expect(overview.stateMachines.map((e) => e.stateMachine.name).sort()).toEqual([...names].sort());

    const page = await get(`${app3.url}/?${range}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`data-name="${SM}" data-unread="true"`));
    expect(page.text).toContain('Could not describe this state machine');
    for (const other of names) expect(page.text).toContain(`data-name="${other}"`);
    const ops = await get(`${app3.url}/ops?${range}`);
    expect(ops.status).toBe(200);
    expect(ops.text).toContain('could not be described');
    expect(ops.text).toContain(SM);

    // Its own page and API name the denial. The page reads first; its failed read (shared for 5 s)
    // answers the API too, with the error class of the page's bundle, not the route's.
    const w = freshWindow();
    const smPage = await get(`${app3.url}/state-machines/${encodeURIComponent(denied)}?${w}`);
    expect(smPage.status).toBe(200);
    const api = await get(`${app3.url}/api/state-machines/${encodeURIComponent(denied)}/executions?${w}`);
    expect(api.status, api.text.slice(0, 400)).toBe(403);
    expect(JSON.parse(api.text)).toMatchObject({ error: { code: 'aws-access-denied', action: 'states:DescribeStateMachine' } });

    await setFaults(simUrl, null);
    // A list with a state machine missing is kept as briefly as a failure (5 s), not the minute a whole list is.
    const deadline = Date.now() + 20_000;
    let after = json<ListBody>(await get(`${app3.url}/api/state-machines`), 'after');
    while (after.unread.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1_000));
      after = json<ListBody>(await get(`${app3.url}/api/state-machines`), 'after');
    }
    expect(after.unread).toEqual([]);
    expect(after.stateMachines.map((s) => s.name)).toContain(SM);
    let overviewAfter = json<OverviewBody & { unread: Unread[] }>(await get(`${app3.url}/api/overview?${freshWindow()}`), 'overview after');
    while (overviewAfter.unread.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1_000));
      overviewAfter = json<OverviewBody & { unread: Unread[] }>(await get(`${app3.url}/api/overview?${freshWindow()}`), 'overview after');
    }
    expect(overviewAfter.unread).toEqual([]);
    expect(overviewAfter.stateMachines.map((e) => e.stateMachine.name)).toContain(SM);
  }, 180_000);
});
