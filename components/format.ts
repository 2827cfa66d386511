// Display formats shared by every view. Times are shown in UTC, the zone of the ISO links.

export { estimateScanUsd, formatBytes, formatUsd, INSIGHTS_USD_PER_GB } from '@/lib/domain/scan-cost';

const INT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return INT.format(n);
}

/** 1413 → "1.4 s", 45 → "45 ms", 150000 → "2 m 30 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m} m ${s} s` : `${m} m`;
}

/** "12 s ago", "3 min ago". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.floor(m / 60)} h ${m % 60} min ago`;
}

/** "04:29:15" (UTC). */
export function formatClock(iso: string | number): string {
  return new Date(iso).toISOString().slice(11, 19);
}

/** "2024-05-01 04:29:15 UTC". */
export function formatUtc(iso: string | number): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

