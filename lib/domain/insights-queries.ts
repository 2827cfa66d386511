// The Logs Insights queries sfn-lens sends, and the parsers of their result rows. Aggregation runs
// inside CloudWatch (docs/diagnosis.md); these strings use only the subset the simulated account supports:
// fields, filter, filterIndex, stats (count, min, max, `by` and bin()), sort, limit, the documented
// string functions and toMillis(). Result values are all strings.
//
// Nothing here depends on what AWS leaves undocumented (docs/aws-behaviour.md §11.4): not on how
// latest()/earliest() break a tie between events of the same millisecond, not on whether min()/max()
// compare the string ids Step Functions writes ("id":"13") as numbers, not on count_distinct() (an
// approximation at high cardinality), and not on subtracting two timestamps (§11.11).

import { quoteInsightsString } from './arn';
import { isTerminalEventType, logStatusOf, TERMINAL_EVENT_TYPES } from './logging-facts';
import { parseIsoInstant } from './time-window';
import type { LogMinute, LogRecord, RawLogEvent, TerminalEventType } from './types';

/** `queryString` limit of StartQuery (docs/aws-behaviour.md §7). */
export const MAX_QUERY_CHARS = 10_000;
/** Rows a query returns by default, and the row limit of the per-execution aggregate (see TABLE_ROW_BUDGET). */
export const MAX_QUERY_ROWS = 10_000;
/** The `limit` command's and StartQuery's maximum (docs/aws-behaviour.md §11.8); GetQueryResults pages them. */
export const MAX_QUERY_LIMIT = 100_000;

export type InsightsRow = ReadonlyArray<{ field: string; value: string }>;

/** A query that cannot be built as asked (over 10,000 characters, bad limit or bin). */
export class QueryBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryBuildError';
  }
}

function list(values: readonly string[]): string {
  return `[${values.map(quoteInsightsString).join(', ')}]`;
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw new QueryBuildError(`limit must be an integer from 1 to ${MAX_QUERY_LIMIT}; got ${limit}.`);
  }
  return limit;
}

function finish(lines: string[]): string {
  const q = lines.join('\n| ');
  if (q.length > MAX_QUERY_CHARS) {
    throw new QueryBuildError(`The query is ${q.length} characters; StartQuery accepts at most ${MAX_QUERY_CHARS}.`);
  }
  return q;
}

/**
 * Ids zero-padded to ten digits with documented string functions (strlen, substr, concat), so that
 * min() and max() give the numeric extremes whether AWS compares the string ids Step Functions writes
 * ("id":"13") as numbers or as text: for digit strings of one length the two orders agree.
 */
const PADDED_ID = 'concat(substr("0000000000", strlen(id)), id)';

/**
 * (a) One row per execution: counts, the lowest and highest id, first/last event time and the last
 * ingestion time. Newest executions first, so a capped result drops the oldest. The status comes
 * from (a′), never from latest(type) (docs/aws-behaviour.md §11.4).
 *
 * Over the whole window nothing is filtered out: events without `execution_arn` — plain text, or JSON
 * another writer put in the log group — are scanned (and paid for) either way, and where Logs
 * Insights gives records lacking a `by` field a group of their own, that one row counts them for
 * free (`AggregateParse.unattributed`). Whether it does is not documented: without the row, nothing
 * is said about them rather than a count of zero.
 */
export function executionAggregateQuery(opts: { limit?: number } = {}): string {
  return finish([
    // toMillis() of each timestamp: arithmetic is documented for numbers, not for timestamps (§11.11).
    `fields toMillis(@ingestionTime) - toMillis(@timestamp) as ingestionDelay, ${PADDED_ID} as idKey`,
    'stats count(*) as events, min(idKey) as minId, max(idKey) as maxId, ' +
      'min(@timestamp) as firstAt, max(@timestamp) as lastAt, ' +
      'max(@ingestionTime) as lastIngestedAt, max(ingestionDelay) as maxIngestionDelay by execution_arn',
    'sort lastAt desc',
    `limit ${checkLimit(opts.limit ?? MAX_QUERY_ROWS)}`,
  ]);
}

