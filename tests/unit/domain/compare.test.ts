import { describe, expect, it } from 'vitest';
import { alignVisits, compareExecutions, diffJson, diffPayloads, payloadsOfEvents, stateVisits } from '@/lib/domain/compare';
import type { ExecutionLogEvent } from '@/lib/domain/types';
import { makeEvent } from './builders';

const T0 = Date.UTC(2026, 0, 1, 12);

/** Events from a compact script: [type, state name or details, at (ms after T0)]. */
function events(script: Array<[string, string | Record<string, unknown> | null, number]>): ExecutionLogEvent[] {
  return script.map(([type, d, at], i) => makeEvent({ id: i + 1, type, eventTimestamp: T0 + at, details: typeof d === 'string' ? { name: d } : (d ?? {}) }));
}

const SUCCEEDED = events([
  ['ExecutionStarted', { input: '{"order":{"id":"o-1","items":[1,2]},"priority":false}' }, 0],
  ['TaskStateEntered', 'Validate', 5],
  ['TaskScheduled', null, 6],
  ['TaskSucceeded', null, 100],
  ['TaskStateExited', 'Validate', 101],
  ['TaskStateEntered', 'Charge', 105],
  ['TaskSucceeded', null, 300],
  ['TaskStateExited', 'Charge', 301],
  ['ExecutionSucceeded', { output: '{"ok":true}' }, 302],
]);

const FAILED_IN_CHARGE = events([
  ['ExecutionStarted', { input: '{"order":{"id":"o-2","items":[1]},"coupon":"X"}' }, 0],
  ['TaskStateEntered', 'Validate', 5],
  ['TaskScheduled', null, 6],
  ['TaskSucceeded', null, 150],
  ['TaskStateExited', 'Validate', 151],
  ['TaskStateEntered', 'Charge', 155],
  ['TaskFailed', { error: 'Card.Declined' }, 200],
  ['ExecutionFailed', { error: 'Card.Declined', cause: 'declined' }, 201],
]);

