// The one time-window parser: `?from&to` of every view, validated with every problem listed.

import type { MetricMinute } from './types';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export interface TimeWindow {
  /** Inclusive start (epoch ms). */
  from: number;
  /** Exclusive end (epoch ms). */
  to: number;
}

export interface TimeWindowOptions {
  /** Window used when `from` is absent (default 3 hours, the console's own default: docs/aws-behaviour.md §3). */
  defaultMs?: number;
  /** Longest window accepted (default 7 days). */
  maxMs?: number;
  /** How far past `now` a time may lie before it is "in the future" (default 2 minutes of clock skew). */
  futureSkewMs?: number;
}

export interface TimeWindowError {
  code: 'invalid-time-window';
  /** All problems in one sentence, fit for a 400 response. */
  message: string;
  issues: Array<{ param: 'from' | 'to' | 'window'; message: string }>;
}

export type TimeWindowResult = { ok: true; value: TimeWindow } | { ok: false; error: TimeWindowError };

export const DEFAULT_WINDOW_MS = 3 * HOUR_MS;
export const MAX_WINDOW_MS = 7 * DAY_MS;
export const DEFAULT_FUTURE_SKEW_MS = 2 * MINUTE_MS;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

export type IsoParse = { ok: true; ms: number } | { ok: false; reason: string };

/**
 * An ISO-8601 instant: `2024-05-01T10:00:00Z`, with optional seconds, fraction and offset, or a bare
 * date (midnight UTC). A date-time without `Z` or an offset is refused: JavaScript would read it as
 * the server's local time, and a shared link must mean the same instant everywhere.
 */
export function parseIsoInstant(text: string): IsoParse {
  const m = ISO.exec(text.trim());
  if (!m) {
    // An unencoded "+09:00" in a query string arrives as " 09:00".
    const hint = / \d{2}:?\d{2}$/.test(text.trim()) ? ' (a "+" in a URL must be encoded as %2B)' : '';
    return { ok: false, reason: `"${text}" is not an ISO-8601 time such as 2024-05-01T10:00:00Z${hint}` };
  }
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (h !== undefined && zone === undefined) {
    return { ok: false, reason: `"${text}" has no time zone: add Z for UTC or an offset such as +09:00` };
  }
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: `"${text}" is not a real date and time` };
  }
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return { ok: false, reason: `"${text}" is not a real date (${y}-${mo} has no day ${d})` };
  }
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    const sign = zm?.[1] === '-' ? -1 : 1;
    const oh = Number(zm?.[2] ?? 0);
    const om = Number(zm?.[3] ?? 0);
    if (oh > 23 || om > 59) return { ok: false, reason: `"${text}" has an impossible offset ${zone}` };
    t -= sign * (oh * HOUR_MS + om * MINUTE_MS);
  }
  return { ok: true, ms: t };
}

function describeDuration(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS} day${ms === DAY_MS ? '' : 's'}`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS} hour${ms === HOUR_MS ? '' : 's'}`;
  if (ms % MINUTE_MS === 0) return `${ms / MINUTE_MS} minute${ms === MINUTE_MS ? '' : 's'}`;
  return `${Math.round(ms / 1000)} s`;
}

function present(v: string | null | undefined): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/**
 * `from`/`to` (ISO-8601, both optional) → a window in epoch ms. Defaults: `to` = now, `from` = to − defaultMs.
 * Refuses unparseable times, from ≥ to, windows over `maxMs`, and times beyond now + skew.
 */
