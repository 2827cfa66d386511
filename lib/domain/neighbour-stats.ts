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
function percentile(sorted: readonly number[], p: number): number {
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
  const others = records.filter((r) => r.executionArn !== opts.excludeArn);
  const fullyLogged = others.filter((r) => isFullyLogged(r, opts.level)).length;
  // Delays of finished executions only: an unfinished one has not delivered its final event yet.
  const delays = others
    .filter((r) => r.terminalType !== null)
    .map(observedDelayMs)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  return {
    executions: others.length,
    fullyLogged,
    fullyLoggedShare: others.length === 0 ? null : fullyLogged / others.length,
    delayMs:
      delays.length === 0
        ? null
        : { samples: delays.length, p50: percentile(delays, 50), p95: percentile(delays, 95), max: delays[delays.length - 1] ?? 0 },
  };
}
