import { describe, expect, it } from 'vitest';
import { markWorkflow, parseDefinition } from '@/lib/domain/workflow-graph';
import { SimAccount } from '../../../sim/model';
import { profileByName } from '../../../sim/scenarios';
import { handleSfnRequest } from '../../../sim/sfn';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const account = new SimAccount(profileByName('demo'), 42, T0);
const sm = account.stateMachineByName('fulfil-standard-parallel')!;
const executions = [...account.executions(sm, T0 - 3 * 3600_000, T0 - 30 * 60_000)];

function definition(): string {
  const r = handleSfnRequest('DescribeStateMachine', JSON.stringify({ stateMachineArn: sm.arn }), account, T0);
  return String((JSON.parse(r.body) as { definition: string }).definition);
}

describe('the simulated account’s state machine with a Parallel state (fulfil-standard-parallel)', () => {
  it('describes a Parallel state with two branches in its definition', () => {
    const parsed = parseDefinition(definition());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.root.states.map((s) => [s.name, s.type])).toEqual([['ReceiveOrder', 'Task'], ['FulfilInParallel', 'Parallel'], ['CloseOrder', 'Pass']]);
    expect(parsed.root.states[1]?.branches.map((b) => b.states.map((s) => s.name))).toEqual([['PickItems', 'PackParcel'], ['NotifyCustomer']]);
  });

  it('fails some executions inside a branch: the branch Task failed, the Parallel state failed, the execution failed with that cause', () => {
    const parsed = parseDefinition(definition());
    if (!parsed.ok) throw new Error(parsed.reason);
    const inBranch = executions.filter((e) => e.finalStatus === 'FAILED' && /^(PickItems|PackParcel|NotifyCustomer) failed/.test(e.cause ?? ''));
    expect(inBranch.length).toBeGreaterThan(3);
    for (const e of inBranch.slice(0, 5)) {
      const failing = (e.cause ?? '').split(' ')[0] ?? '';
      const history = account.history(e).map((ev) => ({ id: ev.id, previousEventId: ev.previousEventId, type: ev.type, details: ev.details }));
      const marks = markWorkflow(parsed.root, history, { level: 'ALL' });
      expect(marks.byState.get(failing)?.outcome, e.arn).toBe('failed');
      expect(marks.byState.get(failing)?.failures[0]?.cause).toBe(e.cause);
      expect(marks.byState.get('FulfilInParallel')?.outcome).toBe('failed');
      expect(marks.byState.get('CloseOrder')?.outcome).toBe('never-reached');
      expect(marks.terminal?.type).toBe('ExecutionFailed');
      expect(marks.unattributed).toEqual([]);
    }
  });

  it('starts every branch together and interleaves their events, each branch chained to its own previous event', () => {
    const runs = executions.filter((e) => e.finalStatus === 'SUCCEEDED').slice(0, 20);
    expect(runs.length).toBeGreaterThan(5);
    let interleaved = 0;
    for (const e of runs) {
      const h = account.history(e);
      expect(h.map((ev) => ev.id)).toEqual(h.map((_, i) => i + 1));
      // Event ids follow time.
      expect(h.every((ev, i) => i === 0 || ev.timestamp >= h[i - 1]!.timestamp), e.arn).toBe(true);
      const parallelStarted = h.find((ev) => ev.type === 'ParallelStateStarted')!;
      const firsts = ['PickItems', 'NotifyCustomer'].map((name) => h.find((ev) => ev.type === 'TaskStateEntered' && ev.details.name === name)!);
      // Both branches' first states are entered right after the Parallel starts, before any of their other events.
      expect(firsts.map((ev) => ev.id).sort((a, b) => a - b)).toEqual([parallelStarted.id + 1, parallelStarted.id + 2]);
      for (const ev of firsts) expect(ev.timestamp - parallelStarted.timestamp).toBeLessThanOrEqual(5);
      const pick = h.find((ev) => ev.type === 'TaskStateExited' && ev.details.name === 'PickItems')!;
      const notify = h.find((ev) => ev.type === 'TaskStateExited' && ev.details.name === 'NotifyCustomer')!;
      const pack = h.find((ev) => ev.type === 'TaskStateEntered' && ev.details.name === 'PackParcel')!;
      if (notify.id > pick.id && notify.id > pack.id) interleaved++;
      // Each branch's non-entered events follow their own branch's events, never the other branch's.
      const branchOf = new Map<number, string>();
      for (const ev of h) {
        const name = typeof ev.details.name === 'string' ? ev.details.name : undefined;
        if (name === 'PickItems' || name === 'PackParcel') branchOf.set(ev.id, 'b1');
        else if (name === 'NotifyCustomer') branchOf.set(ev.id, 'b2');
        else if (ev.type.startsWith('Task') && ev.previousEventId > 0 && branchOf.has(ev.previousEventId)) branchOf.set(ev.id, branchOf.get(ev.previousEventId)!);
      }
      const inBranches = h.filter((ev) => ev.id > parallelStarted.id && ev.type.startsWith('Task'));
      expect(inBranches.every((ev) => branchOf.has(ev.id)), e.arn).toBe(true);
      expect(inBranches.filter((ev) => ev.type === 'TaskScheduled').map((ev) => branchOf.get(ev.id)).sort()).toEqual(['b1', 'b1', 'b2']);
    }
    // Branch 2's single state often runs on past branch 1's first state and into its second.
    expect(interleaved).toBeGreaterThan(0);
  });

  it('when a branch fails, stops the others: their running state entered and never exited, then ParallelStateFailed', () => {
    const inBranch = executions.filter((e) => e.finalStatus === 'FAILED' && /^(PickItems|PackParcel|NotifyCustomer) failed/.test(e.cause ?? ''));
    let stoppedMidState = 0;
    for (const e of inBranch) {
      const failing = (e.cause ?? '').split(' ')[0] ?? '';
      const h = account.history(e);
      const taskFailed = h.filter((ev) => ev.type === 'TaskFailed');
      expect(taskFailed, e.arn).toHaveLength(1);
      const parallelFailed = h.find((ev) => ev.type === 'ParallelStateFailed')!;
      // ParallelStateFailed right after the failing TaskFailed, then ExecutionFailed; nothing of any branch after the failure.
      expect(parallelFailed.id).toBe(taskFailed[0]!.id + 1);
      expect(parallelFailed.previousEventId).toBe(taskFailed[0]!.id);
      expect(h.slice(parallelFailed.id).map((ev) => ev.type)).toEqual(['ExecutionFailed']);
      expect(h.some((ev) => ev.type === 'TaskStateExited' && ev.details.name === failing)).toBe(false);
      // Both branches started.
      expect(h.some((ev) => ev.type === 'TaskStateEntered' && ev.details.name === 'PickItems')).toBe(true);
      expect(h.some((ev) => ev.type === 'TaskStateEntered' && ev.details.name === 'NotifyCustomer')).toBe(true);
      const entered = h.filter((ev) => ev.type === 'TaskStateEntered').map((ev) => String(ev.details.name));
      const exited = new Set(h.filter((ev) => ev.type === 'TaskStateExited').map((ev) => String(ev.details.name)));
      if (entered.some((name) => name !== failing && !exited.has(name))) stoppedMidState++;
    }
    expect(stoppedMidState).toBeGreaterThan(0);
  });

  it("names the account's own Region in every Task event, inside the branches too (an organisation member in eu-west-1)", () => {
    const eu = new SimAccount(profileByName('demo'), 42, T0, '210987654321', 'eu-west-1');
    const euSm = eu.stateMachineByName('fulfil-standard-parallel')!;
    const run = [...eu.executions(euSm, T0 - 3 * 3600_000, T0 - 30 * 60_000)].find((e) => e.finalStatus === 'SUCCEEDED')!;
    const regions = eu.history(run).filter((ev) => ev.type === 'TaskScheduled').map((ev) => ev.details.region);
    expect(regions).toHaveLength(4);
    expect(new Set(regions)).toEqual(new Set(['eu-west-1']));
  });

  it('picks only a Task of a branch as where a Parallel state fails', () => {
    const step = { name: 'P', kind: 'Parallel' as const, branches: [[{ name: 'Wait1', kind: 'Wait' as const }, { name: 'T1', kind: 'Task' as const, resource: 'r' }], [{ name: 'Pass2', kind: 'Pass' as const }]] };
    for (let index = 0; index < 200; index++) expect(account.parallelFailure(step, 7, index)).toEqual({ branch: 0, at: 1, step: step.branches[0]![1] });
    expect(account.parallelFailure({ name: 'P', kind: 'Parallel', branches: [[{ name: 'Pass2', kind: 'Pass' }]] }, 7, 0)).toBeNull();
  });

  it('a succeeded execution marks every state succeeded', () => {
    const parsed = parseDefinition(definition());
    if (!parsed.ok) throw new Error(parsed.reason);
    const ok = executions.find((e) => e.finalStatus === 'SUCCEEDED');
    expect(ok).toBeDefined();
    const history = account.history(ok!).map((ev) => ({ id: ev.id, previousEventId: ev.previousEventId, type: ev.type, details: ev.details }));
    const marks = markWorkflow(parsed.root, history, { level: 'ALL' });
    expect([...marks.byState.entries()].filter(([, m]) => m.outcome !== 'succeeded')).toEqual([]);
  });
});
