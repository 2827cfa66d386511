import { describe, expect, it } from 'vitest';
import { InsightsQueue, type QueuedQuery } from '@/lib/domain/insights-queue';

let nextId = 0;
const q = (owner: string, label = 'q', askedAt = 0): QueuedQuery => ({ id: ++nextId, owner, label, askedAt });
const owners = (started: QueuedQuery[]) => started.map((s) => s.owner);

describe('the Logs Insights query budget', () => {
  it('never starts more queries than the budget, and starts the next one only when one ends', () => {
    const queue = new InsightsQueue(2);
    const asked = [q('a'), q('a'), q('a'), q('a')];
    for (const x of asked) queue.ask(x);
    const first = queue.next();
    expect(first).toHaveLength(2);
    expect(queue.next()).toEqual([]);
    expect(queue.snapshot(0)).toMatchObject({ budget: 2, running: 2, waiting: 2 });
    queue.done(first[0]!.id);
    expect(queue.next()).toHaveLength(1);
    expect(queue.snapshot(0)).toMatchObject({ running: 2, waiting: 1 });
  });

  it('a state machine with many queries waiting cannot keep another from starting: the next place goes to the one with fewer running', () => {
    const queue = new InsightsQueue(2);
    for (let i = 0; i < 6; i++) queue.ask(q('busy'));
    const first = queue.next();
    expect(owners(first)).toEqual(['busy', 'busy']);
    queue.ask(q('quiet'));
    queue.done(first[0]!.id);
    // One busy query runs, none of quiet's: quiet goes first although busy asked earlier.
    expect(owners(queue.next())).toEqual(['quiet']);
  });

  it('takes turns between state machines with as many running, the one served longest ago first, each in the order its queries came', () => {
    const queue = new InsightsQueue(1);
    const a1 = q('a', 'a1');
    const a2 = q('a', 'a2');
    const b1 = q('b', 'b1');
    const c1 = q('c', 'c1');
    for (const x of [a1, a2, b1, c1]) queue.ask(x);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const [s] = queue.next();
      order.push(s!.label);
      queue.done(s!.id);
    }
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2']);
  });

  it('shows per state machine how many run and wait, and how long the oldest has waited', () => {
    const queue = new InsightsQueue(1);
    queue.ask(q('a', 'x', 1_000));
    queue.ask(q('b', 'x', 2_000));
    queue.ask(q('b', 'x', 3_000));
    queue.next();
    expect(queue.snapshot(5_000)).toEqual({
      budget: 1,
      running: 1,
      waiting: 2,
      owners: [
        { owner: 'b', running: 0, waiting: 2, longestWaitMs: 3_000 },
        { owner: 'a', running: 1, waiting: 0, longestWaitMs: 0 },
      ],
    });
  });

  it('a query withdrawn while waiting never starts', () => {
    const queue = new InsightsQueue(1);
    const a = q('a');
    const b = q('b');
    queue.ask(a);
    queue.ask(b);
    queue.next();
    expect(queue.withdraw(b.id)).toBe(true);
    queue.done(a.id);
    expect(queue.next()).toEqual([]);
    expect(queue.snapshot(0)).toMatchObject({ running: 0, waiting: 0, owners: [] });
  });

  it('refuses a budget that is not a whole number of at least 1', () => {
    expect(() => new InsightsQueue(0)).toThrow(/at least 1/);
    expect(() => new InsightsQueue(2.5)).toThrow(/whole number/);
  });
});
