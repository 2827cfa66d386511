import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeClock, now } from '@/lib/server/clock';
import { clearSharedReads, sharedRead } from '@/lib/server/shared-reads';

const CLOCK_KEY = Symbol.for('sfn-lens.clock');

describe("the server's clock", () => {
  beforeEach(() => {
    delete (globalThis as Record<symbol, unknown>)[CLOCK_KEY];
    clearSharedReads();
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 6, 4, 0, 0) });
  });
  afterEach(() => vi.useRealTimers());

  it('is the wall clock until a test moves it', () => {
    expect(now()).toBe(Date.UTC(2026, 11, 6, 4, 0, 0));
    vi.advanceTimersByTime(1_000);
    expect(now()).toBe(Date.UTC(2026, 11, 6, 4, 0, 1));
  });

  it('held, it stands still while the wall clock runs, and moves only when advanced', () => {
    const start = now();
    changeClock({ hold: true });
    vi.advanceTimersByTime(90_000);
    expect(now()).toBe(start);
    expect(changeClock({ advanceMs: 5_000 })).toEqual({ now: start + 5_000, held: true });
  });

  it('released, it runs on from where it stood and never shows an earlier time', () => {
    changeClock({ hold: true });
    changeClock({ advanceMs: 60_000 });
    const held = now();
    vi.advanceTimersByTime(10_000);
    changeClock({ hold: false });
    expect(now()).toBe(held);
    vi.advanceTimersByTime(1_000);
    expect(now()).toBe(held + 1_000);
  });

  it('refuses to run backwards', () => {
    expect(() => changeClock({ advanceMs: -1 })).toThrow(/only moves forward/);
    expect(() => changeClock({ advanceMs: Number.NaN })).toThrow(/only moves forward/);
  });

  it('decides when a shared read expires: held, a read is kept however long the wall clock runs; advanced past its TTL, it is read again', async () => {
    let n = 0;
    const read = vi.fn(async () => ++n);
    changeClock({ hold: true });
    await sharedRead('k', read, { ttlMs: 15_000 });
    vi.advanceTimersByTime(10 * 60_000);
    expect((await sharedRead('k', read, { ttlMs: 15_000 })).value).toBe(1);
    changeClock({ advanceMs: 15_000 });
    expect((await sharedRead('k', read, { ttlMs: 15_000 })).value).toBe(2);
    expect(read).toHaveBeenCalledTimes(2);
  });
});
