// The join of the two sources (docs/diagnosis.md): one row per execution (union of ARNs), one row per minute.

import { parseExecutionArn, type ArnPrefixCache, type ParsedExecutionArn } from './arn';
import { MINUTE_MS, type TimeWindow } from './time-window';
import type { LogMinute, LogRecord, MetricMinute, ServiceExecution } from './types';

export interface ExecutionRow {
  executionArn: string;
  /** The execution name (from Step Functions, else from the ARN). */
  name: string;
  kind: 'standard' | 'express' | null;
  /** The parsed ARN (null when it does not parse), so later steps need not parse it again. */
  parsedArn: ParsedExecutionArn | null;
  /** What Step Functions says; null when it keeps no record (async Express) or none was read. */
  service: ServiceExecution | null;
  /** What CloudWatch Logs says; null when no event of this execution was found. */
  logs: LogRecord | null;
  /** Best-known start: the service's start date, else ExecutionStarted, else the first event. */
  startedAt: number | null;
  /** Best-known end: the service's stop date, else the terminal event. */
  stoppedAt: number | null;
}

/** Prefer the record that knows more: a stopped one over a RUNNING one (pages read at different times). */
function better(a: ServiceExecution, b: ServiceExecution): ServiceExecution {
  if (a.stopDate === null && b.stopDate !== null) return b;
  return a;
}

/**
 * The joined rows that started in the window. Step Functions lists every Standard execution that
 * started in it, so when that listing is complete, a Standard execution it does not list and whose
 * ExecutionStarted is not among the logs read started before the window: only its later events fall
 * inside. It belongs to an earlier window, not to the "seen in the logs only" anomalies.
 */
export function cutToWindow(rows: readonly ExecutionRow[], window: { from: number; to: number }, opts: { serviceListComplete: boolean }): ExecutionRow[] {
  return rows.filter((row) => {
    const startedEarlier = opts.serviceListComplete && row.kind === 'standard' && row.service === null && row.logs !== null && row.logs.startedAt === null;
    if (startedEarlier) return false;
    return row.startedAt === null || (row.startedAt >= window.from && row.startedAt <= window.to);
  });
}

/** A row from its service record (or none), complete but for the logs. */
function newRow(executionArn: string, service: ServiceExecution | null, prefixes: ArnPrefixCache): ExecutionRow {
  const parsed = parseExecutionArn(executionArn, prefixes);
  return {
    executionArn,
    name: service?.name || (parsed.ok ? parsed.value.name : executionArn),
    kind: parsed.ok ? parsed.value.kind : null,
    parsedArn: parsed.ok ? parsed.value : null,
    service,
    logs: null,
    startedAt: service?.startDate ?? null,
    stoppedAt: service?.stopDate ?? null,
  };
}

export function joinExecutions(input: { service: readonly ServiceExecution[]; logs: readonly LogRecord[] }): ExecutionRow[] {
  const rows = new Map<string, ExecutionRow>();
  // The ARNs of one state machine share their prefix: it is checked once per join.
  const prefixes: ArnPrefixCache = new Map();
  for (const s of input.service) {
    const row = rows.get(s.executionArn);
    // A repeated ARN keeps the record that knows more.
    if (row === undefined || better(row.service as ServiceExecution, s) !== row.service) rows.set(s.executionArn, newRow(s.executionArn, s, prefixes));
  }
  for (const l of input.logs) {
    let row = rows.get(l.executionArn);
    if (row === undefined) {
      row = newRow(l.executionArn, null, prefixes);
      rows.set(l.executionArn, row);
    }
    // A repeated ARN keeps its first record.
    if (row.logs !== null) continue;
    row.logs = l;
    // The service record's times come first; the logs only fill what it leaves open.
    row.startedAt ??= l.startedAt ?? l.firstEventAt ?? null;
    row.stoppedAt ??= l.stoppedAt ?? null;
  }
  // Newest first; rows without any time last; ARN as the tie-break so the order is stable.
  return [...rows.values()].sort(newestFirst);
}

function newestFirst(a: ExecutionRow, b: ExecutionRow): number {
  if (a.startedAt !== b.startedAt) {
    if (a.startedAt === null) return 1;
    if (b.startedAt === null) return -1;
    return b.startedAt - a.startedAt;
  }
  return a.executionArn < b.executionArn ? -1 : a.executionArn > b.executionArn ? 1 : 0;
}

export interface MinuteCounts {
  started: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  /** succeeded + failed + timedOut + aborted. */
  terminal: number;
}

export interface MinuteRow {
  /** Start of the bucket (ms). */
  minute: number;
  /** Bucket length (ms): 60,000 unless the caller binned coarser. */
  stepMs: number;
  /** CloudWatch metrics (Sum); null when metrics were not read. */
  metrics: MinuteCounts | null;
  /** Start and terminal events counted in CloudWatch Logs; null when logs were not read. */
  logs: MinuteCounts | null;
  /** metrics.terminal − logs.terminal; null when a side is missing. Positive: logs are short. */
  gap: number | null;
  /** metrics.started − logs.started; null when a side is missing. */
  startedGap: number | null;
}

const zero = (): MinuteCounts => ({ started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, terminal: 0 });

function bucketize(items: ReadonlyArray<MetricMinute | LogMinute>, window: TimeWindow, stepMs: number): Map<number, MinuteCounts> {
  const out = new Map<number, MinuteCounts>();
  for (const m of items) {
    const key = Math.floor(m.minute / stepMs) * stepMs;
    if (key + stepMs <= window.from || key >= window.to) continue;
    const c = out.get(key) ?? zero();
    c.started += m.started;
    c.succeeded += m.succeeded;
    c.failed += m.failed;
    c.timedOut += m.timedOut;
    c.aborted += m.aborted;
    c.terminal += m.succeeded + m.failed + m.timedOut + m.aborted;
    out.set(key, c);
  }
  return out;
}

/**
 * One row per bucket of the window. A bucket absent from a side that was read counts zero (AWS
 * returns no metric datapoint, and Insights no row, for an empty minute); a side that was not read
 * (null) stays null, so its gap is unknown rather than invented.
 */
export function joinMinutes(
  metrics: readonly MetricMinute[] | null,
  logs: readonly LogMinute[] | null,
  window: TimeWindow,
  opts: { stepMs?: number } = {},
): MinuteRow[] {
  const stepMs = opts.stepMs ?? MINUTE_MS;
  const m = metrics ? bucketize(metrics, window, stepMs) : null;
  const l = logs ? bucketize(logs, window, stepMs) : null;
  const rows: MinuteRow[] = [];
  for (let minute = Math.floor(window.from / stepMs) * stepMs; minute < window.to; minute += stepMs) {
    const mc = m ? (m.get(minute) ?? zero()) : null;
    const lc = l ? (l.get(minute) ?? zero()) : null;
    rows.push({
      minute,
      stepMs,
      metrics: mc,
      logs: lc,
      gap: mc && lc ? mc.terminal - lc.terminal : null,
      startedGap: mc && lc ? mc.started - lc.started : null,
    });
  }
  return rows;
}
