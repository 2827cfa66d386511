import 'server-only';
import { readStateCellOf, type ReadStateCell } from '@/lib/domain/read-progress';
import { toIso } from '@/lib/domain/time-window';
import type { HealthFinding, PartialRead, StateMachine, UnreadStateMachine, VerdictCause } from '@/lib/domain/types';
import { rangeKey, readRange, type RangeParams } from '@/lib/query/time-range';
import { waitAtMost } from './concurrency';
import { stateMachineDto } from './dto';
import { errorEntryOf, RequestError, type ErrorEntry } from './errors';
import { oncePerResult } from './shared-reads';
import { executionsProgress, readStateMachineExecutions, type StateMachineExecutions } from './state-machine-executions';
import type { SourceFilter } from '@/lib/sources';
import { allSources, sourceFilterParams, sourceInfo } from './sources';
import { readStateMachines, type SourceFailure } from './state-machines';
import { windowParam } from './validate';

// What the overview and the ops view show of each state machine: counts, not rows (`/metrics`
// exports the same counts). Every read is the shared executions view (state-machine-executions.ts),
// so the state machine page, the overview and every wall screen share one per state machine and range.

/** Causes that are not a disagreement: both sides agree, or the execution may still run. */
const AGREEING: ReadonlySet<VerdictCause> = new Set(['consistent', 'running']);

export type CauseCounts = Partial<Record<VerdictCause, number>>;

export interface StateMachineSummary {
  generatedAt: string;
  readAt: string;
  window: { from: string; to: string };
  health: { status: 'ok' | 'warning' | 'broken'; findings: Array<Pick<HealthFinding, 'id' | 'severity' | 'title' | 'description'>> };
  executions: {
    /** Rows of the executions view (one per execution seen on either side). */
    total: number;
    byCause: CauseCounts;
    /** Rows whose cause is a disagreement (not consistent, not running). */
    mismatched: number;
    /** The Logs Insights row limit cut into the rows (of the whole window, or of the newest minutes listed): `total` is a floor. */
    rowLimitReached: boolean;
    /** When the window holds more executions than one query lists: the rows are those that started from here on. */
    listedFrom: string | null;
  };
  /** Sums over the window's minutes; null when that side was not read. */
  metrics: { started: number; ended: number } | null;
  logs: { started: number; ended: number } | null;
  /** Terminal events CloudWatch metrics count and the logs lack, by the cause of their minute. */
  unlogged: { ended: number; byCause: CauseCounts };
  partial: PartialRead[];
  /** What its Logs Insights queries scanned (shared by every viewer of the same range). */
  scanned: { bytes: number; queries: number };
  /** Ranking weight of the ops view: settled disagreements, from rows and from minutes. */
  trouble: number;
}

export type OverviewEntry = { stateMachine: ReturnType<typeof stateMachineDto> } & (
  | { state: 'ready'; summary: StateMachineSummary }
  | { state: 'error'; error: ErrorEntry }
  /** Still being read: `read` says how far (queued, reading n %, done, failed; docs/cold-views.md). */
  | { state: 'pending'; read: ReadStateCell }
);

export interface Overview {
  generatedAt: string;
  range: RangeParams;
  window: { from: string; to: string };
  stateMachines: OverviewEntry[];
  /** State machines listed but not described, each with the read that failed: they have no counts. */
  unread: UnreadStateMachine[];
  /** The URL's account and Region filters (null: all). */
  filter: SourceFilter;
  /** Every configured source (the filters' choices), whether or not the filter keeps it. */
  sources: SourceInfo[];
  /** Sources whose state machines could not be listed: their state machines are not in this answer. */
  failedSources: SourceFailure[];
}

export type SourceInfo = SourceFailure['source'];

/** What a view says of every configured source. */
export function sourceInfos(): SourceInfo[] {
  return allSources().map(sourceInfo);
}

// ---- reads ----------------------------------------------------------------------------------------

/** What the overview page needs before its rows stream: the range checked, the state machines listed. */
export async function readOverviewFrame(
  range: RangeParams,
  rawFilter: { account?: string | null; region?: string | null } = {},
): Promise<{ ok: true; machines: StateMachine[]; unread: UnreadStateMachine[]; failedSources: SourceFailure[]; filter: SourceFilter; at: string } | { ok: false; message: string }> {
  let filter: SourceFilter;
  try {
    windowParam(range, Date.now());
    filter = sourceFilterParams(rawFilter);
  } catch (e) {
    if (e instanceof RequestError) return { ok: false, message: e.message };
    throw e;
  }
  const list = await readStateMachines(filter);
  return { ok: true, machines: list.value.machines, unread: list.value.unread, failedSources: list.value.failedSources, filter, at: toIso(list.readAt) };
}

