// What a Logs Insights scan costs, and how it reads (docs/aws-behaviour.md §10). Shared by the health advice
// and the views' "scanned" lines.

import type { TimeWindow } from './time-window';
import type { IndexedField } from './types';

/** USD for Logs Insights scans: $0.005 per GB scanned (us-east-1 list price, Standard log class). */
export const INSIGHTS_USD_PER_GB = 0.005;

export function estimateScanUsd(bytes: number): number {
  return (bytes / 1024 ** 3) * INSIGHTS_USD_PER_GB;
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '< $0.0001';
  return `$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

/** 332,067,522 → "317 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** Why a field index can or cannot answer for a window. */
export type IndexCoverage =
  | { usable: true; since: number }
  | { usable: false; reason: 'not-indexed' | 'since-unknown' | 'window-before-index'; since: number | null };

/**
 * Whether `field`'s index can answer for `window`: it covers only events ingested after its policy
 * (docs/aws-behaviour.md §11.1), so the window must start after `indexedSince` — events are ingested
 * at or after their timestamp, so such a window holds no event ingested before the policy. The newest
 * events may not be indexed yet either (indexing runs in scans, for how long AWS does not say): that
 * part is not judged here but by the reader, which never takes an index answer short of a whole
 * record as proof that an event is absent.
 */
export function indexCoverage(fields: readonly IndexedField[] | null | undefined, field: string, window: TimeWindow): IndexCoverage {
  const f = fields?.find((x) => x.name === field);
  if (!f) return { usable: false, reason: 'not-indexed', since: null };
  if (f.indexedSince === null) return { usable: false, reason: 'since-unknown', since: null };
  if (window.from < f.indexedSince) return { usable: false, reason: 'window-before-index', since: f.indexedSince };
  return { usable: true, since: f.indexedSince };
}

/** One Logs Insights query of the per-minute counts: its bins, and whether it reads through `filterIndex`. */
export interface MinuteQueryPart {
  from: number;
  to: number;
  useFilterIndex: boolean;
}

/**
 * How the per-minute counts are read (docs/aws-behaviour.md §11.1). With a `type` index whose policy
 * predates the bins, the bins that ended more than `indexedAfterMs` ago are read with `filterIndex`, which
 * reads the indexed start and terminal events only; the newer bins with a plain `filter` (which also skips
 * what the index covers, and scans the rest), because `filterIndex` returns nothing the index does not
 * hold yet and the newest events are indexed only after a later scan, how much later AWS does not say.
 * Without such an index, one plain query. Parts meet on a bin boundary, so no event is counted twice.
 */
export function minuteQueryPlan(
  fields: readonly IndexedField[] | null | undefined,
  bins: { from: number; to: number; stepMs: number },
  now: number,
  indexedAfterMs: number,
): MinuteQueryPart[] {
  const whole = (useFilterIndex: boolean): MinuteQueryPart[] => [{ from: bins.from, to: bins.to, useFilterIndex }];
  if (!indexCoverage(fields, 'type', { from: bins.from, to: bins.to }).usable) return whole(false);
  const indexedUntil = Math.floor((now - indexedAfterMs) / bins.stepMs) * bins.stepMs;
  if (indexedUntil <= bins.from) return whole(false);
  if (indexedUntil >= bins.to) return whole(true);
  return [
    { from: bins.from, to: indexedUntil, useFilterIndex: true },
    { from: indexedUntil, to: bins.to, useFilterIndex: false },
  ];
}