const ENDING_TYPES = [...TERMINAL_EVENT_TYPES, 'ExecutionRedriven'];

/**
 * (a′) Every terminal and redrive event per execution, one row each, grouped by its id: the status is
 * the terminal event with the highest id unless a redrive came after it. Filtered to those types
 * first, as AWS's own Express troubleshooting query does, and with no aggregate that picks one event
 * among several (no latest(), no min/max of ids), so no undocumented tie-break or comparison decides
 * it (docs/aws-behaviour.md §11.4). About one row per finished execution; cheap when `type` is indexed.
 */
export function executionBoundaryQuery(opts: { limit?: number } = {}): string {
  return finish([
    `filter type in ${list(ENDING_TYPES)}`,
    'stats count(*) as events, max(@timestamp) as lastAt by execution_arn, type, id',
    'sort lastAt desc',
    `limit ${checkLimit(opts.limit ?? 2 * MAX_QUERY_ROWS)}`,
  ]);
}

/**
 * (c) One execution's own events, oldest first. With `useFilterIndex` (the group's index policy covers
 * `execution_arn`) Logs Insights scans that execution's events only, instead of the whole window that
 * a FilterLogEvents read walks through (docs/aws-behaviour.md §7, §10).
 */
export function executionEventsQuery(executionArn: string, opts: { useFilterIndex?: boolean } = {}): string {
  return finish([
    // First, so that the index can be used; an ARN unsafe to quote throws UnsafeValueError.
    `${opts.useFilterIndex ? 'filterIndex' : 'filter'} execution_arn = ${quoteInsightsString(executionArn)}`,
    'fields @timestamp, @ingestionTime, @logStream, @message',
    'sort @timestamp asc',
    `limit ${MAX_QUERY_ROWS}`,
  ]);
}

/** Rows of `executionEventsQuery` → raw log events (rows without a message or a timestamp are skipped and counted). */
export function parseEventRows(rows: readonly InsightsRow[]): { events: RawLogEvent[]; skippedRows: number } {
  const events: RawLogEvent[] = [];
  let skippedRows = 0;
  for (const row of rows) {
    const r = rowToRecord(row);
    const timestamp = parseInsightsTime(r.get('@timestamp'));
    const message = r.get('@message');
    if (timestamp === null || message === undefined) {
      skippedRows++;
      continue;
    }
    const stream = r.get('@logStream');
    events.push({
      timestamp,
      // Asked for in `fields`; should a service omit it, the event counts as ingested when stamped (no delay seen).
      ingestionTime: parseInsightsTime(r.get('@ingestionTime')) ?? timestamp,
      message,
      ...(stream ? { logStreamName: stream } : {}),
    });
  }
  return { events, skippedRows };
}

/** Bin sizes (minutes) that keep a per-bin query under the row limit for a window. */
export function binMinutesFor(windowMs: number, rowsPerBin = 5): number {
  for (const m of [1, 5, 15, 60, 360, 1440]) {
    if (Math.ceil(windowMs / (m * 60_000)) * rowsPerBin <= MAX_QUERY_ROWS) return m;
  }
  return 1440;
}

/**
 * (b) Start and terminal events per bin and type (5 rows per bin at most). `count(*)` counts events:
 * a duplicated delivery counts twice, as metrics do (docs/aws-behaviour.md §6).
 */
