import { queryOptions } from '@tanstack/react-query';
import type { executionsViewDto, executionViewDto, firstLookDto, stateMachineDto, healthDto } from '@/lib/server/dto';
import type { InsightsQueueView } from '@/lib/server/insights-queue';
import type { Overview, OverviewEntry, StateMachineSummary } from '@/lib/server/overview';
import type { ReadProgress } from '@/lib/domain/read-progress';
import type { SearchEstimateDto as ServerSearchEstimate, SearchResult } from '@/lib/server/search';
import type { StateMachineGraphDto as ServerStateMachineGraphDto } from '@/lib/server/state-machine-graph';
import { ApiError, fetchJson } from './fetch-json';
import { rangeQuery, writeRange, type RangeParams } from './time-range';

// One queryOptions per resource the browser polls: the server render seeds it with the data function's
// answer, the client hook asks the JSON API (docs/architecture.md, "How pages load data"). Keys carry
// everything the view depends on.

export type ExecutionsDto = ReturnType<typeof executionsViewDto>;
export type FirstLookDto = ReturnType<typeof firstLookDto>;
export type ExecutionDto = ReturnType<typeof executionViewDto>;
export type StateMachineDto = ReturnType<typeof stateMachineDto>;
export type HealthDto = ReturnType<typeof healthDto>;
export type OverviewDto = Overview;
export type OverviewEntryDto = OverviewEntry;
export type StateMachineSummaryDto = StateMachineSummary;
export type InsightsQueueDto = InsightsQueueView;
export interface StoppedDto {
  stopped: number;
}
export interface ProgressDto {
  progress: ReadProgress | null;
}
export type SearchDto = Omit<SearchResult, 'refused'>;
export type SearchEstimateDto = ServerSearchEstimate;

export type StateMachineGraphDto = ServerStateMachineGraphDto;

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

/**
 * The state machine's workflow graph with per-state counts over the range: one Logs Insights query,
 * asked for once the table is there and polled with it (its answer is shared between viewers for 15 s).
 */
export const stateMachineGraphOptions = (stateMachineArn: string, range: WindowParams) =>
  queryOptions({
    queryKey: ['state-machine-graph', stateMachineArn, range.from ?? null, range.to ?? null],
    queryFn: () => fetchJson(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/graph${rangeQuery(range)}`, (s) => s.stateMachineGraphSchema),
    staleTime: 15_000,
  });

/** How far the read of a state machine's executions view has got (polled while the view is not there yet). */
export const progressOptions = (stateMachineArn: string, range: WindowParams) =>
  queryOptions({
    queryKey: ['progress', stateMachineArn, range.from ?? null, range.to ?? null],
    queryFn: () => fetchJson(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/progress${rangeQuery(range)}`, (s) => s.progressSchema),
    staleTime: 0,
  });

/** The Logs Insights queries the server runs and queues now (its budget, per state machine). */
export const insightsQueueOptions = () =>
  queryOptions({
    queryKey: ['insights-queue'],
    queryFn: () => fetchJson('/api/insights-queue', (s) => s.insightsQueueSchema),
    staleTime: 0,
  });

/** Stops the read of a state machine's executions view (DELETE …/progress). */
export function stopRead(stateMachineArn: string, range: WindowParams): Promise<StoppedDto> {
  return fetchJson(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/progress${rangeQuery(range)}`, (s) => s.stoppedSchema, { method: 'DELETE' });
}

/**
 * Every state machine with its counts, of the sources the filter keeps (docs/sources.md): `account` and
 * `region` as in the URL, null for all. Rolling ranges are sent as written: the server shares them between viewers.
 */
export const overviewOptions = (range: RangeParams, filter: { account: string | null; region: string | null } = { account: null, region: null }) =>
  queryOptions({
    queryKey: ['overview', range.from ?? null, range.to ?? null, filter.account, filter.region],
    queryFn: () => fetchJson(`/api/overview${withSourceFilter(range, filter)}`, (s) => s.overviewSchema),
    staleTime: 10_000,
  });

/** The overview's query string: the range, and the source filters when set. */
function withSourceFilter(range: RangeParams, filter: { account: string | null; region: string | null }): string {
  const q = writeRange(new URLSearchParams(), range);
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

/** A search's answer as the page reads it: the matches, or why it did not run (docs/search.md). */
export type SearchOutcome =
  | { kind: 'done'; result: SearchDto }
  | { kind: 'confirm'; message: string; estimate: SearchEstimateDto }
  | { kind: 'unavailable'; message: string };

/**
 * A search of a state machine's executions by what they carried. Never polled nor refetched on its own:
 * every run is a Logs Insights scan that costs money. `confirmAbove`: the bytes the user agreed to scan
 * after a `confirmation-required` (kept out of the URL, so a shared link never runs a costly scan unasked).
 */
export const searchOptions = (stateMachineArn: string, range: WindowParams, q: string, confirmAbove: number | null) =>
  queryOptions({
    queryKey: ['search', stateMachineArn, range.from ?? null, range.to ?? null, q, confirmAbove],
    queryFn: async (): Promise<SearchOutcome> => {
      const params = writeRange(new URLSearchParams(), range);
      params.set('q', q);
      if (confirmAbove !== null) params.set('confirmAbove', String(confirmAbove));
      try {
        return { kind: 'done', result: await fetchJson(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/search?${params}`, (s) => s.searchSchema) };
      } catch (e) {
        if (e instanceof ApiError && e.status === 409 && e.code === 'search-unavailable') return { kind: 'unavailable', message: e.message };
        if (e instanceof ApiError && e.status === 409 && e.code === 'confirmation-required') {
          const { searchEstimateSchema } = await import('./schemas');
          const estimate = searchEstimateSchema.safeParse((e.body as { estimate?: unknown } | undefined)?.estimate);
          // Checked: the schema is bound to the server's type (answerOf), as fetchJson's answers are.
          if (estimate.success) return { kind: 'confirm', message: e.message, estimate: estimate.data as SearchEstimateDto };
        }
        throw e;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    retry: false,
  });
