// Cold views cost less of AWS (issue #18): with a `type` field index older than the window, the per-minute
// counts read the start and terminal events only, through filterIndex; and however many state machines
// are read cold at once, sfn-lens keeps to its budget of concurrent Logs Insights queries
// (SFN_LENS_INSIGHTS_CONCURRENCY) on an account whose quota refuses more (docs/aws-behaviour.md §11.1, §11.13).
import { GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startApp, type StartedApp } from '../support/app-server';
import { recordedRequests, sdkClients, setFaults, smArn } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');

const SM = 'orders-express';
const GROUP = '/aws/vendedlogs/states/orders-express-Logs';
const MIN = 60_000;

interface ExecutionsBody {
  scanned: { bytesScanned: number; queries: number; perMinute?: { queries: number; bytesScanned: number; viaFilterIndex: boolean } };
  minutes: unknown[];
  partial: Array<{ action: string; error: string }>;
}

async function setIndex(fields: string[], lastUpdateTime: number): Promise<void> {
  const r = await fetch(`${simUrl}/__sim/index-policies`, { method: 'PUT', body: JSON.stringify({ logGroupName: GROUP, fields, lastUpdateTime }) });
  expect(r.ok).toBe(true);
}

/** What a console-style scan of the whole window reads: every event, as the Logs Insights console's default query. */
async function consoleScanBytes(fromMs: number, toMs: number): Promise<number> {
  const { logs } = sdkClients(simUrl);
  const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: GROUP, queryString: 'fields @timestamp, @message | sort @timestamp desc | limit 10000', startTime: fromMs / 1000, endTime: toMs / 1000 }));
  for (;;) {
    const r = await logs.send(new GetQueryResultsCommand({ queryId, maxItems: 1 }));
    if (r.status === 'Complete') return r.statistics?.bytesScanned ?? 0;
    expect(['Scheduled', 'Running']).toContain(r.status);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** A 3-hour window on whole minutes, ended a few minutes ago, each test's its own (no shared read of another answers it). */
let lastTo = Number.POSITIVE_INFINITY;
function freshWindow(): { from: number; to: number } {
  const to = Math.min(Math.floor(Date.now() / MIN) * MIN - 2 * MIN, lastTo - MIN);
  lastTo = to;
  return { from: to - 180 * MIN, to };
}

async function executionsView(w: { from: number; to: number }): Promise<{ body: ExecutionsBody; minuteQueries: string[] }> {
  const since = Date.now();
  const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn(SM))}/executions?from=${new Date(w.from).toISOString()}&to=${new Date(w.to).toISOString()}`);
  const text = await r.text();
  expect(r.status, text.slice(0, 300)).toBe(200);
  const { requests } = await recordedRequests(simUrl, since);
  const minuteQueries = requests
    .filter((q) => q.action === 'logs:StartQuery' && q.body.includes(GROUP))
    .map((q) => (JSON.parse(q.body.replace(/…$/, '')) as { queryString: string }).queryString)
    .filter((s) => s.includes('bin('));
  return { body: JSON.parse(text) as ExecutionsBody, minuteQueries };
}

afterAll(async () => {
  await setIndex([], Date.now());
  await setFaults(simUrl, null);
});

describe('the per-minute counts of a cold view', () => {
  it('with a type index older than the window, read the start and terminal events through filterIndex: at most 25 % of a console-style scan of the window', async () => {
    await setIndex(['execution_arn', 'type'], Date.now() - 5 * 60 * MIN);
    const w = freshWindow();
    const { body, minuteQueries } = await executionsView(w);
    expect(body.partial.filter((p) => p.action.startsWith('logs:'))).toEqual([]);
    expect(minuteQueries.some((q) => q.startsWith('filterIndex type in'))).toBe(true);
    expect(body.scanned.perMinute?.viaFilterIndex).toBe(true);
    const full = await consoleScanBytes(w.from, w.to);
    expect(full).toBeGreaterThan(0);
    const share = (body.scanned.perMinute?.bytesScanned ?? Number.NaN) / full;
    expect(share).toBeLessThanOrEqual(0.25);
  });

  it('without a type index, read the window once with a plain filter: no more than a console-style scan of it', async () => {
    await setIndex([], Date.now());
    const w = freshWindow();
    const { body, minuteQueries } = await executionsView(w);
    expect(minuteQueries.length).toBe(1);
    expect(minuteQueries[0]).toMatch(/^filter type in/);
    expect(body.scanned.perMinute?.viaFilterIndex).toBe(false);
    const full = await consoleScanBytes(w.from, w.to);
    expect(body.scanned.perMinute?.bytesScanned ?? Number.NaN).toBeLessThanOrEqual(full);
  });

  it('with a type index put inside the window, never use filterIndex (it would miss the older events)', async () => {
    await setIndex(['type'], Date.now() - 60 * MIN);
    const { minuteQueries, body } = await executionsView(freshWindow());
    expect(minuteQueries.length).toBeGreaterThan(0);
    expect(minuteQueries.every((q) => q.startsWith('filter type in'))).toBe(true);
    expect(body.scanned.perMinute?.viaFilterIndex).toBe(false);
  });
});

describe('the budget of concurrent Logs Insights queries', () => {
  let app: StartedApp | null = null;
  afterAll(async () => {
    await app?.stop();
  });

  it('with a budget of 2 on an account that refuses a third, reads every state machine cold with never more than 2 queries running, and all finish', async () => {
    app = await startApp(simUrl, { SFN_LENS_INSIGHTS_CONCURRENCY: '2' });
    await setFaults(simUrl, { insightsQueryQuota: 2 });
    await fetch(`${simUrl}/__sim/insights`, { method: 'DELETE' });
    const since = Date.now();
    let sawWaiting = false;
    let overBudget = 0;
    let done = false;
    // Watches the queue while the reads run: what it shows must never pass the budget.
    const watching = (async () => {
      while (!done) {
        const queue = (await (await fetch(`${app!.url}/api/insights-queue`)).json()) as { budget: number; running: number; waiting: number };
        if (queue.running > queue.budget) overBudget++;
        if (queue.waiting > 0) sawWaiting = true;
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    type Overview = { stateMachines: Array<{ state: string; stateMachine: { name: string } }> };
    let overview = null as Overview | null;
    // Poll the overview until every state machine is read (the board's own polling), watching the queue.
    for (let i = 0; i < 400; i++) {
      const r = await fetch(`${app.url}/api/overview?from=now-1h`);
      expect(r.status).toBe(200);
      overview = (await r.json()) as Overview;
      if (overview && overview.stateMachines.every((e) => e.state !== 'pending')) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    done = true;
    await watching;
    expect(overBudget).toBe(0);
    expect(overview?.stateMachines.filter((e) => e.state === 'pending').map((e) => e.stateMachine.name)).toEqual([]);
    expect(overview?.stateMachines.every((e) => e.state === 'ready')).toBe(true);
    const sim = (await (await fetch(`${simUrl}/__sim/insights`)).json()) as { maxRunning: number; quota: number };
    expect(sim.quota).toBe(2);
    expect(sim.maxRunning).toBeGreaterThanOrEqual(1);
    expect(sim.maxRunning).toBeLessThanOrEqual(2);
    const { requests } = await recordedRequests(simUrl, since);
    const starts = requests.filter((q) => q.action === 'logs:StartQuery');
    expect(starts.length).toBeGreaterThan(2);
    expect(starts.filter((q) => q.status !== 200)).toEqual([]);
    // More queries were asked for than the budget runs at once: some waited their turn.
    expect(sawWaiting).toBe(true);
  });
});
