// What the other executions of a window say about delivery: how late their final events arrived
// and how many are fully logged. The verdict's re-check time comes from these observations.

import type { LogLevel, LogRecord, NeighbourStats } from './types';

/**
 * The delay between an execution's last event and the moment CloudWatch Logs had ingested its last
 * event: how long one waits, after an execution ends, until its log record is complete. Uses
 * `maxIngestionDelayMs` when measured from raw events, else `lastIngestedAt - lastEventAt` (Logs Insights).
 */
export function observedDelayMs(r: LogRecord): number | null {
  const fromAggregate =
    r.lastIngestedAt != null && r.lastEventAt != null ? Math.max(0, r.lastIngestedAt - r.lastEventAt) : null;
  if (r.maxIngestionDelayMs != null) return Math.max(r.maxIngestionDelayMs, fromAggregate ?? 0);
  return fromAggregate;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: ArrayLike<number>, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

/** A record "fully logged" at this level: a terminal event, and at ALL also an id chain without gaps. */
export function isFullyLogged(r: LogRecord, level: LogLevel): boolean {
  if (r.terminalType === null) return false;
  return level !== 'ALL' || r.idGaps === 0;
}

export function summarizeNeighbours(
  records: readonly LogRecord[],
  opts: { level: LogLevel; excludeArn?: string },
): NeighbourStats {
  // One pass, no intermediate arrays: a view summarises up to a million records.
  let executions = 0;
  let fullyLogged = 0;
  // Delays of finished executions only: an unfinished one has not delivered its final event yet.
  const delays = new Float64Array(records.length);
  let samples = 0;
  let sawNaN = false;
  for (const r of records) {
    if (r.executionArn === opts.excludeArn) continue;
    executions++;
    if (isFullyLogged(r, opts.level)) fullyLogged++;
    if (r.terminalType === null) continue;
    const d = observedDelayMs(r);
    if (d === null) continue;
    if (Number.isNaN(d)) sawNaN = true;
    delays[samples++] = d;
  }
  // A typed array sorts numerically without a comparator call per comparison (delays are never -0,
  // which it would order before 0). NaN (a broken raw time) keeps the comparator sort, whose order
  // for it differs.
  const measured = delays.subarray(0, samples);
  const sorted: ArrayLike<number> = sawNaN ? Array.from(measured).sort((a, b) => a - b) : measured.sort();
  return {
    executions,
    fullyLogged,
    fullyLoggedShare: executions === 0 ? null : fullyLogged / executions,
    delayMs:
      samples === 0
        ? null
        : { samples, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[samples - 1] ?? 0 },
  };
}
