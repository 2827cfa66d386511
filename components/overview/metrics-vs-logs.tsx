import type { StateMachineSummaryDto } from '@/lib/query/options';
import { CauseCounts } from '../verdict/cause-counts';
import { formatCount } from '@/lib/domain/format';

/** Terminal events per CloudWatch metrics vs per CloudWatch Logs, and the shortfall by its minutes' cause. */
export function MetricsVsLogs({ summary, large = false }: { summary: StateMachineSummaryDto; large?: boolean }) {
  const { metrics, logs, unlogged } = summary;
  if (!metrics || !logs) {
    return <span className="muted">{!metrics ? 'metrics not read' : 'logs not read'}</span>;
  }
  return (
    <div className={large ? 'mvl mvl-large' : 'mvl'}>
      <div>
        <span title="Executions ended, per CloudWatch metrics (AWS/States)">{formatCount(metrics.ended)} ended</span>
        <span className="muted"> · </span>
        <span title="Terminal events in CloudWatch Logs">{formatCount(logs.ended)} logged</span>
      </div>
      {unlogged.ended > 0 ? <CauseCounts counts={unlogged.byCause} suffix=" not logged" /> : <span className="muted small">no shortfall</span>}
    </div>
  );
}
