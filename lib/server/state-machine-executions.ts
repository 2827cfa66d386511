import 'server-only';
import { asInsightsOwner } from '@/lib/aws/insights-budget';
import { runInsightsQuery, type QueryResult } from '@/lib/aws/logs';
import { getExecutionMetrics } from '@/lib/aws/metrics';
import { describeStateMachine, listExecutions, listMapRunExecutions, listMapRuns } from '@/lib/aws/step-functions';
import { logGroupNameFromArn, mapChildMetricsArn, parseMapRunArn } from '@/lib/domain/arn';
import { binMinutesFor, MAX_QUERY_ROWS, MINUTES_SHAPE, parseTerminalMinuteRows, terminalMinutesQuery, type UnattributedEvents } from '@/lib/domain/insights-queries';
import { cutToWindow, joinExecutions, joinMinutes, type ExecutionRow, type MinuteRow } from '@/lib/domain/join';
import type { IndexSavingBasis } from '@/lib/domain/health';
import { summarizeNeighbours } from '@/lib/domain/neighbour-stats';
import { metricsPeriodSeconds } from '@/lib/domain/metric-resolution';
import { MINUTE_MS, tableWindowFrom, type TimeWindow } from '@/lib/domain/time-window';
import { readRange, rangeKey, type RangeParams } from '@/lib/query/time-range';
import { minuteQueryPlan, type MinuteQueryPart } from '@/lib/domain/scan-cost';
import type { HealthReport, LogMinute, LogRecord, MetricMinute, MetricSeries, PartialRead, QueryStatistics, ServiceExecution, StateMachine, Verdict } from '@/lib/domain/types';
import { awaitedExecutions, awaitedIn, classifyMinute, diagnoseExecution, DEFAULT_TOLERANCES, type AwaitedExecution, type MinuteContext, type MinuteVerdict } from '@/lib/domain/verdict';
import { limiter, mapLimit } from './concurrency';
import { healthOf, readHealthInputsEarly } from './health';
import { inSourceOf } from './sources';
import { readLogAggregates } from './log-aggregates';
import { addQueryStats, ReadLog } from './reads';
import { firstLookOf, readProgress, stopRead, trackRead, type ReadTracker } from './read-progress';
import type { ReadProgress } from '@/lib/domain/read-progress';
import { peekSharedRead, sharedRead, type SharedResult } from './shared-reads';
import { windowParam } from './validate';

/**
 * Both sides are read a little wider than the window and the joined rows are cut to it by one start
 * time: SFN dates (epoch-second floats) and log timestamps (ms) can differ by a millisecond, and an
 * execution on the window's edge must not appear as "logs only" because the two reads cut it apart.
 */
const EDGE_MS = 1_000;

/** Parents of a Distributed Map whose children are listed (each costs ListMapRuns + ListExecutions). */
const MAX_MAP_PARENTS = 20;

/** Labelled metric series of Distributed Map children read per view (one GetMetricData each). */
const MAX_CHILD_SERIES = 10;

/**
 * Views read at once for the pages that read every state machine (the overview, the ops view,
 * `/api/state-machines`, `/metrics`, `sfn-lens check`): each runs several Logs Insights queries, and
 * one limiter for the process bounds them all together.
 */
const everyStateMachineReads = limiter(3);

export interface StateMachineExecutions {
  stateMachine: StateMachine;
  window: TimeWindow;
  now: number;
  health: HealthReport;
  rows: Array<{ row: ExecutionRow; verdict: Verdict }>;
  minutes: Array<{ row: MinuteRow; verdict: MinuteVerdict }>;
  /** The Period (s) the metrics were read at: 60, or coarser for an old window (docs/aws-behaviour.md §11.2). */
  metricsPeriodSeconds: number;
  /**
   * Distributed Map children, reconciled apart from `minutes` (which count the parent's executions
   * only): their labelled `stateMachine:parent/label` series against their own terminal events
   * (docs/aws-behaviour.md §11.3). Null when the window shows no child.
   */
  mapChildren: {
    /** The labelled state machine ARNs whose series were read (summed when more than one). */
    series: string[];
    /** Labels seen but not read (over MAX_CHILD_SERIES): their children's minutes are not judged. */
    seriesNotRead: number;
    minutes: Array<{ row: MinuteRow; verdict: MinuteVerdict }>;
  } | null;
  partial: PartialRead[];
  /**
   * What the Logs Insights queries of this view scanned; `perMinute`: the chart's per-minute counts on
   * their own (through `filterIndex` when a `type` index covers the window: docs/aws-behaviour.md §11.1).
   */
  scanned: QueryStatistics & { queries: number; perMinute?: { queries: number; bytesScanned: number; viaFilterIndex: boolean } };
  /** Honest limits: what the view could not show in full. */
  limits: {
    logRowsLimitReached: boolean;
    serviceListTruncated: boolean;
    mapParentsListed: number | null;
    /**
     * Set when the window holds more executions than one query returns: the table lists those that
     * started in `from`…`to` (the newest minutes), the chart still covers the whole window.
     */
    narrowed: { from: number; to: number; startedInWindow: number; startedShown: number } | null;
  };
}

