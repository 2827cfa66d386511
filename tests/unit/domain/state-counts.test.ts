import { describe, expect, it } from 'vitest';
import { stateVisitsQuery, type InsightsRow } from '@/lib/domain/insights-queries';
import { countStates } from '@/lib/domain/state-counts';
import { parseDefinition, type GraphScope } from '@/lib/domain/workflow-graph';

// The state machine page's per-state counts (docs/workflow-graph.md, "Per-state counts"), from rows
// shaped as `stateVisitsQuery` returns them: one per (execution, type, state).

const DEFINITION = JSON.stringify({
  StartAt: 'ReceiveOrder',
  States: {
    ReceiveOrder: { Type: 'Task', Resource: 'x', Next: 'FulfilInParallel' },
    FulfilInParallel: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'PickItems', States: { PickItems: { Type: 'Task', Resource: 'x', Next: 'PackParcel' }, PackParcel: { Type: 'Task', Resource: 'x', End: true } } },
        { StartAt: 'NotifyCustomer', States: { NotifyCustomer: { Type: 'Task', Resource: 'x', End: true } } },
      ],
      Next: 'CloseOrder',
    },
    CloseOrder: { Type: 'Pass', End: true },
  },
});

function root(): GraphScope {
  const parsed = parseDefinition(DEFINITION);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.root;
}

const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);
const insightsTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const ARN = (n: number) => `arn:aws:states:us-east-1:123456789012:execution:fulfil:run-${n}`;

/** The rows of one execution: `steps` are [type, state or null, count], each a second after the last. */
function execution(n: number, startAt: number, steps: Array<[string, string | null, number?]>): InsightsRow[] {
  return steps.map(([type, state, events], i) => [
    { field: 'execution_arn', value: ARN(n) },
    { field: 'type', value: type },
    { field: 'step', value: state ?? type },
    { field: 'events', value: String(events ?? 1) },
    { field: 'lastAt', value: insightsTime(startAt + i * 1000) },
  ]);
}

const visit = (state: string, type = 'Task'): Array<[string, string]> => [
  [`${type}StateEntered`, state],
  [`${type}StateExited`, state],
];

const SUCCEEDED: Array<[string, string | null]> = [
  ['ExecutionStarted', null],
  ...visit('ReceiveOrder'),
  ['ParallelStateEntered', 'FulfilInParallel'],
  ...visit('PickItems'),
  ...visit('NotifyCustomer'),
  ...visit('PackParcel'),
  ['ParallelStateExited', 'FulfilInParallel'],
  ...visit('CloseOrder', 'Pass'),
  ['ExecutionSucceeded', null],
];

const window = { from: T0, to: T0 + 3_600_000 };
const NOW = T0 + 3 * 3_600_000;
const opts = { window, settledBefore: NOW - 3_600_000, limit: 1000 };

describe('stateVisitsQuery', () => {
  it('groups by a state name that is never missing, so no row depends on how Logs Insights groups records without a `by` field', () => {
    const q = stateVisitsQuery();
    expect(q).toContain('coalesce(details.name, type) as step');
    expect(q).toContain('by execution_arn, type, step');
    expect(q).toContain('sort lastAt desc');
  });
});

