// Display formatting of the execution view. Times are shown in UTC, as the API gives them, so two
// engineers in different time zones read the same instant off a shared link.

import { logGroupNameFromArn } from '@/lib/domain/arn';

export function formatTime(iso: string | null | undefined, withDate = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const s = d.toISOString();
  return withDate ? `${s.slice(0, 10)} ${s.slice(11, 23)} UTC` : s.slice(11, 23);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1_000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(abs / 60_000);
  const s = Math.round((abs % 60_000) / 1_000);
  if (m < 60) return `${ms < 0 ? '-' : ''}${m} min${s ? ` ${s} s` : ''}`;
  const h = Math.floor(m / 60);
  return `${ms < 0 ? '-' : ''}${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

export function durationBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? ms : null;
}

export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1_000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Evidence values as read: ISO instants become readable UTC times, everything else stays as sent. */
export function formatEvidenceValue(value: string | number | boolean | null): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString('en-US');
  return ISO_INSTANT.test(value) ? formatTime(value) : value;
}

/** The log group's name for compact display; the text as given when it is not a log group ARN. */
export function logGroupName(logGroupArn: string | null): string | null {
  if (!logGroupArn) return null;
  return logGroupNameFromArn(logGroupArn) ?? logGroupArn;
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
