import { describe, expect, it } from 'vitest';
import { flattenStates, markWorkflow, parseDefinition, type GraphEvent, type GraphScope } from '@/lib/domain/workflow-graph';

// A definition shaped like the simulated account's fulfil-standard-parallel, with a Choice, a Catch and an inline Map added.
const DEFINITION = JSON.stringify({
  StartAt: 'ReceiveOrder',
  States: {
    ReceiveOrder: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['States.ALL'] }], Next: 'FulfilInParallel' },
    FulfilInParallel: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'PickItems', States: { PickItems: { Type: 'Task', Resource: 'x', Next: 'PackParcel' }, PackParcel: { Type: 'Task', Resource: 'x', End: true } } },
        { StartAt: 'NotifyCustomer', States: { NotifyCustomer: { Type: 'Task', Resource: 'x', End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Compensate' }],
      Next: 'IsGift',
    },
    IsGift: { Type: 'Choice', Choices: [{ Variable: '$.gift', BooleanEquals: true, Next: 'WrapEach' }], Default: 'CloseOrder' },
    WrapEach: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Wrap', States: { Wrap: { Type: 'Pass', End: true } } }, Next: 'CloseOrder' },
    CloseOrder: { Type: 'Succeed' },
    Compensate: { Type: 'Fail', Error: 'OrderFailed' },
  },
});

function graph(): GraphScope {
  const parsed = parseDefinition(DEFINITION);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.root;
}

/** Events with ids 1…n, each one's previous the one before (as Express logs them). */
function chain(...specs: Array<[type: string, details?: Record<string, unknown>]>): GraphEvent[] {
  return specs.map(([type, details], i) => ({ id: i + 1, previousEventId: i, type, details: details ?? {} }));
}

const task = (name: string): Array<[string, Record<string, unknown>?]> => [['TaskStateEntered', { name }], ['TaskScheduled'], ['TaskStarted'], ['TaskSucceeded'], ['TaskStateExited', { name }]];

describe('parseDefinition', () => {
  it('nests Parallel branches and the Map body under their state, in the order the flow reaches them', () => {
    const parsed = parseDefinition(DEFINITION);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.stateCount).toBe(10);
    expect(parsed.root.states.map((s) => s.name)).toEqual(['ReceiveOrder', 'FulfilInParallel', 'IsGift', 'Compensate', 'WrapEach', 'CloseOrder']);
    const parallel = parsed.root.states[1];
    expect(parallel?.branches.map((b) => b.states.map((s) => s.name))).toEqual([['PickItems', 'PackParcel'], ['NotifyCustomer']]);
    expect(parallel?.transitions).toEqual([{ to: 'IsGift', via: 'next' }, { to: 'Compensate', via: 'catch' }]);
    expect(parallel?.hasCatch).toBe(true);
    expect(parsed.root.states.find((s) => s.name === 'IsGift')?.transitions).toEqual([{ to: 'WrapEach', via: 'choice' }, { to: 'CloseOrder', via: 'default' }]);
    expect(parsed.root.states.find((s) => s.name === 'WrapEach')).toMatchObject({ mapMode: 'INLINE', branches: [{ startAt: 'Wrap' }] });
    expect(flattenStates(parsed.root).find((f) => f.state.name === 'PackParcel')?.owner?.name).toBe('FulfilInParallel');
  });

  it('says why a definition cannot be drawn: the {} of a KMS-encrypted definition read without kms:Decrypt, bad JSON, a duplicate name', () => {
    expect(parseDefinition('{}')).toEqual({ ok: false, reason: 'the definition has no StartAt' });
    expect(parseDefinition(null)).toEqual({ ok: false, reason: 'the definition is empty' });
    expect(parseDefinition('{"StartAt":')).toEqual({ ok: false, reason: 'the definition is not JSON' });
    const duplicate = { StartAt: 'A', States: { A: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }], End: true } } };
    expect(parseDefinition(JSON.stringify(duplicate))).toMatchObject({ ok: false, reason: expect.stringContaining('"A" is used twice') });
    expect(parseDefinition(JSON.stringify({ StartAt: 'B', States: { A: { Type: 'Pass', End: true } } }))).toMatchObject({ ok: false, reason: expect.stringContaining('StartAt "B"') });
  });
});

