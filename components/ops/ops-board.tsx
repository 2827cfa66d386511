'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { overviewOptions } from '@/lib/query/options';
import { describeRange, readRange } from '@/lib/query/time-range';
import { Banner } from '../banner';
import { DataAge } from '../data-age';
import { FailedRead } from '../failed-read';
import { FailedSources } from '../sources/failed-sources';
import { SourceFilter } from '../sources/source-filter';
import { InsightsQueue } from './insights-queue';
import { OpsTile } from './ops-tile';
import { rankByTrouble } from './rank-by-trouble';

const REFRESH_MS = 30_000;
/** While some state machine is still being read, ask again soon: its read goes on, shared, on the server. */
const PENDING_REFRESH_MS = 3_000;

/** The wall screen: every state machine ranked by trouble, refreshed without anyone touching it. */
export function OpsBoard({ simulated }: { simulated: boolean }) {
  const params = useSearchParams();
  const range = readRange(params);
  const filter = { account: params.get('account') || null, region: params.get('region') || null };
  const query = useQuery({
    ...overviewOptions(range, filter),
    refetchInterval: (q) => (q.state.data?.stateMachines.some((e) => e.state === 'pending') ? PENDING_REFRESH_MS : REFRESH_MS),
    refetchIntervalInBackground: true,
    retry: 3,
  });
  const data = query.data;
  return (
    <div className="ops">
      <header className="ops-head">
        <h1>Ops view</h1>
        <span className="ops-range">{describeRange(range)}</span>
        {simulated ? <span className="badge sim ops-sim">simulated account</span> : null}
        <span className="toolbar-spacer" />
        <span className="ops-refresh" aria-live="off">
          {data ? <DataAge at={data.generatedAt} label="Updated" /> : 'Reading…'}
          <span className="muted"> · refreshes every 30 s{query.isFetching ? ' · refreshing' : ''}</span>
        </span>
      </header>
      {query.isError ? (
        <Banner tone="bad" title="The last refresh failed" testId="ops-refresh-failed">
          {query.error.message} {data ? 'Showing the previous counts.' : 'Retrying every 30 s.'}
        </Banner>
      ) : null}
      <InsightsQueue />
      {data ? <SourceFilter sources={data.sources} filter={filter} range={range} /> : null}
      {data ? <FailedSources failed={data.failedSources} /> : null}
      {data && data.unread.length > 0 ? (
        <Banner tone="warn" title={`${data.unread.length === 1 ? 'One state machine' : `${data.unread.length} state machines`} could not be described, so ${data.unread.length === 1 ? 'it is' : 'they are'} not on this board:`} testId="ops-unread">
          <ul className="ops-unread">
            {data.unread.map((u) => (
              <li key={u.arn}>
                <strong>{u.name}</strong> — <FailedRead read={u.read} />
              </li>
            ))}
          </ul>
        </Banner>
      ) : null}
      {data ? (
        data.stateMachines.length === 0 && data.unread.length === 0 ? (
          <p className="panel muted">{filter.account !== null || filter.region !== null ? 'No state machines for these filters.' : 'No state machines in this region.'}</p>
        ) : (
          <ol className="ops-list" aria-label="State machines ranked by trouble">
            {rankByTrouble(data.stateMachines).map((e, i) => (
              <OpsTile key={e.stateMachine.arn} entry={e} rank={i + 1} />
            ))}
          </ol>
        )
      ) : query.isPending ? (
        <p className="muted ops-loading">Reading every state machine…</p>
      ) : null}
    </div>
  );
}
