import { queryOptions } from '@tanstack/react-query';
import type { executionsViewDto, executionViewDto, stateMachineDto, healthDto } from '@/lib/server/dto';
import type { Overview, OverviewEntry, StateMachineSummary } from '@/lib/server/overview';
import { fetchJson } from './fetch-json';
import { rangeQuery, type RangeParams } from './time-range';

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


export const executionsOptions = (stateMachineArn: string, w: WindowParams) =>
  queryOptions({
    queryKey: ['executions', stateMachineArn, w.from ?? null, w.to ?? null],
    queryFn: () => fetchJson<ExecutionsDto>(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/executions${rangeQuery(w)}`),
    staleTime: 15_000,
  });

export const executionOptions = (executionArn: string, w: WindowParams) =>
  queryOptions({
    queryKey: ['execution', executionArn, w.from ?? null, w.to ?? null],
    queryFn: () => fetchJson<ExecutionDto>(`/api/executions/${encodeURIComponent(executionArn)}${rangeQuery(w)}`),
    staleTime: 5_000,
  });

// ---- the dashboard's views (overview, state machine, ops) ----

export type OverviewDto = Overview;
export type OverviewEntryDto = OverviewEntry;
export type StateMachineSummaryDto = StateMachineSummary;

/**
 * The executions of a state machine for a URL range: the key holds the range as written, so a rolling
 * `now-15m` stays one query that moves on every poll. It is sent as written too: the server shares
 * one read of "the last 3 hours" between every viewer of the table.
 */
export const executionsInRangeOptions = (stateMachineArn: string, range: RangeParams) =>
  queryOptions({
    ...executionsOptions(stateMachineArn, range),
    queryFn: () => fetchJson<ExecutionsDto>(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/executions${rangeQuery(range)}`),
  });

/** Every state machine with its counts (rolling ranges are sent as written: the server shares them between viewers). */
export const overviewOptions = (range: RangeParams) =>
  queryOptions({
    queryKey: ['overview', range.from ?? null, range.to ?? null],
    queryFn: () => fetchJson<OverviewDto>(`/api/overview${rangeQuery(range)}`),
    staleTime: 10_000,
  });
