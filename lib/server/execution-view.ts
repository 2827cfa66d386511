import 'server-only';
import { filterLogEvents, runInsightsQuery } from '@/lib/aws/logs';
import { getExecutionMetrics } from '@/lib/aws/metrics';
import { describeExecution, describeStateMachine } from '@/lib/aws/step-functions';
import { logGroupNameFromArn, quoteFilterPatternValue, type ParsedExecutionArn } from '@/lib/domain/arn';
import { executionAggregateQuery, parseExecutionAggregateRows } from '@/lib/domain/insights-queries';
import { parseLogEvents, type ParsedLogEvents } from '@/lib/domain/log-events';
import { missingEventIds, toLogRecord } from '@/lib/domain/log-record';
import { summarizeNeighbours } from '@/lib/domain/neighbour-stats';
import { MINUTE_MS, type TimeWindow } from '@/lib/domain/time-window';
import type { HealthReport, LogRecord, MetricMinute, NeighbourStats, PartialRead, QueryStatistics, ServiceExecution, StateMachine, Verdict } from '@/lib/domain/types';
import { DEFAULT_TOLERANCES, diagnoseExecution } from '@/lib/domain/verdict';
import { healthOf, readHealthInputs } from './health';
import { ReadLog } from './reads';
import { sharedRead } from './shared-reads';
import { windowParams } from './validate';

/** Neighbours are the executions that started within this distance of this one. */
const NEIGHBOUR_SPAN_MS = 5 * MINUTE_MS;

export interface ExecutionView {
  executionArn: string;
  parsed: ParsedExecutionArn;
  stateMachine: StateMachine;
  now: number;
  /** The window the log events were read in. */
  window: TimeWindow;
  service: ServiceExecution | null;
  /** Why there is no service record, when there is none. */
  serviceAbsence: 'express-no-record' | 'not-read' | null;
  events: ParsedLogEvents | null;
  logs: LogRecord | null;
  missingIds: number[];
  /** Metric counts of the minute the execution started in (the service-side view of async Express). */
  minuteMetrics: MetricMinute | null;
  neighbours: NeighbourStats;
  health: HealthReport;
  verdict: Verdict;
  partial: PartialRead[];
  scanned: QueryStatistics & { queries: number; filterRequests: number };
}

/**
 * One execution: the service record (when AWS keeps one), its log events, its minute's metrics and
 * its neighbours' delivery delays, diagnosed. `hint` is the window to look in when the ARN alone does
 * not say when the execution ran (async Express: AWS has no record to ask).
 */
