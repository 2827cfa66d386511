import 'server-only';
import { asInsightsOwner } from '@/lib/aws/insights-budget';
import { describeIndexedFields, describeLogGroup, runInsightsQuery } from '@/lib/aws/logs';
import { describeStateMachine } from '@/lib/aws/step-functions';
import { getConfig } from '@/lib/config';
import { logGroupNameFromArn } from '@/lib/domain/arn';
import {
  estimateSearch,
  isConfirmed,
  parseSearch,
  parseSearchRows,
  SEARCH_ROW_LIMIT,
  searchQuery,
  searchText,
  searchUnavailable,
  type SearchEstimate,
  type SearchMatch,
  type SearchTerm,
} from '@/lib/domain/execution-search';
import { estimateScanUsd } from '@/lib/domain/scan-cost';
import { toIso, type TimeWindow } from '@/lib/domain/time-window';
import type { PartialRead, QueryStatistics } from '@/lib/domain/types';
import { readRange, type RangeParams } from '@/lib/query/time-range';
import { executionRowDto } from './dto';
import { RequestError } from './errors';
import { ReadLog } from './reads';
import { inSourceOf } from './sources';
import { peekStateMachineExecutions, readStateMachineExecutions, type StateMachineExecutions } from './state-machine-executions';
import { onlyParams, stateMachineArnParam, windowParam } from './validate';

/**
 * The last real scan of each log group (bytes scanned plus skipped by an index), the best estimate of
 * the next search of the same window (docs/search.md). Bounded: one entry per log group searched.
 */
const lastScans = new Map<string, { window: TimeWindow; bytes: number }>();
const MAX_REMEMBERED_GROUPS = 1_000;

function rememberScan(group: string, window: TimeWindow, bytes: number): void {
  lastScans.delete(group);
  lastScans.set(group, { window, bytes });
  if (lastScans.size > MAX_REMEMBERED_GROUPS) {
    const oldest = lastScans.keys().next().value;
    if (oldest !== undefined) lastScans.delete(oldest);
  }
}

/**
 * What one scan of the window read, from the executions view of the same range when one is kept (the
 * page polls it, so it usually is): its queries each cover about the window, so their bytes (scanned
 * plus skipped by an index) per query. A narrowed view's table queries cover less than the window: no figure.
 */
function viewWindowBytes(view: StateMachineExecutions): number | null {
  const s = view.scanned;
  if (view.limits.narrowed || s.queries === 0) return null;
  return Math.round((s.bytesScanned + (s.estimatedBytesSkipped ?? 0)) / s.queries);
}

export type SearchEstimateDto = ReturnType<typeof estimateDto>;

function estimateDto(e: SearchEstimate) {
  return { bytes: e.bytes, usd: e.usd, basis: e.basis, typeIndex: e.typeIndex, confirmAboveBytes: e.confirmAboveBytes, needsConfirmation: e.needsConfirmation };
}

/** A search that did not run, and why: answered 409 with the reason (and the estimate to confirm). */
export interface SearchRefusal {
  refused: true;
  code: 'confirmation-required' | 'search-unavailable';
  message: string;
  estimate: SearchEstimateDto | null;
}

export interface SearchResult {
  refused: false;
  search: string;
  term: SearchTerm;
  window: { from: string; to: string };
  generatedAt: string;
  logGroupName: string;
  /** The Logs Insights query that ran: what was searched, and how. */
  query: string;
  estimate: SearchEstimateDto;
  /** The scan's real figures (GetQueryResults statistics) and its estimated price. */
  scanned: QueryStatistics & { usd: number };
  /** `Complete`, or how the query ended: any other status lists no execution (a partial result is not a search's answer). */
  status: string;
  /** The result reached SEARCH_ROW_LIMIT executions: older matches may be missing. */
  limitReached: boolean;
  /** Matches with their row and verdict of the state machine's executions view over the same range. */
  executions: Array<ReturnType<typeof executionRowDto>>;
  /** Matches the executions view does not list (its own limits, or the view could not be read). */
  notInView: Array<{ executionArn: string; firstAt: string | null; lastAt: string | null }>;
  partial: PartialRead[];
}

export interface SearchRequest {
  stateMachineArn: string;
  q: string;
  range: RangeParams;
  /** Bytes the caller agreed to scan (after a `confirmation-required`); absent: the configured threshold. */
  confirmAbove: number | null;
}

/** A search request from a URL (`q`, `from`, `to`, `confirmAbove`), validated (RequestError 400 naming what was wrong). */
export function searchParams(stateMachineArn: string, q: URLSearchParams): SearchRequest {
  const sm = stateMachineArnParam(stateMachineArn);
  onlyParams(q, ['q', 'from', 'to', 'confirmAbove']);
  const range = readRange(q);
  windowParam(range, Date.now());
  const text = q.get('q');
  if (text === null) throw new RequestError(400, 'invalid-search', 'The search is missing: add ?q=key=value (orderId=4711), a piece of text or an error name.');
  const rawConfirm = q.get('confirmAbove');
  if (rawConfirm !== null && !/^\d{1,16}$/.test(rawConfirm)) throw new RequestError(400, 'invalid-parameter', `confirmAbove must be a whole number of bytes; got ${JSON.stringify(rawConfirm.slice(0, 40))}.`);
  return { stateMachineArn: sm.arn, q: text, range, confirmAbove: rawConfirm === null ? null : Number(rawConfirm) };
}

