import 'server-only';
import { describeExecution, describeMapRun, listMapRunExecutions, listMapRuns } from '@/lib/aws/step-functions';
import type { ParsedMapRunArn } from '@/lib/domain/arn';
import { joinExecutions, type ExecutionRow } from '@/lib/domain/join';
import { countByStatus, countDifferences, FAILED_STATUSES, groupFailures, tallyVerdicts, type MapRunFailures, type StatusCounts } from '@/lib/domain/map-run';
import { summarizeNeighbours } from '@/lib/domain/neighbour-stats';
import { MINUTE_MS, toIso, type TimeWindow } from '@/lib/domain/time-window';
import type { LogRecord, MapRun, MapRunDetail, PartialRead, ServiceExecution, StateMachine, Verdict, VerdictCause } from '@/lib/domain/types';
import { diagnoseExecution } from '@/lib/domain/verdict';
import { rangeKey, readRange, type RangeParams } from '@/lib/query/time-range';
import { mapLimit } from './concurrency';
import { iso, minuteDto, verdictSummaryDto } from './dto';
import { ReadLog } from './reads';
import { sharedRead } from './shared-reads';
import { inSourceOf } from './sources';
import { readStateMachineExecutions, type StateMachineExecutions } from './state-machine-executions';
import { windowParam } from './validate';

/** Failed children described (DescribeExecution each, for error and cause): a bound, said on the page when reached. */
export const MAX_DESCRIBED_FAILURES = 100;

/** Children listed at most (ListExecutions by mapRunArn, 1,000 a page). */
const MAX_CHILDREN = 10_000;

export interface MapRunView {
  parsed: ParsedMapRunArn;
  mapRun: MapRunDetail;
  /** The window the children's logs and labelled series were read over (the run's own minutes unless the URL gave one). */
  window: TimeWindow;
  now: number;
  stateMachine: StateMachine | null;
  /** The children ListExecutions gives for the Map Run; null when that read failed. */
  children: { listed: number; truncated: boolean; byStatus: StatusCounts; differences: ReturnType<typeof countDifferences> } | null;
  failures: (MapRunFailures & { describedMax: number }) | null;
  /** Each listed child joined with its log record and judged as any execution is. Null verdict: not judged (the parent's view was not read). */
  rows: Array<{ row: ExecutionRow; verdict: Verdict | null }>;
  verdicts: Array<{ cause: VerdictCause; count: number }>;
  /** The children's labelled metric series against their log events (every Map Run of this label in the window). */
  minutes: StateMachineExecutions['mapChildren'];
  metricsPeriodSeconds: number | null;
  partial: PartialRead[];
  limits: StateMachineExecutions['limits'] | null;
}

/**
 * The run's own minutes, a minute either side: where its children's events and metrics are. Whole
 * minutes (unlike an execution's window), because the page compares per-minute metric and log counts.
 */
