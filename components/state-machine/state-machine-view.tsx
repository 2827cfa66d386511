'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useSearchParams } from 'next/navigation';
import { useDeferredValue, useMemo, useState } from 'react';
import { parseStateMachineArn } from '@/lib/domain/arn';
import { ApiError } from '@/lib/query/fetch-json';
import { executionsOptions, type FirstLookDto } from '@/lib/query/options';
import { describeRange, rangeKey, readRange } from '@/lib/query/time-range';
import { Banner } from '../banner';
import { DataAge } from '../data-age';
import { TimeRangePicker } from '../time-range/time-range-picker';
import { useSearchParamUpdater } from '../time-range/use-search-param-updater';
import { ExecutionFilters, type FilterChange } from './execution-filters';
import { ExecutionSearchForm, ExecutionSearchResults } from './execution-search';
import { ExecutionsEmpty } from './executions-empty';
import { ExecutionsTable } from './executions-table';
import { FirstLook } from './first-look';
import { StateGraphSection } from './state-graph-section';
import { countByCause, filterExecutions, isFiltered, readExecutionFilter } from './filter-executions';
import { lagWindowStart } from './lag-window';
import { StateMachineHeader } from './state-machine-header';
import { StateMachineSkeleton } from './state-machine-skeleton';
import { ViewBanners } from './view-banners';
import { formatClock, formatCount } from '@/lib/domain/format';

const POLL_MS = 30_000;

// The charting library is the page's heaviest dependency: it loads after the table is usable, so the
// first load stays small (bench/first-load-js.ts), and a placeholder of the chart's height holds its place.
const ReconciliationChart = dynamic(() => import('./reconciliation-chart').then((m) => m.ReconciliationChart), {
  ssr: false,
  loading: () => (
    <div className="chart chart-loading" aria-busy="true" aria-label="Loading the chart">
      <span className="muted">Loading the chart…</span>
    </div>
  ),
});

/**
 * The state machine page: header, reconciliation chart and executions table, polled every 30 s.
 * `firstLook`: what the server knew of a cold view before its Logs Insights queries finished, shown
 * until the view is there (docs/cold-views.md).
 */
