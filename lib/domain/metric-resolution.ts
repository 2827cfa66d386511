// Which CloudWatch metric resolution a window can be read at (docs/aws-behaviour.md §11.2): GetMetricData
// returns no data points when a StartTime more than 3 hours ago comes with a period its age does not
// allow — a multiple of 60 s up to 15 days, of 300 s to 63 days, of 3600 s beyond — and keeps
// 1-minute data 15 days, 5-minute data 63 days, 1-hour data 455 days. Time is an input.

import { DAY_MS, HOUR_MS } from './time-window';

/**
 * How far inside each age limit sfn-lens already takes the coarser period: the request reaches AWS a
 * little after `now`, and a window that starts on the limit must not cross it on the way.
 */
export const PERIOD_AGE_MARGIN_MS = HOUR_MS;

/** The oldest data CloudWatch keeps at all (1-hour data, 455 days). */
export const METRICS_RETENTION_MS = 455 * DAY_MS;

/** The finest period (s) whose data points a window starting at `fromMs` returns, as seen at `now`. */
export function metricsPeriodSeconds(fromMs: number, now: number): number {
  const age = now - fromMs + PERIOD_AGE_MARGIN_MS;
  if (age >= 63 * DAY_MS) return 3600;
  if (age >= 15 * DAY_MS) return 300;
  return 60;
}

/** Whether CloudWatch still holds data points as old as `fromMs` (at any resolution). */
export function metricsRetained(fromMs: number, now: number): boolean {
  return now - fromMs < METRICS_RETENTION_MS - PERIOD_AGE_MARGIN_MS;
}

/** "1-minute", "5-minute", "1-hour": the words for a period. */
export function resolutionWords(periodSeconds: number): string {
  if (periodSeconds % 3600 === 0) return `${periodSeconds / 3600}-hour`;
  if (periodSeconds % 60 === 0) return `${periodSeconds / 60}-minute`;
  return `${periodSeconds}-second`;
}
