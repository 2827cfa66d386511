import { Suspense } from 'react';
import { PageSkeleton } from '@/components/page-skeleton';
import { OverviewTable } from '@/components/overview/overview-table';
import { OverviewToolbar } from '@/components/overview/overview-toolbar';
import { describeRange, readRange } from '@/lib/query/time-range';
import { FailedSources } from '@/components/sources/failed-sources';
import { SourceFilter } from '@/components/sources/source-filter';
import { readOverviewFrame, sourceInfos } from '@/lib/server/overview';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// The skeleton is this page's own boundary, not a root loading.js: one there would wrap every page
// below it, and a page that streams has sent HTTP 200 before it can tell an unknown ARN (404).
export default function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Overview searchParams={searchParams} />
    </Suspense>
  );
}

async function Overview({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const range = readRange(params);
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : null);
  const frame = await readOverviewFrame(range, { account: one(params.account), region: one(params.region) });
  if (!frame.ok) {
    return (
      <div className="panel error-box" role="alert">
        <h1>This time range cannot be shown</h1>
        <p>{frame.message}</p>
      </div>
    );
  }
  return (
    <>
      <div className="page-head">
        <h1>State machines</h1>
        <p className="muted">
          What Step Functions records beside what CloudWatch Logs received, for the {describeRange(range)}. Health and counts appear in each row as it is read.
        </p>
      </div>
      <OverviewToolbar listedAt={frame.at} />
      <SourceFilter sources={sourceInfos()} filter={frame.filter} range={range} />
      <FailedSources failed={frame.failedSources} />
      {frame.machines.length + frame.unread.length === 0 ? (
        <p className="panel muted">{frame.filter.account !== null || frame.filter.region !== null ? 'No state machines for these filters.' : 'No state machines in this region.'}</p>
      ) : (
        <OverviewTable machines={frame.machines} unread={frame.unread} range={range} />
      )}
    </>
  );
}
