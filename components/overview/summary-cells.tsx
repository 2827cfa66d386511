import type { RangeParams } from '@/lib/query/time-range';
import { waitAtMost } from '@/lib/server/concurrency';
import { lastSummaryOf, readSummaryEntry } from '@/lib/server/overview';
import { FindingTitles } from '../health/finding-titles';
import { HealthBadge } from '../health/health-badge';
import { CauseCounts } from '../verdict/cause-counts';
import { MetricsVsLogs } from './metrics-vs-logs';
import { ReadStateCells } from './read-state-cells';
import { formatClock, formatCount } from '@/lib/domain/format';
import { INSIGHTS_USD_PER_GB, estimateScanUsd, formatBytes, formatUsd } from '@/lib/domain/scan-cost';

export const SUMMARY_COLUMNS = 4;

/**
 * How long a row waits for its counts before it shows how far its read has got instead: the slowest
 * state machine does not hold the page back (docs/cold-views.md).
 */
const ROW_WAIT_MS = 1_500;

/** Health and counts of one state machine, streamed into its row when its executions view is read. */
export async function SummaryCells({ arn, range }: { arn: string; range: RangeParams }) {
  const read = readSummaryEntry(arn, range);
  let entry: Awaited<typeof read> | null = null;
  await waitAtMost(read.then((e) => (entry = e)), ROW_WAIT_MS);
  if (entry === null) {
    // Being read again (a rolling range's kept read expired): the last counts, with their age.
    const last = lastSummaryOf(arn, range);
    if (last) return <Summary entry={{ state: 'ready', summary: last }} stale />;
    // Never read yet (its read goes on, shared): queued / reading n % / done, live, in the browser.
    return <ReadStateCells arn={arn} colSpan={SUMMARY_COLUMNS} />;
  }
  return <Summary entry={entry} />;
}

function Summary({ entry, stale = false }: { entry: Awaited<ReturnType<typeof readSummaryEntry>>; stale?: boolean }) {
  if (entry.state === 'error') {
    return (
      <td colSpan={SUMMARY_COLUMNS} className="row-error" role="status">
        <strong>Could not read this state machine:</strong> {entry.error.message}
      </td>
    );
  }
  const s = entry.summary;
  return (
    <>
      <td data-testid="health-cell">
        <HealthBadge status={s.health.status} />
        <FindingTitles findings={s.health.findings} />
        {stale ? (
          <div className="muted small" data-testid="stale-counts">
            as read at {formatClock(s.readAt)} UTC · being read again
          </div>
        ) : null}
      </td>
      <td className="num" data-testid="executions-cell">
        <div>
          {formatCount(s.executions.total)}
          {s.executions.rowLimitReached ? '+' : ''}
        </div>
        {s.executions.listedFrom ? (
          <div className="muted small" data-testid="listed-from" title="More executions than one Logs Insights query lists: the rows are the newest minutes'; the metrics count the whole window">
            listed from <span className="nowrap">{formatClock(s.executions.listedFrom, 'minute')} UTC</span>
          </div>
        ) : null}
        {s.metrics ? <div className="muted small">{formatCount(s.metrics.started)} started per metrics</div> : null}
        <div className="muted small" data-testid="scanned-cell" title={`${s.scanned.queries} Logs Insights queries, shared by every viewer of this range; USD ${INSIGHTS_USD_PER_GB}/GB`}>
          scanned <span className="nowrap">{formatBytes(s.scanned.bytes)}</span> · <span className="nowrap">{formatUsd(estimateScanUsd(s.scanned.bytes))}</span>
        </div>
      </td>
      <td data-testid="mismatch-cell">
        <CauseCounts counts={s.executions.byCause} omit={['consistent', 'running']} empty={<span className="muted">none</span>} />
      </td>
      <td>
        <MetricsVsLogs summary={s} />
      </td>
    </>
  );
}

export function SummaryCellsSkeleton() {
  return (
    <>
      {Array.from({ length: SUMMARY_COLUMNS }, (_, i) => (
        <td key={i} aria-busy="true">
          <span className="skeleton skeleton-cell" />
        </td>
      ))}
    </>
  );
}