export async function loadExecutionView(parsed: ParsedExecutionArn, hint: TimeWindow, now: number): Promise<ExecutionView> {
  const reads = new ReadLog();
  const stateMachine = await describeStateMachine(parsed.stateMachineArn);
  const scanned: ExecutionView['scanned'] = { queries: 0, filterRequests: 0, recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };

  // AWS describes Standard executions and Map Run children; async Express ARNs are refused (AWS-FACTS.md §1).
  const describable = parsed.kind === 'standard' || parsed.mapRun;
  const [service, healthInputs] = await Promise.all([
    describable ? reads.attempt('the execution record (DescribeExecution)', 'states:DescribeExecution', () => describeExecution(parsed.arn)) : Promise.resolve(null),
    readHealthInputs(stateMachine, reads),
  ]);
  const serviceAbsence: ExecutionView['serviceAbsence'] = service ? null : describable && reads.partial.some((p) => p.action === 'states:DescribeExecution') ? 'not-read' : 'express-no-record';

  const settle = parsed.kind === 'express' ? DEFAULT_TOLERANCES.expressMaxDurationMs : DEFAULT_TOLERANCES.settleMs;
  const window: TimeWindow = service
    ? { from: service.startDate - 1_000, to: Math.min(now, (service.stopDate ?? now) + settle) }
    : hint;

  const groupName = stateMachine.logging.logGroupArn ? logGroupNameFromArn(stateMachine.logging.logGroupArn) : null;
  let events: ParsedLogEvents | null = null;
  if (groupName) {
    const pattern = `{ $.execution_arn = ${quoteFilterPatternValue(parsed.arn)} }`;
    const read = await reads.attempt('the execution’s log events (FilterLogEvents)', 'logs:FilterLogEvents', () => filterLogEvents(groupName, pattern, window.from, window.to));
    if (read) {
      scanned.filterRequests += read.requests;
      events = parseLogEvents(read.events, { executionArn: parsed.arn });
    }
  }
  const logs = events && events.events.length > 0 ? toLogRecord(parsed.arn, events.events) : null;
  const startAt = service?.startDate ?? logs?.startedAt ?? logs?.firstEventAt ?? null;

  // Neighbours and metrics: around the execution when its time is known; else over the whole hint
  // window, which still tells whether anything reaches the log group while executions run.
  const around: TimeWindow = startAt !== null ? { from: startAt - NEIGHBOUR_SPAN_MS, to: Math.min(now, startAt + NEIGHBOUR_SPAN_MS + settle) } : window;
  const metricsFrom = startAt !== null ? Math.floor(startAt / MINUTE_MS) * MINUTE_MS : Math.floor(window.from / MINUTE_MS) * MINUTE_MS;
  const metricsTo = startAt !== null ? metricsFrom + MINUTE_MS : window.to;
  const [aggregate, metrics] = await Promise.all([
    groupName
      ? reads.attempt('neighbouring executions’ log aggregates (Logs Insights)', 'logs:StartQuery', () =>
          runInsightsQuery([groupName], executionAggregateQuery({ limit: 2_000 }), around.from, around.to, { limit: 2_000 }),
        )
      : Promise.resolve(null),
    reads.attempt('execution metrics (AWS/States)', 'cloudwatch:GetMetricData', () => getExecutionMetrics(stateMachine.arn, metricsFrom, metricsTo)),
  ]);
  let neighbours: NeighbourStats = summarizeNeighbours([], { level: stateMachine.logging.level });
  let eventsArriving: boolean | null = logs ? true : groupName ? null : false;
  if (aggregate && aggregate.status !== 'Complete') {
    // Rows of an unfinished query are a sample: they neither prove that no events arrive nor give neighbours.
    reads.partial.push({ action: 'logs:GetQueryResults', error: `Query${aggregate.status}`, message: `The Logs Insights query ended ${aggregate.status}: results are partial.`, what: 'neighbouring executions’ log aggregates' });
    scanned.queries++;
  } else if (aggregate) {
    scanned.queries++;
    scanned.recordsMatched += aggregate.statistics.recordsMatched;
    scanned.recordsScanned += aggregate.statistics.recordsScanned;
    scanned.bytesScanned += aggregate.statistics.bytesScanned;
    const records = parseExecutionAggregateRows(aggregate.rows).records;
    neighbours = summarizeNeighbours(records, { level: stateMachine.logging.level, excludeArn: parsed.arn });
    eventsArriving = eventsArriving ?? records.length > 0;
  }
  const started = metrics ? metrics.reduce((a, m) => a + m.started, 0) : null;
  const minuteMetrics: MetricMinute | null =
    startAt !== null && metrics ? (metrics.find((m) => m.minute === metricsFrom) ?? { minute: metricsFrom, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0 }) : null;

  const health = healthOf(stateMachine, healthInputs, {
    eventsArriving,
    executionsStarted: started,
    window,
    now,
    reads,
  });
  const verdict = diagnoseExecution({
    stateMachine,
    health,
    executionArn: parsed.arn,
    service,
    logs,
    neighbours,
    partial: reads.partial,
    now,
  });
  return {
    executionArn: parsed.arn,
    parsed,
    stateMachine,
    now,
    window,
    service,
    serviceAbsence,
    events,
    logs,
    missingIds: events ? missingEventIds(events.events) : [],
    minuteMetrics,
    neighbours,
    health,
    verdict,
    partial: reads.partial,
    scanned,
  };
}

/**
 * The execution view for a URL's `from`/`to` (validated here: RequestError 400), shared between
 * viewers of the same link for 15 s, and never past the verdict's `recheckAt`: a view asked for
 * again when its re-check is due is read afresh.
 */
export function readExecutionView(parsed: ParsedExecutionArn, range: { from: string | null; to: string | null }) {
  const params = new URLSearchParams();
  if (range.from) params.set('from', range.from);
  if (range.to) params.set('to', range.to);
  windowParams(params, Date.now());
  return sharedRead(
    `execution-view|${parsed.arn}|${range.from ?? ''}|${range.to ?? ''}`,
    () => {
      const now = Date.now();
      return loadExecutionView(parsed, windowParams(params, now), now);
    },
    { ttlFor: (view) => (view.verdict.recheckAt === null ? Number.POSITIVE_INFINITY : view.verdict.recheckAt - Date.now()) },
  );
}
