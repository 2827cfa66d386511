// How sfn-lens writes times, durations and counts for people: the pages, the CLI and the verdicts'
// sentences. Times are UTC, the zone of every ISO link, so two engineers in different time zones
// read the same instant off a shared link. Pure: instants come in, text goes out.

import { toIso } from './time-window';

/** Epoch milliseconds or an ISO-8601 string, as the domain and the JSON API hold instants. */
export type Instant = number | string;

/** How much of a time to show: to the minute, the second or the millisecond. */
export type TimePrecision = 'minute' | 'second' | 'ms';

const ISO_END: Record<TimePrecision, number> = { minute: 16, second: 19, ms: 23 };

function isoOf(t: Instant): string | null {
  const ms = typeof t === 'number' ? t : Date.parse(t);
  return Number.isFinite(ms) ? toIso(ms) : null;
}

/** "2024-05-01 04:29:15 UTC" (or to the minute, or the millisecond); "—" for no time, unreadable text as sent. */
export function formatUtc(t: Instant | null | undefined, precision: TimePrecision = 'second'): string {
  if (t === null || t === undefined || t === '') return '—';
  const iso = isoOf(t);
  return iso === null ? String(t) : `${iso.slice(0, ISO_END[precision]).replace('T', ' ')} UTC`;
}

/** "04:29:15": the UTC time of day alone, for rows and axes that say "UTC" once; "—" for no time. */
export function formatClock(t: Instant | null | undefined, precision: TimePrecision = 'second'): string {
  if (t === null || t === undefined || t === '') return '—';
  const iso = isoOf(t);
  return iso === null ? String(t) : iso.slice(11, ISO_END[precision]);
}

/** "2024-05-01": the UTC date alone. */
export function formatDate(t: Instant): string {
  const iso = isoOf(t);
  return iso === null ? String(t) : iso.slice(0, 10);
}

/** Drops a fraction's trailing zeros: "1.50" → "1.5", "40.0" → "40". */
function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** 45 → "45 ms", 1413 → "1.41 s", 40000 → "40 s", 150000 → "2 min 30 s", 7500000 → "2 h 5 min"; "—" for none. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (Math.round(abs) < 1_000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 59_950) return `${sign}${trimZeros((abs / 1_000).toFixed(abs < 10_000 ? 2 : 1))} s`;
  const seconds = Math.round(abs / 1_000);
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m < 60) return `${sign}${m} min${s ? ` ${s} s` : ''}`;
  const h = Math.floor(m / 60);
  return `${sign}${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/**
 * A duration in a sentence, rounded as a person would say it: "40 s", "75 s", "3 min", "1.5 h". The
 * verdicts' summaries use it: a re-read a second later gives the same words, and the delays it
 * speaks of are estimates (p95, tolerances), not measurements to the millisecond.
 */
export function formatApproxDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1_000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.round(m / 6) / 10} h`;
}

/** "12 s ago", "3 min ago", "2 h 5 min ago", "4 days ago". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1_000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''} ago`;
  return `${Math.floor(h / 24)} days ago`;
}

/** "1:05" left before a re-check. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1_000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

const INT = new Intl.NumberFormat('en-US');

/** 12345 → "12,345". */
export function formatCount(n: number): string {
  return INT.format(n);
}