export function StateMachineView({ arn, firstLook = null }: { arn: string; firstLook?: FirstLookDto | null }) {
  const searchParams = useSearchParams();
  const range = readRange(searchParams);
  // The first look is of the range the page was rendered for, not of one picked since.
  const [firstLookRange] = useState(() => rangeKey(range));
  const filter = readExecutionFilter(searchParams);
  // A search by what the executions carried (docs/search.md), kept in the URL like every view state.
  const search = searchParams.get('search')?.trim() || null;
  const update = useSearchParamUpdater('client');
  const query = useQuery({ ...executionsOptions(arn, range), refetchInterval: POLL_MS, placeholderData: keepPreviousData });
  const view = query.data;

  const deferredFilter = useDeferredValue(filter);
  const rows = useMemo(() => (view ? filterExecutions(view.executions, deferredFilter) : []), [view, deferredFilter]);
  const counts = useMemo(() => (view ? countByCause(view.executions) : {}), [view]);
  const lagFrom = useMemo(() => (view ? lagWindowStart(view) : null), [view]);

  if (!view) {
    if (query.isError) return <ViewError error={query.error} onRetry={() => void query.refetch()} />;
    if (firstLook && firstLookRange === rangeKey(range)) return <FirstLook arn={arn} firstLook={firstLook} />;
    const parsed = parseStateMachineArn(arn);
    return <StateMachineSkeleton name={parsed.ok ? parsed.value.name : null} arn={arn} />;
  }
  const rangeWords = describeRange(range);
  const onFilter = (change: FilterChange, history: 'push' | 'replace') => update(change as Record<string, string | null>, { history });

  return (
    <div className="sm-page" aria-busy={query.isFetching}>
      <StateMachineHeader
        stateMachine={view.stateMachine}
        health={view.health}
        toolbar={
          <div className="toolbar sm-toolbar">
            <TimeRangePicker navigation="client" />
            {query.isPlaceholderData ? <span className="muted">Loading the {rangeWords}…</span> : null}
            <DataAge at={view.generatedAt} />
            <button type="button" className="btn" onClick={() => void query.refetch()} disabled={query.isFetching} aria-label="Refresh the data">
              {query.isFetching ? 'Refreshing…' : 'Refresh'}
            </button>
          </div>
        }
      />
      {query.isError ? (
        <Banner tone="bad" title="The last refresh failed" testId="banner-refresh-failed">
          {query.error.message} Showing the data from {formatClock(view.generatedAt)} UTC.
        </Banner>
      ) : null}
      <ViewBanners view={view} />
      <section className="panel chart-panel" aria-labelledby="chart-h">
        <h2 id="chart-h">Metrics vs logs, per {view.metricsPeriodSeconds > 60 ? 'period' : 'minute'}</h2>
        <ReconciliationChart minutes={view.minutes} lagFrom={lagFrom} isExpress={view.stateMachine.type === 'EXPRESS'} metricsPeriodSeconds={view.metricsPeriodSeconds} />
        {view.mapChildren ? (
          <p className="muted" data-testid="map-children-note">
            Distributed Map children are counted in their own metric series and are not in this chart; they are reconciled below.
          </p>
        ) : null}
      </section>
      {view.mapChildren ? (
        <section className="panel chart-panel" aria-labelledby="map-children-h" data-testid="map-children-chart">
          <h2 id="map-children-h">Distributed Map children: labelled metrics vs their logs</h2>
          <p className="muted">
            {view.mapChildren.series.length > 0 ? `Series ${view.mapChildren.series.map((a) => a.slice(a.indexOf(':stateMachine:') + 14)).join(', ')}` : 'No Map Run label was found in the window, so no labelled series was read'}
            {view.mapChildren.series.length > 1 ? ' (summed: the logs tell a child from its parent, not one label from another)' : ''}
            {view.mapChildren.seriesNotRead > 0 ? `; ${view.mapChildren.seriesNotRead} more labels not read` : ''}.
          </p>
          <ReconciliationChart minutes={view.mapChildren.minutes} lagFrom={lagFrom} isExpress={false} metricsPeriodSeconds={view.metricsPeriodSeconds} />
        </section>
      ) : null}
      <section className="executions-section" aria-labelledby="executions-h">
        <h2 id="executions-h">{search === null ? 'Executions' : 'Executions found in the logs'}</h2>
        <ExecutionSearchForm search={search} onSearch={(text) => update({ search: text }, { history: 'push' })} />
        {search !== null ? (
          <ExecutionSearchResults key={`${search}|${range.from ?? ''}|${range.to ?? ''}`} arn={arn} range={range} search={search} rangeWords={rangeWords} />
        ) : view.executions.length === 0 ? (
          <ExecutionsEmpty view={view} rangeWords={rangeWords} />
        ) : (
          <>
            <ExecutionFilters filter={filter} counts={counts} shown={rows.length} total={view.executions.length} onChange={onFilter} />
            {rows.length === 0 ? (
              <div className="panel empty" data-testid="executions-filtered-empty">
                <h3>No executions match these filters</h3>
                <p>
                  {formatCount(view.executions.length)} executions are in the window.{' '}
                  <button type="button" className="btn btn-small" onClick={() => update({ cause: null, status: null, q: null })}>
                    Clear the filters
                  </button>
                </p>
              </div>
            ) : (
              <ExecutionsTable rows={rows} generatedAt={view.generatedAt} windowFrom={view.window.from} />
            )}
            {isFiltered(filter) ? null : <p className="muted table-hint">↑ ↓ move between rows, Enter opens an execution.</p>}
          </>
        )}
      </section>
      {/* Mounted once the table's answer is there, so its query never delays the table. */}
      <StateGraphSection arn={arn} range={range} pollMs={POLL_MS} />
    </div>
  );
}

function ViewError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const api = error instanceof ApiError ? error : null;
  return (
    <div className="panel error-box" role="alert">
      <h1>{api?.status === 404 ? 'State machine not found' : 'The executions could not be read'}</h1>
      <p>{error.message}</p>
      {api?.action ? <p className="muted">AWS action: {api.action}</p> : null}
      <button type="button" className="btn" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
