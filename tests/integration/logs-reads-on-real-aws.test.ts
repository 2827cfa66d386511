// CloudWatch Logs reads that stay right on real AWS (issue 13, items 1, 5 and 9): a field index
// answers only for what it covers, a log group's own resource policy counts, and FilterLogEvents
// paging is bounded and its cut named. Against the simulated account, through the built app's API
// and lib/aws readers.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { filterLogEvents } from '@/lib/aws/logs';
import { groundTruth, recordedRequests, setFaults, smArn } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');
const MIN = 60_000;

afterEach(async () => {
  await setFaults(simUrl, null);
});

interface ExecutionBody {
  logs: { eventCount: number; status: string };
  verdict: { cause: string };
  eventsVia: 'index-query' | 'filter' | null;
  eventsIndex: { usable: boolean; reason?: string; since: string | null; answer: string | null } | null;
  eventsCut: { reason: string; requests: number } | null;
  partial: Array<{ action: string; error: string; message: string }>;
}

let seq = 0;
/** The execution API with a window hint of its own, so that no shared read of another test answers. */
async function executionView(arn: string): Promise<ExecutionBody> {
  seq++;
  const to = Date.now() - seq * 1_000;
  const r = await fetch(`${appUrl}/api/executions/${encodeURIComponent(arn)}?from=${new Date(to - 3 * 60 * MIN).toISOString()}&to=${new Date(to).toISOString()}`);
  const text = await r.text();
  expect(r.status, text.slice(0, 300)).toBe(200);
  return JSON.parse(text) as ExecutionBody;
}

async function simStartedAt(): Promise<number> {
  return ((await (await fetch(`${simUrl}/__sim/health`)).json()) as { startedAt: number }).startedAt;
}

describe('a field index answers only for the events it covers (docs/aws-behaviour.md §11.1)', () => {
  // billing-standard's log group has had an execution_arn index since 90 minutes before the account started.

  it('reads a Standard execution older than the index policy whole, through FilterLogEvents, instead of calling it a drop', async () => {
    const policyAt = (await simStartedAt()) - 90 * MIN;
    const truth = await groundTruth(simUrl, 'billing-standard', policyAt - 80 * MIN, policyAt - 20 * MIN);
    const old = truth.find((t) => t.dropMode === 'none' && t.loggedEvents > 0 && t.lastIngestionMs < policyAt && t.finalStatus === 'SUCCEEDED');
    expect(old, 'billing-standard has a whole execution logged before its index policy').toBeDefined();
    const body = await executionView(old!.executionArn);
    expect(body.verdict.cause).toBe('consistent');
    expect(body.logs.eventCount).toBe(old!.loggedEvents);
    expect(body.eventsVia).toBe('filter');
    expect(body.eventsIndex).toMatchObject({ usable: false, reason: 'window-before-index' });
  });

  it('still reads a settled execution that ran after the policy through the index', async () => {
    const policyAt = (await simStartedAt()) - 90 * MIN;
    const now = Date.now();
    // Its window ends an hour (the settle time) after it stopped: that must be past the unscanned tail.
    const truth = await groundTruth(simUrl, 'billing-standard', policyAt + 2 * MIN, now - 80 * MIN);
    const settled = truth.find((t) => t.dropMode === 'none' && t.loggedEvents > 0 && t.endMs < now - 80 * MIN && t.finalStatus === 'SUCCEEDED');
    expect(settled, 'billing-standard has a settled execution after its index policy').toBeDefined();
    const body = await executionView(settled!.executionArn);
    expect(body.eventsVia).toBe('index-query');
    expect(body.eventsIndex).toMatchObject({ usable: true, answer: 'whole' });
    expect(body.verdict.cause).toBe('consistent');
    expect(body.logs.eventCount).toBe(settled!.loggedEvents);
  });
});

