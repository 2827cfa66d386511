import { queryOptions } from '@tanstack/react-query';
import type { executionsViewDto, executionViewDto, stateMachineDto, healthDto } from '@/lib/server/dto';
import type { Overview, OverviewEntry, StateMachineSummary } from '@/lib/server/overview';
import type { ReadProgress } from '@/lib/domain/read-progress';
import { fetchJson } from './fetch-json';
import { rangeQuery, type RangeParams } from './time-range';

// One queryOptions per resource the browser polls: the server render seeds it with the data function's
// answer, the client hook asks the JSON API (docs/architecture.md, "How pages load data"). Keys carry
// everything the view depends on.

export type ExecutionsDto = ReturnType<typeof executionsViewDto>;
export type ExecutionDto = ReturnType<typeof executionViewDto>;
export type StateMachineDto = ReturnType<typeof stateMachineDto>;
export type HealthDto = ReturnType<typeof healthDto>;
export type OverviewDto = Overview;
export type OverviewEntryDto = OverviewEntry;
export type StateMachineSummaryDto = StateMachineSummary;
export interface StoppedDto {
  stopped: number;
}
export interface ProgressDto {
  progress: ReadProgress | null;
}

export interface WindowParams {
  from?: string | null;
  to?: string | null;
}

/**
 * The executions of a state machine for a URL range: the key holds the range as written, so a rolling
 * `now-15m` stays one query that moves on every poll. It is sent as written too: the server shares
 * one read of "the last 3 hours" between every viewer of the table.
 */
export const executionsOptions = (stateMachineArn: string, range: WindowParams) =>
  queryOptions({
    queryKey: ['executions', stateMachineArn, range.from ?? null, range.to ?? null],
    queryFn: () => fetchJson(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/executions${rangeQuery(range)}`, (s) => s.executionsSchema),
    staleTime: 15_000,
  });

export const executionOptions = (executionArn: string, w: WindowParams) =>
  queryOptions({
    queryKey: ['execution', executionArn, w.from ?? null, w.to ?? null],
    queryFn: () => fetchJson(`/api/executions/${encodeURIComponent(executionArn)}${rangeQuery(w)}`, (s) => s.executionSchema),
    staleTime: 5_000,
  });

/** How far the read of a state machine's executions view has got (polled while the view is not there yet). */
export const progressOptions = (stateMachineArn: string, range: WindowParams) =>
  queryOptions({
    queryKey: ['progress', stateMachineArn, range.from ?? null, range.to ?? null],
    queryFn: () => fetchJson(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/progress${rangeQuery(range)}`, (s) => s.progressSchema),
    staleTime: 0,
  });

/** Stops the read of a state machine's executions view (DELETE …/progress). */
export function stopRead(stateMachineArn: string, range: WindowParams): Promise<StoppedDto> {
  return fetchJson(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/progress${rangeQuery(range)}`, (s) => s.stoppedSchema, { method: 'DELETE' });
}

/** Every state machine with its counts (rolling ranges are sent as written: the server shares them between viewers). */
export const overviewOptions = (range: RangeParams) =>
  queryOptions({
    queryKey: ['overview', range.from ?? null, range.to ?? null],
    queryFn: () => fetchJson(`/api/overview${rangeQuery(range)}`, (s) => s.overviewSchema),
    staleTime: 10_000,
  });

export interface CreatedSnapshot {
  id: string;
  /** The diagnosis link's path, `/d/<id>`. */
  url: string;
  takenAt: string;
  expiresAt: string;
}

/** Freezes the diagnosis of an execution on the server (POST /api/snapshots). */
export function createSnapshot(body: { executionArn: string; from?: string | null; to?: string | null; includePayloads: boolean }): Promise<CreatedSnapshot> {
  return fetchJson('/api/snapshots', (s) => s.createdSnapshotSchema, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
