import 'server-only';
import { asInsightsOwner } from '@/lib/aws/insights-budget';
import { filterLogEvents, runInsightsQuery, type FilteredEvents, type ReadCutReason } from '@/lib/aws/logs';
import { getExecutionMetrics } from '@/lib/aws/metrics';
import { describeExecution, describeStateMachine } from '@/lib/aws/step-functions';
import { logGroupNameFromArn, mapChildMetricsArn, quoteFilterPatternValue, type ParsedExecutionArn } from '@/lib/domain/arn';
import { EVENTS_SHAPE, executionEventsQuery, MAX_QUERY_ROWS, parseEventRows } from '@/lib/domain/insights-queries';
import { parseLogEvents, type ParsedLogEvents } from '@/lib/domain/log-events';
import { missingEventIds, toLogRecord } from '@/lib/domain/log-record';
import { metricsPeriodSeconds } from '@/lib/domain/metric-resolution';
import { summarizeNeighbours } from '@/lib/domain/neighbour-stats';
import { isTerminalEventType } from '@/lib/domain/logging-facts';
import { indexCoverage, type IndexCoverage } from '@/lib/domain/scan-cost';
import { executionWindow, EXPRESS_MAX_DURATION_MS } from '@/lib/domain/execution-window';
import type { TimeWindow } from '@/lib/domain/time-window';
import type { HealthReport, LogRecord, MetricMinute, NeighbourStats, PartialRead, QueryStatistics, ServiceExecution, StateMachine, Verdict } from '@/lib/domain/types';
import { diagnoseExecution } from '@/lib/domain/verdict';
import { healthOf, readHealthInputs } from './health';
import { inSourceOf } from './sources';
import { readLogAggregates } from './log-aggregates';
import { addQueryStats, ReadLog } from './reads';
import { sharedRead } from './shared-reads';
import { windowParam } from './validate';

export interface ExecutionDetail {
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
  /**
   * Metric counts of the minute (or, for an old execution, the coarser period: docs/aws-behaviour.md
   * §11.2) the execution started in — the service-side view of async Express — from the series it
   * counts in (a Distributed Map child's labelled series, §11.3).
   */
  minuteMetrics: (MetricMinute & { periodSeconds: number; stateMachineArn: string }) | null;
  neighbours: NeighbourStats;
  /** Where the neighbours were read: not at all when the two sources agree (they would change nothing). */
  neighboursRead: TimeWindow | 'not-needed' | 'partial';
  health: HealthReport;
  verdict: Verdict;
  partial: PartialRead[];
  scanned: QueryStatistics & { queries: number; filterRequests: number };
  /** How the execution's own events were read: a Logs Insights query on the execution_arn index, or FilterLogEvents. */
  eventsVia: 'index-query' | 'filter' | null;
  /**
   * The execution_arn index, when the group has one: whether it could answer for the window (it covers
   * events ingested after its policy, not the newest), and whether its answer was a whole record.
   */
  eventsIndex: (IndexCoverage & { answer: 'whole' | 'incomplete' | null }) | null;
  /** The FilterLogEvents read stopped at a bound before its last page (its events may be incomplete). */
  eventsCut: { reason: ReadCutReason; requests: number; elapsedMs: number } | null;
}

function filterCutMessage(read: FilteredEvents): string {
  const why =
    read.cut === 'max-events' ? `after ${read.events.length} events` : read.cut === 'max-requests' ? `after ${read.requests} requests` : `after ${(read.elapsedMs / 1000).toFixed(1)} s`;
  return `FilterLogEvents was still returning pages with a nextToken; sfn-lens stopped ${why} (${read.events.length} events read): the events shown may be incomplete.`;
}

/**
 * One execution: the service record (when AWS keeps one), its log events, its minute's metrics and
 * its neighbours' delivery delays, diagnosed. `hint` is the window to look in when the ARN alone does
 * not say when the execution ran (async Express: AWS has no record to ask).
 */
export async function loadExecutionDetail(parsed: ParsedExecutionArn, hint: TimeWindow, now: number): Promise<ExecutionDetail> {
  return inSourceOf(parsed.arn, () => asInsightsOwner(parsed.stateMachineArn, () => loadInSource(parsed, hint, now)));
}

