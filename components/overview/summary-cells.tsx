import type { RangeParams } from '@/lib/query/time-range';
import { readSummaryEntry } from '@/lib/server/overview';
import { FindingTitles } from '../health/finding-titles';
import { HealthBadge } from '../health/health-badge';
import { CauseCounts } from '../verdict/cause-counts';
import { MetricsVsLogs } from './metrics-vs-logs';
import { formatClock, formatCount } from '@/lib/domain/format';
import { INSIGHTS_USD_PER_GB, estimateScanUsd, formatBytes, formatUsd } from '@/lib/domain/scan-cost';

export const SUMMARY_COLUMNS = 4;

/** Health and counts of one state machine, streamed into its row when its executions view is read. */
export async function SummaryCells({ arn, range }: { arn: string; range: RangeParams }) {
  const entry = await readSummaryEntry(arn, range);
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
