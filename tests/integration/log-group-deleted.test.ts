// A log group deleted while the dashboard is in use (issue #6, Reliability): the destination of a
// Standard and of an Express state machine disappears (`aws logs delete-log-group`), so every
// CloudWatch Logs call on it answers ResourceNotFoundException. No view crashes or answers 5xx; the
// answer names the missing log group; no verdict is confident about logs that could not be read; and
// once the group is back, the next read is whole again.
//
// This file runs its own app on the shared simulated account; every window is new, so no shared read
// (15 s) from before the deletion answers after it, or the other way round.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp } from '../support/app-server';
import { groundTruth, setFaults, smArn, type Truth } from '../support/sim-client';

const simUrl = inject('simUrl');

const MIN = 60_000;
const STANDARD = 'billing-standard';
const EXPRESS = 'orders-express';
const LOGS_SIDE = /^logs:/;
const GROUP_MISSING = /ResourceNotFoundException|log group does not exist|does not exist/i;

interface Partial {
  action: string;
  error: string;
  what: string;
  message: string;
}
interface Finding {
  id: string;
  severity: string;
  title: string;
  description: string;
}
interface Health {
  status: string;
  findings: Finding[];
}
interface Verdict {
  cause: string;
  detail: string;
  confidence: string;
  summary: string;
}
interface ExecutionsBody {
  health: Health;
  executions: Array<{ executionArn: string; service: { status: string | null }; logs: { status: string; eventCount: number }; verdict: Verdict }>;
  minutes: Array<{ minute: string; logs: unknown; cause: string }>;
  partial: Partial[];
}
interface ExecutionBody {
  logs: { status: string; eventCount: number; read: boolean };
  health: Health;
  verdict: Verdict;
  partial: Partial[];
}
interface OverviewEntry {
  stateMachine: { name: string };
  state: 'ready' | 'error' | 'pending';
  summary?: { health: Health; partial: Partial[]; executions: { byCause: Record<string, number> } };
  error?: { code: string; message: string; status: number };
}
interface StateMachinesBody {
  readAt: string;
  stateMachines: Array<{ name: string; state: 'ready' | 'error' | 'pending'; health: Health | null; healthReadAt?: string; partial: Partial[] }>;
}

let app: { url: string; stop: () => Promise<void> };
const groups: Record<string, string> = {};
const truth: Record<string, Truth[]> = {};

/** A quarter of an hour: what a view says of a missing log group does not depend on the window's size, and a short one reads fast. */
let windowSeq = 0;
function freshWindow(minutes = 15): string {
  windowSeq++;
  const to = Date.now() - windowSeq * 1_000;
  return `from=${encodeURIComponent(new Date(to - minutes * MIN).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
}

/** A new window around one execution (from the ground truth): ten minutes either side of it. */
function windowAround(t: Truth): string {
  windowSeq++;
  const from = t.startMs - 10 * MIN - windowSeq * 1_000;
  return `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(t.endMs + 10 * MIN).toISOString())}`;
}

async function get(path: string): Promise<{ status: number; type: string; text: string }> {
  const r = await fetch(`${app.url}${path}`);
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

async function getJson<T>(path: string): Promise<T> {
  const a = await get(path);
  expect(a.status, `${path}: ${a.text.slice(0, 600)}`).toBe(200);
  return JSON.parse(a.text) as T;
}

async function setLogGroup(name: string, present: boolean): Promise<void> {
  const r = await fetch(`${simUrl}/__sim/log-groups?name=${encodeURIComponent(name)}`, { method: present ? 'PUT' : 'DELETE' });
  if (!r.ok) throw new Error(`log group ${name}: ${r.status} ${await r.text()}`);
}

async function restoreAll(): Promise<void> {
  for (const name of Object.values(groups)) await setLogGroup(name, true);
}

/** A top-level execution that ended 70–150 minutes ago and whose events all reached the logs. */
function settledExecution(sm: string): Truth {
  const now = Date.now();
  const t = truth[sm]?.find((x) => !x.parentArn && x.dropMode === 'none' && x.endMs < now - 70 * MIN && x.endMs > now - 150 * MIN);
  if (!t) throw new Error(`no settled execution of ${sm} in the ground truth`);
  return t;
}

/** The answer says what could not be read: the missing log group, in a partial read or a finding. */
function namesMissingGroup(partial: Partial[], health: Health | undefined, group: string): boolean {
  const inPartial = partial.some((p) => LOGS_SIDE.test(p.action) && GROUP_MISSING.test(`${p.error} ${p.message}`));
  const inHealth = (health?.findings ?? []).some((f) => f.id === 'log-group-missing' && f.description.includes(group));
  return inPartial || inHealth;
}

/** A confident verdict needs its evidence: with the logs unread, nothing is consistent or dropped. */
function expectNoVerdictFromUnreadLogs(v: Verdict, where: string) {
  expect(v.cause, `${where}: ${JSON.stringify(v)}`).not.toBe('consistent');
  expect(v.cause, `${where}: ${JSON.stringify(v)}`).not.toBe('best-effort-drop');
}

async function overviewReady(range: string): Promise<OverviewEntry[]> {
  // The overview answers after 8 s with `pending` for state machines still being read; asking again
  // for the same range joins the same shared read.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const body = await getJson<{ stateMachines: OverviewEntry[] }>(`/api/overview?${range}`);
    const wanted = body.stateMachines.filter((e) => e.stateMachine.name === STANDARD || e.stateMachine.name === EXPRESS);
    if (wanted.length === 2 && wanted.every((e) => e.state !== 'pending')) return body.stateMachines;
    if (Date.now() > deadline) throw new Error(`overview still pending: ${JSON.stringify(wanted).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** The state machines list with their health for `range`, once both state machines' reads are done (same shared reads as the overview). */
async function stateMachinesReady(range: string): Promise<StateMachinesBody> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const body = await getJson<StateMachinesBody>(`/api/state-machines?${range}`);
    const wanted = body.stateMachines.filter((e) => e.name === STANDARD || e.name === EXPRESS);
    if (wanted.length === 2 && wanted.every((e) => e.state !== 'pending')) return body;
    if (Date.now() > deadline) throw new Error(`state machines still pending: ${JSON.stringify(wanted).slice(0, 600)}`);
  }
}

