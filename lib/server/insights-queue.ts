import 'server-only';
import { insightsQueueSnapshot } from '@/lib/aws/insights-budget';
import { parseStateMachineArn } from '@/lib/domain/arn';

/** The Logs Insights queue as /api/insights-queue and the ops view show it. */
export interface InsightsQueueView {
  /** SFN_LENS_INSIGHTS_CONCURRENCY: queries sfn-lens runs at once at most. */
  budget: number;
  running: number;
  waiting: number;
  stateMachines: Array<{ stateMachineArn: string | null; name: string; running: number; waiting: number; longestWaitMs: number }>;
}

export function readInsightsQueue(): InsightsQueueView {
  const s = insightsQueueSnapshot();
  return {
    budget: s.budget,
    running: s.running,
    waiting: s.waiting,
    stateMachines: s.owners.map((o) => {
      const arn = parseStateMachineArn(o.owner);
      // Queries of no state machine's view (none today but a caller that names none) are shown as such.
      return { stateMachineArn: arn.ok ? o.owner : null, name: arn.ok ? arn.value.name : 'other reads', running: o.running, waiting: o.waiting, longestWaitMs: o.longestWaitMs };
    }),
  };
}