/**
 * What a read of the executions view knows before its Logs Insights queries have finished: the state
 * machine, its logging health from the configuration and the metrics, the metrics' minutes, the
 * window, and the queries it runs. A cold page streams it at once (docs/cold-views.md); nothing in it
 * comes from a query that has not finished.
 */
export interface StateMachineFirstLook {
  stateMachine: StateMachine;
  window: TimeWindow;
  now: number;
  /** The health without what only the logs tell (whether events arrive): the full view may change it. */
  health: HealthReport;
  /** The metrics' side of the chart (`logs` null: being read). */
  minutes: MinuteRow[];
  metricsPeriodSeconds: number;
  /** What is being read: each Logs Insights query, its log group and its time range. */
  reading: Array<{ label: string; logGroup: string; from: number; to: number }>;
  partial: PartialRead[];
}

async function readService(sm: StateMachine, window: TimeWindow, reads: ReadLog, limits: StateMachineExecutions['limits']): Promise<ServiceExecution[] | null> {
  // AWS keeps no per-execution record of async Express executions (docs/aws-behaviour.md §1): nothing to list.
  if (sm.type === 'EXPRESS') return null;
  const listed = await reads.attempt('the executions Step Functions lists', 'states:ListExecutions', () =>
    listExecutions(sm.arn, window.from - EDGE_MS, window.to + EDGE_MS),
  );
  if (!listed) return null;
  limits.serviceListTruncated = listed.truncated;
  const out = [...listed.executions];
  // Unknown (a definition sfn-lens could not decrypt) is looked up as if it had one: ListMapRuns answers empty otherwise.
  if (sm.hasDistributedMap === true || sm.hasDistributedMap === null) {
    const parents = listed.executions.slice(0, MAX_MAP_PARENTS);
    limits.mapParentsListed = parents.length;
    const children = await mapLimit(parents, 4, async (p) => {
      const runs = await reads.attempt('the Map Runs of a parent execution', 'states:ListMapRuns', () => listMapRuns(p.executionArn));
      const kids = await mapLimit(runs ?? [], 2, (r) =>
        reads.attempt('the child executions of a Map Run', 'states:ListExecutions', () => listMapRunExecutions(r.mapRunArn)),
      );
      return kids.flatMap((k) => k?.executions ?? []);
    });
    out.push(...children.flat());
  }
  return out;
}

export async function loadStateMachineExecutions(stateMachineArn: string, window: TimeWindow, now: number, opts: { tracker?: ReadTracker } = {}): Promise<StateMachineExecutions> {
  // Its Logs Insights queries are this state machine's turn in the fair queue (lib/aws/insights-budget.ts).
  return inSourceOf(stateMachineArn, () => asInsightsOwner(stateMachineArn, () => loadInSource(stateMachineArn, window, now, opts)));
}

