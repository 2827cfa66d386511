// Searching executions by what they carried (docs/search.md): the user's text becomes one Logs Insights
// query over the state machine's log group, and before it runs, an estimate of what it will scan.
// Pure: the window, the group's facts and the threshold are arguments.

import { quoteInsightsString } from './arn';
import { MAX_QUERY_LIMIT, rowToRecord, parseInsightsTime, type InsightsRow } from './insights-queries';
import { TERMINAL_EVENT_TYPES } from './logging-facts';
import { windowBytesEstimate } from './read-progress';
import { estimateScanUsd, indexCoverage } from './scan-cost';
import type { TimeWindow } from './time-window';
import type { IndexedField, LoggingConfig } from './types';

/** Longest search text accepted: a business key or an error name, not a document. */
export const MAX_SEARCH_CHARS = 200;
/** Executions one search lists at most; a result that reaches it says so. */
export const SEARCH_ROW_LIMIT = 1_000;
/** The default confirmation threshold of SFN_LENS_SEARCH_CONFIRM_BYTES: 1 GiB. */
export const DEFAULT_CONFIRM_BYTES = 1024 ** 3;

/**
 * `key=value` looks for a JSON member `"key": value` (as a number, `true`/`false`/`null`, or a
 * string) at any depth of the execution's input or output; anything else is a substring of the
 * input, the output, or a failure's error or cause.
 */
export type SearchTerm = { kind: 'key'; key: string; value: string } | { kind: 'text'; text: string };

export type SearchParse = { ok: true; term: SearchTerm } | { ok: false; message: string };

// JSON member names as business keys are written: letters, digits, `_`, `-`, `.`, `$`, `@`.
const KEY_VALUE = /^([A-Za-z_$@][A-Za-z0-9_$@.-]{0,99})\s*=\s*(.*)$/s;
const JSON_SCALAR = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

/** What the user typed → a search term, or what is wrong with it. */
export function parseSearch(raw: string): SearchParse {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'The search is empty: type a key=value (orderId=4711), a piece of text or an error name.' };
  if (text.length > MAX_SEARCH_CHARS) return { ok: false, message: `The search is ${text.length} characters; at most ${MAX_SEARCH_CHARS} are searched.` };
  for (const ch of text) {
    // Control, format and line/paragraph separators cannot be typed into a search box and end a
    // query line in some parsers: refused rather than escaped.
    if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch)) {
      return { ok: false, message: `The search contains U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}, a control or format character; it cannot be searched for.` };
    }
  }
  const kv = KEY_VALUE.exec(text);
  if (kv) {
    const key = kv[1] ?? '';
    let value = (kv[2] ?? '').trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value === '') return { ok: false, message: `The search ${JSON.stringify(text)} names the key ${key} but no value: write ${key}=<value>.` };
    return { ok: true, term: { kind: 'key', key, value } };
  }
  return { ok: true, term: { kind: 'text', text } };
}

/** The search as the URL and the page write it back: `key=value` or the text. */
export function searchText(term: SearchTerm): string {
  return term.kind === 'key' ? `${term.key}=${term.value}` : term.text;
}

/**
 * `text` as a regular expression that matches exactly it, in any flavour Logs Insights might use
 * (AWS documents the `like /…/` and `=~` forms, not the engine): every character other than an ASCII
 * letter or digit is written as a `\xHH` escape (understood alike by RE2, Java and JavaScript), so
 * nothing the user types can end the regular expression, the query line or open a group. Characters
 * past ASCII have no special meaning in any of them and are kept as they are.
 */
