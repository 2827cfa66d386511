import 'server-only';
import { toIso } from '@/lib/domain/time-window';
import type { HealthFinding, HealthReport, PartialRead, StateMachine, UnreadStateMachine, VerdictCause } from '@/lib/domain/types';
import { rangeKey, readRange, type RangeParams } from '@/lib/query/time-range';
import { executionsViewDto, stateMachineDto } from './dto';
import { RequestError, toErrorResponse, type ErrorBody } from './errors';
import { loadExecutionsView, type ExecutionsView } from './executions-view';
import { sharedRead } from './shared-reads';
import { readStateMachines } from './state-machines';
import { windowParam } from './validate';

// What the overview and the ops view show of each state machine: counts, not rows. Every read goes
// through sharedRead, so the state machine page, the overview and every wall screen share one
// executions view per state machine and range.

/** Executions views computed at once for overview-style pages (each runs several Logs Insights queries). */
const OVERVIEW_CONCURRENCY = 3;

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
  | { state: 'error'; error: ErrorBody['error'] & { status: number } }
  | { state: 'pending' }
);

export interface Overview {
  generatedAt: string;
  range: RangeParams;
  window: { from: string; to: string };
  stateMachines: OverviewEntry[];
  /** State machines listed but not described, each with the read that failed: they have no counts. */
  unread: UnreadStateMachine[];
}

// ---- a limiter shared by every overview-style read of this process ----------------------------

const queue: Array<() => void> = [];
let running = 0;

async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= OVERVIEW_CONCURRENCY) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    queue.shift()?.();
  }
}

// ---- reads ----------------------------------------------------------------------------------------

/** What the overview page needs before its rows stream: the range checked, the state machines listed. */
export async function readOverviewFrame(
  range: RangeParams,
): Promise<{ ok: true; machines: StateMachine[]; unread: UnreadStateMachine[]; at: string } | { ok: false; message: string }> {
  try {
    windowParam(range, Date.now());
  } catch (e) {
    if (e instanceof RequestError) return { ok: false, message: e.message };
    throw e;
  }
  const list = await readStateMachines();
  return { ok: true, machines: list.value.machines, unread: list.value.unread, at: toIso(list.readAt) };
}

/**
 * The executions view of one state machine and range, shared between viewers. A rolling range is
 * keyed by its expression, so every viewer of "the last 3 hours" gets the same read.
 */
export function readExecutionsView(stateMachineArn: string, range: RangeParams, opts: { limited?: boolean } = {}) {
  const norm = readRange(range);
  windowParam(norm, Date.now());
  const load = () => {
    const now = Date.now();
    return loadExecutionsView(stateMachineArn, windowParam(norm, now), now);
  };
  return sharedRead(`executions-view|${stateMachineArn}|${rangeKey(norm)}`, opts.limited ? () => limited(load) : load);
}

const dtoMemo = new WeakMap<ExecutionsView, ReturnType<typeof executionsViewDto>>();
/** The JSON API's shape of a (shared) view, built once per view. */
export function executionsDtoOf(view: ExecutionsView): ReturnType<typeof executionsViewDto> {
  let dto = dtoMemo.get(view);
  if (!dto) {
    dto = executionsViewDto(view);
    dtoMemo.set(view, dto);
  }
  return dto;
}

const jsonMemo = new WeakMap<ExecutionsView, Uint8Array>();
/**
 * The executions view as the API sends it, encoded once per shared view: fifty viewers of a
 * 10,000-row table get the same bytes (megabytes of JSON) instead of each serialising and encoding
 * their own copy. (Compression stays the server's: Next drops a route's own content-encoding.)
 */
export function executionsBodyOf(view: ExecutionsView, readAt: number): Uint8Array {
  let body = jsonMemo.get(view);
  if (body === undefined) {
    body = new TextEncoder().encode(JSON.stringify({ ...executionsDtoOf(view), readAt: toIso(readAt) }));
    jsonMemo.set(view, body);
  }
  return body;
}

const summaryMemo = new WeakMap<ExecutionsView, StateMachineSummary>();
export function summarizeView(view: ExecutionsView, readAt: number): StateMachineSummary {
  const memo = summaryMemo.get(view);
  if (memo) return memo;
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
  summaryMemo.set(view, summary);
  return summary;
}