describe('a log group’s own resource policy (docs/aws-behaviour.md §11.5)', () => {
  interface Finding {
    id: string;
    severity: string;
    description: string;
  }
  const SM = 'ingest-express-error-level';
  async function findings(minutesAgo: number): Promise<Finding[]> {
    const q = `?from=${new Date(Date.now() - (minutesAgo + 30) * MIN).toISOString()}&to=${new Date(Date.now() - minutesAgo * MIN).toISOString()}`;
    const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn(SM))}/executions${q}`);
    const text = await r.text();
    expect(r.status, text.slice(0, 300)).toBe(200);
    return (JSON.parse(text) as { health: { findings: Finding[] } }).health.findings;
  }

  it('allowing delivery to a group no account-level policy covers: no resource policy is called missing', async () => {
    const ids = (await findings(20)).map((f) => f.id);
    expect(ids).not.toContain('resource-policy-missing');
    expect(ids).not.toContain('resource-policy-group-unread');
    const { requests } = await recordedRequests(simUrl, Date.now() - 60_000);
    expect(requests.some((q) => q.action === 'logs:DescribeResourcePolicies' && q.body.includes('"policyScope":"RESOURCE"'))).toBe(true);
  });

  it('unreadable: says whether delivery is allowed is unknown, not that the policy is missing', async () => {
    await setFaults(simUrl, { denyResources: [{ action: 'logs:DescribeResourcePolicies', resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/states/ingest-express-error-level*' }] });
    const all = await findings(21);
    expect(all.map((f) => f.id)).not.toContain('resource-policy-missing');
    const f = all.find((x) => x.id === 'resource-policy-group-unread');
    expect(f?.severity).toBe('info');
    expect(f?.description).toContain('AccessDeniedException');
  });
});

describe('FilterLogEvents paging is bounded (docs/aws-behaviour.md §11.9)', () => {
  const GROUP = '/aws/vendedlogs/states/orders-express-Logs';

  it('stops after its request bound when every page is empty with a nextToken, and says the read was cut', async () => {
    await setFaults(simUrl, { endlessEmptyPages: true });
    const since = Date.now();
    const now = Date.now();
    const out = await filterLogEvents(GROUP, '{ $.type = "ExecutionStarted" }', now - 10 * MIN, now, { maxRequests: 6, minIntervalMs: 0 });
    expect(out).toMatchObject({ events: [], cut: 'max-requests', requests: 6 });
    const { requests } = await recordedRequests(simUrl, since, null);
    expect(requests.filter((q) => q.action === 'logs:FilterLogEvents')).toHaveLength(6);
  });

  it('stops at its time bound, checked before each further page', async () => {
    await setFaults(simUrl, { endlessEmptyPages: true, latencyMs: 30 });
    const now = Date.now();
    const out = await filterLogEvents(GROUP, '{ $.type = "ExecutionStarted" }', now - 10 * MIN, now, { maxMs: 1, minIntervalMs: 0 });
    expect(out).toMatchObject({ cut: 'deadline', requests: 1 });
  });

  it('reads the pages after an empty first one: a page’s size never ends the read', async () => {
    const now = Date.now();
    const truth = (await groundTruth(simUrl, 'orders-express', now - 30 * MIN, now - 10 * MIN)).find((t) => t.dropMode === 'none' && t.loggedEvents >= 2);
    const out = await filterLogEvents(GROUP, `{ $.execution_arn = "${truth!.executionArn}" }`, truth!.startMs - 1000, truth!.endMs + 1000, { minIntervalMs: 0 });
    expect(out.events).toHaveLength(truth!.loggedEvents);
    expect(out.cut).toBeNull();
    expect(out.requests).toBeGreaterThanOrEqual(3);
  });

  it('the execution API labels a cut read, and judges nothing from it', async () => {
    const now = Date.now();
    const truth = (await groundTruth(simUrl, 'orders-express', now - 40 * MIN, now - 20 * MIN)).find((t) => t.dropMode === 'none' && t.loggedEvents > 0);
    await setFaults(simUrl, { endlessEmptyPages: true });
    const since = Date.now();
    const body = await executionView(truth!.executionArn);
    const { requests } = await recordedRequests(simUrl, since);
    const filterCalls = requests.filter((q) => q.action === 'logs:FilterLogEvents').length;
    expect(filterCalls).toBeGreaterThan(1);
    expect(filterCalls).toBeLessThanOrEqual(40);
    expect(body.eventsCut?.reason).toMatch(/max-requests|deadline/);
    expect(body.partial).toContainEqual(expect.objectContaining({ action: 'logs:FilterLogEvents', error: 'ReadCut' }));
    expect(body.verdict.cause).toBe('insufficient-evidence');
  }, 60_000);
});
