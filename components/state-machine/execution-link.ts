import type { ExecutionsDto } from '@/lib/query/options';

export type ExecutionRowDto = ExecutionsDto['executions'][number];

const MINUTE_MS = 60_000;
/** Logs Insights bounds are whole seconds: a table read at 12:00:00.400 can hold an event of 12:00:00.900. */
const SECOND_MS = 1_000;

/**
 * The execution page with a window that holds every event of the execution: from a minute before it
 * started to ten minutes after it stopped (late deliveries), never past the time the data was read —
 * but never short of what the table itself saw: an execution that ended just after the table's read
 * time (its query bounds are whole seconds) opened with a window ending before its terminal event,
 * and its page said "running" where the table said "consistent".
 */
export function executionHref(row: ExecutionRowDto, generatedAt: string, windowFrom: string): string {
  const now = Date.parse(generatedAt);
  const start = Date.parse(row.startDate ?? row.logs.firstEventAt ?? windowFrom);
  const stop = row.stopDate ? Date.parse(row.stopDate) : null;
  const seen = Math.max(stop ?? Number.NEGATIVE_INFINITY, row.logs.lastEventAt ? Date.parse(row.logs.lastEventAt) : Number.NEGATIVE_INFINITY);
  const from = start - MINUTE_MS;
  const capped = stop === null ? now : Math.min(stop + 10 * MINUTE_MS, now);
  const to = Math.max(capped, Number.isFinite(seen) ? seen + SECOND_MS : capped, from + MINUTE_MS);
  const p = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  return `/executions/${encodeURIComponent(row.executionArn)}?${p.toString()}`;
}
