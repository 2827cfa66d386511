// A Distributed Map Run over the JSON API, on the simulated account (docs/map-run.md).
import { DescribeExecutionCommand, ListMapRunsCommand } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { groundTruth, sdkClients, simNow, type Truth } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');
const MIN = 60_000;

interface MapRunBody {
  mapRun: { mapRunArn: string; executionArn: string; label: string; status: string; executionCounts: { total: number; failed: number; succeeded: number } };
  children: { listed: number; truncated: boolean; byStatus: Record<string, number>; differences: unknown[] };
  failures: { failed: number; undescribed: number; groups: Array<{ error: string | null; count: number; causes: Array<{ cause: string | null; count: number; examples: string[] }> }> };
  verdicts: Array<{ cause: string; count: number }>;
  executions: Array<{ executionArn: string; status: string | null; verdict: { cause: string; summary: string } | null }>;
  minutes: { series: string[]; minutes: Array<{ minute: string; metrics: { terminal: number } | null; logs: { terminal: number } | null; gap: number | null; cause: string }> } | null;
  partial: unknown[];
}

const mapRunUrl = (arn: string, query = '') => `${appUrl}/api/map-runs/${encodeURIComponent(arn)}${query}`;

/**
 * A settled Map Run of batch-standard-dmap whose children failed for at least two errors and lost
 * log events: found from the simulated account's ground truth, its errors read with the harness's key.
 */
async function findRun(): Promise<{ mapRunArn: string; parentArn: string; children: Truth[]; errors: Map<string, number> }> {
  const { sfn } = sdkClients(simUrl);
  const now = await simNow(simUrl);
  const truth = await groundTruth(simUrl, 'batch-standard-dmap', now - 170 * MIN, now - 80 * MIN, 100_000);
  const byParent = new Map<string, Truth[]>();
  for (const t of truth) if (t.parentArn) byParent.set(t.parentArn, [...(byParent.get(t.parentArn) ?? []), t]);
  for (const [parentArn, children] of byParent) {
    const failed = children.filter((c) => c.finalStatus === 'FAILED');
    if (failed.length < 2 || !children.some((c) => c.dropMode === 'terminal' || c.dropMode === 'all')) continue;
    const errors = new Map<string, number>();
    for (const f of failed) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: f.executionArn }));
      errors.set(d.error ?? '', (errors.get(d.error ?? '') ?? 0) + 1);
    }
    if (errors.size < 2) continue;
    const runs = await sfn.send(new ListMapRunsCommand({ executionArn: parentArn }));
    return { mapRunArn: runs.mapRuns![0]!.mapRunArn!, parentArn, children, errors };
  }
  throw new Error('no settled Map Run with two kinds of failure and a drop in the simulated account');
}

describe('a Map Run with failed children (batch-standard-dmap)', () => {
  let run: Awaited<ReturnType<typeof findRun>>;
  let body: MapRunBody;
  beforeAll(async () => {
    run = await findRun();
    const r = await fetch(mapRunUrl(run.mapRunArn));
    expect(r.status, await r.clone().text()).toBe(200);
    body = (await r.json()) as MapRunBody;
  });

  it('counts its children by status as DescribeMapRun and the listing do', () => {
    expect(body.mapRun).toMatchObject({ mapRunArn: run.mapRunArn, executionArn: run.parentArn, label: 'ProcessItems' });
    expect(body.mapRun.executionCounts.total).toBe(run.children.length);
    expect(body.children.listed).toBe(run.children.length);
    expect(body.children.byStatus.FAILED).toBe(run.children.filter((c) => c.finalStatus === 'FAILED').length);
    expect(body.children.differences).toEqual([]);
    expect(body.partial).toEqual([]);
  });

  it('groups the failed children by the error and cause DescribeExecution gives each', () => {
    expect(body.failures.undescribed).toBe(0);
    expect(body.failures.failed).toBe(run.children.filter((c) => c.finalStatus === 'FAILED').length);
    expect(new Map(body.failures.groups.map((g) => [g.error ?? '', g.count]))).toEqual(run.errors);
    const counts = body.failures.groups.map((g) => g.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    for (const g of body.failures.groups) expect(g.causes.reduce((a, c) => a + c.count, 0)).toBe(g.count);
  });

  it('judges every child as any execution: consistent when its events all arrived, never when they were lost', () => {
    expect(body.executions).toHaveLength(run.children.length);
    const truth = new Map(run.children.map((c) => [c.executionArn, c]));
    for (const e of body.executions) {
      const t = truth.get(e.executionArn)!;
      expect(e.verdict, e.executionArn).not.toBeNull();
      if (t.dropMode === 'none') expect(e.verdict!.cause, e.verdict!.summary).toBe('consistent');
      if (t.dropMode === 'terminal' || t.dropMode === 'all') expect(e.verdict!.cause, e.verdict!.summary).not.toBe('consistent');
    }
    expect(body.verdicts.reduce((a, v) => a + v.count, 0)).toBe(run.children.length);
  });

  it('reconciles the children’s labelled series with their log events, a lost terminal event a gap', () => {
    expect(body.minutes).not.toBeNull();
    expect(body.minutes!.series).toEqual(['arn:aws:states:us-east-1:123456789012:stateMachine:batch-standard-dmap/ProcessItems']);
    for (const c of run.children.filter((x) => x.dropMode === 'terminal' || x.dropMode === 'all')) {
      const m = body.minutes!.minutes.find((x) => Date.parse(x.minute) <= c.endMs && c.endMs < Date.parse(x.minute) + MIN)!;
      expect(m, `the minute of ${c.executionArn}`).toBeDefined();
      expect(m.gap, m.minute).toBeGreaterThanOrEqual(1);
      expect(m.cause, m.minute).not.toBe('consistent');
    }
  });

  it('is linked from its parent execution’s page', async () => {
    const r = await fetch(`${appUrl}/executions/${encodeURIComponent(run.parentArn)}`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain(`/map-runs/${encodeURIComponent(run.mapRunArn)}`);
  });
});

describe('bad Map Run requests', () => {
  it.each([
    ['a malformed ARN', 'not-an-arn', 400],
    ['an execution ARN where a Map Run is expected', 'arn:aws:states:us-east-1:123456789012:execution:billing-standard:run-x', 400],
    ['a Map Run ARN with a quote', 'arn:aws:states:us-east-1:123456789012:mapRun:batch"/x:1', 400],
    ['an unknown Map Run', 'arn:aws:states:us-east-1:123456789012:mapRun:batch-standard-dmap/ProcessItems:00000000-0000-4000-8000-000000000000', 404],
  ])('refuses %s with a message', async (_label, arn, status) => {
    const r = await fetch(mapRunUrl(arn));
    expect(r.status).toBe(status);
    expect(((await r.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
  });

  it('refuses a query parameter it does not take', async () => {
    const r = await fetch(mapRunUrl('arn:aws:states:us-east-1:123456789012:mapRun:batch-standard-dmap/ProcessItems:00000000-0000-4000-8000-000000000000', '?form=now-1h'));
    expect(r.status).toBe(400);
  });
});
