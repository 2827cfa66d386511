import type { ExecutionsDto } from '@/lib/query/options';

export type ExecutionRowDto = ExecutionsDto['executions'][number];

const MINUTE_MS = 60_000;

/**
 * The execution page with a window that holds every event of the execution: from a minute before it
 * started to ten minutes after it stopped (late deliveries), never past the time the data was read.
 */
export function executionHref(row: ExecutionRowDto, generatedAt: string, windowFrom: string): string {
  const now = Date.parse(generatedAt);
  const start = Date.parse(row.startDate ?? row.logs.firstEventAt ?? windowFrom);
  const stop = row.stopDate ? Date.parse(row.stopDate) : null;
  const from = start - MINUTE_MS;
  const to = stop === null ? now : Math.min(stop + 10 * MINUTE_MS, now);
  const p = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(Math.max(to, from + MINUTE_MS)).toISOString() });
  return `/executions/${encodeURIComponent(row.executionArn)}?${p.toString()}`;
}
