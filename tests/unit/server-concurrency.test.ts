import { afterEach, describe, expect, it, vi } from 'vitest';
import { limiter, mapLimit, waitAtMost } from '@/lib/server/concurrency';

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

/** Lets every queued microtask and promise continuation run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('limiter', () => {
  it('runs at most `limit` tasks of every caller together, the rest in the order they came', async () => {
    const run = limiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const done = gates.map((g, i) =>
      run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
  });

  it('a failing task frees its place and rejects only its own caller', async () => {
    const run = limiter(1);
    const failed = run(() => Promise.reject(new Error('throttled')));
    const next = run(async () => 'read');
    await expect(failed).rejects.toThrow('throttled');
    await expect(next).resolves.toBe('read');
  });
});

describe('mapLimit', () => {
  it('keeps the order of the items and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n, i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return `${i}:${n}`;
    });
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3']);
    expect(most).toBe(2);
  });

  it('answers an empty list with an empty list', async () => {
    expect(await mapLimit([], 3, async () => 1)).toEqual([]);
  });
});

describe('waitAtMost', () => {
  afterEach(() => vi.useRealTimers());

  it('returns when the work is done, before the time is up', async () => {
    vi.useFakeTimers();
    let returned = false;
    const w = waitAtMost(Promise.resolve(), 8_000).then(() => (returned = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(returned).toBe(true);
    await w;
  });

  it('returns when the time is up while the work goes on, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const work = deferred();
    let returned = false;
    const w = waitAtMost(work.promise, 8_000).then(() => (returned = true));
    await vi.advanceTimersByTimeAsync(7_999);
    expect(returned).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(returned).toBe(true);
    await w;
    expect(vi.getTimerCount()).toBe(0);
  });
});