export function terminalMinutesQuery(opts: { binMinutes?: number; splitMapChildren?: boolean; useFilterIndex?: boolean } = {}): string {
  const bin = opts.binMinutes ?? 1;
  if (!Number.isInteger(bin) || bin < 1 || bin > 1440) throw new QueryBuildError(`binMinutes must be an integer from 1 to 1440; got ${bin}.`);
  // A Distributed Map child's execution ARN names `parent/label` (a `/` no execution or state machine
  // name may hold): its events share the parent's log group but count in their own metric series
  // (docs/aws-behaviour.md §11.3), so they are counted apart (10 rows per bin at most).
  return finish([
    // With `useFilterIndex` (a `type` index that covers the bins: docs/aws-behaviour.md §11.1) Logs Insights
    // reads the indexed start and terminal events only; it returns nothing the index does not hold, so
    // the caller asks so only for bins the index has had time to cover.
    `${opts.useFilterIndex ? 'filterIndex' : 'filter'} type in ${list(['ExecutionStarted', ...TERMINAL_EVENT_TYPES])}`,
    ...(opts.splitMapChildren ? [`fields strcontains(execution_arn, "/") as ${MAP_CHILD_COLUMN}`] : []),
    `stats count(*) as events by bin(${bin}m), type${opts.splitMapChildren ? `, ${MAP_CHILD_COLUMN}` : ''}`,
    `limit ${MAX_QUERY_ROWS}`,
  ]);
}

/** Rows `stateVisitsQuery` returns by default: about a dozen per execution (GetQueryResults pages them). */
export const STATE_VISITS_ROWS = 3 * MAX_QUERY_ROWS;

/**
 * (d) Per execution, how many times each state was entered and exited, with its start, terminal and
 * redrive events: one row per (execution, type, state), newest first, for the state machine page's
 * per-state counts (docs/workflow-graph.md, "Per-state counts"). Only the `…StateEntered` and
 * `…StateExited` events name their state (`details.name`); the execution's own events name none, so
 * the group key is `coalesce(details.name, type)`: no row relies on how Logs Insights groups records
 * that lack a `by` field, which is undocumented (docs/aws-behaviour.md §11.4). Failure events
 * (`TaskFailed`, …) are not read: they name no state, and where an execution failed is where its
 * terminal event found it, an entered state with no exit.
 */
export function stateVisitsQuery(opts: { limit?: number } = {}): string {
  return finish([
    `filter type like /State(Entered|Exited)$/ or type in ${list(['ExecutionStarted', ...ENDING_TYPES])}`,
    'fields coalesce(details.name, type) as step',
    'stats count(*) as events, max(@timestamp) as lastAt by execution_arn, type, step',
    'sort lastAt desc',
    `limit ${checkLimit(opts.limit ?? STATE_VISITS_ROWS)}`,
  ]);
}

/** The column `terminalMinutesQuery({ splitMapChildren })` groups by: 1 for a Distributed Map child's event. */
export const MAP_CHILD_COLUMN = 'mapChild';

// ---------------------------------------------------------------------------------------------
// Result parsing

