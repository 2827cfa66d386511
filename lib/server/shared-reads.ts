import 'server-only';
import { now as clockNow } from './clock';

// Many viewers (a wall screen in every team room, a link pasted into a busy channel) ask for the same
// AWS reads at the same moment. Identical keys in flight share one promise, and results are kept for
// a short TTL, so fifty viewers cost AWS about what one does (docs/architecture.md). Failures are kept only
// briefly: a throttled account should not be hammered, but a fixed permission should show soon.

export interface SharedResult<T> {
  value: T;
  /** When the read finished (epoch ms): the data's age is `now - readAt`. */
  readAt: number;
  /** Whether this caller got a result another caller had started or finished. */
  shared: boolean;
}

export interface SharedReadOptions<T = unknown> {
  /** How long a result is served to later callers (default 15 s; at least as long as the read took). */
  ttlMs?: number;
  /**
   * A shorter life for a particular result (ms from when it was read), e.g. until a verdict's
   * `recheckAt`: a re-check must not be answered from before it was due.
   */
  ttlFor?: (value: T) => number;
  /** How long a failure is served (default 5 s). */
  errorTtlMs?: number;
}

interface Entry {
  promise: Promise<{ value: unknown; readAt: number }>;
  settledAt: number | null;
  failed: boolean;
  ttlMs: number;
  errorTtlMs: number;
}

export const DEFAULT_SHARED_TTL_MS = 15_000;
const DEFAULT_ERROR_TTL_MS = 5_000;
const MAX_ENTRIES = 500;

interface Store {
  entries: Map<string, Entry>;
  stats: { calls: number; reads: number };
  sweeper: ReturnType<typeof setInterval> | null;
}

// On globalThis: Next may load this module once per route bundle, and all of them must share one store.
const STORE_KEY = Symbol.for('sfn-lens.shared-reads');
/** How often expired results are dropped even when nobody asks for anything (they can be megabytes). */
const SWEEP_EVERY_MS = 10_000;

function store(): Store {
  const g = globalThis as typeof globalThis & { [STORE_KEY]?: Store };
  g[STORE_KEY] ??= { entries: new Map(), stats: { calls: 0, reads: 0 }, sweeper: null };
  const s = g[STORE_KEY];
  if (s.sweeper === null) {
    // Without this, the last views read before a quiet night stay in memory until the next request.
    s.sweeper = setInterval(() => sweep(s.entries, clockNow()), SWEEP_EVERY_MS);
    s.sweeper.unref?.();
  }
  return s;
}

function expired(e: Entry, now: number): boolean {
  if (e.settledAt === null) return false;
  return now - e.settledAt >= (e.failed ? e.errorTtlMs : e.ttlMs);
}

function sweep(entries: Map<string, Entry>, now: number) {
  for (const [k, e] of entries) if (expired(e, now)) entries.delete(k);
  // Oldest first (insertion order); in-flight entries are never dropped.
  for (const [k, e] of entries) {
    if (entries.size <= MAX_ENTRIES) break;
    if (e.settledAt !== null) entries.delete(k);
  }
}

/** One read per key at a time, its result shared for `ttlMs`. */
export async function sharedRead<T>(key: string, read: () => Promise<T>, opts: SharedReadOptions<T> = {}): Promise<SharedResult<T>> {
  const { entries, stats } = store();
  const now = clockNow();
  stats.calls++;
  const existing = entries.get(key);
  if (existing && !expired(existing, now)) {
    const r = await existing.promise;
    return { value: r.value as T, readAt: r.readAt, shared: true };
  }
  sweep(entries, now);
  stats.reads++;
  const entry: Entry = {
    promise: Promise.resolve()
      .then(read)
      .then((value) => ({ value, readAt: clockNow() })),
    settledAt: null,
    failed: false,
    ttlMs: opts.ttlMs ?? DEFAULT_SHARED_TTL_MS,
    errorTtlMs: opts.errorTtlMs ?? DEFAULT_ERROR_TTL_MS,
  };
  entries.set(key, entry);
  entry.promise.then(
    ({ value }) => {
      entry.settledAt = clockNow();
      // A read that took longer than the TTL is kept as long as it took: else a slow view (a scan of a
      // busy log group) would be read again back to back for as long as anyone watches it, and AWS
      // would be scanning all the time. Its age is shown with it.
      entry.ttlMs = Math.max(entry.ttlMs, entry.settledAt - now);
      if (opts.ttlFor) entry.ttlMs = Math.max(0, Math.min(entry.ttlMs, opts.ttlFor(value as T)));
    },
    () => {
      entry.settledAt = clockNow();
      entry.failed = true;
    },
  );
  const r = await entry.promise;
  return { value: r.value as T, readAt: r.readAt, shared: false };
}

/**
 * The result of `key` when one is kept and finished, without starting a read or waiting for one in
 * flight: for figures that are worth having only when they cost nothing (a search's estimate).
 */
export async function peekSharedRead<T>(key: string): Promise<SharedResult<T> | null> {
  const existing = store().entries.get(key);
  if (!existing || existing.settledAt === null || existing.failed || expired(existing, clockNow())) return null;
  const r = await existing.promise;
  return { value: r.value as T, readAt: r.readAt, shared: true };
}

/** Calls made and reads actually run since start (for tests and the health endpoint). */
export function sharedReadStats(): { calls: number; reads: number; entries: number } {
  const s = store();
  return { ...s.stats, entries: s.entries.size };
}

/** Forget everything (tests). */
export function clearSharedReads(): void {
  const s = store();
  s.entries.clear();
  s.stats.calls = 0;
  s.stats.reads = 0;
  if (s.sweeper) clearInterval(s.sweeper);
  s.sweeper = null;
}

/**
 * `derive` run once per shared result (a view every viewer of a `sharedRead` got), its answer kept as
 * long as that result lives: fifty viewers of one view get the same DTO, summary or bytes. Later
 * arguments do not key it: they must be the result's own (its `readAt`).
 */
export function oncePerResult<K extends object, A extends unknown[], V>(derive: (value: K, ...rest: A) => V): (value: K, ...rest: A) => V {
  const memo = new WeakMap<K, V>();
  return (value, ...rest) => {
    if (memo.has(value)) return memo.get(value) as V;
    const derived = derive(value, ...rest);
    memo.set(value, derived);
    return derived;
  };
}
