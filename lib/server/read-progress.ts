import 'server-only';
import { stopInsightsQuery } from '@/lib/aws/logs';
import { readProgressOf, windowBytesEstimate, type ExpectedFrom, type QueryProgressInput, type QueryState, type ReadProgress, type ReadState } from '@/lib/domain/read-progress';
import type { LogGroupInfo, QueryStatistics } from '@/lib/domain/types';

// The reads of views in flight, each with its Logs Insights queries' statistics as their polls see
// them, so that a viewer waiting for a cold view sees how far it has got and can stop it
// (docs/cold-views.md). Keyed like the shared read they belong to: every viewer of one read sees one
// progress, and one Stop stops it for all of them.

interface TrackedQuery {
  label: string;
  queryId: string | null;
  state: QueryState;
  statistics: QueryStatistics;
  /** What the same query scanned over the same window last time, its key in `lastScans`. */
  scanKey: string;
  windowMs: number;
  expectedBytes: number | null;
  expectedFrom: ExpectedFrom | null;
}

interface Entry {
  key: string;
  startedAt: number;
  queries: TrackedQuery[];
  finished: ReadState | null;
  finishedAt: number | null;
  stopped: boolean;
  group: LogGroupInfo | null;
  /**
   * What the read knew before its Logs Insights queries started (the health, the metrics, the window):
   * a page streams it at once instead of waiting for the queries (docs/cold-views.md).
   */
  firstLook: unknown;
  /** Pages waiting for `firstLook`. */
  waiting: Set<(value: unknown) => void>;
}

interface Store {
  entries: Map<string, Entry>;
  /** Bytes the last complete scan of a query over a window read (by query, group and window). */
  lastScans: Map<string, number>;
  /** Pages waiting for the first look of a read not tracked yet, by key (firstLookOf). */
  pending: Map<string, Set<(value: unknown) => void>>;
}

/** How long a finished read's progress is still answered (a viewer's last poll sees it done). */
const KEEP_FINISHED_MS = 30_000;
const MAX_ENTRIES = 500;

// On globalThis: Next may load this module once per route bundle, and all of them must share one store.
const STORE_KEY = Symbol.for('sfn-lens.read-progress');

function store(): Store {
  const g = globalThis as typeof globalThis & { [STORE_KEY]?: Store };
  g[STORE_KEY] ??= { entries: new Map(), lastScans: new Map(), pending: new Map() };
  return g[STORE_KEY];
}

function sweep(s: Store, now: number): void {
  for (const [k, e] of s.entries) if (e.finishedAt !== null && now - e.finishedAt > KEEP_FINISHED_MS) s.entries.delete(k);
  while (s.entries.size > MAX_ENTRIES) {
    const oldest = s.entries.keys().next().value;
    if (oldest === undefined) break;
    s.entries.delete(oldest);
  }
  while (s.lastScans.size > MAX_ENTRIES) {
    const oldest = s.lastScans.keys().next().value;
    if (oldest === undefined) break;
    s.lastScans.delete(oldest);
  }
}

/** The callbacks one Logs Insights query of a tracked read reports through (`runInsightsQuery`'s options). */
export interface QueryTracking {
  onStart(queryId: string): void;
  onProgress(s: QueryStatistics, status: string): void;
}

export interface ReadTracker {
  /** Tracks one query; `scanOf` names what it scans (query, group, window length) to remember its size. */
  query(label: string, scanOf: { group: string; fromMs: number; toMs: number }): QueryTracking;
  /** The log group's description, for an expectation when no earlier scan of the window is known. */
  knowGroup(group: LogGroupInfo | null): void;
  /** Publishes what the read knows before its queries finish, to the pages waiting for it (firstLookOf). */
  firstLook(value: unknown): void;
  /** Whether a viewer stopped this read. */
  readonly stopped: boolean;
  /** The labels of the queries a viewer's Stop cancelled. */
  stoppedQueries(): string[];
  finish(state: 'done' | 'failed'): void;
}

function expectationOf(s: Store, q: TrackedQuery, group: LogGroupInfo | null, now: number): Pick<TrackedQuery, 'expectedBytes' | 'expectedFrom'> {
  const last = s.lastScans.get(q.scanKey);
  if (last !== undefined) return { expectedBytes: last, expectedFrom: 'last-scan' };
  const estimate = group ? windowBytesEstimate({ storedBytes: group.storedBytes, createdAt: group.creationTime ?? null, retentionInDays: group.retentionInDays }, q.windowMs, now) : null;
  return estimate !== null ? { expectedBytes: estimate, expectedFrom: 'stored-bytes' } : { expectedBytes: null, expectedFrom: null };
}