describe('markWorkflow', () => {
  it('marks a run that failed inside a Parallel branch: the failing Task with its error and cause, the Parallel failed, the rest never reached', () => {
    const events = chain(
      ['ExecutionStarted'],
      ...task('ReceiveOrder'),
      ['ParallelStateEntered', { name: 'FulfilInParallel' }],
      ['ParallelStateStarted'],
      ...task('PickItems'),
      ['TaskStateEntered', { name: 'PackParcel' }],
      ['TaskScheduled'],
      ['TaskStarted'],
      ['TaskFailed', { error: 'States.TaskFailed', cause: 'PackParcel failed: upstream returned 503' }],
      ['ParallelStateFailed', { error: 'States.TaskFailed', cause: 'PackParcel failed: upstream returned 503' }],
      ['ExecutionFailed', { error: 'States.TaskFailed', cause: 'PackParcel failed: upstream returned 503' }],
    );
    const marks = markWorkflow(graph(), events, { level: 'ALL' });
    const outcome = (name: string) => marks.byState.get(name)?.outcome;
    expect(outcome('ReceiveOrder')).toBe('succeeded');
    expect(outcome('PickItems')).toBe('succeeded');
    expect(outcome('PackParcel')).toBe('failed');
    expect(marks.byState.get('PackParcel')?.failures).toEqual([{ eventId: 17, type: 'TaskFailed', error: 'States.TaskFailed', cause: 'PackParcel failed: upstream returned 503' }]);
    expect(outcome('FulfilInParallel')).toBe('failed');
    expect(marks.byState.get('FulfilInParallel')?.eventIds).toEqual([7, 8, 18]);
    for (const name of ['NotifyCustomer', 'IsGift', 'WrapEach', 'Wrap', 'CloseOrder', 'Compensate']) expect(outcome(name), name).toBe('never-reached');
    expect(marks.stops).toEqual([]);
    expect(marks.complete).toBe(true);
    expect(marks.terminal).toMatchObject({ type: 'ExecutionFailed', error: 'States.TaskFailed' });
    expect(marks.unattributed).toEqual([]);
  });

  it('attributes a Parallel event to the Parallel state when the chain is broken by the "0" Standard logs for a state entered', () => {
    const events = chain(['ExecutionStarted'], ['ParallelStateEntered', { name: 'FulfilInParallel' }], ['ParallelStateStarted'], ['TaskStateEntered', { name: 'NotifyCustomer' }], ['TaskScheduled'], ['TaskStarted'], ['TaskFailed', { error: 'E' }], ['ParallelStateFailed', { error: 'E' }]);
    for (const e of events) if (e.type.endsWith('StateEntered')) e.previousEventId = 0;
    const marks = markWorkflow(graph(), events, { level: 'ALL' });
    expect(marks.byState.get('FulfilInParallel')?.eventIds).toEqual([2, 3, 8]);
    expect(marks.byState.get('NotifyCustomer')?.eventIds).toEqual([4, 5, 6, 7]);
  });

  it('tells retried from caught: a failure followed by another attempt is a retry, one followed by the exit is caught', () => {
    const events = chain(
      ['ExecutionStarted'],
      ['TaskStateEntered', { name: 'ReceiveOrder' }],
      ['TaskScheduled'],
      ['TaskStarted'],
      ['TaskFailed', { error: 'Lambda.TooManyRequestsException' }],
      ['TaskScheduled'],
      ['TaskStarted'],
      ['TaskSucceeded'],
      ['TaskStateExited', { name: 'ReceiveOrder' }],
      ['ParallelStateEntered', { name: 'FulfilInParallel' }],
      ['ParallelStateStarted'],
      ['TaskStateEntered', { name: 'NotifyCustomer' }],
      ['TaskScheduled'],
      ['TaskStarted'],
      ['TaskFailed', { error: 'Mail.Down' }],
      ['ParallelStateFailed', { error: 'Mail.Down' }],
      ['ParallelStateExited', { name: 'FulfilInParallel' }],
      ['FailStateEntered', { name: 'Compensate' }],
      ['ExecutionFailed', { error: 'OrderFailed' }],
    );
    const marks = markWorkflow(graph(), events, { level: 'ALL' });
    expect(marks.byState.get('ReceiveOrder')).toMatchObject({ outcome: 'succeeded', retries: 1, failures: [{ error: 'Lambda.TooManyRequestsException' }] });
    expect(marks.byState.get('FulfilInParallel')).toMatchObject({ outcome: 'caught', retries: 0 });
    expect(marks.byState.get('NotifyCustomer')?.outcome).toBe('failed');
    expect(marks.byState.get('Compensate')?.outcome).toBe('failed');
    expect(marks.byState.get('IsGift')?.outcome).toBe('never-reached');
  });

  it('where the terminal event is missing, says the record stops at the last state that logged and what should have come next', () => {
    const events = chain(['ExecutionStarted'], ...task('ReceiveOrder'), ['ParallelStateEntered', { name: 'FulfilInParallel' }], ['ParallelStateStarted'], ...task('PickItems'));
    const marks = markWorkflow(graph(), events, { level: 'ALL' });
    expect(marks.stops).toEqual([
      { reason: 'no-terminal', afterEventId: 13, afterEventType: 'TaskStateExited', missing: null, lastState: 'PickItems', inside: false, expected: [{ kind: 'enter', state: 'PackParcel' }] },
    ]);
    expect(marks.complete).toBe(false);
    // Without a whole record, a state with no events may have run: not "never reached".
    expect(marks.byState.get('NotifyCustomer')?.outcome).toBe('not-logged');
    expect(marks.byState.get('FulfilInParallel')?.outcome).toBe('entered');
  });

  it('where the id chain has a gap, names the state that logged last before it; a branch’s last state is followed by its Parallel’s exit', () => {
    const all = chain(['ExecutionStarted'], ...task('ReceiveOrder'), ['ParallelStateEntered', { name: 'FulfilInParallel' }], ['ParallelStateStarted'], ...task('NotifyCustomer'), ['ParallelStateSucceeded'], ['ParallelStateExited', { name: 'FulfilInParallel' }], ['ExecutionSucceeded']);
    const gap = all.filter((e) => e.id !== 14);
    const marks = markWorkflow(graph(), gap, { level: 'ALL' });
    expect(marks.stops).toEqual([
      { reason: 'id-gap', afterEventId: 13, afterEventType: 'TaskStateExited', missing: { from: 14, to: 14 }, lastState: 'NotifyCustomer', inside: false, expected: [{ kind: 'exit', state: 'FulfilInParallel' }] },
    ]);
    const inTask = markWorkflow(graph(), all.filter((e) => e.id < 12), { level: 'ALL' });
    expect(inTask.stops[0]).toMatchObject({ lastState: 'NotifyCustomer', inside: true, expected: [{ kind: 'exit', state: 'NotifyCustomer' }] });
    const atParallel = markWorkflow(graph(), all.filter((e) => e.id < 8), { level: 'ALL' });
    expect(atParallel.stops[0]).toMatchObject({ lastState: 'FulfilInParallel', inside: true, expected: [{ kind: 'enter', state: 'PickItems' }, { kind: 'enter', state: 'NotifyCustomer' }] });
  });

  it('at level ERROR concludes neither "never reached" nor a stop: unlogged states are unknown', () => {
    const events: GraphEvent[] = [
      { id: 1, previousEventId: 0, type: 'ExecutionStarted', details: {} },
      { id: 9, previousEventId: 8, type: 'ExecutionFailed', details: { error: 'E' } },
    ];
    const marks = markWorkflow(graph(), events, { level: 'ERROR' });
    expect(marks.stops).toEqual([]);
    expect(marks.complete).toBe(false);
    expect([...marks.byState.values()].every((m) => m.outcome === 'not-logged')).toBe(true);
    // The control: the same ids at level ALL are a gap, and a stop.
    expect(markWorkflow(graph(), events, { level: 'ALL' }).stops.length).toBeGreaterThan(0);
  });

  it('where the first ids are missing, does not call the whole record and concludes no "never reached"', () => {
    const parsed = parseDefinition(JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } }));
    if (!parsed.ok) throw new Error(parsed.reason);
    const events: GraphEvent[] = [
      { id: 4, previousEventId: 3, type: 'PassStateEntered', details: { name: 'B' } },
      { id: 5, previousEventId: 4, type: 'PassStateExited', details: { name: 'B' } },
      { id: 6, previousEventId: 5, type: 'ExecutionSucceeded', details: {} },
    ];
    const marks = markWorkflow(parsed.root, events, { level: 'ALL' });
    expect(marks.complete).toBe(false);
    expect(marks.byState.get('A')?.outcome).not.toBe('never-reached');
    expect(marks.byState.get('A')?.outcome).toBe('not-logged');
    expect(marks.byState.get('B')?.outcome).toBe('succeeded');
    // The control: the whole record concludes it.
    const whole = markWorkflow(parsed.root, [{ id: 1, previousEventId: 0, type: 'ExecutionStarted', details: {} }, ...events.map((e) => ({ ...e, id: e.id - 2, previousEventId: e.id - 3 }))], { level: 'ALL' });
    expect(whole.complete).toBe(true);
    expect(whole.byState.get('A')?.outcome).toBe('never-reached');
  });

  it('forgets a terminal event followed by ExecutionRedriven: the execution runs again', () => {
    const events = chain(['ExecutionStarted'], ...task('ReceiveOrder'), ['ExecutionFailed', { error: 'E' }], ['ExecutionRedriven'], ['ParallelStateEntered', { name: 'FulfilInParallel' }]);
    const marks = markWorkflow(graph(), events, { level: 'ALL' });
    expect(marks.terminal).toBeNull();
    expect(marks.stops).toMatchObject([{ reason: 'no-terminal', lastState: 'FulfilInParallel' }]);
    const before = markWorkflow(graph(), events.slice(0, 7), { level: 'ALL' });
    expect(before.terminal).toMatchObject({ eventId: 7, type: 'ExecutionFailed', error: 'E' });
    const endedAgain = markWorkflow(graph(), chain(...events.map((e): [string, Record<string, unknown>] => [e.type, e.details]), ['ExecutionSucceeded']), { level: 'ALL' });
    expect(endedAgain.terminal).toMatchObject({ eventId: 10, type: 'ExecutionSucceeded' });
  });

  it('counts an inline Map’s iterations and its body’s entries', () => {
    const events = chain(
      ['ChoiceStateEntered', { name: 'IsGift' }],
      ['ChoiceStateExited', { name: 'IsGift' }],
      ['MapStateEntered', { name: 'WrapEach' }],
      ['MapStateStarted', { length: 2 }],
      ['MapIterationStarted', { index: 0, name: 'WrapEach' }],
      ['PassStateEntered', { name: 'Wrap' }],
      ['PassStateExited', { name: 'Wrap' }],
      ['MapIterationSucceeded', { index: 0, name: 'WrapEach' }],
      ['MapIterationStarted', { index: 1, name: 'WrapEach' }],
      ['PassStateEntered', { name: 'Wrap' }],
      ['PassStateExited', { name: 'Wrap' }],
      ['MapIterationSucceeded', { index: 1, name: 'WrapEach' }],
      ['MapStateSucceeded'],
      ['MapStateExited', { name: 'WrapEach' }],
    );
    const marks = markWorkflow(graph(), events, { level: 'ALL' });
    expect(marks.byState.get('WrapEach')).toMatchObject({ outcome: 'succeeded', iterations: 2 });
    expect(marks.byState.get('Wrap')).toMatchObject({ outcome: 'succeeded', entered: 2, exited: 2 });
    expect(marks.byState.get('IsGift')?.outcome).toBe('succeeded');
  });
});

describe('markWorkflow, a record that stops after a failure', () => {
  it('expects the Catch’s state or the end of the failure’s scope next', () => {
    const events = chain(['ExecutionStarted'], ['ParallelStateEntered', { name: 'FulfilInParallel' }], ['ParallelStateStarted'], ['TaskStateEntered', { name: 'PickItems' }], ['TaskScheduled'], ['TaskStarted'], ['TaskFailed', { error: 'E' }]);
    const inBranch = markWorkflow(graph(), events, { level: 'ALL' });
    expect(inBranch.stops[0]).toMatchObject({ lastState: 'PickItems', inside: true, expected: [{ kind: 'exit', state: 'FulfilInParallel' }] });
    const atParallel = markWorkflow(graph(), chain(...events.map((e): [string, Record<string, unknown>] => [e.type, e.details]), ['ParallelStateFailed', { error: 'E' }]), { level: 'ALL' });
    expect(atParallel.stops[0]).toMatchObject({ lastState: 'FulfilInParallel', inside: true, expected: [{ kind: 'enter', state: 'Compensate' }, { kind: 'terminal' }] });
  });
});