/**
 * The one data-aware health of a state machine over a range: the health of its shared executions
 * view, which weighs the configuration with what the window shows (events arriving, executions
 * started). The overview and the ops view (via `summarizeView`), the state machine page (via the
 * view's DTO) and `/api/state-machines` all read this same object for the same range, so no surface
 * calls a state machine `warning` while another calls it `broken`.
 */
export async function readStateMachineHealth(stateMachineArn: string, range: RangeParams, opts: { limited?: boolean } = {}) {
  const r = await readExecutionsView(stateMachineArn, range, opts);
  return { health: r.value.health, partial: r.value.partial, window: r.value.window, readAt: r.readAt };
}

export type StateMachineHealthEntry = { stateMachine: StateMachine } & (
  | { state: 'ready'; health: HealthReport; partial: PartialRead[]; readAt: number }
  | { state: 'error'; error: ErrorBody['error'] & { status: number } }
  | { state: 'pending' }
);

/**
 * Every state machine with its health over a range (`/api/state-machines`): the overview's shared
 * reads, never reads of its own. Waits at most `waitMs`; a state machine whose view is still being
 * read is `pending` (no health is better than a configuration-only guess the overview contradicts).
 */
export async function loadStateMachinesHealth(
  range: RangeParams,
  opts: { waitMs: number },
): Promise<{ window: { from: string; to: string }; range: RangeParams; stateMachines: StateMachineHealthEntry[]; unread: UnreadStateMachine[]; listedAt: number }> {
  const norm = readRange(range);
  const window = windowParam(norm, Date.now());
  const list = await readStateMachines();
  const { machines, unread } = list.value;
  const settled = new Map<string, StateMachineHealthEntry>();
  const all = Promise.all(
    machines.map(async (sm) => {
      try {
        const r = await readStateMachineHealth(sm.arn, norm, { limited: true });
        settled.set(sm.arn, { stateMachine: sm, state: 'ready', health: r.health, partial: r.partial, readAt: r.readAt });
      } catch (e) {
        settled.set(sm.arn, { stateMachine: sm, state: 'error', error: await errorOf(e) });
      }
    }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.waitMs)))]);
  clearTimeout(timer);
  return {
    window: { from: toIso(window.from), to: toIso(window.to) },
    range: norm,
    stateMachines: machines.map((sm) => settled.get(sm.arn) ?? { stateMachine: sm, state: 'pending' as const }),
    unread,
    listedAt: list.readAt,
  };
}

async function errorOf(e: unknown): Promise<ErrorBody['error'] & { status: number }> {
  // The one error mapper of the API decides the wording and the status here too.
  const res = toErrorResponse(e);
  const body = (await res.json()) as ErrorBody;
  return { ...body.error, status: res.status };
}

/** One state machine's counts, or what went wrong reading them: never throws. */
export async function readSummaryEntry(stateMachineArn: string, range: RangeParams): Promise<{ state: 'ready'; summary: StateMachineSummary } | { state: 'error'; error: ErrorBody['error'] & { status: number } }> {
  try {
    const r = await readExecutionsView(stateMachineArn, range, { limited: true });
    return { state: 'ready', summary: summarizeView(r.value, r.readAt) };
  } catch (e) {
    return { state: 'error', error: await errorOf(e) };
  }
}

/**
 * Every state machine with its counts. Waits at most `waitMs` for the counts: a slow state machine is
 * answered `pending` (its read goes on, shared, and the next poll picks it up) instead of holding
 * every other row back.
 */
export async function loadOverview(range: RangeParams, opts: { waitMs: number }): Promise<Overview> {
  const norm = readRange(range);
  const now = Date.now();
  const window = windowParam(norm, now);
  const { machines, unread } = (await readStateMachines()).value;
  const settled = new Map<string, Awaited<ReturnType<typeof readSummaryEntry>>>();
  const all = Promise.all(machines.map((sm) => readSummaryEntry(sm.arn, norm).then((entry) => settled.set(sm.arn, entry))));
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.waitMs)))]);
  clearTimeout(timer);
  return {
    generatedAt: toIso(Date.now()),
    range: norm,
    window: { from: toIso(window.from), to: toIso(window.to) },
    stateMachines: machines.map((sm): OverviewEntry => ({ stateMachine: stateMachineDto(sm), ...(settled.get(sm.arn) ?? { state: 'pending' as const }) })),
    unread,
  };
}