async function loadInSource(parsed: ParsedExecutionArn, hint: TimeWindow, now: number): Promise<ExecutionDetail> {
  const reads = new ReadLog();
  const stateMachine = await describeStateMachine(parsed.stateMachineArn);
  const scanned: ExecutionDetail['scanned'] = { queries: 0, filterRequests: 0, recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };

  // AWS describes Standard executions and Map Run children; async Express ARNs are refused (docs/aws-behaviour.md §1).
  const describable = parsed.kind === 'standard' || parsed.mapRun;
  const [service, healthInputs] = await Promise.all([
    describable ? reads.attempt('the execution record (DescribeExecution)', 'states:DescribeExecution', () => describeExecution(parsed.arn)) : Promise.resolve(null),
    readHealthInputs(stateMachine, reads),
  ]);
  const serviceAbsence: ExecutionDetail['serviceAbsence'] = service ? null : describable && reads.partial.some((p) => p.action === 'states:DescribeExecution') ? 'not-read' : 'express-no-record';

  const express = parsed.kind === 'express';
  const window: TimeWindow = service ? executionWindow({ startedAt: service.startDate, stoppedAt: service.stopDate ?? null, express }, now) : hint;

  const groupName = stateMachine.logging.logGroupArn ? logGroupNameFromArn(stateMachine.logging.logGroupArn) : null;
  let events: ParsedLogEvents | null = null;
  let eventsVia: ExecutionDetail['eventsVia'] = null;
  let eventsCut: ExecutionDetail['eventsCut'] = null;
  // A failed index read is named only when the FilterLogEvents fallback fails too.
  const indexReads = new ReadLog();
  const index = indexCoverage(healthInputs.indexedFields, 'execution_arn', window);
  let eventsIndex: ExecutionDetail['eventsIndex'] = index.usable || index.reason !== 'not-indexed' ? { ...index, answer: null } : null;
  if (groupName && index.usable) {
    // Indexed over the whole window: Logs Insights reads this execution's events only (docs/aws-behaviour.md §10),
    // where FilterLogEvents walks the whole window at a few requests per second per account. The index
    // proves what it finds, never what it does not (docs/aws-behaviour.md §11.1): the newest events may
    // not be indexed yet, so an answer short of a whole record (nothing, no terminal event, a gap in the
    // ids — at levels other than ALL, always) is read again through FilterLogEvents.
    const read = await indexReads.attempt('the execution’s log events (Logs Insights, execution_arn index)', 'logs:StartQuery', () =>
      runInsightsQuery([groupName], executionEventsQuery(parsed.arn, { useFilterIndex: true }), window.from, window.to, { expect: EVENTS_SHAPE, label: 'one execution’s events' }),
    );
    if (read) addQueryStats(scanned, read.statistics);
    if (read?.status === 'Complete' && read.rows.length < MAX_QUERY_ROWS) {
      const answer = parseLogEvents(parseEventRows(read.rows).events, { executionArn: parsed.arn });
      const whole = answer.events.length > 0 && answer.events.some((e) => isTerminalEventType(e.type)) && missingEventIds(answer.events, 1).length === 0;
      if (whole) {
        events = answer;
        eventsVia = 'index-query';
      }
      eventsIndex = { ...index, answer: whole ? 'whole' : 'incomplete' };
    }
  }
  if (groupName && !events) {
    const pattern = `{ $.execution_arn = ${quoteFilterPatternValue(parsed.arn)} }`;
    const read = await reads.attempt('the execution’s log events (FilterLogEvents)', 'logs:FilterLogEvents', () => filterLogEvents(groupName, pattern, window.from, window.to));
    if (read) {
      scanned.filterRequests += read.requests;
      events = parseLogEvents(read.events, { executionArn: parsed.arn });
      eventsVia = 'filter';
      if (read.cut) {
        // Bounded paging (docs/aws-behaviour.md §11.9): what was read is shown, and the cut is named.
        eventsCut = { reason: read.cut, requests: read.requests, elapsedMs: read.elapsedMs };
        reads.partial.push({ action: 'logs:FilterLogEvents', error: 'ReadCut', message: filterCutMessage(read), what: 'the execution’s log events (FilterLogEvents)' });
      }
    } else {
      reads.partial.push(...indexReads.partial);
    }
  }
  const logs = events && events.events.length > 0 ? toLogRecord(parsed.arn, events.events) : null;
  const startAt = service?.startDate ?? logs?.startedAt ?? logs?.firstEventAt ?? null;

  const periodMs = metricsPeriodSeconds(startAt ?? window.from, now) * 1000;
  const metricsFrom = Math.floor((startAt ?? window.from) / periodMs) * periodMs;
  const metricsTo = startAt !== null ? metricsFrom + periodMs : window.to;
  const metricsArn = mapChildMetricsArn(parsed) ?? stateMachine.arn;
  const series = await reads.attempt('execution metrics (AWS/States)', 'cloudwatch:GetMetricData', () => getExecutionMetrics(metricsArn, metricsFrom, metricsTo, { now }));
  // An incomplete result is a labelled partial read, not a count (docs/aws-behaviour.md §11.2).
  if (series) reads.partial.push(...series.incomplete);
  const metrics = series?.bins ?? null;
  const started = metrics ? metrics.reduce((a, m) => a + m.started, 0) : null;
  const minuteMetrics: ExecutionDetail['minuteMetrics'] =
    startAt !== null && metrics && series
      ? { ...(metrics.find((m) => m.minute === metricsFrom) ?? { minute: metricsFrom, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0 }), periodSeconds: series.periodSeconds, stateMachineArn: metricsArn }
      : null;

  let neighbours: NeighbourStats = summarizeNeighbours([], { level: stateMachine.logging.level });
  let eventsArriving: boolean | null = logs ? true : groupName ? null : false;
  const diagnose = () => {
    const health = healthOf(stateMachine, healthInputs, { eventsArriving, executionsStarted: started, window, now, reads });
    const verdict = diagnoseExecution({ stateMachine, health, executionArn: parsed.arn, service, logs, neighbours, partial: reads.partial, now });
    return { health, verdict };
  };
  let { health, verdict } = diagnose();

  // Neighbours cost a scan of the group around this execution: read only when the verdict can use
  // them — a disagreement (how late do events arrive here? are the others fully logged?) or no log
  // record at all (do events reach the group?). When both sources agree they change nothing.
  let neighboursRead: ExecutionDetail['neighboursRead'] = 'not-needed';
  if (groupName && (logs === null || verdict.cause !== 'consistent')) {
    // Around the execution when its time is known (the window of its own events, its end being its
    // last logged event when the terminal one is missing), and for Express on for the 5 minutes a
    // neighbour that started then may still run, so that its terminal event is read rather than
    // counted as missing. Else the whole hint window, which still tells whether anything reaches the
    // log group while executions run.
    const endAt = service?.stopDate ?? logs?.stoppedAt ?? logs?.lastEventAt ?? null;
    const own = startAt !== null ? executionWindow({ startedAt: startAt, stoppedAt: endAt, express }, now) : null;
    const around: TimeWindow = own ? { from: own.from, to: Math.min(now, own.to + (express ? EXPRESS_MAX_DURATION_MS : 0)) } : window;
    // Rows of an unfinished query are a sample: they neither prove that no events arrive nor give
    // neighbours (readLogAggregates names it and returns none).
    const aggregate = await readLogAggregates(reads, 'neighbouring executions’ log aggregates', groupName, around.from, around.to, { limit: 2_000 });
    for (const q of aggregate.queries) addQueryStats(scanned, q.statistics);
    if (aggregate.parsed) {
      const records = aggregate.parsed.records;
      neighbours = summarizeNeighbours(records, { level: stateMachine.logging.level, excludeArn: parsed.arn });
      eventsArriving = eventsArriving ?? records.length > 0;
      neighboursRead = { from: around.from, to: around.to };
    } else {
      neighboursRead = 'partial';
    }
    ({ health, verdict } = diagnose());
  }

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
    neighboursRead,
    health,
    verdict,
    partial: reads.partial,
    scanned,
    eventsVia,
    eventsIndex,
    eventsCut,
  };
}

/**
 * The execution view for a URL's `from`/`to` (validated here: RequestError 400), shared between
 * viewers of the same link for 15 s, and never past the verdict's `recheckAt`: a view asked for
 * again when its re-check is due is read afresh.
 */
export function readExecutionDetail(parsed: ParsedExecutionArn, range: { from: string | null; to: string | null }) {
  windowParam(range, Date.now());
  return sharedRead(
    `execution-view|${parsed.arn}|${range.from ?? ''}|${range.to ?? ''}`,
    () => {
      const now = Date.now();
      return loadExecutionDetail(parsed, windowParam(range, now), now);
    },
    { ttlFor: (view) => (view.verdict.recheckAt === null ? Number.POSITIVE_INFINITY : view.verdict.recheckAt - Date.now()) },
  );
}