describe('countStates', () => {
  it('counts each execution once per state it entered, and the way it ended', () => {
    const rows = [...execution(1, T0 + 60_000, SUCCEEDED), ...execution(2, T0 + 120_000, SUCCEEDED)];
    const c = countStates(rows, root(), opts);
    expect(c.executions).toBe(2);
    expect(c.ended).toEqual({ succeeded: 2, failed: 0, aborted: 0, redriven: 0, noTerminal: 0 });
    for (const s of ['ReceiveOrder', 'FulfilInParallel', 'PickItems', 'PackParcel', 'NotifyCustomer', 'CloseOrder']) expect(c.byState[s]).toEqual({ entered: 2, failed: 0, dropped: 0, notAttributedInside: 0 });
  });

  it('gives a failure inside a branch to the state open when the execution failed, and to the Parallel state around it', () => {
    const rows = execution(1, T0 + 60_000, [['ExecutionStarted', null], ...visit('ReceiveOrder'), ['ParallelStateEntered', 'FulfilInParallel'], ...visit('NotifyCustomer'), ...visit('PickItems'), ['TaskStateEntered', 'PackParcel'], ['ExecutionFailed', null]]);
    const c = countStates(rows, root(), opts);
    expect(c.byState.PackParcel).toMatchObject({ entered: 1, failed: 1, dropped: 0 });
    expect(c.byState.FulfilInParallel).toMatchObject({ entered: 1, failed: 1, notAttributedInside: 0 });
    expect(c.byState.PickItems).toMatchObject({ entered: 1, failed: 0 });
    expect(c.byState.CloseOrder).toMatchObject({ entered: 0, failed: 0 });
  });

  it('with both branches open when it failed, gives the failure to the Parallel state only and says it could not tell which branch', () => {
    const rows = execution(1, T0 + 60_000, [['ExecutionStarted', null], ...visit('ReceiveOrder'), ['ParallelStateEntered', 'FulfilInParallel'], ['TaskStateEntered', 'PickItems'], ['TaskStateEntered', 'NotifyCustomer'], ['ExecutionFailed', null]]);
    const c = countStates(rows, root(), opts);
    expect(c.byState.FulfilInParallel).toMatchObject({ failed: 1, notAttributedInside: 1 });
    expect(c.byState.PickItems!.failed).toBe(0);
    expect(c.byState.NotifyCustomer!.failed).toBe(0);
  });

  it('counts an execution that entered a state and logged nothing more for over the settle window as dropped after that state', () => {
    const rows = execution(1, T0 + 60_000, [['ExecutionStarted', null], ...visit('ReceiveOrder'), ['ParallelStateEntered', 'FulfilInParallel'], ...visit('NotifyCustomer'), ['TaskStateEntered', 'PickItems']]);
    const c = countStates(rows, root(), opts);
    expect(c.byState.PickItems).toMatchObject({ entered: 1, dropped: 1, failed: 0 });
    expect(c.byState.FulfilInParallel).toMatchObject({ dropped: 1 });
    expect(c.byState.ReceiveOrder!.dropped).toBe(0);
    expect(c.ended.noTerminal).toBe(1);
  });

  it('does not call an execution dropped while its last event is newer than the settle window: it may still be running', () => {
    const rows = execution(1, T0 + 60_000, [['ExecutionStarted', null], ['TaskStateEntered', 'ReceiveOrder']]);
    const c = countStates(rows, root(), { ...opts, settledBefore: T0 });
    expect(c.byState.ReceiveOrder).toMatchObject({ entered: 1, dropped: 0 });
    expect(c.recent).toBe(1);
  });

  it('names an execution whose record stops after an exit as unattributed rather than guessing the state', () => {
    const failedBeforeAnyState = execution(1, T0 + 60_000, [['ExecutionStarted', null], ['ExecutionFailed', null]]);
    const stopsAfterExit = execution(2, T0 + 120_000, [['ExecutionStarted', null], ...visit('ReceiveOrder')]);
    // The exit of ReceiveOrder was lost and the record then stops in CloseOrder: two open states, nothing encloses both.
    const lostExit = execution(3, T0 + 180_000, [['ExecutionStarted', null], ['TaskStateEntered', 'ReceiveOrder'], ['PassStateEntered', 'CloseOrder']]);
    const c = countStates([...failedBeforeAnyState, ...stopsAfterExit, ...lostExit], root(), opts);
    expect(c.unattributed).toEqual({ failed: 1, dropped: 1, ambiguous: 1 });
    expect(c.byState.ReceiveOrder).toMatchObject({ entered: 2, failed: 0, dropped: 0 });
    expect(c.byState.CloseOrder).toMatchObject({ entered: 1, dropped: 0 });
  });

  it('leaves out executions that started outside the window, Distributed Map children, and names states the definition lacks', () => {
    const before = execution(1, T0 - 60_000, SUCCEEDED);
    const child = execution(2, T0 + 60_000, SUCCEEDED).map((r) => r.map((cell) => (cell.field === 'execution_arn' ? { ...cell, value: `${ARN(2)}/PostEntries:abc` } : cell)));
    const renamed = execution(3, T0 + 120_000, [['ExecutionStarted', null], ['TaskStateEntered', 'OldName'], ['ExecutionFailed', null]]);
    const c = countStates([...before, ...child, ...renamed], root(), opts);
    expect(c.executions).toBe(1);
    expect(c.byState.ReceiveOrder!.entered).toBe(0);
    expect(c.unknownStates).toEqual(['OldName']);
    expect(c.unattributed.ambiguous).toBe(1);
  });

  it('when the row limit is reached, counts only the executions all of whose rows are newer than the oldest row returned', () => {
    const older = execution(1, T0 + 60_000, SUCCEEDED);
    const newer = execution(2, T0 + 600_000, SUCCEEDED);
    // Newest first, cut by the limit in the middle of the older execution's rows.
    const rows = [...newer.reverse(), ...older.reverse().slice(0, 5)];
    const c = countStates(rows, root(), { ...opts, limit: rows.length });
    expect(c.executions).toBe(1);
    expect(c.byState.ReceiveOrder!.entered).toBe(1);
    expect(c.cut).not.toBeNull();
  });

  it('counts a redriven execution as entering its states, never as failed there', () => {
    const rows = execution(1, T0 + 60_000, [['ExecutionStarted', null], ['TaskStateEntered', 'ReceiveOrder', 2], ['TaskStateExited', 'ReceiveOrder'], ['ExecutionFailed', null], ['ExecutionRedriven', null]]);
    const c = countStates(rows, root(), opts);
    expect(c.byState.ReceiveOrder).toMatchObject({ entered: 1, failed: 0, dropped: 0 });
    expect(c.ended.redriven).toBe(1);
  });
});
