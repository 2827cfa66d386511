// Display helpers of the execution view; times, durations and counts are written by lib/domain/format.ts.

import { formatCount, formatUtc } from '@/lib/domain/format';

export function durationBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? ms : null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Evidence values as read: ISO instants become readable UTC times, everything else stays as sent. */
export function formatEvidenceValue(value: string | number | boolean | null): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return formatCount(value);
  return ISO_INSTANT.test(value) ? formatUtc(value, 'ms') : value;
}
