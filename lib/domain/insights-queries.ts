// The Logs Insights queries sfn-lens sends, and the parsers of their result rows. Aggregation runs
// inside CloudWatch (DESIGN.md §2); these strings use only the subset the simulated account supports:
// fields, filter, filterIndex, stats (count, count_distinct, min, max, sum, avg, earliest, latest,
// `by` and bin()), sort, limit — and no arithmetic. Result values are all strings.

import { quoteInsightsString } from './arn';
import { isTerminalEventType, logStatusOf, TERMINAL_EVENT_TYPES } from './logging-facts';
import { StringIndex } from './string-index';
import { parseIsoInstant } from './time-window';
import type { LogMinute, LogRecord, RawLogEvent, TerminalEventType } from './types';

/** `queryString` limit of StartQuery (AWS-FACTS.md §7). */
export const MAX_QUERY_CHARS = 10_000;
/** Rows one query returns at most (the `limit` command's maximum, AWS-FACTS.md §7). */
export const MAX_QUERY_ROWS = 10_000;

export type InsightsRow = ReadonlyArray<{ field: string; value: string }>;

export interface QueryScope {
  /**
   * Only these executions. `execution_arn = "…"` / `in [...]` lets a field index on `execution_arn`
   * skip the rest of the log group (AWS-FACTS.md §10). Undefined: every execution.
   */
  executionArns?: readonly string[];
  /** Use `filterIndex` (index-only scanning): only when the group's index policy covers `execution_arn`. */
  useFilterIndex?: boolean;
}

/** A query that cannot be built as asked (empty ARN list, over 10,000 characters, bad limit). */
export class QueryBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryBuildError';
  }
}

function list(values: readonly string[]): string {
  return `[${values.map(quoteInsightsString).join(', ')}]`;
}

/**
 * The execution-ARN restriction, first in the query so that an index can be used. Every ARN must be
 * safe to quote (`quoteInsightsString` throws `UnsafeValueError` otherwise).
 */
export function executionArnRestriction(executionArns: readonly string[], opts: { useFilterIndex?: boolean } = {}): string {
  const arns = [...new Set(executionArns)];
  if (arns.length === 0) throw new QueryBuildError('An execution-ARN restriction needs at least one ARN (no ARNs: no query).');
  const command = opts.useFilterIndex ? 'filterIndex' : 'filter';
  return arns.length === 1 && arns[0] !== undefined
    ? `${command} execution_arn = ${quoteInsightsString(arns[0])}`
    : `${command} execution_arn in ${list(arns)}`;
}

/** The query's first line when it is scoped to some executions; none over the whole window. */
function scopeLines(scope: QueryScope): string[] {
  return scope.executionArns === undefined ? [] : [executionArnRestriction(scope.executionArns, scope)];
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_ROWS) {
    throw new QueryBuildError(`limit must be an integer from 1 to ${MAX_QUERY_ROWS}; got ${limit}.`);
  }
  return limit;
}

function finish(lines: string[]): string {
  const q = lines.join('\n| ');
  if (q.length > MAX_QUERY_CHARS) {
    throw new QueryBuildError(`The query is ${q.length} characters; StartQuery accepts at most ${MAX_QUERY_CHARS}. Split the ARNs with chunkForQuery().`);
  }
  return q;
}

/**
 * (a) One row per execution: counts, ids, first/last event time, the last event's type and the last
 * ingestion time. Newest executions first, so a capped result drops the oldest.
 *
 * Over the whole window nothing is filtered out: events without `execution_arn` — plain text, or JSON
 * another writer put in the log group — are scanned (and paid for) either way, and where Logs
 * Insights gives records lacking a `by` field a group of their own, that one row counts them for
 * free (`AggregateParse.unattributed`). Whether it does is not documented: without the row, nothing
 * is said about them rather than a count of zero.
 */
export function executionAggregateQuery(scope: QueryScope & { limit?: number } = {}): string {
  return finish([
    ...scopeLines(scope),
    // Arithmetic in `fields` (documented for Insights), so the delay can be aggregated per execution.
    'fields @ingestionTime - @timestamp as ingestionDelay',
    'stats count(*) as events, count_distinct(id) as distinctIds, min(id) as minId, max(id) as maxId, ' +
      'min(@timestamp) as firstAt, max(@timestamp) as lastAt, latest(type) as lastType, ' +
      'max(@ingestionTime) as lastIngestedAt, max(ingestionDelay) as maxIngestionDelay by execution_arn',
    'sort lastAt desc',
    `limit ${checkLimit(scope.limit ?? MAX_QUERY_ROWS)}`,
  ]);
}

