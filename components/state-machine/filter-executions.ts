import type { VerdictCause } from '@/lib/domain/types';
import { isVerdictCause } from '../verdict/causes';
import type { ExecutionRowDto } from './execution-link';

// The executions table's filters live in the query string (`?cause=log-lag,best-effort-drop&status=UNKNOWN&q=…`)
// so a filtered view is a link.

export interface ExecutionFilter {
  causes: VerdictCause[];
  /** A status on either side: Step Functions' status or the log-derived one. */
  status: string | null;
  q: string;
}

export const STATUS_OPTIONS = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING', 'PENDING_REDRIVE', 'UNKNOWN'] as const;

export function readExecutionFilter(params: URLSearchParams): ExecutionFilter {
  const causes = (params.get('cause') ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(isVerdictCause);
  const status = params.get('status');
  return {
    causes: [...new Set(causes)],
    status: status && (STATUS_OPTIONS as readonly string[]).includes(status) ? status : null,
    q: params.get('q') ?? '',
  };
}

export function isFiltered(f: ExecutionFilter): boolean {
  return f.causes.length > 0 || f.status !== null || f.q.trim() !== '';
}

export function filterExecutions(rows: readonly ExecutionRowDto[], f: ExecutionFilter): readonly ExecutionRowDto[] {
  if (!isFiltered(f)) return rows;
  const causes = f.causes.length > 0 ? new Set<string>(f.causes) : null;
  const q = f.q.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (causes === null || causes.has(r.verdict.cause)) &&
      (f.status === null || r.logs.status === f.status || r.service.status === f.status) &&
      (q === '' || r.name.toLowerCase().includes(q) || r.executionArn.toLowerCase().includes(q)),
  );
}

export function countByCause(rows: readonly ExecutionRowDto[]): Partial<Record<VerdictCause, number>> {
  const out: Partial<Record<VerdictCause, number>> = {};
  for (const r of rows) out[r.verdict.cause] = (out[r.verdict.cause] ?? 0) + 1;
  return out;
}