/** A result timestamp: `2023-11-14 22:13:20.123` (UTC, how Insights renders times), ISO-8601, or epoch digits. */
export function parseInsightsTime(value: string | undefined): number | null {
  if (value === undefined) return null;
  // Insights' own rendering, read by position: a table's rows carry three or four times each, and
  // this is most of what parsing 100,000 of them costs (docs/architecture.md, "Throughput").
  const fast = insightsRenderedTime(value);
  if (fast !== null) return fast;
  const v = value.trim();
  if (v === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/.exec(v);
  if (m) {
    const [, y, mo, d, h, mi, s, frac] = m;
    const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    return Number.isFinite(t) ? t : null;
  }
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    // Epoch seconds are ~1.7e9 today, milliseconds ~1.7e12; nothing sfn-lens reads predates 1973.
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  const iso = parseIsoInstant(v);
  return iso.ok ? iso.ms : null;
}

/** `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD HH:MM:SS.mmm` exactly (UTC), else null. */
function insightsRenderedTime(v: string): number | null {
  if ((v.length !== 19 && v.length !== 23) || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 32 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return null;
  if (v.length === 23 && v.charCodeAt(19) !== 46) return null;
  const y = digitsAt(v, 0, 4);
  const mo = digitsAt(v, 5, 2);
  const d = digitsAt(v, 8, 2);
  const h = digitsAt(v, 11, 2);
  const mi = digitsAt(v, 14, 2);
  const s = digitsAt(v, 17, 2);
  const ms = v.length === 23 ? digitsAt(v, 20, 3) : 0;
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || ms < 0) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return Number.isFinite(t) ? t : null;
}

/** The decimal number of `v[start, start + length)`, or -1 when a character there is not a digit. */
function digitsAt(v: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function parseNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  // A count as Insights renders it (plain digits) needs no regular expression.
  if (value.length > 0 && value.length <= 15) {
    const n = digitsAt(value, 0, value.length);
    if (n >= 0) return n;
  }
  const v = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function parseCount(value: string | undefined): number | null {
  const n = parseNumber(value);
  return n === null || n < 0 ? null : Math.round(n);
}

/** A row as a field → value map (first occurrence wins; `@ptr` dropped). */
export function rowToRecord(row: InsightsRow): Map<string, string> {
  const out = new Map<string, string>();
  for (const cell of row) {
    if (!cell || typeof cell.field !== 'string' || cell.field === '@ptr') continue;
    if (!out.has(cell.field)) out.set(cell.field, cellValue(cell));
  }
  return out;
}

const AGGREGATE_FIELDS = ['execution_arn', 'events', 'minId', 'maxId', 'firstAt', 'lastAt', 'lastIngestedAt', 'maxIngestionDelay'] as const;
const BOUNDARY_FIELDS = ['execution_arn', 'type', 'id', 'lastAt'] as const;

/**
 * The values of `fields` in a row, first occurrence of each (as `rowToRecord` gives them), in one pass
 * and without a map per row: a table's query returns up to 100,000 rows.
 */
function cellsOf<F extends string>(row: InsightsRow, fields: readonly F[]): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const cell of row) {
    if (!cell || typeof cell.field !== 'string') continue;
    const field = cell.field as F;
    if (out[field] === undefined && fields.includes(field)) out[field] = cellValue(cell);
  }
  return out;
}

function cellValue(cell: InsightsRow[number]): string {
  return typeof cell.value === 'string' ? cell.value : String(cell.value ?? '');
}

/** An execution's ending as (a′) gives it: its terminal event with the highest id, and its last redrive. */
interface Ending {
  terminalType: TerminalEventType | null;
  terminalId: number;
  stoppedAt: number | null;
  redrivenId: number | null;
}

function parseEndingRows(rows: readonly InsightsRow[]): { endings: Map<string, Ending>; oldestAt: number | null } {
  const endings = new Map<string, Ending>();
  let oldestAt: number | null = null;
  for (const row of rows) {
    const c = cellsOf(row, BOUNDARY_FIELDS);
    const arn = c.execution_arn;
    const type = c.type;
    // The id is a group key, compared here as a number (never by Logs Insights).
    const id = parseCount(c.id);
    const at = parseInsightsTime(c.lastAt);
    if (at !== null) oldestAt = oldestAt === null ? at : Math.min(oldestAt, at);
    if (!arn || !type || id === null) continue;
    const e = endings.get(arn) ?? { terminalType: null, terminalId: 0, stoppedAt: null, redrivenId: null };
    if (type === 'ExecutionRedriven') e.redrivenId = Math.max(e.redrivenId ?? 0, id);
    else if (isTerminalEventType(type) && (e.terminalType === null || id > e.terminalId)) {
      e.terminalType = type;
      e.terminalId = id;
      e.stoppedAt = at;
    }
    endings.set(arn, e);
  }
  return { endings, oldestAt };
}

/** Events of the log group that carry no `execution_arn`: not Step Functions events. */
export interface UnattributedEvents {
  events: number;
  firstAt: number | null;
  lastAt: number | null;
}

export interface AggregateParse {
  records: LogRecord[];
  /** Rows without an execution ARN beyond the one of `unattributed`, or otherwise unusable (repeated ARNs). */
  skippedRows: number;
  /** The row of events without `execution_arn`, when the result has one (see `executionAggregateQuery`). */
  unattributed: UnattributedEvents | null;
  /** True when a result has as many rows as its limit: older executions may be missing. */
  limitReached: boolean;
}