/** Starts tracking the read under `key` (a read already tracked under it is replaced). */
export function trackRead(key: string, now = Date.now()): ReadTracker {
  const s = store();
  sweep(s, now);
  const entry: Entry = { key, startedAt: now, queries: [], finished: null, finishedAt: null, stopped: false, group: null, firstLook: undefined, waiting: new Set() };
  // Pages waiting on a read this one replaces wait on this one.
  const replaced = s.entries.get(key);
  if (replaced && replaced.firstLook === undefined) for (const w of replaced.waiting) entry.waiting.add(w);
  for (const w of s.pending.get(key) ?? []) entry.waiting.add(w);
  s.pending.delete(key);
  s.entries.delete(key);
  s.entries.set(key, entry);
  return {
    query(label, scanOf) {
      // Window lengths are rounded to the minute: a rolling range moves a little between reads.
      const windowMs = Math.max(0, scanOf.toMs - scanOf.fromMs);
      const q: TrackedQuery = { label, queryId: null, state: 'queued', statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 }, scanKey: `${label}|${scanOf.group}|${Math.round(windowMs / 60_000)}`, windowMs, expectedBytes: null, expectedFrom: null };
      Object.assign(q, expectationOf(s, q, entry.group, Date.now()));
      entry.queries.push(q);
      return {
        onStart(queryId) {
          q.queryId = queryId;
          q.state = 'running';
          // Stopped before this query had started: it is stopped as soon as it has an id.
          if (entry.stopped) void stopInsightsQuery(queryId).catch(() => undefined);
        },
        onProgress(statistics, status) {
          q.statistics = statistics;
          if (status === 'Complete') {
            q.state = 'complete';
            s.lastScans.delete(q.scanKey);
            s.lastScans.set(q.scanKey, statistics.bytesScanned + (statistics.estimatedBytesSkipped ?? 0));
          } else if (status === 'Cancelled') q.state = 'stopped';
          else if (status === 'Failed' || status === 'Timeout') q.state = 'failed';
          else q.state = 'running';
        },
      };
    },
    knowGroup(group) {
      entry.group = group;
      const now = Date.now();
      for (const q of entry.queries) if (q.expectedFrom === null) Object.assign(q, expectationOf(s, q, group, now));
    },
    firstLook(value) {
      entry.firstLook = value;
      for (const w of entry.waiting) w(value);
      entry.waiting.clear();
    },
    get stopped() {
      return entry.stopped;
    },
    stoppedQueries() {
      return entry.queries.filter((q) => q.state === 'stopped' || (entry.stopped && q.state !== 'complete' && q.state !== 'failed')).map((q) => q.label);
    },
    finish(state) {
      entry.finished = entry.stopped ? 'stopped' : state;
      entry.finishedAt = Date.now();
      entry.waiting.clear();
    },
  };
}

/**
 * The first look of the read under `key` (what `ReadTracker.firstLook` published): at once when it is
 * known, else when the read publishes it. A read that finishes without publishing one never resolves
 * it: the caller races it with the read itself, and `cancel` forgets the wait.
 */
export function firstLookOf<T>(key: string): { promise: Promise<T>; cancel: () => void } {
  const e = store().entries.get(key);
  if (e && e.firstLook !== undefined && e.finished === null) return { promise: Promise.resolve(e.firstLook as T), cancel: () => undefined };
  let resolve: ((value: unknown) => void) | null = null;
  const promise = new Promise<T>((r) => {
    resolve = r as (value: unknown) => void;
  });
  const s = store();
  const w = (value: unknown) => resolve?.(value);
  if (e && e.finished === null) {
    e.waiting.add(w);
    return { promise, cancel: () => void e.waiting.delete(w) };
  }
  // The read is not tracked yet (a shared read starts on the next tick): the wait is kept under the
  // key, and the read that starts under it takes it over (trackRead).
  const waits = s.pending.get(key) ?? new Set();
  s.pending.set(key, waits);
  waits.add(w);
  return {
    promise,
    cancel: () => {
      waits.delete(w);
      if (waits.size === 0 && s.pending.get(key) === waits) s.pending.delete(key);
      // Taken over by a read meanwhile: forget it there too.
      s.entries.get(key)?.waiting.delete(w);
    },
  };
}

/** The progress of the read under `key`, or null when none is running or recently finished. */
export function readProgress(key: string, now = Date.now()): ReadProgress | null {
  const e = store().entries.get(key);
  if (!e) return null;
  const queries: QueryProgressInput[] = e.queries.map((q) => ({ label: q.label, state: q.state, statistics: q.statistics, expectedBytes: q.expectedBytes, expectedFrom: q.expectedFrom }));
  return readProgressOf(queries, { startedAt: e.startedAt, now: e.finishedAt ?? now, finished: e.finished });
}

/**
 * Stops the read under `key`: StopQuery for each of its running queries. The view then finishes with
 * what it had, its unfinished queries named as stopped (never their partial aggregates). Returns how
 * many queries were asked to stop, or null when no read is running under `key`.
 */
export async function stopRead(key: string): Promise<number | null> {
  const e = store().entries.get(key);
  if (!e || e.finished !== null) return null;
  e.stopped = true;
  const running = e.queries.filter((q) => q.state === 'running' && q.queryId !== null);
  await Promise.all(running.map((q) => stopInsightsQuery(q.queryId ?? '').catch(() => undefined)));
  return running.length;
}
