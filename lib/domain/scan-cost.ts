// What a Logs Insights scan costs, and how it reads (AWS-FACTS.md §10). Shared by the health advice
// and the views' "scanned" lines.

/** USD for Logs Insights scans: $0.005 per GB scanned (us-east-1 list price, Standard log class). */
export const INSIGHTS_USD_PER_GB = 0.005;

export function estimateScanUsd(bytes: number): number {
  return (bytes / 1024 ** 3) * INSIGHTS_USD_PER_GB;
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '< $0.0001';
  return `$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)}`;
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