describe('stateVisits', () => {
  it('groups events into visits with their outcome, and a failure ends the open visit as failed', () => {
    const { visits, status } = stateVisits(FAILED_IN_CHARGE);
    expect(status).toBe('FAILED');
    expect(visits.map((v) => [v.name, v.occurrence, v.outcome, v.error])).toEqual([
      ['Validate', 1, 'exited', null],
      ['Charge', 1, 'failed', 'Card.Declined'],
    ]);
    expect(visits[0]!.eventIds).toEqual([2, 3, 4, 5]);
  });

  it('counts a second visit of the same state as occurrence 2', () => {
    const loop = events([
      ['PassStateEntered', 'Poll', 0],
      ['PassStateExited', 'Poll', 10],
      ['PassStateEntered', 'Poll', 20],
      ['PassStateExited', 'Poll', 35],
      ['ExecutionSucceeded', {}, 40],
    ]);
    expect(stateVisits(loop).visits.map((v) => [v.name, v.occurrence, v.exitedAt! - v.enteredAt!])).toEqual([
      ['Poll', 1, 10],
      ['Poll', 2, 15],
    ]);
  });

  it('keeps a visit whose entered event never arrived, from its exit, with no duration', () => {
    const gap = events([
      ['ExecutionStarted', {}, 0],
      ['TaskStateExited', 'Validate', 50],
      ['ExecutionSucceeded', {}, 60],
    ]);
    const [v] = stateVisits(gap).visits;
    expect(v).toMatchObject({ name: 'Validate', enteredAt: null, outcome: 'exited' });
  });

  it('keeps a Parallel state one visit while its branches run, with its own events', () => {
    const parallel = events([
      ['ParallelStateEntered', 'P', 0],
      ['TaskStateEntered', 'A', 5],
      ['TaskStateExited', 'A', 10],
      ['ParallelStateSucceeded', null, 11],
      ['ParallelStateExited', 'P', 12],
    ]);
    const { visits } = stateVisits(parallel);
    expect(visits.map((v) => [v.name, v.occurrence, v.outcome])).toEqual([
      ['P', 1, 'exited'],
      ['A', 1, 'exited'],
    ]);
    expect(visits[0]).toMatchObject({ enteredAt: T0, exitedAt: T0 + 12, eventIds: [1, 4, 5] });
    expect(visits[1]!.eventIds).toEqual([2, 3]);
  });

  it('ends every visit still open when the execution fails, the inner and the outer', () => {
    const failed = events([
      ['ParallelStateEntered', 'P', 0],
      ['TaskStateEntered', 'A', 5],
      ['TaskFailed', { error: 'E' }, 8],
      ['ExecutionFailed', { error: 'States.Runtime' }, 9],
    ]);
    const { visits, status, endedAt } = stateVisits(failed);
    expect([status, endedAt]).toEqual(['FAILED', T0 + 9]);
    expect(visits.map((v) => [v.name, v.outcome, v.error, v.exitedAt])).toEqual([
      ['P', 'failed', 'States.Runtime', T0 + 9],
      ['A', 'failed', 'E', T0 + 9],
    ]);
  });

  it('forgets the end of an execution that was redriven afterwards', () => {
    const redriven = events([
      ['TaskStateEntered', 'A', 0],
      ['TaskFailed', { error: 'E' }, 1],
      ['ExecutionFailed', { error: 'E' }, 2],
      ['ExecutionRedriven', {}, 10],
      ['TaskStateEntered', 'A', 11],
    ]);
    const r = stateVisits(redriven);
    expect([r.status, r.endedAt]).toEqual(['UNKNOWN', null]);
    expect(r.visits.map((v) => [v.name, v.occurrence, v.outcome])).toEqual([
      ['A', 1, 'failed'],
      ['A', 2, 'open'],
    ]);
    const endedAgain = stateVisits(events([
      ['ExecutionFailed', { error: 'E' }, 2],
      ['ExecutionRedriven', {}, 10],
      ['ExecutionSucceeded', {}, 20],
    ]));
    expect([endedAgain.status, endedAgain.endedAt]).toEqual(['SUCCEEDED', T0 + 20]);
  });
});

