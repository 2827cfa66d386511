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