/**
 * Searches one state machine's log group for executions whose input, output or failure carried `q`
 * over the range (docs/search.md). Refuses (409) a search the logs cannot answer, and one expected to
 * scan more than the threshold unless confirmed; the matches are shown with the verdicts of the
 * executions view of the same range, which is the shared read the page itself polls.
 */
export function searchExecutions(req: SearchRequest): Promise<SearchRefusal | SearchResult> {
  // The log group is read in the account and Region of the state machine's ARN.
  return inSourceOf(req.stateMachineArn, () => asInsightsOwner(req.stateMachineArn, () => searchInSource(req)));
}

async function searchInSource(req: SearchRequest): Promise<SearchRefusal | SearchResult> {
  const parsed = parseSearch(req.q);
  if (!parsed.ok) throw new RequestError(400, 'invalid-search', parsed.message);
  const term = parsed.term;
  const range = readRange(req.range);
  const now = Date.now();
  const window = windowParam(range, now);
  const sm = await describeStateMachine(req.stateMachineArn);
  const unavailable = searchUnavailable(sm.logging);
  if (unavailable) return { refused: true, code: 'search-unavailable', message: unavailable, estimate: null };
  const group = logGroupNameFromArn(sm.logging.logGroupArn ?? '');
  if (group === null) return { refused: true, code: 'search-unavailable', message: `The logging destination ${JSON.stringify(sm.logging.logGroupArn)} is not a log group ARN: there is no log group to search.`, estimate: null };
  const reads = new ReadLog();
  const [info, indexed, kept] = await Promise.all([
    reads.attempt('the log group’s stored bytes', 'logs:DescribeLogGroups', () => describeLogGroup(group)),
    reads.attempt('the log group’s field index policy', 'logs:DescribeIndexPolicies', () => describeIndexedFields(group)),
    peekStateMachineExecutions(sm.arn, range),
  ]);
  if (info && !info.exists) return { refused: true, code: 'search-unavailable', message: `The log group ${group} does not exist: there are no log events to search.`, estimate: null };
  const threshold = getConfig().searchConfirmBytes;
  const estimate = estimateSearch({
    window,
    now,
    confirmAboveBytes: threshold,
    storedBytes: info?.storedBytes ?? null,
    retentionInDays: info?.retentionInDays ?? null,
    creationTime: info?.creationTime ?? null,
    indexedFields: indexed,
    lastScan: lastScans.get(group) ?? null,
    viewScanBytes: kept ? viewWindowBytes(kept.value) : null,
  });
  if (!isConfirmed(estimate, req.confirmAbove)) {
    return {
      refused: true,
      code: 'confirmation-required',
      message:
        estimate.bytes === null
          ? 'How much this search would scan cannot be estimated (the log group’s stored bytes are not known and no scan of it ran yet): confirm to run it.'
          : `This search is expected to scan about ${estimate.bytes} bytes, over the ${threshold} bytes that run without asking: confirm to run it.`,
      estimate: estimateDto(estimate),
    };
  }

  const query = searchQuery(term, { useTypeIndex: estimate.typeIndex });
  const [result, view] = await Promise.all([
    reads.attempt('the search (Logs Insights)', 'logs:StartQuery', () => runInsightsQuery([group], query, window.from, window.to, { limit: SEARCH_ROW_LIMIT, label: 'search' })),
    reads.attempt('the executions view (for the verdicts)', 'logs:StartQuery', () => readStateMachineExecutions(sm.arn, range)),
  ]);
  const statistics: QueryStatistics = result?.statistics ?? { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };
  if (result) rememberScan(group, window, statistics.bytesScanned + (statistics.estimatedBytesSkipped ?? 0));
  let matches: SearchMatch[] = [];
  if (result && result.status === 'Complete') matches = parseSearchRows(result.rows);
  else if (result) reads.partial.push({ action: 'logs:GetQueryResults', error: `Query${result.status}`, message: `The search query ended ${result.status}: no execution is listed rather than a part of them.`, what: 'the search (Logs Insights)' });

  const rows = new Map((view?.value.rows ?? []).map((r) => [r.row.executionArn, r] as const));
  const executions: SearchResult['executions'] = [];
  const notInView: SearchResult['notInView'] = [];
  for (const m of matches) {
    const r = rows.get(m.executionArn);
    if (r) executions.push(executionRowDto(r.row, r.verdict));
    else notInView.push({ executionArn: m.executionArn, firstAt: m.firstAt === null ? null : toIso(m.firstAt), lastAt: m.lastAt === null ? null : toIso(m.lastAt) });
  }
  return {
    refused: false,
    search: searchText(term),
    term,
    window: { from: toIso(window.from), to: toIso(window.to) },
    generatedAt: toIso(now),
    logGroupName: group,
    query,
    estimate: estimateDto(estimate),
    scanned: { ...statistics, usd: estimateScanUsd(statistics.bytesScanned) },
    status: result?.status ?? 'NotRun',
    limitReached: matches.length >= SEARCH_ROW_LIMIT,
    executions,
    notInView,
    partial: reads.partial,
  };
}