/** A state machine's counts over its shared view, summed once per view. */
export const summarizeView = oncePerResult((view: StateMachineExecutions, readAt: number): StateMachineSummary => {
  const byCause: CauseCounts = {};
  let mismatched = 0;
  let settledRows = 0;
  for (const { verdict } of view.rows) {
    byCause[verdict.cause] = (byCause[verdict.cause] ?? 0) + 1;
    if (!AGREEING.has(verdict.cause)) mismatched++;
    if (!AGREEING.has(verdict.cause) && verdict.cause !== 'log-lag') settledRows++;
  }
  let metrics: StateMachineSummary['metrics'] = null;
  let logs: StateMachineSummary['logs'] = null;
  const unlogged: StateMachineSummary['unlogged'] = { ended: 0, byCause: {} };
  let settledUnlogged = 0;
  for (const { row, verdict } of view.minutes) {
    if (row.metrics) {
      metrics ??= { started: 0, ended: 0 };
      metrics.started += row.metrics.started;
      metrics.ended += row.metrics.terminal;
    }
    if (row.logs) {
      logs ??= { started: 0, ended: 0 };
      logs.started += row.logs.started;
      logs.ended += row.logs.terminal;
    }
    if (row.gap !== null && row.gap > 0 && verdict.cause !== 'consistent') {
      unlogged.ended += row.gap;
      unlogged.byCause[verdict.cause] = (unlogged.byCause[verdict.cause] ?? 0) + row.gap;
      if (verdict.cause !== 'log-lag') settledUnlogged += row.gap;
    }
  }
  // Distributed Map children's own series (docs/aws-behaviour.md §11.3): their drops count as unlogged too.
  for (const { row, verdict } of view.mapChildren?.minutes ?? []) {
    if (row.gap !== null && row.gap > 0 && verdict.cause !== 'consistent') {
      unlogged.ended += row.gap;
      unlogged.byCause[verdict.cause] = (unlogged.byCause[verdict.cause] ?? 0) + row.gap;
      if (verdict.cause !== 'log-lag') settledUnlogged += row.gap;
    }
  }
  const summary: StateMachineSummary = {
    generatedAt: toIso(view.now),
    readAt: toIso(readAt),
    window: { from: toIso(view.window.from), to: toIso(view.window.to) },
    health: {
      status: view.health.status,
      findings: view.health.findings.map((f) => ({ id: f.id, severity: f.severity, title: f.title, description: f.description })),
    },
    executions: {
      total: view.rows.length,
      byCause,
      mismatched,
      rowLimitReached: view.limits.logRowsLimitReached,
      listedFrom: view.limits.narrowed ? toIso(view.limits.narrowed.from) : null,
    },
    metrics,
    logs,
    unlogged,
    partial: view.partial,
    scanned: { bytes: view.scanned.bytesScanned, queries: view.scanned.queries },
    trouble: settledRows + settledUnlogged,
  };
  return summary;
});

// The last counts of each state machine and range this process served, so that an overview row whose
// view is being read again shows them (with their age) rather than going back to "queued" each time a
// rolling range's kept read expires (docs/cold-views.md). On globalThis like the shared reads.
const LAST_KEY = Symbol.for('sfn-lens.overview-last-summaries');
const MAX_LAST = 500;

function lastSummaries(): Map<string, StateMachineSummary> {
  const g = globalThis as typeof globalThis & { [LAST_KEY]?: Map<string, StateMachineSummary> };
  g[LAST_KEY] ??= new Map();
  return g[LAST_KEY];
}

const lastKey = (stateMachineArn: string, range: RangeParams) => `${stateMachineArn}|${rangeKey(readRange(range))}`;

/** The counts last read for this state machine and range, if any (they may be older than a kept read). */
export function lastSummaryOf(stateMachineArn: string, range: RangeParams): StateMachineSummary | null {
  return lastSummaries().get(lastKey(stateMachineArn, range)) ?? null;
}

/** One state machine's counts, or what went wrong reading them: never throws. */
export async function readSummaryEntry(stateMachineArn: string, range: RangeParams): Promise<{ state: 'ready'; summary: StateMachineSummary } | { state: 'error'; error: ErrorEntry }> {
  try {
    const r = await readStateMachineExecutions(stateMachineArn, range, { limited: true });
    const summary = summarizeView(r.value, r.readAt);
    const last = lastSummaries();
    const key = lastKey(stateMachineArn, range);
    last.delete(key);
    last.set(key, summary);
    while (last.size > MAX_LAST) {
      const oldest = last.keys().next().value;
      if (oldest === undefined) break;
      last.delete(oldest);
    }
    return { state: 'ready', summary };
  } catch (e) {
    return { state: 'error', error: errorEntryOf(e) };
  }
}

/** A state machine whose counts are not there yet, with how far its read has got. */
export function pendingEntry(stateMachineArn: string, range: RangeParams): { state: 'pending'; read: ReadStateCell } {
  return { state: 'pending', read: readStateCellOf(executionsProgress(stateMachineArn, range)) };
}

/**
 * Every state machine with its counts. Waits at most `waitMs` for the counts: a slow state machine is
 * answered `pending` (its read goes on, shared, and the next poll picks it up) instead of holding
 * every other row back.
 */
export async function loadOverview(range: RangeParams, opts: { waitMs: number; filter?: SourceFilter }): Promise<Overview> {
  const norm = readRange(range);
  const now = Date.now();
  const window = windowParam(norm, now);
  const filter = opts.filter ?? { account: null, region: null };
  const { machines, unread, failedSources } = (await readStateMachines(filter)).value;
  const settled = new Map<string, Awaited<ReturnType<typeof readSummaryEntry>>>();
  await waitAtMost(Promise.all(machines.map((sm) => readSummaryEntry(sm.arn, norm).then((entry) => settled.set(sm.arn, entry)))), opts.waitMs);
  return {
    generatedAt: toIso(Date.now()),
    range: norm,
    window: { from: toIso(window.from), to: toIso(window.to) },
    stateMachines: machines.map((sm): OverviewEntry => ({ stateMachine: stateMachineDto(sm), ...(settled.get(sm.arn) ?? pendingEntry(sm.arn, norm)) })),
    unread,
    filter,
    sources: sourceInfos(),
    failedSources,
  };
}
