// What views cost Logs Insights (issue: Scale): the execution view reads its own events through an
// `execution_arn` field index when the log group has one, reads its neighbours only when the two
// sources disagree, and the state machine's health recommends the index policy with a saving
// estimated from the bytes the view measured. Asserted on the requests the simulated account received.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { groundTruth, recordedRequests, setFaults, smArn } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');

const SM = 'orders-express';
const GROUP = '/aws/vendedlogs/states/orders-express-Logs';
const MIN = 60_000;

interface ExecutionBody {
  logs: { status: string; eventCount: number; events: Array<{ id: number; type: string; timestamp: string }>; read: boolean };
  verdict: { cause: string };
  neighboursRead: 'not-needed' | 'partial' | { from: string; to: string };
  eventsVia: 'index-query' | 'filter' | null;
  scanned: { queries: number; filterRequests: number; bytesScanned: number; recordsScanned: number; estimatedBytesSkipped?: number };
  partial: unknown[];
}
interface Finding {
  id: string;
  severity: string;
  title: string;
  description: string;
  remediation?: Array<{ kind: string; text: string }>;
}

/**
 * Puts the group's index policy; by default 4 hours ago, before the simulated account's first event,
 * so that the index covers every event (an index covers only events ingested after its policy,
 * docs/aws-behaviour.md §11.1).
 */
async function setIndex(fields: string[], lastUpdateTime = Date.now() - 4 * 60 * MIN): Promise<void> {
  const r = await fetch(`${simUrl}/__sim/index-policies`, { method: 'PUT', body: JSON.stringify({ logGroupName: GROUP, fields, lastUpdateTime }) });
  expect(r.ok).toBe(true);
}

/** The execution view, with a window hint of its own so that no shared read of another test answers. */
let seq = 0;
async function executionView(arn: string): Promise<{ body: ExecutionBody; actions: string[]; queries: string[] }> {
  seq++;
  const to = Date.now() - seq * 1_000;
  const since = Date.now();
  const r = await fetch(`${appUrl}/api/executions/${encodeURIComponent(arn)}?from=${new Date(to - 3 * 60 * MIN).toISOString()}&to=${new Date(to).toISOString()}`);
  const text = await r.text();
  expect(r.status, text.slice(0, 300)).toBe(200);
  const { requests } = await recordedRequests(simUrl, since);
  const mine = requests.filter((q) => q.body.includes(GROUP) || q.action === 'logs:GetQueryResults');
  return {
    body: JSON.parse(text) as ExecutionBody,
    actions: mine.map((q) => q.action),
    queries: mine.filter((q) => q.action === 'logs:StartQuery').map((q) => (JSON.parse(q.body.replace(/…$/, '')) as { queryString: string }).queryString),
  };
}

/** A settled execution whose logs are whole (consistent), and one whose terminal event was dropped. */
async function pickExecutions(): Promise<{ whole: string; dropped: string | null }> {
  const now = Date.now();
  const truth = await groundTruth(simUrl, SM, now - 150 * MIN, now - 20 * MIN, 20_000);
  const whole = truth.find((t) => t.dropMode === 'none' && t.loggedEvents > 0 && t.lastIngestionMs < now - 10 * MIN);
  const dropped = truth.find((t) => t.dropMode === 'terminal');
  if (!whole) throw new Error('the demo profile has no settled, fully logged orders-express execution');
  return { whole: whole.executionArn, dropped: dropped?.executionArn ?? null };
}

afterAll(async () => {
  await setIndex([]);
});

