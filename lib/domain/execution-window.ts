// Where the events of one execution lie: the window the execution page reads its events in, the
// window a table row's link carries to that page, the window a shared diagnosis re-checks in, and
// the span its neighbours are read over. One rule, so that the table, the page and a snapshot look
// at the same minutes and agree about the same execution.

import { MINUTE_MS, type TimeWindow } from './time-window';
import { DEFAULT_TOLERANCES } from './verdict-context';

/**
 * Room on either side of the execution's known start and end. Its events are timestamped by Step
 * Functions while DescribeExecution's dates and the table's read times come from elsewhere, and Logs
 * Insights takes its bounds in whole seconds: a minute holds every event of the execution whatever
 * the rounding, and costs a read little.
 */
export const EXECUTION_MARGIN_MS = MINUTE_MS;

/** Query bounds are whole seconds: an event seen at 12:00:00.900 needs a window ending after 12:00:01. */
const SECOND_MS = 1_000;

/** Express executions run at most 5 minutes (docs/aws-behaviour.md): an unfinished one's events end by then. */
export const EXPRESS_MAX_DURATION_MS = DEFAULT_TOLERANCES.expressMaxDurationMs;

export interface ExecutionTimes {
  /** When it started: the service record's start, else its first logged event. */
  startedAt: number;
  /** When it stopped (the service record or its terminal event); null while unknown. */
  stoppedAt: number | null;
  /** The newest event of it already seen (a table's read): the window never ends before it. */
  lastSeenAt?: number | null;
  express: boolean;
}

/**
 * The window holding every event of one execution at `now`: from a margin before it started to a
 * margin after it stopped. An end not known yet is the most an Express execution can run, or now for
 * a Standard one (it may run for a year). Never past `now` (a window in the future is refused), never
 * before an event already seen, and at least a minute long.
 */
export function executionWindow(t: ExecutionTimes, now: number): TimeWindow {
  const from = t.startedAt - EXECUTION_MARGIN_MS;
  const end = t.stoppedAt ?? (t.express ? t.startedAt + EXPRESS_MAX_DURATION_MS : now);
  const seen = t.lastSeenAt !== null && t.lastSeenAt !== undefined ? t.lastSeenAt + SECOND_MS : Number.NEGATIVE_INFINITY;
  const to = Math.max(Math.min(now, Math.max(end, t.startedAt) + EXECUTION_MARGIN_MS), seen, from + MINUTE_MS);
  return { from, to };
}
