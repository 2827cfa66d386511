// Display formats shared by every view. Times are shown in UTC, the zone of the ISO links.

const INT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return INT.format(n);
}

/** 332,067,522 → "317 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
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

/** USD for Logs Insights scans: $0.005 per GB scanned (us-east-1 list price). */
export const INSIGHTS_USD_PER_GB = 0.005;

export function estimateScanUsd(bytes: number): number {
  return (bytes / 1024 ** 3) * INSIGHTS_USD_PER_GB;
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '< $0.0001';
  return `$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)}`;
}
