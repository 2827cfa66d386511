import { queryOptions } from '@tanstack/react-query';
import type { executionsViewDto, executionViewDto, stateMachineDto, healthDto } from '@/lib/server/dto';
import type { Overview, OverviewEntry, StateMachineSummary } from '@/lib/server/overview';
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

/** Every state machine with its counts (rolling ranges are sent as written: the server shares them between viewers). */
/** The overview of the sources the filter keeps (docs/sources.md): `account` and `region` as in the URL, null for all. */
export const overviewOptions = (range: RangeParams, filter: { account: string | null; region: string | null } = { account: null, region: null }) =>
  queryOptions({
    queryKey: ['overview', range.from ?? null, range.to ?? null, filter.account, filter.region],
    queryFn: () => fetchJson(`/api/overview${withSourceFilter(rangeQuery(range), filter)}`, (s) => s.overviewSchema),
    staleTime: 10_000,
  });

/** A query string with the source filters added (absent when null). */
export function withSourceFilter(query: string, filter: { account: string | null; region: string | null }): string {
  const q = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  if (filter.account) q.set('account', filter.account);
  if (filter.region) q.set('region', filter.region);
  const s = q.toString();
  return s ? `?${s}` : '';
}

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