const BOUNDARY_TYPES = ['ExecutionStarted', ...TERMINAL_EVENT_TYPES, 'ExecutionRedriven'];

/**
 * (a′, optional) The start, terminal and redrive events per execution, exactly. `latest(type)` of
 * query (a) is the type of the event with the newest `@timestamp`; when the terminal event shares its
 * millisecond with a `…StateExited`, which one AWS picks is not documented. This query settles it at
 * the cost of a second scan (cheap when `type` is indexed). Rows: about two per execution.
 */
export function executionBoundaryQuery(scope: QueryScope & { limit?: number } = {}): string {
  return finish([
    ...scopeLines(scope),
    `filter type in ${list(BOUNDARY_TYPES)}`,
    'stats count(*) as events, min(@timestamp) as firstAt, max(@timestamp) as lastAt, max(id) as maxId by execution_arn, type',
    'sort lastAt desc',
    `limit ${checkLimit(scope.limit ?? MAX_QUERY_ROWS)}`,
  ]);
}

/**
 * (c) One execution's own events, oldest first. With `useFilterIndex` (the group's index policy covers
 * `execution_arn`) Logs Insights scans that execution's events only, instead of the whole window that
 * a FilterLogEvents read walks through (AWS-FACTS.md §7, §10).
 */
export function executionEventsQuery(executionArn: string, opts: { useFilterIndex?: boolean } = {}): string {
  return finish([
    executionArnRestriction([executionArn], opts),
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
 * a duplicated delivery counts twice, as metrics do (AWS-FACTS.md §6).
 */
export function terminalMinutesQuery(scope: QueryScope & { binMinutes?: number; splitMapChildren?: boolean } = {}): string {
  const bin = scope.binMinutes ?? 1;
  if (!Number.isInteger(bin) || bin < 1 || bin > 1440) throw new QueryBuildError(`binMinutes must be an integer from 1 to 1440; got ${bin}.`);
  // A Distributed Map child's execution ARN names `parent/label` (a `/` no execution or state machine
  // name may hold): its events share the parent's log group but count in their own metric series
  // (docs/aws-behaviour.md §11.3), so they are counted apart (10 rows per bin at most).
  return finish([
    ...scopeLines(scope),
    `filter type in ${list(['ExecutionStarted', ...TERMINAL_EVENT_TYPES])}`,
    ...(scope.splitMapChildren ? [`fields strcontains(execution_arn, "/") as ${MAP_CHILD_COLUMN}`] : []),
    `stats count(*) as events by bin(${bin}m), type${scope.splitMapChildren ? `, ${MAP_CHILD_COLUMN}` : ''}`,
    `limit ${MAX_QUERY_ROWS}`,
  ]);
}

/** The column `terminalMinutesQuery({ splitMapChildren })` groups by: 1 for a Distributed Map child's event. */
export const MAP_CHILD_COLUMN = 'mapChild';

/** Splits ARNs into groups whose query (as built by `build`) stays within StartQuery's 10,000 characters. */
export function chunkForQuery(executionArns: readonly string[], build: (arns: readonly string[]) => string, maxChars = MAX_QUERY_CHARS): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const arn of new Set(executionArns)) {
    const next = [...current, arn];
    let fits: boolean;
    try {
      fits = build(next).length <= maxChars;
    } catch (e) {
      if (!(e instanceof QueryBuildError)) throw e;
      fits = false;
    }
    if (fits || current.length === 0) {
      current = next;
    } else {
      chunks.push(current);
      current = [arn];
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// Result parsing

const DIGIT_0 = 48;

/** The number of `length` ASCII digits at `at`, or -1 when one is not a digit. */
function digitsAt(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = text.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

// Times of one result mostly fall on the same day: its start (Date.UTC) is computed once per day.
let cachedDayKey = -1;
let cachedDayMs = 0;

/**
 * `YYYY-MM-DD HH:MM:SS.mmm` exactly (with ` ` or `T`, optionally `Z`), how Insights renders every
 * time: read by character codes. Null for any other shape, which the general parser then reads.
 * Same result as that parser: Date.UTC(y, mo, d, h, mi, s, ms) is Date.UTC(y, mo, d) + the time of
 * day, a sum of integers (ECMA-262 MakeDate/MakeTime), and 3 fraction digits are the milliseconds.
 */
function parseRenderedTime(v: string): number | null {
  if (v.length !== 23 && !(v.length === 24 && v.charCodeAt(23) === 90 /* Z */)) return null;
  const sep = v.charCodeAt(10);
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84) || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58 || v.charCodeAt(19) !== 46) return null;
  const y = digitsAt(v, 0, 4);
  const mo = digitsAt(v, 5, 2);
  const d = digitsAt(v, 8, 2);
  const h = digitsAt(v, 11, 2);
  const mi = digitsAt(v, 14, 2);
  const s = digitsAt(v, 17, 2);
  const ms = digitsAt(v, 20, 3);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || ms < 0) return null;
  const dayKey = y * 10_000 + mo * 100 + d;
  if (dayKey !== cachedDayKey) {
    cachedDayMs = Date.UTC(y, mo - 1, d);
    cachedDayKey = dayKey;
  }
  return cachedDayMs + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

/** A result timestamp: `2023-11-14 22:13:20.123` (UTC, how Insights renders times), ISO-8601, or epoch digits. */
export function parseInsightsTime(value: string | undefined): number | null {
  if (value === undefined) return null;
  const rendered = parseRenderedTime(value);
  if (rendered !== null) return rendered;
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

function parseNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function parseCount(value: string | undefined): number | null {
  // Counts and ids are plain digits: read them without a regular expression.
  if (value !== undefined && value.length > 0 && value.length <= 15) {
    const n = digitsAt(value, 0, value.length);
    if (n >= 0) return n;
  }
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

function cellValue(cell: InsightsRow[number]): string {
  return typeof cell.value === 'string' ? cell.value : String(cell.value ?? '');
}

/** The fields of one `executionAggregateQuery` row. */
interface AggregateCells {
  execution_arn: string | undefined;
  events: string | undefined;
  distinctIds: string | undefined;
  minId: string | undefined;
  maxId: string | undefined;
  firstAt: string | undefined;
  lastAt: string | undefined;
  lastType: string | undefined;
  maxIngestionDelay: string | undefined;
  lastIngestedAt: string | undefined;
}

/**
 * `rowToRecord` for the fields of the aggregate only (first occurrence wins), in one pass and one
 * small object of a fixed shape: a view parses up to 10,000 such rows per query, the bench a million.
 */
function aggregateCells(row: InsightsRow): AggregateCells {
  const out: AggregateCells = {
    execution_arn: undefined,
    events: undefined,
    distinctIds: undefined,
    minId: undefined,
    maxId: undefined,
    firstAt: undefined,
    lastAt: undefined,
    lastType: undefined,
    maxIngestionDelay: undefined,
    lastIngestedAt: undefined,
  };
  for (const cell of row) {
    if (!cell) continue;
    // One case per field (not out[cell.field]): a property named in the code is a fast store.
    switch (cell.field) {
      case 'execution_arn':
        out.execution_arn ??= cellValue(cell);
        break;
      case 'events':
        out.events ??= cellValue(cell);
        break;
      case 'distinctIds':
        out.distinctIds ??= cellValue(cell);
        break;
      case 'minId':
        out.minId ??= cellValue(cell);
        break;
      case 'maxId':
        out.maxId ??= cellValue(cell);
        break;
      case 'firstAt':
        out.firstAt ??= cellValue(cell);
        break;
      case 'lastAt':
        out.lastAt ??= cellValue(cell);
        break;
      case 'lastType':
        out.lastType ??= cellValue(cell);
        break;
      case 'maxIngestionDelay':
        out.maxIngestionDelay ??= cellValue(cell);
        break;
      case 'lastIngestedAt':
        out.lastIngestedAt ??= cellValue(cell);
        break;
    }
  }
  return out;
}

interface Boundary {
  startedAt: number | null;
  terminalType: TerminalEventType | null;
  terminalId: number | null;
  stoppedAt: number | null;
  redrivenId: number | null;
}

function parseBoundaryRows(rows: readonly InsightsRow[]): Map<string, Boundary> {
  const out = new Map<string, Boundary>();
  for (const row of rows) {
    const r = rowToRecord(row);
    const arn = r.get('execution_arn');
    const type = r.get('type');
    if (!arn || !type) continue;
    const b = out.get(arn) ?? { startedAt: null, terminalType: null, terminalId: null, stoppedAt: null, redrivenId: null };
    const maxId = parseCount(r.get('maxId'));
    if (type === 'ExecutionStarted') b.startedAt = parseInsightsTime(r.get('firstAt'));
    else if (type === 'ExecutionRedriven') b.redrivenId = Math.max(b.redrivenId ?? 0, maxId ?? 0);
    else if (isTerminalEventType(type) && (b.terminalId === null || (maxId ?? 0) > b.terminalId)) {
      b.terminalType = type;
      b.terminalId = maxId ?? 0;
      b.stoppedAt = parseInsightsTime(r.get('lastAt'));
    }
    out.set(arn, b);
  }
  return out;
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
  /** True when the result has as many rows as the limit: older executions may be missing. */
  limitReached: boolean;
}

/**
 * Rows of `executionAggregateQuery` (and optionally `executionBoundaryQuery`) → log records.
 * - status: the boundary query's terminal event when given for this ARN, else `lastType` when terminal.
 * - idGaps = maxId − distinctIds: the ids missing in 1..maxId, which already counts the ones below
 *   minId (a missing ExecutionStarted). count_distinct is exact for the few ids of one execution.
 * - maxIngestionDelayMs: `max(ingestionDelay)`, computed per event in `fields` (null when absent).
 */
export function parseExecutionAggregateRows(
  rows: readonly InsightsRow[],
  opts: { boundaryRows?: readonly InsightsRow[]; limit?: number } = {},
): AggregateParse {
  const boundaries = opts.boundaryRows ? parseBoundaryRows(opts.boundaryRows) : null;
  const records: LogRecord[] = [];
  const seen = new StringIndex(rows.length);
  let skippedRows = 0;
  let unattributed: UnattributedEvents | null = null;
  for (const row of rows) {
    const r = aggregateCells(row);
    const executionArn = r.execution_arn;
    if (!executionArn) {
      const events = parseCount(r.events);
      if (unattributed === null && events !== null && events > 0) unattributed = { events, firstAt: parseInsightsTime(r.firstAt), lastAt: parseInsightsTime(r.lastAt) };
      else skippedRows++;
      continue;
    }
    if (seen.add(executionArn) !== -1) {
      skippedRows++;
      continue;
    }
    const events = parseCount(r.events) ?? 0;
    const distinctIds = parseCount(r.distinctIds);
    const minId = parseCount(r.minId);
    const maxId = parseCount(r.maxId);
    const firstEventAt = parseInsightsTime(r.firstAt);
    const lastEventAt = parseInsightsTime(r.lastAt);
    const lastType = r.lastType ?? '';
    const b = boundaries?.get(executionArn) ?? null;

    let terminalType: TerminalEventType | null;
    let stoppedAt: number | null;
    if (b) {
      terminalType = b.terminalType !== null && (b.redrivenId === null || (b.terminalId ?? 0) > b.redrivenId) ? b.terminalType : null;
      stoppedAt = terminalType ? b.stoppedAt : null;
    } else {
      terminalType = isTerminalEventType(lastType) ? lastType : null;
      stoppedAt = terminalType ? lastEventAt : null;
    }
    // Id 1 is always ExecutionStarted, so minId = 1 says it arrived even without the boundary query.
    const hasStarted = b ? b.startedAt !== null : minId === 1;
    const startedAt = b ? b.startedAt : minId === 1 ? firstEventAt : null;
    records.push({
      executionArn,
      status: terminalType ? logStatusOf(terminalType) : 'UNKNOWN',
      eventCount: events,
      idGaps: maxId !== null && distinctIds !== null ? Math.max(0, maxId - distinctIds) : 0,
      hasStarted,
      terminalType,
      firstEventAt,
      lastEventAt,
      startedAt,
      stoppedAt,
      maxIngestionDelayMs: parseCount(r.maxIngestionDelay),
      lastIngestedAt: parseInsightsTime(r.lastIngestedAt),
    });
  }
  return { records, skippedRows, unattributed, limitReached: rows.length >= (opts.limit ?? MAX_QUERY_ROWS) };
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