function mapRunWindow(run: Pick<MapRunDetail, 'startDate' | 'stopDate'>, now: number): TimeWindow {
  const from = Math.floor((run.startDate - MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const to = Math.min(now, Math.ceil(((run.stopDate ?? now) + MINUTE_MS) / MINUTE_MS) * MINUTE_MS);
  return { from, to: Math.max(to, from + MINUTE_MS) };
}

async function loadMapRun(parsed: ParsedMapRunArn, range: RangeParams | null, now: number): Promise<MapRunView> {
  // The Map Run itself must be readable: without it there is nothing to show (404/403 via the mapper).
  const mapRun = await describeMapRun(parsed.arn);
  const reads = new ReadLog();
  const window = range && (range.from !== null || range.to !== null) ? windowParam(range, now) : mapRunWindow(mapRun, now);
  const [listed, view] = await Promise.all([
    reads.attempt('the child executions of the Map Run', 'states:ListExecutions', () => listMapRunExecutions(parsed.arn, MAX_CHILDREN)),
    // The parent's executions view over the run's window: its children's log records, the health the
    // verdicts rest on, and the children's labelled series against their events (one shared read).
    readParentView(parsed.parentStateMachineArn, window, reads),
  ]);
  const children = listed?.executions ?? [];

  const failedChildren = children.filter((c) => FAILED_STATUSES.has(c.status));
  const toDescribe = failedChildren.slice(0, MAX_DESCRIBED_FAILURES);
  const describedList = await mapLimit(toDescribe, 4, (c) =>
    reads.attempt('a failed child’s error and cause', 'states:DescribeExecution', () => describeExecution(c.executionArn)),
  );
  const described = new Map<string, ServiceExecution>();
  for (const d of describedList) if (d) described.set(d.executionArn, d);

  const byStatus = countByStatus(children);
  const rows = listed ? judgeChildren(children, view, reads.partial, now) : [];
  if (view) reads.partial.push(...view.partial.filter((p) => !reads.partial.includes(p)));
  return {
    parsed,
    mapRun,
    window,
    now,
    stateMachine: view?.stateMachine ?? null,
    children: listed ? { listed: children.length, truncated: listed.truncated, byStatus, differences: mapRun.executionCounts ? countDifferences(mapRun.executionCounts, byStatus) : [] } : null,
    failures: listed ? { ...groupFailures(children, described), describedMax: MAX_DESCRIBED_FAILURES } : null,
    rows,
    verdicts: tallyVerdicts(rows.flatMap((r) => (r.verdict ? [r.verdict] : []))),
    minutes: view?.mapChildren ?? null,
    metricsPeriodSeconds: view?.metricsPeriodSeconds ?? null,
    partial: reads.partial,
    limits: view?.limits ?? null,
  };
}

async function readParentView(stateMachineArn: string, window: TimeWindow, reads: ReadLog): Promise<StateMachineExecutions | null> {
  // A failure is named as a partial read (the verdicts and the series stay unread); the run's own counts still show.
  const read = await reads.attempt('the parent state machine’s executions view (children’s logs and series)', 'states:DescribeStateMachine', () =>
    readStateMachineExecutions(stateMachineArn, { from: toIso(window.from), to: toIso(window.to) }),
  );
  return read?.value ?? null;
}

/**
 * The listed children joined with their log records and judged like any other execution. Log records
 * of children of this label that the listing does not name belong to other Map Runs: left out.
 */
function judgeChildren(children: readonly ServiceExecution[], view: StateMachineExecutions | null, partial: readonly PartialRead[], now: number): MapRunView['rows'] {
  const ours = new Set(children.map((c) => c.executionArn));
  const logs: LogRecord[] = [];
  for (const { row } of view?.rows ?? []) if (row.logs && ours.has(row.executionArn)) logs.push(row.logs);
  const joined = joinExecutions({ service: children, logs }).filter((r) => ours.has(r.executionArn));
  if (!view) return joined.map((row) => ({ row, verdict: null }));
  const neighbours = summarizeNeighbours(
    view.rows.flatMap((r) => (r.row.logs ? [r.row.logs] : [])),
    { level: view.stateMachine.logging.level },
  );
  return joined.map((row) => ({
    row,
    verdict: diagnoseExecution({
      stateMachine: view.stateMachine,
      health: view.health,
      executionArn: row.executionArn,
      parsedArn: row.parsedArn ?? undefined,
      service: row.service,
      logs: row.logs,
      neighbours,
      partial: [...partial, ...view.partial],
      now,
    }),
  }));
}

/** One Map Run's view, shared between viewers (keyed by the run and what the URL asked for). */
export function readMapRun(parsed: ParsedMapRunArn, range: RangeParams) {
  const norm = readRange(range);
  const explicit = norm.from !== null || norm.to !== null;
  if (explicit) windowParam(norm, Date.now());
  // Read in the account and Region the ARN names (404 `unknown-source` when none is configured for them).
  return sharedRead(`map-run|${parsed.arn}|${explicit ? rangeKey(norm) : 'own'}`, () => inSourceOf(parsed.arn, () => loadMapRun(parsed, explicit ? norm : null, Date.now())));
}

/** The Map Runs a (Standard) execution started: ListMapRuns, shared briefly between viewers. */
export function readMapRunsOfExecution(executionArn: string) {
  return sharedRead<MapRun[]>(`map-runs-of|${executionArn}`, () => listMapRuns(executionArn));
}

/** The JSON API's shape of a Map Run view (README "JSON API"): times as ISO-8601 UTC strings. */
export function mapRunViewDto(view: MapRunView) {
  const r = view.mapRun;
  return {
    mapRun: {
      mapRunArn: r.mapRunArn,
      executionArn: r.executionArn,
      stateMachineArn: view.parsed.parentStateMachineArn,
      label: view.parsed.mapLabel,
      status: r.status,
      startDate: iso(r.startDate),
      stopDate: iso(r.stopDate),
      maxConcurrency: r.maxConcurrency,
      toleratedFailurePercentage: r.toleratedFailurePercentage,
      toleratedFailureCount: r.toleratedFailureCount,
      itemCounts: r.itemCounts,
      executionCounts: r.executionCounts,
    },
    window: { from: toIso(view.window.from), to: toIso(view.window.to) },
    generatedAt: toIso(view.now),
    children: view.children,
    failures: view.failures,
    verdicts: view.verdicts,
    executions: view.rows.map(({ row, verdict }) => ({
      executionArn: row.executionArn,
      name: row.name,
      startDate: iso(row.startedAt),
      stopDate: iso(row.stoppedAt),
      status: row.service?.status ?? null,
      logs: { status: row.logs?.status ?? 'UNKNOWN', eventCount: row.logs?.eventCount ?? 0, idGaps: row.logs?.idGaps ?? 0 },
      verdict: verdict ? verdictSummaryDto(verdict) : null,
    })),
    minutes: view.minutes
      ? {
          series: view.minutes.series,
          seriesNotRead: view.minutes.seriesNotRead,
          minutes: view.minutes.minutes.map(minuteDto),
        }
      : null,
    metricsPeriodSeconds: view.metricsPeriodSeconds,
    partial: view.partial,
  };
}

export type MapRunViewDto = ReturnType<typeof mapRunViewDto>;
