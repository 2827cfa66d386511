// The time range of a view as the URL holds it: `?from&to`, each an ISO-8601 instant or a rolling
// expression (`now`, `now-15m`, `now-3h`, `now-1d`, as Grafana writes them). Rolling ranges keep a
// wall screen or a polled table moving; absolute ones make a shared link mean the same minutes
// everywhere. This module is the one place a range is read from a URL, written into one, and turned
// into a window (expressions resolved here, then validated by lib/domain/time-window.ts).

import { formatUtc } from '@/lib/domain/format';
import { DEFAULT_WINDOW_MS, HOUR_MS, MINUTE_MS, DAY_MS, parseTimeWindow, toIso, type TimeWindowResult } from '@/lib/domain/time-window';

export interface RangeParams {
  /** As in the URL: ISO-8601, `now-<n><m|h|d>`, or null (default: the last 3 hours). */
  from: string | null;
  /** As in the URL: ISO-8601, `now`, or null (now). */
  to: string | null;
}

export interface RangePreset {
  label: string;
  /** Accessible wording. */
  title: string;
  from: string;
  ms: number;
}

export const RANGE_PRESETS: readonly RangePreset[] = [
  { label: '15 m', title: 'Last 15 minutes', from: 'now-15m', ms: 15 * MINUTE_MS },
  { label: '1 h', title: 'Last hour', from: 'now-1h', ms: HOUR_MS },
  { label: '3 h', title: 'Last 3 hours', from: 'now-3h', ms: 3 * HOUR_MS },
  { label: '24 h', title: 'Last 24 hours', from: 'now-24h', ms: DAY_MS },
];

const RELATIVE = /^now(?:-(\d{1,4})([mhd]))?$/;
const UNIT_MS = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS } as const;

/** Milliseconds before now for `now-15m`; 0 for `now`; null when not a rolling expression. */
export function relativeOffsetMs(expr: string): number | null {
  const m = RELATIVE.exec(expr.trim());
  if (!m) return null;
  const [, n, unit] = m;
  if (n === undefined || unit === undefined) return 0;
  return Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS];
}

function clean(v: string | string[] | null | undefined): string | null {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : null;
}

/**
 * The range of a URL (`URLSearchParams` on the client, Next's `searchParams` object on the server, or
 * a range already read). The default spelled out (`now-3h`, `now`) becomes null, so one range has one
 * query key and one shared read.
 */
export function readRange(params: URLSearchParams | { from?: string | string[] | null; to?: string | string[] | null }): RangeParams {
  const raw = params instanceof URLSearchParams ? { from: params.get('from'), to: params.get('to') } : { from: clean(params.from), to: clean(params.to) };
  let from = clean(raw.from);
  let to = clean(raw.to);
  if (to !== null && relativeOffsetMs(to) === 0) to = null;
  if (from !== null && to === null && relativeOffsetMs(from) === DEFAULT_WINDOW_MS) from = null;
  return { from, to };
}

/** Step Functions launched on 2016-12-01: AWS holds nothing of it from before, so such a window is a mistake. */
export const EARLIEST_MS = Date.UTC(2016, 11, 1);

/** Longer than any ISO-8601 instant (`2024-05-01T10:00:00.123456789+09:00` is 35): refused without being parsed or echoed. */
const MAX_TIME_CHARS = 64;

function invalid(param: 'from' | 'to' | 'window', message: string): TimeWindowResult {
  return { ok: false, error: { code: 'invalid-time-window', message: `Invalid time window: ${message}.`, issues: [{ param, message }] } };
}

/**
 * The one way from a URL's range to the window it means at `now`: rolling expressions resolved, then
 * checked by the one time-window parser (lib/domain/time-window.ts), every problem named. Shared by
 * the JSON API (400 with the message), the pages and the range picker (the same words on screen).
 */
export function windowOfRange(range: { from?: string | null; to?: string | null }, now: number): TimeWindowResult {
  for (const param of ['from', 'to'] as const) {
    const v = range[param];
    if (typeof v === 'string' && v.length > MAX_TIME_CHARS) {
      return invalid(param, `${param} is ${v.length} characters long; an ISO-8601 time such as 2024-05-01T10:00:00Z is at most ${MAX_TIME_CHARS}`);
    }
  }
  const at = (expr: string | null | undefined) => {
    const off = typeof expr === 'string' ? relativeOffsetMs(expr) : null;
    return off === null ? expr : toIso(now - off);
  };
  const r = parseTimeWindow({ from: at(range.from), to: at(range.to) }, now);
  if (r.ok && r.value.from < EARLIEST_MS) {
    return invalid('from', `from (${toIso(r.value.from)}) is before ${toIso(EARLIEST_MS)}, when Step Functions launched; AWS holds nothing older`);
  }
  return r;
}

/**
 * A range with its rolling expressions pinned to the instants they mean at `now` (an execution
 * happened at fixed instants: a rolling `now-15m` from a table link must not slide away from it).
 * `to` of now stays null (the API's own default); a range that is not valid is returned as it is,
 * for the API to refuse with its message.
 */
export function pinRange(range: RangeParams, now: number): RangeParams {
  const w = windowOfRange(range, now);
  if (!w.ok) return range;
  const pin = (expr: string | null, ms: number) => (expr !== null && relativeOffsetMs(expr) !== null ? toIso(ms) : expr);
  return { from: pin(range.from, w.value.from), to: range.to !== null && relativeOffsetMs(range.to) === 0 ? null : pin(range.to, w.value.to) };
}

/** A stable key for caches shared between viewers: the rolling expression itself, not its instant. */
export function rangeKey(r: RangeParams): string {
  return `${r.from ?? 'now-3h'}|${r.to ?? 'now'}`;
}

/** Writes a range into a URL's params: `from`/`to` set when given, removed when null (the default). */
export function writeRange(params: URLSearchParams, r: { from?: string | null; to?: string | null }): URLSearchParams {
  for (const param of ['from', 'to'] as const) {
    const v = r[param];
    if (v) params.set(param, v);
    else params.delete(param);
  }
  return params;
}

/** `?from=…&to=…` (empty for the default), for links and API calls that carry the range. */
export function rangeQuery(r: { from?: string | null; to?: string | null }): string {
  const s = writeRange(new URLSearchParams(), r).toString();
  return s ? `?${s}` : '';
}

export function presetOf(r: RangeParams): RangePreset | null {
  if (r.to !== null) return null;
  const from = r.from ?? 'now-3h';
  return RANGE_PRESETS.find((p) => p.from === from) ?? null;
}

/** Words for the range: "last 3 hours", "last 45 minutes", "2024-05-01 10:00 → 11:00 UTC". */
export function describeRange(r: RangeParams): string {
  const preset = presetOf(r);
  if (preset) return preset.title.toLowerCase();
  const fromOff = r.from === null ? DEFAULT_WINDOW_MS : relativeOffsetMs(r.from);
  const toOff = r.to === null ? 0 : relativeOffsetMs(r.to);
  if (fromOff !== null && toOff === 0) {
    const mins = Math.round(fromOff / MINUTE_MS);
    return mins % 60 === 0 ? `last ${mins / 60} hours` : `last ${mins} minutes`;
  }
  const from = r.from ?? 'now-3h';
  const to = r.to ?? 'now';
  return `${RELATIVE.test(from) ? from : formatUtc(from, 'minute')} → ${RELATIVE.test(to) ? to : formatUtc(to, 'minute')}`;
}