/**
 * Rows of `executionAggregateQuery` and `executionBoundaryQuery` → log records.
 * - status: the terminal event with the highest id in `boundaryRows`, unless an ExecutionRedriven
 *   came after it; none → UNKNOWN. Without boundary rows no status is known (UNKNOWN).
 * - idGaps = maxId − events: the ids missing in 1..maxId, which counts the ones below minId (a
 *   missing ExecutionStarted). count(*) is exact where count_distinct() is an approximation; a
 *   duplicated delivery (two copies of one id) can hide a gap, never invent one.
 * - maxIngestionDelayMs: `max(ingestionDelay)`, computed per event with toMillis() (null when absent).
 * - When the boundary rows reached `boundaryLimit`, the executions that ended before the oldest of
 *   them have no ending read: they are left out and `limitReached` is set, rather than shown UNKNOWN.
 */
export function parseExecutionAggregateRows(
  rows: readonly InsightsRow[],
  opts: { boundaryRows?: readonly InsightsRow[]; limit?: number; boundaryLimit?: number } = {},
): AggregateParse {
  const parsedEndings = opts.boundaryRows ? parseEndingRows(opts.boundaryRows) : null;
  const endings = parsedEndings?.endings ?? null;
  const boundaryCut = opts.boundaryRows !== undefined && opts.boundaryRows.length >= (opts.boundaryLimit ?? 2 * MAX_QUERY_ROWS) ? parsedEndings?.oldestAt ?? null : null;
  const records: LogRecord[] = [];
  const seen = new Set<string>();
  let skippedRows = 0;
  let unattributed: UnattributedEvents | null = null;
  let cutByBoundary = false;
  for (const row of rows) {
    const c = cellsOf(row, AGGREGATE_FIELDS);
    const executionArn = c.execution_arn;
    if (!executionArn) {
      const events = parseCount(c.events);
      if (unattributed === null && events !== null && events > 0) unattributed = { events, firstAt: parseInsightsTime(c.firstAt), lastAt: parseInsightsTime(c.lastAt) };
      else skippedRows++;
      continue;
    }
    if (seen.has(executionArn)) {
      skippedRows++;
      continue;
    }
    seen.add(executionArn);
    const counted = parseCount(c.events);
    const events = counted ?? 0;
    const minId = parseCount(c.minId);
    const maxId = parseCount(c.maxId);
    const firstEventAt = parseInsightsTime(c.firstAt);
    const lastEventAt = parseInsightsTime(c.lastAt);
    if (boundaryCut !== null && (lastEventAt === null || lastEventAt < boundaryCut)) {
      cutByBoundary = true;
      continue;
    }
    const e = endings?.get(executionArn) ?? null;
    const terminalType = e && e.terminalType !== null && (e.redrivenId === null || e.terminalId > e.redrivenId) ? e.terminalType : null;
    const stoppedAt = terminalType ? (e?.stoppedAt ?? null) : null;
    // Id 1 is always ExecutionStarted, so minId = 1 says it arrived.
    const hasStarted = minId === 1;
    records.push({
      executionArn,
      status: terminalType ? logStatusOf(terminalType) : 'UNKNOWN',
      eventCount: events,
      // An unreadable count or id says nothing about gaps: none are claimed.
      idGaps: maxId !== null && counted !== null ? Math.max(0, maxId - counted) : 0,
      hasStarted,
      terminalType,
      firstEventAt,
      lastEventAt,
      startedAt: hasStarted ? firstEventAt : null,
      stoppedAt,
      maxIngestionDelayMs: parseCount(c.maxIngestionDelay),
      lastIngestedAt: parseInsightsTime(c.lastIngestedAt),
    });
  }
  return { records, skippedRows, unattributed, limitReached: cutByBoundary || rows.length >= (opts.limit ?? MAX_QUERY_ROWS) };
}