async function loadInSource(stateMachineArn: string, window: TimeWindow, now: number, opts: { tracker?: ReadTracker }): Promise<StateMachineExecutions> {
  const { tracker } = opts;
  // The state machine itself must be readable: without it there is nothing to diagnose (404/403 via the mapper).
  const sm = await describeStateMachine(stateMachineArn);
  const reads = new ReadLog();
  const limits: StateMachineExecutions['limits'] = { logRowsLimitReached: false, serviceListTruncated: false, mapParentsListed: null, narrowed: null };
  const scanned = { queries: 0, recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } as StateMachineExecutions['scanned'];
  const groupName = sm.logging.logGroupArn ? logGroupNameFromArn(sm.logging.logGroupArn) : null;
  const maxDuration = sm.type === 'EXPRESS' ? DEFAULT_TOLERANCES.expressMaxDurationMs : DEFAULT_TOLERANCES.settleMs;
  // Events of executions that start late in the window arrive after it: read on, up to now.
  const logTo = Math.min(now, window.to + maxDuration);
  // The chart's bins are whole (CloudWatch counts whole periods): both of its sides are read over the
  // bins the window touches, so a window starting mid-minute does not show that minute's logs as short.
  // A bin is never finer than the metrics' period, which the age of the window's start decides.
  // A Standard parent may run Distributed Maps: its children's events are counted apart. One whose
  // definition shows one (or could not be read) may give two rows a bin and type.
  const splitMapChildren = sm.type === 'STANDARD';
  const rowsPerBin = splitMapChildren && sm.hasDistributedMap !== false ? 10 : 5;
  const { stepMs, binsFrom, periodSeconds } = chartBins(window, now, binMinutesFor(window.to - window.from, rowsPerBin));
  const binsTo = Math.min(now, Math.ceil(window.to / stepMs) * stepMs);

  // The chart's two sides cover the whole window; the per-execution table needs one row per execution
  // and a query returns 10,000 at most. The metrics say how many started: when more than one query
  // answers, the table narrows to the newest minutes that fit (and says so) rather than scanning the
  // whole window for rows it would cut anyway.
  // The configuration reads go on meanwhile: only the metrics are needed before the queries start.
  const healthReads = readHealthInputsEarly(sm, reads);
  const healthRead = healthReads.all;
  // The log group's stored bytes are the progress bar's measure when no earlier scan of the window is known.
  void healthRead.then((h) => tracker?.knowGroup(h.logGroup), () => undefined);
  const series = await reads.attempt('execution metrics (AWS/States)', 'cloudwatch:GetMetricData', () => getExecutionMetrics(sm.arn, binsFrom, binsTo, { now, periodSeconds }));
  // A result that is not Complete is a labelled partial read and no count (docs/aws-behaviour.md §11.2).
  if (series) reads.partial.push(...series.incomplete);
  const metrics = series?.bins ?? null;
  // An Express execution that started just before the table's window has events inside it: read back
  // far enough to see its ExecutionStarted, so it is cut away as earlier rather than mistaken for one
  // whose start was never delivered. (Standard executions are settled by ListExecutions instead.)
  const readBackMs = sm.type === 'EXPRESS' ? DEFAULT_TOLERANCES.expressMaxDurationMs : 0;
  const narrowed = tableWindowFrom(metrics, window, { readBackMs, binMs: periodSeconds * 1000 });
  const tableWindow: TimeWindow = narrowed ? { from: narrowed.from, to: window.to } : window;
  if (narrowed) limits.narrowed = { ...narrowed, to: window.to };
  const logFrom = tableWindow.from - readBackMs;
  if (tracker) {
    // The health and the metrics do not wait for Logs Insights.
    const reading = groupName
      ? [
          { label: 'per-execution aggregates', logGroup: groupName, from: logFrom, to: logTo },
          { label: 'per-execution endings', logGroup: groupName, from: logFrom, to: logTo },
          { label: 'per-minute counts', logGroup: groupName, from: binsFrom, to: binsTo },
        ]
      : [];
    // Published before the queries start: the configuration reads are a few quick calls, and a page
    // shows the health first, then the metrics, then what the queries scan (docs/cold-views.md).
    const h = await healthRead.catch(() => null);
    if (h) {
      const started = metrics ? sumStarted(metrics, now - 5 * MINUTE_MS, (series?.periodSeconds ?? 60) * 1000) : null;
      const health = healthOf(sm, h, { eventsArriving: null, executionsStarted: started, window, now, reads });
      const minutes = joinMinutes(metrics, null, window, { stepMs });
      tracker.firstLook({ stateMachine: sm, window, now, health, minutes, metricsPeriodSeconds: series?.periodSeconds ?? periodSeconds, reading, partial: [...reads.partial] } satisfies StateMachineFirstLook);
    }
  }

  const [service, aggregate, minuteRows, healthInputs] = await Promise.all([
    readService(sm, tableWindow, reads, limits),
    groupName ? readLogAggregates(reads, 'per-execution log aggregates', groupName, logFrom, logTo, { limit: MAX_QUERY_ROWS, tracker }) : Promise.resolve(null),
    groupName
      ? healthReads.indexedFields.then((fields) =>
          readMinuteCounts(reads, groupName, minuteQueryPlan(fields, { from: binsFrom, to: binsTo, stepMs }, now, DEFAULT_TOLERANCES.settleMs), { binMinutes: stepMs / MINUTE_MS, splitMapChildren }, tracker),
        )
      : Promise.resolve(null),
    healthRead,
  ]);

  if (tracker?.stopped) {
    const stopped = tracker.stoppedQueries();
    const named = stopped.length > 0 ? ` (${stopped.join(', ')})` : '';
    reads.partial.push({ action: 'logs:StopQuery', error: 'StoppedByViewer', message: `A viewer stopped the Logs Insights queries of this view${named}: what they had not finished is not shown (partial aggregates are never counted).`, what: 'Logs Insights' });
  }
  let records: LogRecord[] | null = null;
  let unattributedEvents: UnattributedEvents | null = null;
  for (const q of aggregate?.queries ?? []) addQueryStats(scanned, q.statistics);
  const parsed = aggregate?.parsed ?? null;
  if (parsed) {
    // Only a finished read gets here (readLogAggregates): partial aggregates are never counted.
    unattributedEvents = parsed.unattributed;
    // Rows come newest last event first: when the oldest one returned already ended before the
    // table's window, every row the limit cut did too, and the table itself is whole.
    const oldestLast = parsed.records.reduce((m, r) => Math.min(m, r.lastEventAt ?? Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
    limits.logRowsLimitReached = parsed.limitReached && !(oldestLast < tableWindow.from - EDGE_MS);
    records = parsed.records.filter((r) => {
      const start = r.startedAt ?? r.firstEventAt;
      return start !== null && start >= tableWindow.from - EDGE_MS && start <= tableWindow.to + EDGE_MS;
    });
  } else if (!groupName) {
    records = [];
  }
  let logMinutes: LogMinute[] | null = null;
  let childLogMinutes: LogMinute[] | null = null;
  if (minuteRows) {
    for (const part of minuteRows.parts) addQueryStats(scanned, part.statistics);
    scanned.perMinute = { queries: minuteRows.parts.length, bytesScanned: minuteRows.statistics.bytesScanned, viaFilterIndex: minuteRows.viaFilterIndex };
    const parentParse = minuteRows.status === 'Complete' ? parseTerminalMinuteRows(minuteRows.rows, splitMapChildren ? { mapChildren: 'exclude' } : {}) : null;
    if (parentParse && minuteRows.limitReached) {
      // Rows the limit cut are arbitrary ones: the counts left are not the logs' count.
      reads.partial.push({ action: 'logs:GetQueryResults', error: 'RowLimitReached', message: `The per-minute query returned its ${minuteRows.rows.length} rows at most: the per-minute log counts were not read.`, what: 'per-minute log counts' });
    } else if (parentParse) {
      // The parent's minutes count the parent's executions only: its children count in their own series.
      logMinutes = parentParse.minutes;
      childLogMinutes = splitMapChildren ? parseTerminalMinuteRows(minuteRows.rows, { mapChildren: 'only' }).minutes : [];
    } else {
      // An unfinished query's counts are a floor, not the logs' count: the minutes stay unread rather
      // than showing metrics > logs as drops.
      reads.partial.push({ action: 'logs:GetQueryResults', error: `Query${minuteRows.status}`, message: `The Logs Insights query ended ${minuteRows.status}: the per-minute log counts were not read.`, what: 'per-minute log counts' });
    }
  } else if (!groupName) {
    logMinutes = [];
    childLogMinutes = [];
  }

  const settledStarted = metrics ? sumStarted(metrics, now - 5 * MINUTE_MS, (series?.periodSeconds ?? 60) * 1000) : null;
  const health = healthOf(sm, healthInputs, {
    // An unfinished query that saw no events does not show that none arrive.
    eventsArriving: records === null ? null : records.length > 0,
    executionsStarted: settledStarted,
    window,
    now,
    reads,
    scan: indexSavingBasis(minuteRows, metrics, records),
    unattributedEvents,
  });

  const joined = cutToWindow(joinExecutions({ service: service ?? [], logs: records ?? [] }), tableWindow, {
    serviceListComplete: service !== null && !limits.serviceListTruncated,
  });
  const neighbours = summarizeNeighbours(records ?? [], { level: sm.logging.level });
  const rows = joined.map((row) => ({
    row,
    verdict: diagnoseExecution({
      stateMachine: sm,
      health,
      executionArn: row.executionArn,
      parsedArn: row.parsedArn ?? undefined,
      service: row.service,
      logs: row.logs,
      neighbours,
      partial: reads.partial,
      now,
    }),
  }));
  const lagAllowanceMs = neighbours.delayMs ? neighbours.delayMs.p95 + DEFAULT_TOLERANCES.lagMarginMs : null;
  const minuteContext: MinuteContext = { stateMachine: sm, health, now, lagAllowanceMs };
  // A minute is no more settled than the executions of its series that may have ended in it.
  const maxRunMs = (r: ExecutionRow) => (r.kind === 'express' ? DEFAULT_TOLERANCES.expressMaxDurationMs : Number.POSITIVE_INFINITY);
  const awaited = awaitedExecutions(rows.filter((r) => !r.row.parsedArn?.mapRun), now, (r) => maxRunMs(r as ExecutionRow));
  const minutes = classifyMinutes(joinMinutes(metrics, logMinutes, window, { stepMs }), { ...minuteContext, metricsIncomplete: series?.incomplete }, awaited);

  const mapChildren = await readMapChildren(sm, { rows, service, childLogMinutes, window, now, binsFrom, binsTo, stepMs, periodSeconds, reads, minuteContext, maxRunMs });
  return { stateMachine: sm, window, now, health, rows, minutes, metricsPeriodSeconds: series?.periodSeconds ?? periodSeconds, mapChildren, partial: reads.partial, scanned, limits };
}

/** The per-minute counts' queries (one, or two split on a bin: `minuteQueryPlan`), as one result. */
type MinuteCounts = QueryResult & { limitReached: boolean; viaFilterIndex: boolean; parts: QueryResult[] };

async function readMinuteCounts(
  reads: ReadLog,
  groupName: string,
  plan: MinuteQueryPart[],
  shape: { binMinutes: number; splitMapChildren: boolean },
  tracker: ReadTracker | undefined,
): Promise<MinuteCounts | null> {
  const parts = await Promise.all(
    plan.map((part) =>
      reads.attempt('per-minute log counts (Logs Insights)', 'logs:StartQuery', () =>
        runInsightsQuery([groupName], terminalMinutesQuery({ ...shape, useFilterIndex: part.useFilterIndex }), part.from, part.to, {
          expect: MINUTES_SHAPE,
          label: part.useFilterIndex ? 'per-minute counts (filterIndex)' : 'per-minute counts',
          ...tracker?.query(part.useFilterIndex ? 'per-minute counts (indexed)' : 'per-minute counts', { group: groupName, fromMs: part.from, toMs: part.to }),
        }),
      ),
    ),
  );
  if (parts.some((p) => p === null)) return null;
  const done = parts as QueryResult[];
  const total: QueryStatistics & { queries: number } = { queries: 0, recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };
  for (const p of done) addQueryStats(total, p.statistics);
  const statistics: QueryStatistics = { recordsMatched: total.recordsMatched, recordsScanned: total.recordsScanned, bytesScanned: total.bytesScanned, estimatedBytesSkipped: total.estimatedBytesSkipped, estimatedRecordsSkipped: total.estimatedRecordsSkipped };
  // Every part must be whole for any minute to be counted: a part that did not finish names the read.
  const unfinished = done.find((p) => p.status !== 'Complete');
  return {
    status: unfinished?.status ?? 'Complete',
    rows: unfinished ? [] : done.flatMap((p) => p.rows),
    statistics,
    queryId: done.map((p) => p.queryId).join(','),
    polls: done.reduce((a, p) => a + p.polls, 0),
    // Each query's own row limit: rows the limit cut are arbitrary ones.
    limitReached: done.some((p) => p.rows.length >= MAX_QUERY_ROWS),
    viaFilterIndex: plan.some((p) => p.useFilterIndex),
    parts: done,
  };
}

/**
 * The chart's bin: the bin the window's length needs, never finer than the metrics' period for the
 * age of the bins' start (which a coarser bin moves earlier, hence the second pass).
 */
function chartBins(window: TimeWindow, now: number, binMinutes: number): { stepMs: number; binsFrom: number; periodSeconds: number } {
  let stepMs = binMinutes * MINUTE_MS;
  let binsFrom = window.from;
  let periodSeconds = 60;
  for (let pass = 0; pass < 2; pass++) {
    periodSeconds = metricsPeriodSeconds(binsFrom, now);
    stepMs = Math.max(stepMs, periodSeconds * 1000);
    binsFrom = Math.floor(window.from / stepMs) * stepMs;
  }
  return { stepMs, binsFrom, periodSeconds };
}

function classifyMinutes(rows: MinuteRow[], ctx: MinuteContext, awaited: readonly AwaitedExecution[]): Array<{ row: MinuteRow; verdict: MinuteVerdict }> {
  return rows.map((row) => {
    let verdict = classifyMinute(row, ctx);
    // Only a would-be drop can be an awaited execution's terminal event still in flight.
    if (verdict.cause === 'best-effort-drop' && awaited.length > 0) {
      verdict = classifyMinute(row, { ...ctx, awaitedExecutions: awaitedIn(awaited, row.minute, row.minute + row.stepMs) });
    }
    return { row, verdict };
  });
}

/**
 * The children of the window's Distributed Map runs against their labelled series (docs/aws-behaviour.md
 * §11.3). The labels come from the children sfn-lens saw (Map Run listings, the table's rows): a label
 * whose children left no trace in either is not known, and its series is not read.
 */
async function readMapChildren(
  sm: StateMachine,
  c: {
    rows: Array<{ row: ExecutionRow; verdict: Verdict }>;
    service: ServiceExecution[] | null;
    childLogMinutes: LogMinute[] | null;
    window: TimeWindow;
    now: number;
    binsFrom: number;
    binsTo: number;
    stepMs: number;
    periodSeconds: number;
    reads: ReadLog;
    minuteContext: MinuteContext;
    maxRunMs: (r: ExecutionRow) => number;
  },
): Promise<StateMachineExecutions['mapChildren']> {
  const labelled = new Set<string>();
  for (const s of c.service ?? []) {
    const run = s.mapRunArn ? parseMapRunArn(s.mapRunArn) : null;
    if (run?.ok && run.value.parentStateMachineArn === sm.arn) labelled.add(`${run.value.parentStateMachineArn}/${run.value.mapLabel}`);
  }
  for (const { row } of c.rows) {
    const arn = row.parsedArn ? mapChildMetricsArn(row.parsedArn) : null;
    if (arn && row.parsedArn?.stateMachineArn === sm.arn) labelled.add(arn);
  }
  const childEvents = (c.childLogMinutes ?? []).some((m) => m.started + m.succeeded + m.failed + m.timedOut + m.aborted > 0);
  if (labelled.size === 0 && !childEvents) return null;
  const all = [...labelled].sort();
  const read = all.slice(0, MAX_CHILD_SERIES);
  const series = await Promise.all(
    read.map((arn) => c.reads.attempt('Distributed Map children’s metrics (AWS/States, labelled series)', 'cloudwatch:GetMetricData', () => getExecutionMetrics(arn, c.binsFrom, c.binsTo, { now: c.now, periodSeconds: c.periodSeconds }))),
  );
  const incomplete = series.flatMap((x) => x?.incomplete ?? []);
  c.reads.partial.push(...incomplete);
  // The children's events are counted together (the query tells a child from its parent, not one label
  // from another): the labelled series are summed to match. Any series unread leaves the sum unknown.
  let metrics: MetricMinute[] | null = null;
  if (read.length > 0 && read.length === all.length && series.every((x: MetricSeries | null) => x?.bins)) metrics = series.flatMap((x) => x?.bins ?? []);
  const children = c.rows.filter((r) => r.row.parsedArn?.mapRun && r.row.parsedArn.stateMachineArn === sm.arn);
  const awaited = awaitedExecutions(children, c.now, (r) => c.maxRunMs(r as ExecutionRow));
  const minutes = classifyMinutes(joinMinutes(metrics, c.childLogMinutes, c.window, { stepMs: c.stepMs }), { ...c.minuteContext, metricsIncomplete: incomplete }, awaited);
  return { series: read, seriesNotRead: all.length - read.length, minutes };
}

/**
 * What the index advice estimates its saving from: the per-minute query scans the whole window (its
 * bins) and matches only start/terminal records, so its statistics give both the window's bytes and
 * the share a `type` index would leave to scan.
 */
function indexSavingBasis(minuteRows: QueryResult | null, metrics: readonly MetricMinute[] | null, records: readonly LogRecord[] | null): IndexSavingBasis | undefined {
  if (!minuteRows || minuteRows.status !== 'Complete' || minuteRows.statistics.bytesScanned <= 0) return undefined;
  const { bytesScanned, recordsScanned, recordsMatched, estimatedBytesSkipped, estimatedRecordsSkipped } = minuteRows.statistics;
  const executions = Math.max(metrics ? metrics.reduce((a, m) => a + m.started, 0) : 0, records?.length ?? 0);
  // An index that skipped records already made the scan smaller: the window is what was scanned plus skipped.
  const windowRecords = recordsScanned + (estimatedRecordsSkipped ?? 0);
  return { windowBytes: bytesScanned + (estimatedBytesSkipped ?? 0), executions, boundaryShare: windowRecords > 0 ? Math.min(1, recordsMatched / windowRecords) : null };
}

function sumStarted(metrics: readonly MetricMinute[], before: number, binMs: number): number {
  return metrics.filter((m) => m.minute + binMs <= before).reduce((a, m) => a + m.started, 0);
}

/**
 * The executions view of one state machine and range, shared between viewers. A rolling range is
 * keyed by its expression, so every viewer of "the last 3 hours" gets the same read. `limited`: one
 * of many state machines read at once, through the process's limiter.
 */
export function readStateMachineExecutions(stateMachineArn: string, range: RangeParams, opts: { limited?: boolean } = {}) {
  const norm = readRange(range);
  windowParam(norm, Date.now());
  const key = executionsViewKey(stateMachineArn, norm);
  const load = async () => {
    const now = Date.now();
    const tracker = trackRead(key, now);
    try {
      const view = await loadStateMachineExecutions(stateMachineArn, windowParam(norm, now), now, { tracker });
      tracker.finish('done');
      return view;
    } catch (e) {
      tracker.finish('failed');
      throw e;
    }
  };
  return sharedRead(key, opts.limited ? () => everyStateMachineReads(load) : load);
}

/**
 * For a page: the executions view when one is kept, else the first look of the read of it (started
 * here or by another viewer), whichever comes first, so that the health and the metrics are on screen
 * while the Logs Insights queries run (docs/cold-views.md). Errors as `readStateMachineExecutions`.
 */
export async function readStateMachineFirstLook(
  stateMachineArn: string,
  range: RangeParams,
): Promise<{ view: SharedResult<StateMachineExecutions>; firstLook: null } | { view: null; firstLook: StateMachineFirstLook }> {
  const norm = readRange(range);
  windowParam(norm, Date.now());
  const kept = await peekStateMachineExecutions(stateMachineArn, norm);
  if (kept) return { view: kept, firstLook: null };
  // Waiting before the read starts: the read takes the wait over when it is tracked.
  const wait = firstLookOf<StateMachineFirstLook>(executionsViewKey(stateMachineArn, norm));
  const full = readStateMachineExecutions(stateMachineArn, norm);
  try {
    return await Promise.race([full.then((view) => ({ view, firstLook: null })), wait.promise.then((firstLook) => ({ view: null, firstLook }))]);
  } finally {
    wait.cancel();
  }
}

/** The key of one state machine's executions view for a range: its shared read's and its progress's. */
export function executionsViewKey(stateMachineArn: string, range: RangeParams): string {
  return `executions-view|${stateMachineArn}|${rangeKey(readRange(range))}`;
}

/** How far the executions view of a range has got (null: no read of it running or just finished). */
export function executionsProgress(stateMachineArn: string, range: RangeParams): ReadProgress | null {
  return readProgress(executionsViewKey(stateMachineArn, range));
}

/** Stops the running read of the executions view of a range: how many queries were stopped, or null when none runs. */
export function stopExecutionsRead(stateMachineArn: string, range: RangeParams): Promise<number | null> {
  // StopQuery goes to the account and Region of the state machine's log group, as its StartQuery did.
  return inSourceOf(stateMachineArn, () => stopRead(executionsViewKey(stateMachineArn, range)));
}

/** The shared executions view of this range when one is kept, without reading AWS (null otherwise). */
export function peekStateMachineExecutions(stateMachineArn: string, range: RangeParams) {
  return peekSharedRead<StateMachineExecutions>(executionsViewKey(stateMachineArn, range));
}
