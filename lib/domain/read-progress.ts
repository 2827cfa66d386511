// How far a view's Logs Insights reads have got, from the queries' own statistics (docs/cold-views.md).
// GetQueryResults answers a running query with the records and bytes scanned so far; AWS gives no
// total, so the fraction is against an expectation: the bytes the last complete scan of the same
// window read, else the window's share of the log group's stored bytes.

import { estimateScanUsd } from './scan-cost';
import { DAY_MS } from './time-window';
import type { QueryStatistics } from './types';

export type QueryState = 'queued' | 'running' | 'complete' | 'failed' | 'stopped';

/** Where a query's expected bytes come from. */
export type ExpectedFrom = 'last-scan' | 'stored-bytes';

export interface QueryProgressInput {
  label: string;
  state: QueryState;
  statistics: QueryStatistics;
  expectedBytes: number | null;
  expectedFrom: ExpectedFrom | null;
}

export type ReadState = 'queued' | 'reading' | 'done' | 'failed' | 'stopped';

export interface QueryProgress {
  label: string;
  state: QueryState;
  bytesScanned: number;
  recordsScanned: number;
  /** 0…1, or null when nothing says how much there is to scan. */
  fraction: number | null;
}

export interface ReadProgress {
  state: ReadState;
  /** 0…1 over every query of the read, or null when any running query has no expectation. */
  fraction: number | null;
  expectedFrom: ExpectedFrom | null;
  bytesScanned: number;
  recordsScanned: number;
  elapsedMs: number;
  /** What the bytes scanned so far cost (Logs Insights bills scanned bytes, docs/aws-behaviour.md §10). */
  usdSoFar: number;
  queries: QueryProgress[];
}

/**
 * A running query never shows 100 %: the expectation is an estimate, and the scan may be bigger than
 * it. Only a complete query counts whole.
 */
export const RUNNING_FRACTION_MAX = 0.99;

function queryFraction(q: QueryProgressInput): number | null {
  if (q.state === 'complete') return 1;
  if (q.state === 'queued') return 0;
  if (q.expectedBytes === null || q.expectedBytes <= 0) return null;
  // The stored bytes are an estimate AWS updates about hourly: a scan already past it shows the
  // estimate wrong, and the share is unknown, not "almost done".
  if (q.expectedFrom === 'stored-bytes' && q.statistics.bytesScanned > q.expectedBytes) return null;
  return Math.min(RUNNING_FRACTION_MAX, Math.max(0, q.statistics.bytesScanned / q.expectedBytes));
}

/** The progress of a read made of several queries, for one `now`. */
export function readProgressOf(queries: readonly QueryProgressInput[], opts: { startedAt: number; now: number; finished: ReadState | null }): ReadProgress {
  const parts = queries.map((q) => ({ label: q.label, state: q.state, bytesScanned: q.statistics.bytesScanned, recordsScanned: q.statistics.recordsScanned, fraction: queryFraction(q) }));
  const bytesScanned = parts.reduce((a, q) => a + q.bytesScanned, 0);
  const recordsScanned = parts.reduce((a, q) => a + q.recordsScanned, 0);
  // Weighted by what each query is expected to scan, so a small query finishing does not jump the bar.
  let fraction: number | null = null;
  if (parts.length > 0 && parts.every((q) => q.fraction !== null)) {
    const weights = queries.map((q) => (q.expectedBytes !== null && q.expectedBytes > 0 ? q.expectedBytes : Math.max(1, q.statistics.bytesScanned)));
    const total = weights.reduce((a, w) => a + w, 0);
    fraction = parts.reduce((a, q, i) => a + (q.fraction ?? 0) * (weights[i] ?? 0), 0) / total;
  }
  const states = new Set(parts.map((q) => q.state));
  const state: ReadState =
    opts.finished ?? (states.has('stopped') ? 'stopped' : parts.length === 0 || parts.every((q) => q.state === 'queued') ? 'queued' : 'reading');
  if (state === 'done') fraction = 1;
  const expectedFrom = queries.some((q) => q.expectedFrom === 'stored-bytes') ? 'stored-bytes' : queries.some((q) => q.expectedFrom === 'last-scan') ? 'last-scan' : null;
  return { state, fraction, expectedFrom, bytesScanned, recordsScanned, elapsedMs: Math.max(0, opts.now - opts.startedAt), usdSoFar: estimateScanUsd(bytesScanned), queries: parts };
}

/**
 * The bytes a window of `windowMs` holds, as the log group's share: its stored bytes spread evenly over
 * what it keeps (from its creation, or its retention, whichever is later). Null when the group says
 * nothing of its size. `storedBytes` is updated by AWS about hourly, so this is an estimate only.
 */
export function windowBytesEstimate(g: { storedBytes: number | null; createdAt: number | null; retentionInDays: number | null }, windowMs: number, now: number): number | null {
  if (g.storedBytes === null || g.storedBytes <= 0 || windowMs <= 0) return null;
  const kept = g.retentionInDays !== null ? now - g.retentionInDays * DAY_MS : Number.NEGATIVE_INFINITY;
  const since = Math.max(kept, g.createdAt ?? Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(since) || since >= now) return null;
  return Math.round(g.storedBytes * Math.min(1, windowMs / (now - since)));
}

/** A state machine's read as a row of the overview or a tile of /ops shows it while its counts are not there. */
export interface ReadStateCell {
  state: 'queued' | 'reading' | 'done' | 'failed' | 'stopped';
  /** 0…100 while reading with a known share; null otherwise. */
  percent: number | null;
  /** "queued", "reading 42 %", "reading" (share unknown), "done", "failed", "stopped". */
  label: string;
}

/**
 * What a state machine's read is doing, from its progress: none yet is `queued` (it waits for a slot
 * among the reads of every state machine), a read whose queries all wait is `queued` too.
 */
export function readStateCellOf(progress: Pick<ReadProgress, 'state' | 'fraction'> | null): ReadStateCell {
  if (!progress || progress.state === 'queued') return { state: 'queued', percent: null, label: 'queued' };
  if (progress.state === 'reading') {
    // Its queries may all be complete while the read still joins them: 100 % is for done.
    const percent = progress.fraction === null ? null : Math.min(99, Math.floor(progress.fraction * 100));
    return { state: 'reading', percent, label: percent === null ? 'reading' : `reading ${percent} %` };
  }
  return { state: progress.state, percent: null, label: progress.state };
}
