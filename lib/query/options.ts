import { queryOptions } from '@tanstack/react-query';
import type { executionsViewDto, executionViewDto, stateMachineDto, healthDto } from '@/lib/server/dto';
import { fetchJson } from './fetch-json';

// One queryOptions per resource, used by the server prefetch (with the data function called directly)
// and by the client hooks (over the JSON API). Keys carry everything the view depends on.

export type ExecutionsDto = ReturnType<typeof executionsViewDto>;
export type ExecutionDto = ReturnType<typeof executionViewDto>;
export type StateMachineDto = ReturnType<typeof stateMachineDto>;
export type HealthDto = ReturnType<typeof healthDto>;

export interface WindowParams {
  from?: string | null;
  to?: string | null;
}

function qs(w: WindowParams): string {
  const p = new URLSearchParams();
  if (w.from) p.set('from', w.from);
  if (w.to) p.set('to', w.to);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const stateMachinesOptions = () =>
  queryOptions({
    queryKey: ['state-machines'],
    queryFn: () => fetchJson<{ stateMachines: StateMachineDto[] }>('/api/state-machines'),
    staleTime: 60_000,
  });

export const executionsOptions = (stateMachineArn: string, w: WindowParams) =>
  queryOptions({
    queryKey: ['executions', stateMachineArn, w.from ?? null, w.to ?? null],
    queryFn: () => fetchJson<ExecutionsDto>(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/executions${qs(w)}`),
    staleTime: 15_000,
  });

export const executionOptions = (executionArn: string, w: WindowParams) =>
  queryOptions({
    queryKey: ['execution', executionArn, w.from ?? null, w.to ?? null],
    queryFn: () => fetchJson<ExecutionDto>(`/api/executions/${encodeURIComponent(executionArn)}${qs(w)}`),
    staleTime: 5_000,
  });
