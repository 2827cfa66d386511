import { executionWindow } from '@/lib/domain/execution-window';
import { toIso } from '@/lib/domain/time-window';
import type { ExecutionsDto } from '@/lib/query/options';
import { rangeQuery } from '@/lib/query/time-range';

export type ExecutionRowDto = ExecutionsDto['executions'][number];

const at = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);

/**
 * The execution page with the window that holds every event of the execution (lib/domain/execution-window.ts),
 * as of the time the table's data was read — and never short of the events the table itself saw, so
 * that the page and the table judge the same record.
 */
export function executionHref(row: ExecutionRowDto, generatedAt: string, windowFrom: string): string {
  const startedAt = at(row.startDate ?? row.logs.firstEventAt ?? windowFrom) ?? Date.parse(windowFrom);
  const stoppedAt = at(row.stopDate);
  const w = executionWindow({ startedAt, stoppedAt, lastSeenAt: Math.max(stoppedAt ?? Number.NEGATIVE_INFINITY, at(row.logs.lastEventAt) ?? Number.NEGATIVE_INFINITY), express: row.kind === 'express' }, Date.parse(generatedAt));
  return `/executions/${encodeURIComponent(row.executionArn)}${rangeQuery({ from: toIso(w.from), to: toIso(w.to) })}`;
}