describe('compareExecutions', () => {
  it('names the state where a failed execution parted from one that worked, with timing per state', () => {
    const c = compareExecutions({ events: FAILED_IN_CHARGE, ...payloadsOfEvents(FAILED_IN_CHARGE) }, { events: SUCCEEDED, ...payloadsOfEvents(SUCCEEDED) });
    expect(c.divergence).toMatchObject({ kind: 'different-outcome', state: 'Charge', rowIndex: 1 });
    expect(c.divergence!.summary).toBe('In Charge: A failed in Charge (Card.Declined), B went through Charge.');
    expect(c.rows.map((r) => [r.name, r.status, r.durationA, r.durationB, r.deltaMs])).toEqual([
      ['Validate', 'same', 146, 96, 50],
      ['Charge', 'different-outcome', 46, 196, -150],
    ]);
    expect([c.statusA, c.statusB]).toEqual(['FAILED', 'SUCCEEDED']);
    expect(c.output.missing).toBe('a');
  });

  it('says which side stops when one ran states the other never reached', () => {
    const short = events([
      ['TaskStateEntered', 'Validate', 5],
      ['TaskStateExited', 'Validate', 101],
      ['ExecutionAborted', {}, 102],
    ]);
    const c = compareExecutions({ events: short, input: null, output: null }, { events: SUCCEEDED, input: null, output: null });
    expect(c.divergence).toMatchObject({ kind: 'stops', state: 'Charge', rowIndex: 1 });
    expect(c.divergence!.summary).toBe('A stops after Validate (ABORTED); B goes on to Charge.');
    expect(c.rows[1]).toMatchObject({ status: 'only-b', a: null });
  });

  it('says where the two went to different states, and gives each side’s extra state a row of its own', () => {
    const a = events([
      ['ChoiceStateEntered', 'IsPriority', 0],
      ['ChoiceStateExited', 'IsPriority', 1],
      ['TaskStateEntered', 'Express', 2],
      ['TaskStateExited', 'Express', 9],
      ['ExecutionSucceeded', {}, 10],
    ]);
    const b = events([
      ['ChoiceStateEntered', 'IsPriority', 0],
      ['ChoiceStateExited', 'IsPriority', 1],
      ['TaskStateEntered', 'Ground', 2],
      ['TaskStateExited', 'Ground', 20],
      ['ExecutionSucceeded', {}, 21],
    ]);
    const c = compareExecutions({ events: a, input: null, output: null }, { events: b, input: null, output: null });
    expect(c.divergence).toMatchObject({ kind: 'different-state', state: 'Express', summary: 'A went to Express after IsPriority, B went to Ground.' });
    expect(c.rows.map((r) => [r.name, r.status])).toEqual([
      ['IsPriority', 'same'],
      ['Express', 'only-a'],
      ['Ground', 'only-b'],
    ]);
  });

  it('finds no divergence between two runs of the same path, and lists missing event ids of each side', () => {
    const withGap = SUCCEEDED.filter((e) => e.id !== 3);
    const c = compareExecutions({ events: SUCCEEDED, input: null, output: null }, { events: withGap, input: null, output: null });
    expect(c.divergence).toBeNull();
    expect(c.missingIdsA).toEqual([]);
    expect(c.missingIdsB).toEqual([3]);
  });

  it('keeps every visit of both sides when they ran in another order', () => {
    const a = stateVisits(events([['PassStateEntered', 'X', 0], ['PassStateExited', 'X', 1], ['PassStateEntered', 'Y', 2], ['PassStateExited', 'Y', 3]])).visits;
    const b = stateVisits(events([['PassStateEntered', 'Y', 0], ['PassStateExited', 'Y', 1], ['PassStateEntered', 'X', 2], ['PassStateExited', 'X', 3]])).visits;
    const rows = alignVisits(a, b);
    expect(rows.filter((r) => r.a).length).toBe(2);
    expect(rows.filter((r) => r.b).length).toBe(2);
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ['X', 'only-a'],
      ['Y', 'same'],
      ['X', 'only-b'],
    ]);
  });
});

describe('diffJson', () => {
  it('lists added, removed and changed paths, arrays by index', () => {
    const { changes } = diffJson({ order: { id: 'o-1', items: [1, 2] }, priority: false }, { order: { id: 'o-2', items: [1] }, coupon: 'X' });
    expect(changes).toEqual([
      { path: '$.order.id', kind: 'changed', a: '"o-1"', b: '"o-2"' },
      { path: '$.order.items[1]', kind: 'removed', a: '2' },
      { path: '$.priority', kind: 'removed', a: 'false' },
      { path: '$.coupon', kind: 'added', b: '"X"' },
    ]);
  });

  it('quotes keys that are not identifiers, and treats a change of type as one change', () => {
    expect(diffJson({ 'a b': 1, n: { x: 1 } }, { 'a b': 2, n: [1] }).changes).toEqual([
      { path: '$["a b"]', kind: 'changed', a: '1', b: '2' },
      { path: '$.n', kind: 'changed', a: '{"x":1}', b: '[1]' },
    ]);
  });

  it('stops at the limit and says so', () => {
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    const d = diffJson({}, many, 3);
    expect(d.changes).toHaveLength(3);
    expect(d.truncated).toBe(true);
  });

  it('compares payloads that are not JSON as strings, and names a side without a payload', () => {
    expect(diffPayloads('plain', 'other').changes).toEqual([{ path: '$', kind: 'changed', a: '"plain"', b: '"other"' }]);
    expect(diffPayloads(null, '{}').missing).toBe('a');
    expect(diffPayloads('{}', '{}')).toEqual({ changes: [], truncated: false, missing: null });
  });
});
