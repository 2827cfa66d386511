// GET /api/state-machines/{arn}/graph on the running app and the simulated account: per-state counts
// over a window against the simulator's ground truth (docs/workflow-graph.md, "Per-state counts").
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { groundTruth, setFaults, simNow, smArn } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');

interface Count {
  entered: number;
  failed: number;
  dropped: number;
  notAttributedInside: number;
}

interface GraphBody {
  stateMachine: { name: string; level: string };
  definition: string | null;
  counts: {
    byState: Record<string, Count>;
    executions: number;
    ended: { succeeded: number; failed: number; aborted: number; redriven: number; noTerminal: number };
    recent: number;
    unattributed: { failed: number; dropped: number; ambiguous: number };
    unknownStates: string[];
    cut: { from: string } | null;
  } | null;
  unavailable: { reason: string; message: string } | null;
  partial: Array<{ action: string; error: string; what: string }>;
  scanned: { queries: number; bytesScanned: number };
}

const graph = (name: string, query: string) => fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn(name))}/graph?${query}`);

describe('GET /api/state-machines/{arn}/graph', () => {
  // A settled window of fulfil-standard-parallel: its executions ended more than the settle window (1 h) ago.
  let window: URLSearchParams;
  let from: number;
  let to: number;
  beforeAll(async () => {
    const now = await simNow(simUrl);
    from = now - 170 * 60_000;
    to = now - 100 * 60_000;
    window = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  });
  afterEach(async () => {
    await setFaults(simUrl, null);
  });

  it('counts, per state of fulfil-standard-parallel, the executions that entered it, failed in it and were dropped after it, as far as the ground truth was logged', async () => {
    const r = await graph('fulfil-standard-parallel', window.toString());
    expect(r.status).toBe(200);
    const body = (await r.json()) as GraphBody;
    expect(body.unavailable).toBeNull();
    expect(body.partial).toEqual([]);
    expect(body.scanned.queries).toBe(1);
    const c = body.counts!;
    expect(Object.keys(c.byState).sort()).toEqual(['CloseOrder', 'FulfilInParallel', 'NotifyCustomer', 'PackParcel', 'PickItems', 'ReceiveOrder']);

    const truth = (await groundTruth(simUrl, 'fulfil-standard-parallel', from, to)).filter((t) => !t.parentArn);
    const whole = truth.filter((t) => t.dropMode === 'none');
    const lossy = truth.filter((t) => t.dropMode !== 'none');
    expect(whole.length, 'the window holds fully logged executions').toBeGreaterThan(20);
    expect(lossy.length, 'and some that lost events').toBeGreaterThan(0);
    const failedAt = (state: string, of = truth) => of.filter((t) => t.finalStatus === 'FAILED' && (t.cause ?? '').startsWith(`${state} failed`)).length;

    // Every execution enters ReceiveOrder: each fully logged one is counted, a lossy one may not be.
    expect(c.executions).toBeGreaterThanOrEqual(whole.length);
    expect(c.executions).toBeLessThanOrEqual(truth.length);
    expect(c.byState.ReceiveOrder!.entered).toBeGreaterThanOrEqual(whole.length);
    expect(c.byState.ReceiveOrder!.entered).toBeLessThanOrEqual(c.executions);
    // CloseOrder (the last state) is entered by the executions that got past the Parallel state: those
    // that succeeded, and those the simulator fails after it (their cause names CloseOrder).
    expect(c.byState.CloseOrder!.entered).toBeGreaterThanOrEqual(whole.filter((t) => t.finalStatus === 'SUCCEEDED').length + failedAt('CloseOrder', whole));
    expect(c.byState.CloseOrder!.entered).toBeLessThanOrEqual(truth.filter((t) => t.finalStatus === 'SUCCEEDED').length + failedAt('CloseOrder'));
    // Those fail with CloseOrder already exited: no state was open, so the failure is given to none.
    expect(c.byState.CloseOrder!.failed).toBe(0);
    expect(c.unattributed.failed).toBeGreaterThanOrEqual(failedAt('CloseOrder', whole));

    // A failure is given to the state the execution was in when it failed.
    const lossyFailed = lossy.filter((t) => t.finalStatus === 'FAILED').length;
    expect(c.byState.ReceiveOrder!.failed).toBeGreaterThanOrEqual(failedAt('ReceiveOrder', whole));
    expect(c.byState.ReceiveOrder!.failed).toBeLessThanOrEqual(failedAt('ReceiveOrder') + lossyFailed);
    const inBranches = ['PickItems', 'PackParcel', 'NotifyCustomer'];
    const branchFailures = inBranches.reduce((n, s) => n + failedAt(s, whole), 0);
    expect(branchFailures, 'some fully logged executions failed inside a branch').toBeGreaterThan(0);
    expect(c.byState.FulfilInParallel!.failed).toBeGreaterThanOrEqual(branchFailures);
    for (const s of inBranches) expect(c.byState[s]!.failed, s).toBeLessThanOrEqual(failedAt(s) + lossyFailed);
    // What the Parallel state counts is its branches' failures, given to one branch state or said not to
    // be (a branch state's failure whose ParallelStateEntered was lost counts in the branch only).
    expect(c.byState.FulfilInParallel!.failed).toBeLessThanOrEqual(inBranches.reduce((n, s) => n + c.byState[s]!.failed, 0) + c.byState.FulfilInParallel!.notAttributedInside);

    // Dropped: only an execution that lost events can have no terminal event.
    expect(c.recent).toBe(0);
    expect(c.ended.noTerminal).toBeLessThanOrEqual(lossy.length);
    const droppedInLeaves = ['ReceiveOrder', 'CloseOrder', ...inBranches].reduce((n, s) => n + c.byState[s]!.dropped, 0);
    expect(droppedInLeaves + c.byState.FulfilInParallel!.notAttributedInside + c.unattributed.dropped + c.unattributed.ambiguous).toBeGreaterThanOrEqual(c.ended.noTerminal - c.ended.redriven);
    expect(c.ended.succeeded + c.ended.failed + c.ended.aborted + c.ended.redriven + c.ended.noTerminal).toBe(c.executions);
  });

  it('gives no counts, and says why, for a state machine logging at level ERROR', async () => {
    const body = (await (await graph('ingest-express-error-level', window.toString())).json()) as GraphBody;
    expect(body.counts).toBeNull();
    expect(body.unavailable).toMatchObject({ reason: 'level' });
    expect(body.unavailable!.message).toContain('level ALL');
    expect(body.definition).not.toBeNull();
  });

  it('names a denied Logs Insights query as a partial read and gives no counts rather than zeros', async () => {
    await setFaults(simUrl, { deny: ['logs:StartQuery'] });
    // Another window than the first test's: a shared read of that one may still be kept.
    const denied = new URLSearchParams({ from: new Date(from - 60_000).toISOString(), to: window.get('to')! });
    const r = await graph('fulfil-standard-parallel', denied.toString());
    expect(r.status).toBe(200);
    const body = (await r.json()) as GraphBody;
    expect(body.counts).toBeNull();
    expect(body.unavailable).toMatchObject({ reason: 'read-failed' });
    expect(body.partial).toEqual([expect.objectContaining({ action: 'logs:StartQuery', error: 'AccessDeniedException', what: 'per-state counts (Logs Insights)' })]);
    expect(body.definition).not.toBeNull();
  });

  it('answers 400 with what was wrong for a parameter it does not take', async () => {
    const r = await graph('fulfil-standard-parallel', 'form=now-1h');
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('unknown-parameter');
  });
});
