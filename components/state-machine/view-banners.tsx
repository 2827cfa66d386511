import type { ExecutionsDto } from '@/lib/query/options';
import { Banner } from '../banner';
import { FailedRead } from '../failed-read';
import { formatCount, formatUtc } from '@/lib/domain/format';
import { INSIGHTS_USD_PER_GB, estimateScanUsd, formatBytes, formatUsd } from '@/lib/domain/scan-cost';

/** What the view could not read, what it could not show in full, and where its rows come from. */
export function ViewBanners({ view }: { view: ExecutionsDto }) {
  const { partial, limits } = view;
  const isExpress = view.stateMachine.type === 'EXPRESS';
  return (
    <div className="banners">
      {partial.length > 0 ? (
        <Banner tone="warn" title="Partial results: some reads failed, the rest is shown" testId="banner-partial">
          <ul>
            {partial.map((p, i) => (
              <li key={`${p.action}-${i}`}>
                Could not read {p.what}: <FailedRead read={p} />
              </li>
            ))}
          </ul>
        </Banner>
      ) : null}
      {limits.narrowed ? (
        <Banner tone="warn" testId="banner-limits">
          The window holds about {formatCount(limits.narrowed.startedInWindow)} executions (AWS/States metrics), more than one Logs Insights query returns
          (10,000 rows): the table lists those that started from {formatUtc(limits.narrowed.from)} (about {formatCount(limits.narrowed.startedShown)}). The
          chart counts every minute of the window; narrow the time range to list other minutes.
          {limits.logRowsLimitReached ? ' Even these minutes reached the row limit: the oldest of them are missing.' : ''}
        </Banner>
      ) : limits.logRowsLimitReached ? (
        <Banner tone="warn" testId="banner-limits">
          Showing the newest 10,000 executions of the window (the Logs Insights row limit): narrow the window to see the rest. The chart still counts every minute.
        </Banner>
      ) : null}
      {limits.serviceListTruncated ? (
        <Banner tone="warn" testId="banner-service-truncated">
          Step Functions listed only part of the window&apos;s executions: narrow the window to see them all.
        </Banner>
      ) : null}
      {limits.mapParentsListed !== null ? (
        <Banner tone="info" testId="banner-map-parents">
          Distributed Map children are listed for the newest {limits.mapParentsListed} parent executions of the window.
        </Banner>
      ) : null}
      {isExpress ? (
        <Banner tone="info" testId="banner-express">
          AWS keeps no per-execution record of async Express executions, so the rows below come from CloudWatch Logs, and the chart&apos;s metric line (AWS/States
          metrics) is the service-side view.
        </Banner>
      ) : null}
      <p className="scanned muted" data-testid="scanned">
        {view.scanned.queries === 0
          ? 'No Logs Insights query ran (no log group to read).'
          : `Logs Insights scanned ${formatBytes(view.scanned.bytesScanned)} (${formatCount(view.scanned.recordsScanned)} records, ${formatCount(view.scanned.recordsMatched)} matched, ${view.scanned.queries} ${view.scanned.queries === 1 ? 'query' : 'queries'}) · estimated ${formatUsd(estimateScanUsd(view.scanned.bytesScanned))} at USD ${INSIGHTS_USD_PER_GB}/GB`}
      </p>
    </div>
  );
}