export function regexLiteral(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/^[A-Za-z0-9]$/.test(ch) || cp > 0x7f) out += ch;
    else out += `\\x${cp.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The JSON text of a string value, without its quotes: what a logged payload holds for it. */
function jsonStringBody(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** The regular expression (without slashes) a term looks for in a payload's JSON text. */
export function searchPattern(term: SearchTerm): string {
  if (term.kind === 'text') return `(?i)${regexLiteral(term.text)}`;
  const q = '\\x22';
  const name = `${q}${regexLiteral(jsonStringBody(term.key))}${q}\\s*\\x3a\\s*`;
  const asString = `${q}${regexLiteral(jsonStringBody(term.value))}${q}`;
  // A bare number or literal must end where the JSON does (`4711` is not `47110` or `4711.5`):
  // the character after it is a separator, matched rather than looked ahead at (RE2 has no lookahead).
  const bare = JSON_SCALAR.test(term.value) ? `|${regexLiteral(term.value)}(?:\\s|\\x2c|\\x7d|\\x5d)` : '';
  return `${name}(?:${asString}${bare})`;
}

/** The events whose details carry an execution's input, output or failure (Step Functions log levels, docs/search.md). */
const SEARCHED_EVENT_TYPES: readonly string[] = ['ExecutionStarted', ...TERMINAL_EVENT_TYPES];

/**
 * The Logs Insights query of a search: only the execution's own start and end events are searched
 * (their `details.input`, `details.output`, and for text `details.error`/`details.cause`), through the
 * `type` field index when it covers the window (`useTypeIndex`): the index then skips every other
 * event. One row per execution, newest first.
 */
export function searchQuery(term: SearchTerm, opts: { useTypeIndex?: boolean; limit?: number } = {}): string {
  const rx = `/${searchPattern(term)}/`;
  const fields = term.kind === 'key' ? ['details.input', 'details.output'] : ['details.input', 'details.output', 'details.error', 'details.cause'];
  const limit = opts.limit ?? SEARCH_ROW_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) throw new RangeError(`limit must be an integer from 1 to ${MAX_QUERY_LIMIT}; got ${limit}.`);
  return [
    `${opts.useTypeIndex ? 'filterIndex' : 'filter'} type in [${SEARCHED_EVENT_TYPES.map(quoteInsightsString).join(', ')}]`,
    `filter ${fields.map((f) => `${f} like ${rx}`).join(' or ')}`,
    'stats count(*) as events, min(@timestamp) as firstAt, max(@timestamp) as lastAt by execution_arn',
    'sort lastAt desc',
    `limit ${limit}`,
  ].join('\n| ');
}

export interface SearchMatch {
  executionArn: string;
  /** Matching start/end events of the execution (1 or 2). */
  events: number;
  firstAt: number | null;
  lastAt: number | null;
}

/** Rows of `searchQuery` → one match per execution (rows without an ARN are not executions and are left out). */
export function parseSearchRows(rows: readonly InsightsRow[]): SearchMatch[] {
  const out: SearchMatch[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const r = rowToRecord(row);
    const arn = r.get('execution_arn');
    if (!arn || seen.has(arn)) continue;
    seen.add(arn);
    const events = Number(r.get('events'));
    out.push({ executionArn: arn, events: Number.isFinite(events) ? events : 0, firstAt: parseInsightsTime(r.get('firstAt')), lastAt: parseInsightsTime(r.get('lastAt')) });
  }
  return out;
}

/** Why a state machine's logs cannot answer a search, or null when they can. */
export function searchUnavailable(logging: LoggingConfig): string | null {
  if (!logging.logGroupArn || logging.level === 'OFF') {
    return 'Logging is off for this state machine: there are no log events to search. Set the level to ALL with includeExecutionData.';
  }
  if (!logging.includeExecutionData) {
    return 'This state machine logs with includeExecutionData: false, so its log events carry no input, output or error details: there is nothing to search in. Turn on includeExecutionData (it logs payloads, mind what they hold).';
  }
  if (logging.level !== 'ALL') {
    return `At level ${logging.level} Step Functions logs only failures: ExecutionStarted (the input) and the success events (the output) are never logged, so a search would miss every execution that did not fail. Set the level to ALL.`;
  }
  return null;
}

/** Where an estimate's bytes come from. */
export type EstimateBasis =
  /** A search of this same group and window already ran: its scanned bytes. */
  | 'last-scan'
  /** The executions view of the same range scanned the window: its bytes per query. */
  | 'view-scan'
  /** A scan of the group over another window: its bytes per hour × this window. */
  | 'scan-rate'
  /** The group's stored bytes spread evenly over what it keeps (retention, or its age). */
  | 'stored-bytes'
  | 'unknown';

export interface SearchEstimate {
  /** Bytes the search is expected to scan; null when nothing allows an estimate. */
  bytes: number | null;
  usd: number | null;
  basis: EstimateBasis;
  /** The `type` index covers the window: the scan reads only start and end events, fewer bytes than estimated. */
  typeIndex: boolean;
  /** The threshold above which (or when unknown) the search runs only when confirmed. */
  confirmAboveBytes: number;
  needsConfirmation: boolean;
}

export interface EstimateInputs {
  window: TimeWindow;
  now: number;
  confirmAboveBytes: number;
  /** DescribeLogGroups' storedBytes (updated by AWS with a delay), retention and creation. */
  storedBytes: number | null;
  retentionInDays: number | null;
  creationTime: number | null;
  indexedFields: readonly IndexedField[] | null;
  /** The last real scan of this group: its window and the bytes it read (scanned plus skipped by an index). */
  lastScan: { window: TimeWindow; bytes: number } | null;
  /** Bytes one scan of this window read in the executions view of the same range (kept, not read for this), or null. */
  viewScanBytes?: number | null;
}

/**
 * What a search is expected to scan. A search of the same window is the best guess; then a scan of the
 * window by the executions view of the same range; then the bytes per hour of another search; then the group's stored bytes spread over the days it holds (its retention,
 * or its age when it keeps everything). Nothing known: no estimate, and the search asks first.
 */
export function estimateSearch(i: EstimateInputs): SearchEstimate {
  const windowMs = Math.max(0, i.window.to - i.window.from);
  let bytes: number | null = null;
  let basis: EstimateBasis = 'unknown';
  if (i.lastScan && i.lastScan.window.from === i.window.from && i.lastScan.window.to === i.window.to) {
    bytes = i.lastScan.bytes;
    basis = 'last-scan';
  } else if (i.viewScanBytes !== undefined && i.viewScanBytes !== null && i.viewScanBytes > 0) {
    bytes = i.viewScanBytes;
    basis = 'view-scan';
  } else if (i.lastScan && i.lastScan.window.to > i.lastScan.window.from) {
    bytes = Math.ceil((i.lastScan.bytes / (i.lastScan.window.to - i.lastScan.window.from)) * windowMs);
    basis = 'scan-rate';
  } else if (i.storedBytes !== null && i.storedBytes > 0) {
    // The group's stored bytes spread over what it keeps (a group younger than its retention holds its age's worth).
    const share = windowBytesEstimate({ storedBytes: i.storedBytes, createdAt: i.creationTime, retentionInDays: i.retentionInDays }, windowMs, i.now);
    if (share !== null) {
      bytes = share;
      basis = 'stored-bytes';
    }
  }
  const typeIndex = indexCoverage(i.indexedFields, 'type', i.window).usable;
  return {
    bytes,
    usd: bytes === null ? null : estimateScanUsd(bytes),
    basis,
    typeIndex,
    confirmAboveBytes: i.confirmAboveBytes,
    needsConfirmation: bytes === null || bytes > i.confirmAboveBytes,
  };
}

/**
 * An estimate grows between the question and the confirmation (the group keeps being written to, and
 * its stored bytes with it): a confirmation of `confirmAbove` bytes still covers an estimate up to 10 %
 * larger; beyond that the search asks again. Unknown estimates are covered by any confirmation.
 */
const CONFIRM_SLACK = 1.1;

export function isConfirmed(estimate: SearchEstimate, confirmAbove: number | null): boolean {
  if (!estimate.needsConfirmation) return true;
  if (confirmAbove === null) return false;
  return estimate.bytes === null || estimate.bytes <= confirmAbove * CONFIRM_SLACK;
}