describe('the execution view’s Logs Insights cost', () => {
  it('reads no neighbours for an execution both sources agree on: FilterLogEvents only, nothing scanned', async () => {
    const { whole } = await pickExecutions();
    const { body, actions } = await executionView(whole);
    expect(body.verdict.cause).toBe('consistent');
    expect(body.neighboursRead).toBe('not-needed');
    expect(body.eventsVia).toBe('filter');
    expect(actions).toContain('logs:FilterLogEvents');
    expect(actions).not.toContain('logs:StartQuery');
    expect(body.scanned).toMatchObject({ queries: 0, bytesScanned: 0 });
  });

  it('reads the neighbours of a disagreeing execution over minutes around it, not the whole window', async () => {
    const { dropped } = await pickExecutions();
    expect(dropped, 'the demo profile drops some orders-express terminal events').not.toBeNull();
    const { body, queries } = await executionView(dropped ?? '');
    expect(body.verdict.cause).not.toBe('consistent');
    // Two queries over those minutes: the aggregate and the endings by id (docs/aws-behaviour.md §11.4).
    expect(queries).toHaveLength(2);
    expect(typeof body.neighboursRead).toBe('object');
    const around = body.neighboursRead as { from: string; to: string };
    // A minute before it started to a minute (+ the 5 minutes a neighbour may run) after it ended: far less than 3 hours.
    expect(Date.parse(around.to) - Date.parse(around.from)).toBeLessThan(15 * MIN);
    expect(body.scanned.bytesScanned).toBeGreaterThan(0);
  });

  it('reads an execution’s events through the execution_arn index when the group has one, the same events for a fraction of the bytes', async () => {
    const { whole } = await pickExecutions();
    const plain = await executionView(whole);
    await setIndex(['execution_arn']);
    try {
      const indexed = await executionView(whole);
      expect(indexed.body.eventsVia).toBe('index-query');
      expect(indexed.actions).toContain('logs:DescribeIndexPolicies');
      expect(indexed.actions).not.toContain('logs:FilterLogEvents');
      expect(indexed.queries).toHaveLength(1);
      expect(indexed.queries[0]).toMatch(/^filterIndex execution_arn = "arn:aws:states:/);
      // The same events, in the same order, as FilterLogEvents returned.
      const ids = (b: ExecutionBody) => b.logs.events.map((e) => `${e.id} ${e.type} ${e.timestamp}`);
      expect(ids(indexed.body)).toEqual(ids(plain.body));
      expect(indexed.body.logs.status).toBe(plain.body.logs.status);
      expect(indexed.body.verdict.cause).toBe(plain.body.verdict.cause);
      // It scanned this execution's events only, and the index skipped the rest of 3 hours.
      expect(indexed.body.scanned.recordsScanned).toBe(indexed.body.logs.eventCount);
      expect(indexed.body.scanned.estimatedBytesSkipped ?? 0).toBeGreaterThan(100 * indexed.body.scanned.bytesScanned);
    } finally {
      await setIndex([]);
    }
  });
});

describe('the index read falls back', () => {
  it('reads the events through FilterLogEvents when the indexed query is refused, and names nothing as unread', async () => {
    const { whole } = await pickExecutions();
    await setIndex(['execution_arn']);
    await setFaults(simUrl, { deny: ['logs:StartQuery'] });
    try {
      const { body, actions } = await executionView(whole);
      expect(actions).toContain('logs:StartQuery');
      expect(actions).toContain('logs:FilterLogEvents');
      expect(body.eventsVia).toBe('filter');
      expect(body.partial).toEqual([]);
      expect(body.verdict.cause).toBe('consistent');
    } finally {
      await setFaults(simUrl, null);
      await setIndex([]);
    }
  });
});

describe('the index advice', () => {
  async function healthFindings(query: string): Promise<Finding[]> {
    const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn(SM))}/executions${query}`);
    const text = await r.text();
    expect(r.status, text.slice(0, 300)).toBe(200);
    return (JSON.parse(text) as { health: { findings: Finding[] } }).health.findings;
  }
  const window = (minutesAgo: number) =>
    `?from=${new Date(Date.now() - (minutesAgo + 60) * MIN).toISOString()}&to=${new Date(Date.now() - minutesAgo * MIN).toISOString()}`;

  it('recommends indexing execution_arn and type, estimating the saving from the bytes this view scanned', async () => {
    const findings = await healthFindings(window(30));
    const f = findings.find((x) => x.id === 'field-index-missing');
    expect(f?.severity).toBe('info');
    expect(f?.description).toMatch(/A Logs Insights lookup of one execution over this window .* scans [\d.]+ [KMG]iB \(.*\); with execution_arn indexed it reads about [\d.]+ (B|KiB)/);
    expect(f?.description).toMatch(/Start and terminal counts .* match [\d.]+ % of the records/);
    expect(f?.remediation?.find((r) => r.kind === 'aws-cli')?.text).toContain(`--log-group-identifier ${GROUP}`);
  });

  it('says nothing once both fields are indexed', async () => {
    await setIndex(['execution_arn', 'type']);
    try {
      const findings = await healthFindings(window(31));
      expect(findings.map((x) => x.id)).not.toContain('field-index-missing');
    } finally {
      await setIndex([]);
    }
  });
});