beforeAll(async () => {
  await setFaults(simUrl, null);
  const scenarios = (await (await fetch(`${simUrl}/__sim/scenarios`)).json()) as { stateMachines: Array<{ name: string; logGroupName: string | null }> };
  for (const sm of [STANDARD, EXPRESS]) {
    const name = scenarios.stateMachines.find((s) => s.name === sm)?.logGroupName;
    if (!name) throw new Error(`${sm} has no log group in the simulated account`);
    groups[sm] = name;
    const now = Date.now();
    // Enough to find executions that ended 70–150 minutes ago (settledExecution).
    truth[sm] = await groundTruth(simUrl, sm, now - 155 * MIN, now - 65 * MIN, 20_000);
  }
  app = await startApp(simUrl);
});

afterAll(async () => {
  // Whatever happened above, the shared account gets its log groups back.
  await restoreAll();
  await app?.stop();
});

describe('a log group deleted while the dashboard is in use', () => {
  it('every page and API answers 200, names the missing log group, and judges no execution from logs it could not read', async () => {
    try {
      for (const name of Object.values(groups)) await setLogGroup(name, false);

      const std = settledExecution(STANDARD);
      const exp = settledExecution(EXPRESS);
      for (const page of [
        `/?${freshWindow()}`,
        `/ops?${freshWindow()}`,
        `/state-machines/${encodeURIComponent(smArn(STANDARD))}?${freshWindow()}`,
        `/state-machines/${encodeURIComponent(smArn(EXPRESS))}?${freshWindow()}`,
        `/executions/${encodeURIComponent(std.executionArn)}?${windowAround(std)}`,
        `/executions/${encodeURIComponent(exp.executionArn)}?${windowAround(exp)}`,
      ]) {
        const a = await get(page);
        expect(a.status, `page ${page}: ${a.text.slice(0, 300)}`).toBe(200);
        expect(a.type, page).toContain('text/html');
      }

      for (const sm of [STANDARD, EXPRESS]) {
        const body = await getJson<ExecutionsBody>(`/api/state-machines/${encodeURIComponent(smArn(sm))}/executions?${freshWindow()}`);
        const where = `${sm} executions`;
        expect(namesMissingGroup(body.partial, body.health, groups[sm] ?? ''), `${where}: ${JSON.stringify({ partial: body.partial, health: body.health }).slice(0, 2000)}`).toBe(true);
        expect(body.health.findings.map((f) => f.id), where).toContain('log-group-missing');
        expect(body.health.status, where).toBe('broken');
        for (const r of body.executions) expectNoVerdictFromUnreadLogs(r.verdict, `${where}: ${r.executionArn}`);
        for (const m of body.minutes) expect(m.cause, `${where}: minute ${m.minute}`).not.toBe('best-effort-drop');
        // The Standard machine's executions are still listed by Step Functions.
        if (sm === STANDARD) expect(body.executions.length, where).toBeGreaterThan(5);
      }

      for (const [sm, t] of [
        [STANDARD, std],
        [EXPRESS, exp],
      ] as const) {
        const body = await getJson<ExecutionBody>(`/api/executions/${encodeURIComponent(t.executionArn)}?${windowAround(t)}`);
        const where = `${sm} execution ${t.executionArn}`;
        expect(namesMissingGroup(body.partial, body.health, groups[sm] ?? ''), `${where}: ${JSON.stringify({ partial: body.partial, health: body.health }).slice(0, 2000)}`).toBe(true);
        expect(body.logs.read, where).toBe(false);
        expect(body.logs.eventCount, where).toBe(0);
        expectNoVerdictFromUnreadLogs(body.verdict, where);
      }

      const overview = await overviewReady(freshWindow());
      for (const sm of [STANDARD, EXPRESS]) {
        const e = overview.find((x) => x.stateMachine.name === sm);
        const where = `overview ${sm}: ${JSON.stringify(e).slice(0, 1500)}`;
        expect(e?.state, where).toBe('ready');
        expect(namesMissingGroup(e?.summary?.partial ?? [], e?.summary?.health, groups[sm] ?? ''), where).toBe(true);
        expect(e?.summary?.executions.byCause.consistent ?? 0, where).toBe(0);
        expect(e?.summary?.executions.byCause['best-effort-drop'] ?? 0, where).toBe(0);
      }

      const machines = await stateMachinesReady(freshWindow());
      for (const sm of [STANDARD, EXPRESS]) {
        const e = machines.stateMachines.find((x) => x.name === sm);
        const where = `state machines ${sm}: ${JSON.stringify(e?.health).slice(0, 1500)}`;
        expect(e?.health?.status, where).toBe('broken');
        const missing = e?.health?.findings.find((f) => f.id === 'log-group-missing');
        expect(missing?.severity, where).toBe('error');
        expect(missing?.description, where).toContain(groups[sm]);
      }
    } finally {
      await restoreAll();
    }
  }, 180_000);

  it('once the log group is back, the next read with a fresh window is whole again', async () => {
    await restoreAll();
    const restoredAt = Date.now();

    for (const sm of [STANDARD, EXPRESS]) {
      const body = await getJson<ExecutionsBody>(`/api/state-machines/${encodeURIComponent(smArn(sm))}/executions?${freshWindow()}`);
      const where = `${sm} executions: ${JSON.stringify(body.partial).slice(0, 1000)}`;
      expect(body.partial.filter((p) => LOGS_SIDE.test(p.action)), where).toEqual([]);
      expect(body.health.findings.map((f) => f.id), where).not.toContain('log-group-missing');
      expect(body.executions.some((r) => r.verdict.cause === 'consistent'), where).toBe(true);
    }

    for (const sm of [STANDARD, EXPRESS]) {
      const t = settledExecution(sm);
      const body = await getJson<ExecutionBody>(`/api/executions/${encodeURIComponent(t.executionArn)}?${windowAround(t)}`);
      const where = `${sm} execution ${t.executionArn}: ${JSON.stringify(body.partial).slice(0, 1000)}`;
      expect(body.partial.filter((p) => LOGS_SIDE.test(p.action)), where).toEqual([]);
      expect(body.logs.read, where).toBe(true);
      expect(body.logs.eventCount, where).toBeGreaterThan(0);
      expect(body.verdict.cause, where).toBe('consistent');
    }

    const overview = await overviewReady(freshWindow());
    for (const sm of [STANDARD, EXPRESS]) {
      const e = overview.find((x) => x.stateMachine.name === sm);
      const where = `overview ${sm}: ${JSON.stringify(e).slice(0, 1500)}`;
      expect(e?.summary?.partial.filter((p) => LOGS_SIDE.test(p.action)), where).toEqual([]);
      expect(e?.summary?.health.findings.map((f) => f.id), where).not.toContain('log-group-missing');
      expect(e?.summary?.executions.byCause.consistent ?? 0, where).toBeGreaterThan(0);
    }

    // The state machines list for a new range: its health is read after the restore, from the log group as it is now.
    const machines = await stateMachinesReady(freshWindow());
    for (const sm of [STANDARD, EXPRESS]) {
      const e = machines.stateMachines.find((x) => x.name === sm);
      expect(e?.state, sm).toBe('ready');
      expect(Date.parse(e?.healthReadAt ?? ''), sm).toBeGreaterThanOrEqual(restoredAt);
      expect(e?.health?.findings.map((f) => f.id), sm).not.toContain('log-group-missing');
      expect(e?.partial.filter((p) => LOGS_SIDE.test(p.action)), sm).toEqual([]);
    }
  }, 120_000);
});