export function parseTimeWindow(
  input: { from?: string | null; to?: string | null },
  now: number,
  opts: TimeWindowOptions = {},
): TimeWindowResult {
  const defaultMs = opts.defaultMs ?? DEFAULT_WINDOW_MS;
  const maxMs = opts.maxMs ?? MAX_WINDOW_MS;
  const skew = opts.futureSkewMs ?? DEFAULT_FUTURE_SKEW_MS;
  const issues: TimeWindowError['issues'] = [];

  let from: number | null = null;
  let to: number | null = null;
  if (present(input.from)) {
    const r = parseIsoInstant(input.from);
    if (r.ok) from = r.ms;
    else issues.push({ param: 'from', message: `from: ${r.reason}` });
  }
  if (present(input.to)) {
    const r = parseIsoInstant(input.to);
    if (r.ok) to = r.ms;
    else issues.push({ param: 'to', message: `to: ${r.reason}` });
  }
  if (issues.length === 0) {
    const end = to ?? now;
    const start = from ?? end - defaultMs;
    if (from !== null && from > now + skew) issues.push({ param: 'from', message: `from (${toIso(from)}) is in the future (now is ${toIso(now)})` });
    if (to !== null && to > now + skew) issues.push({ param: 'to', message: `to (${toIso(to)}) is in the future (now is ${toIso(now)})` });
    if (start >= end) {
      issues.push({ param: 'window', message: `from (${toIso(start)}) is not before to (${toIso(end)})` });
    } else if (end - start > maxMs) {
      issues.push({ param: 'window', message: `the window is ${describeDuration(end - start)} long; the longest allowed is ${describeDuration(maxMs)}` });
    }
    if (issues.length === 0) return { ok: true, value: { from: start, to: end } };
  }
  return {
    ok: false,
    error: { code: 'invalid-time-window', message: `Invalid time window: ${issues.map((i) => i.message).join('; ')}.`, issues },
  };
}

/** ISO-8601 UTC with milliseconds, the one rendering of times at the JSON edge. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** Start of every minute overlapping [from, to). */
export function minutesOf(window: TimeWindow, stepMs = MINUTE_MS): number[] {
  const out: number[] = [];
  for (let m = Math.floor(window.from / stepMs) * stepMs; m < window.to; m += stepMs) out.push(m);
  return out;
}

/**
 * Executions one per-execution table is sized for. Logs Insights would return up to 100,000 rows a
 * query (paged 10,000 at a time, docs/aws-behaviour.md §11.8); the limit here is the browser's: every
 * row is a table row with its verdict sent as JSON and rendered, and 9,500 keep a view to a few
 * megabytes. The aggregate asks for 10,000 rows (room for executions running across the edge and for
 * metrics a minute behind; rows the limit cuts beyond it are the oldest, which the table's window
 * usually leaves out anyway), its endings query twice that.
 */
export const TABLE_ROW_BUDGET = 9_500;

/**
 * Where the table's window starts: the window's own start when the metrics count at most `budget`
 * executions started in it, else the start of the newest minutes (metric bins) that hold at most that
 * many — at least one bin. `readBackMs` is how far before that start the aggregate also reads (Express
 * executions that began earlier): their executions count against the budget too. Null metrics (not
 * read) leave the window whole: the row limit then says so.
 */
export function tableWindowFrom(
  metrics: readonly MetricMinute[] | null,
  window: TimeWindow,
  opts: { budget?: number; readBackMs?: number; binMs?: number } = {},
): { from: number; startedInWindow: number; startedShown: number } | null {
  if (!metrics) return null;
  const budget = opts.budget ?? TABLE_ROW_BUDGET;
  const readBack = opts.readBackMs ?? 0;
  // The metrics' period: a minute unless the window's age needs coarser data (docs/aws-behaviour.md §11.2).
  const binMs = opts.binMs ?? MINUTE_MS;
  const bins = metrics.filter((m) => m.minute < window.to).sort((a, b) => b.minute - a.minute);
  const inWindow = bins.filter((m) => m.minute + binMs > window.from);
  const total = inWindow.reduce((a, m) => a + m.started, 0);
  const readFromWindowStart = bins.reduce((a, m) => (m.minute + binMs > window.from - readBack ? a + m.started : a), 0);
  if (readFromWindowStart <= budget) return null;
  let from = window.to;
  let shown = 0;
  // Executions the query would read for a start at `candidate` (its read-back included): the start
  // moves back one bin at a time, so the bins it reads only grow — one pass.
  let read = 0;
  let next = 0;
  for (const m of inWindow) {
    const candidate = Math.max(window.from, m.minute);
    for (; next < bins.length && (bins[next]?.minute ?? 0) + binMs > candidate - readBack; next++) read += bins[next]?.started ?? 0;
    if (shown > 0 && read > budget) break;
    from = candidate;
    shown += m.started;
  }
  return { from, startedInWindow: total, startedShown: shown };
}
