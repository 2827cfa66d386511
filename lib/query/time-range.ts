// The time range of a view as the URL holds it: `?from&to`, each an ISO-8601 instant or a rolling
// expression (`now`, `now-15m`, `now-3h`, `now-1d`, as Grafana writes them). Rolling ranges keep a
// wall screen or a polled table moving; absolute ones make a shared link mean the same minutes
// everywhere. Expressions are resolved to ISO here, then lib/domain/time-window.ts validates them.

import { DEFAULT_WINDOW_MS, HOUR_MS, MINUTE_MS, DAY_MS, toIso } from '@/lib/domain/time-window';

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

/** The range of a URL (`URLSearchParams` on the client, Next's `searchParams` object on the server). */
export function readRange(params: URLSearchParams | Record<string, string | string[] | undefined>): RangeParams {
  if (params instanceof URLSearchParams) return normalizeRange({ from: params.get('from'), to: params.get('to') });
  return normalizeRange({ from: clean(params.from), to: clean(params.to) });
}

/** The default spelled out (`now-3h`, `now`) becomes null, so one range has one query key. */
export function normalizeRange(r: { from: string | null | undefined; to: string | null | undefined }): RangeParams {
  let from = clean(r.from);
  let to = clean(r.to);
  if (to !== null && relativeOffsetMs(to) === 0) to = null;
  if (from !== null && to === null && relativeOffsetMs(from) === DEFAULT_WINDOW_MS) from = null;
  return { from, to };
}

/** ISO `from`/`to` for the JSON API at `now` (null: the API's own default). Invalid text passes through for the API to refuse. */
export function resolveRange(r: RangeParams, now: number): { from: string | null; to: string | null } {
  const at = (expr: string | null) => {
    if (expr === null) return null;
    const off = relativeOffsetMs(expr);
    return off === null ? expr : toIso(now - off);
  };
  const to = r.to !== null && relativeOffsetMs(r.to) === 0 ? null : at(r.to);
  return { from: at(r.from), to };
}

/** A stable key for caches shared between viewers: the rolling expression itself, not its instant. */
export function rangeKey(r: RangeParams): string {
  return `${r.from ?? 'now-3h'}|${r.to ?? 'now'}`;
}

/** `?from=…&to=…` (empty for the default), for links that carry the range to another view. */
export function rangeQuery(r: RangeParams): string {
  const p = new URLSearchParams();
  if (r.from) p.set('from', r.from);
  if (r.to) p.set('to', r.to);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function presetOf(r: RangeParams): RangePreset | null {
  if (r.to !== null) return null;
  const from = r.from ?? 'now-3h';
  return RANGE_PRESETS.find((p) => p.from === from) ?? null;
}

function shortUtc(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC');
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
  return `${RELATIVE.test(from) ? from : shortUtc(from)} → ${RELATIVE.test(to) ? to : shortUtc(to)}`;
}