/**
 * The columns a query's rows must carry: `always` in every row (a stats row always has its count),
 * `asked` to name in words what the query asked for.
 */
export interface ResultShape {
  asked: readonly string[];
  always: readonly string[];
}

export const AGGREGATE_SHAPE: ResultShape = {
  asked: ['execution_arn', 'events', 'minId', 'maxId', 'firstAt', 'lastAt', 'lastIngestedAt', 'maxIngestionDelay'],
  always: ['events'],
};
export const BOUNDARY_SHAPE: ResultShape = { asked: ['execution_arn', 'type', 'id', 'events', 'lastAt'], always: ['type', 'events'] };
export const MINUTES_SHAPE: ResultShape = { asked: ['bin(…)', 'type', 'events'], always: ['type', 'events'] };
export const STATE_VISITS_SHAPE: ResultShape = { asked: ['execution_arn', 'type', 'step', 'events', 'lastAt'], always: ['type', 'step', 'events'] };
export const EVENTS_SHAPE: ResultShape = { asked: ['@timestamp', '@ingestionTime', '@logStream', '@message'], always: ['@timestamp', '@message'] };

/**
 * Null when every row has the columns the query always produces; otherwise what came back instead,
 * in words: an AWS-compatible endpoint that ignores `stats` answers raw events (@timestamp,
 * @message), which must be a failed read, never executions with zero events.
 */
export function resultShapeProblem(rows: readonly InsightsRow[], shape: ResultShape): string | null {
  for (const row of rows) {
    const fields = new Set<string>();
    for (const cell of row) if (cell && typeof cell.field === 'string') fields.add(cell.field);
    if (shape.always.every((f) => fields.has(f))) continue;
    const got = [...new Set(rows.slice(0, 20).flatMap((r) => r.map((c) => c?.field).filter((f): f is string => typeof f === 'string' && f !== '@ptr')))];
    return `returned rows without the fields the query asked for (${shape.asked.join(', ')}): got ${got.length > 0 ? got.join(', ') : 'no fields'}`;
  }
  return null;
}

export interface MinutesParse {
  minutes: LogMinute[];
  skippedRows: number;
  limitReached: boolean;
}

const MINUTE_FIELD: Record<string, keyof Omit<LogMinute, 'minute'>> = {
  ExecutionStarted: 'started',
  ExecutionSucceeded: 'succeeded',
  ExecutionFailed: 'failed',
  ExecutionTimedOut: 'timedOut',
  ExecutionAborted: 'aborted',
};

/** Rows of `terminalMinutesQuery` → one `LogMinute` per bin, ascending. The bin column is any `bin(…)` field. */
export function parseTerminalMinuteRows(rows: readonly InsightsRow[], opts: { limit?: number; mapChildren?: 'only' | 'exclude' } = {}): MinutesParse {
  const byMinute = new Map<number, LogMinute>();
  let skippedRows = 0;
  for (const row of rows) {
    const r = rowToRecord(row);
    // With `mapChildren`, rows of the other side are left out (not skipped: they belong to the other series).
    if (opts.mapChildren && (r.get(MAP_CHILD_COLUMN) === '1') !== (opts.mapChildren === 'only')) continue;
    let binValue: string | undefined;
    for (const [field, value] of r) if (field.startsWith('bin(') || field === 'minute') binValue ??= value;
    const minute = parseInsightsTime(binValue);
    const key = MINUTE_FIELD[r.get('type') ?? ''];
    const count = parseCount(r.get('events') ?? r.get('count(*)'));
    if (minute === null || key === undefined || count === null) {
      skippedRows++;
      continue;
    }
    const m = byMinute.get(minute) ?? { minute, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0 };
    m[key] += count;
    byMinute.set(minute, m);
  }
  return {
    minutes: [...byMinute.values()].sort((a, b) => a.minute - b.minute),
    skippedRows,
    limitReached: rows.length >= (opts.limit ?? MAX_QUERY_ROWS),
  };
}
