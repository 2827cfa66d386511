import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSharedReads, oncePerResult, peekSharedRead, sharedRead, sharedReadStats } from '@/lib/server/shared-reads';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('sharedRead', () => {
  beforeEach(() => {
    clearSharedReads();
    vi.useFakeTimers({ now: Date.UTC(2024, 4, 1, 10, 0, 0) });
  });
  afterEach(() => vi.useRealTimers());

  it('runs one read for identical keys in flight and gives every caller its result', async () => {
    const d = deferred<string>();
    const read = vi.fn(() => d.promise);
    const callers = Array.from({ length: 50 }, () => sharedRead('k', read));
    d.resolve('view');
    const results = await Promise.all(callers);
    expect(read).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.value === 'view')).toBe(true);
    expect(results.filter((r) => !r.shared)).toHaveLength(1);
    expect(sharedReadStats()).toMatchObject({ calls: 50, reads: 1 });
  });

  it('reads again once a result is due for re-checking, even inside the TTL', async () => {
    let n = 0;
    const read = vi.fn(async () => ({ n: ++n, recheckAt: Date.now() + 4_000 }));
    const opts = { ttlMs: 15_000, ttlFor: (v: { recheckAt: number }) => v.recheckAt - Date.now() };
    await sharedRead('k', read, opts);
    vi.advanceTimersByTime(3_000);
    expect((await sharedRead('k', read, opts)).value.n).toBe(1);
    vi.advanceTimersByTime(1_500);
    expect((await sharedRead('k', read, opts)).value.n).toBe(2);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('serves a result for the TTL, with the time it was read, then reads again', async () => {
    const read = vi.fn(async () => 'v');
    const first = await sharedRead('k', read, { ttlMs: 15_000 });
    vi.advanceTimersByTime(14_000);
    const second = await sharedRead('k', read, { ttlMs: 15_000 });
    expect(second).toMatchObject({ value: 'v', shared: true, readAt: first.readAt });
    vi.advanceTimersByTime(2_000);
    await sharedRead('k', read, { ttlMs: 15_000 });
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('keeps a read that took longer than the TTL for as long as it took, so a slow view is not re-read back to back', async () => {
    let n = 0;
    const read = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 40_000));
      return ++n;
    });
    const first = sharedRead('k', read, { ttlMs: 15_000 });
    await vi.advanceTimersByTimeAsync(40_000);
    expect((await first).value).toBe(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await sharedRead('k', read, { ttlMs: 15_000 })).value).toBe(1);
    await vi.advanceTimersByTimeAsync(11_000);
    const again = sharedRead('k', read, { ttlMs: 15_000 });
    await vi.advanceTimersByTimeAsync(40_000);
    expect((await again).value).toBe(2);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('drops expired results while nobody asks, so a quiet server does not hold the last views', async () => {
    await sharedRead('a', async () => 'x'.repeat(1_000), { ttlMs: 15_000 });
    await sharedRead('b', async () => 'y', { ttlMs: 60_000 });
    expect(sharedReadStats().entries).toBe(2);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(sharedReadStats().entries).toBe(1);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(sharedReadStats().entries).toBe(0);
  });

  it('keeps different keys apart', async () => {
    const read = vi.fn(async () => 'v');
    await Promise.all([sharedRead('a', read), sharedRead('b', read)]);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('shares a failure with the callers in flight, keeps it only briefly, then reads again', async () => {
    const d = deferred<string>();
    const failing = vi.fn(() => d.promise);
    const a = sharedRead('k', failing, { errorTtlMs: 5_000 });
    const b = sharedRead('k', failing, { errorTtlMs: 5_000 });
    d.reject(new Error('ThrottlingException'));
    await expect(a).rejects.toThrow('ThrottlingException');
    await expect(b).rejects.toThrow('ThrottlingException');
    await expect(sharedRead('k', failing, { errorTtlMs: 5_000 })).rejects.toThrow('ThrottlingException');
    expect(failing).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    const ok = vi.fn(async () => 'recovered');
    await expect(sharedRead('k', ok)).resolves.toMatchObject({ value: 'recovered', shared: false });
  });
});

describe('oncePerResult', () => {
  it('derives once per shared value, whoever asks, and again for a new value', () => {
    const derive = vi.fn((view: { rows: number[] }, readAt: number) => ({ total: view.rows.length, readAt }));
    const summary = oncePerResult(derive);
    const view = { rows: [1, 2, 3] };
    const first = summary(view, 1_000);
    expect(summary(view, 1_000)).toBe(first);
    expect(derive).toHaveBeenCalledOnce();
    expect(summary({ rows: [1] }, 2_000)).toEqual({ total: 1, readAt: 2_000 });
    expect(derive).toHaveBeenCalledTimes(2);
  });
});

describe('peekSharedRead', () => {
  beforeEach(() => {
    clearSharedReads();
    vi.useFakeTimers({ now: Date.UTC(2024, 4, 1, 10, 0, 0) });
  });
  afterEach(() => vi.useRealTimers());

  it('gives a kept result without reading, and nothing for a read in flight, a failed one or an expired one', async () => {
    expect(await peekSharedRead('k')).toBeNull();
    const d = deferred<string>();
    const pending = sharedRead('k', () => d.promise);
    expect(await peekSharedRead('k')).toBeNull();
    d.resolve('view');
    await pending;
    expect(await peekSharedRead<string>('k')).toMatchObject({ value: 'view', shared: true });
    expect(sharedReadStats().reads).toBe(1);
    await sharedRead('bad', () => Promise.reject(new Error('denied'))).catch(() => undefined);
    expect(await peekSharedRead('bad')).toBeNull();
    vi.advanceTimersByTime(16_000);
    expect(await peekSharedRead('k')).toBeNull();
  });
});
