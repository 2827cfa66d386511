import 'server-only';
import {
  DescribeIndexPoliciesCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeResourcePoliciesCommand,
  GetQueryResultsCommand,
  paginateFilterLogEvents,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { IndexedField, LogGroupInfo, LogStreamInfo, QueryStatistics, RawLogEvent, ResourcePolicy } from '@/lib/domain/types';
import { getConfig } from '@/lib/config';
import { getClients } from './clients';
import { MAX_QUERY_ROWS, resultShapeProblem, type ResultShape } from '@/lib/domain/insights-queries';
import { awsCall, awsPages, AwsReadError } from './errors';
import { withInsightsPlace } from './insights-budget';

// CloudWatch Logs readers (docs/aws-behaviour.md §7, §10). Read-only.

export async function describeLogGroup(name: string): Promise<LogGroupInfo> {
  const { logs } = getClients();
  const out = await awsCall('logs:DescribeLogGroups', () => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 })));
  const g = (out.logGroups ?? []).find((x) => x.logGroupName === name);
  return {
    name,
    arn: g?.logGroupArn ?? g?.arn?.replace(/:\*$/, '') ?? '',
    exists: Boolean(g),
    retentionInDays: g?.retentionInDays ?? null,
    storedBytes: g?.storedBytes ?? null,
    logGroupClass: g?.logGroupClass ?? null,
    creationTime: g?.creationTime ?? null,
  };
}

/** The first streams of a group by name (enough to tell "only the validation stream exists"). */
export async function listLogStreams(logGroupName: string, limit = 5): Promise<LogStreamInfo[]> {
  const { logs } = getClients();
  const out = await awsCall('logs:DescribeLogStreams', () => logs.send(new DescribeLogStreamsCommand({ logGroupName, limit, orderBy: 'LogStreamName', descending: true })));
  return (out.logStreams ?? []).map((s) => ({
    name: s.logStreamName ?? '',
    firstEventTimestamp: s.firstEventTimestamp ?? null,
    lastEventTimestamp: s.lastEventTimestamp ?? null,
  }));
}

/** A listing sfn-lens stopped paging through: a failed read (`ReadCut`), so nothing is concluded from a part of it. */
function readCut(action: string, message: string): AwsReadError {
  return new AwsReadError(action, 'unknown', 'ReadCut', message, null);
}

/** Pages of a Describe* listing sfn-lens reads at most: the account holds 10 account-level policies. */
export const MAX_DESCRIBE_PAGES = 10;

/**
 * Resource policies of the account (`policyScope` ACCOUNT, the default), or, with `resourceArn`, the
 * policy put on that resource (`policyScope: RESOURCE`), which the default listing leaves out
 * (docs/aws-behaviour.md §11.5). At most MAX_DESCRIBE_PAGES pages: more is a failed read, never a
 * silently shorter list.
 */
export async function describeResourcePolicies(opts: { resourceArn?: string } = {}): Promise<ResourcePolicy[]> {
  const { logs } = getClients();
  const policies: ResourcePolicy[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  const scope = opts.resourceArn !== undefined ? { policyScope: 'RESOURCE' as const, resourceArn: opts.resourceArn } : {};
  // A loop of our own: the SDK ships no paginator for DescribeResourcePolicies.
  do {
    if (++pages > MAX_DESCRIBE_PAGES) throw readCut('logs:DescribeResourcePolicies', `more than ${MAX_DESCRIBE_PAGES} pages of resource policies; sfn-lens stopped reading`);
    const out = await awsCall('logs:DescribeResourcePolicies', () => logs.send(new DescribeResourcePoliciesCommand({ limit: 50, nextToken, ...scope })));
    for (const p of out.resourcePolicies ?? []) {
      const resource = p.policyScope === 'RESOURCE' || opts.resourceArn !== undefined;
      policies.push({
        name: p.policyName ?? (resource ? `the resource policy of ${p.resourceArn ?? opts.resourceArn}` : ''),
        document: p.policyDocument ?? '{}',
        lastUpdatedTime: p.lastUpdatedTime ?? null,
        scope: resource ? 'RESOURCE' : 'ACCOUNT',
        resourceArn: p.resourceArn ?? (resource ? (opts.resourceArn ?? null) : null),
      });
    }
    nextToken = out.nextToken;
  } while (nextToken);
  return policies;
}

/**
 * A log group's own resource policy (docs/aws-behaviour.md §11.5). Whether AWS names it by the ARN
 * with or without the trailing `:*` is not documented (AWS's own SDK example puts it with `:*`), so
 * both are asked, the second only when the first finds nothing.
 */
export async function describeLogGroupResourcePolicies(logGroupArn: string): Promise<ResourcePolicy[]> {
  const bare = logGroupArn.replace(/:\*$/, '');
  const first = await describeResourcePolicies({ resourceArn: bare });
  return first.length > 0 ? first : describeResourcePolicies({ resourceArn: `${bare}:*` });
}

/**
 * The fields of the log group's field index policies (empty when it has none), each with the time
 * its index starts (docs/aws-behaviour.md §11.1).
 */
export async function describeIndexedFields(logGroupName: string): Promise<IndexedField[]> {
  const { logs } = getClients();
  const fields = new Map<string, IndexedField>();
  let nextToken: string | undefined;
  let pages = 0;
  // A loop of our own: the SDK ships no paginator for DescribeIndexPolicies.
  do {
    if (++pages > MAX_DESCRIBE_PAGES) throw readCut('logs:DescribeIndexPolicies', `more than ${MAX_DESCRIBE_PAGES} pages of index policies; sfn-lens stopped reading`);
    const out = await awsCall('logs:DescribeIndexPolicies', () => logs.send(new DescribeIndexPoliciesCommand({ logGroupIdentifiers: [logGroupName], nextToken })));
    for (const p of out.indexPolicies ?? []) {
      const since = p.lastUpdateTime ?? null;
      const add = (name: string) => {
        const prev = fields.get(name);
        // Named by several policies: trust the index from the latest update of any (the least it can cover).
        const indexedSince = prev === undefined ? since : prev.indexedSince === null || since === null ? null : Math.max(prev.indexedSince, since);
        fields.set(name, { name, indexedSince, source: p.source ?? prev?.source ?? null, policyName: p.policyName ?? prev?.policyName ?? null });
      };
      try {
        const doc = JSON.parse(p.policyDocument ?? '{}') as { Fields?: unknown; FieldsV2?: unknown };
        if (Array.isArray(doc.Fields)) for (const f of doc.Fields) if (typeof f === 'string') add(f);
        // FieldsV2: { name: { type: 'FIELD_INDEX' | 'FACET' } }; only FIELD_INDEX lets a query skip events.
        if (doc.FieldsV2 && typeof doc.FieldsV2 === 'object') {
          for (const [name, spec] of Object.entries(doc.FieldsV2 as Record<string, unknown>)) {
            if ((spec as { type?: unknown } | null)?.type === 'FIELD_INDEX') add(name);
          }
        }
      } catch {
        // An unreadable policy document indexes nothing we can rely on.
      }
    }
    nextToken = out.nextToken;
  } while (nextToken);
  return [...fields.values()];
}

/** Why a paging read stopped before AWS said it was finished. */
export type ReadCutReason = 'max-events' | 'max-requests' | 'deadline';

export interface FilteredEvents {
  events: RawLogEvent[];
  /** Why the read stopped before its last page (null: it read every page AWS had). */
  cut: ReadCutReason | null;
  requests: number;
  elapsedMs: number;
}

export interface FilterBounds {
  maxEvents?: number;
  /** FilterLogEvents requests at most (pages may be empty, with a nextToken, without end). */
  maxRequests?: number;
  /** Milliseconds at most, from the first request; checked before each further page. */
  maxMs?: number;
  /** Least milliseconds between two requests of this read: FilterLogEvents is 5 TPS per account and Region. */
  minIntervalMs?: number;
}

/** Bounds of one FilterLogEvents read (docs/aws-behaviour.md §11.9). */
export const FILTER_BOUNDS: Required<FilterBounds> = { maxEvents: 10_000, maxRequests: 40, maxMs: 20_000, minIntervalMs: 200 };

/**
 * Events matching a filter pattern in [fromMs, toMs], page after page: AWS may return partial or empty
 * pages with a nextToken before the end, so a page's size never ends the read — only a missing
 * nextToken does, or a bound (events, requests, time), and then `cut` says which
 * (docs/aws-behaviour.md §11.9).
 */
export async function filterLogEvents(logGroupName: string, filterPattern: string, fromMs: number, toMs: number, bounds: FilterBounds = {}): Promise<FilteredEvents> {
  const { maxEvents, maxRequests, maxMs, minIntervalMs } = { ...FILTER_BOUNDS, ...bounds };
  const { logs } = getClients();
  const events: RawLogEvent[] = [];
  let requests = 0;
  const started = Date.now();
  let last = started;
  const result = (cut: ReadCutReason | null): FilteredEvents => ({ events, cut, requests, elapsedMs: Date.now() - started });
  const input = { logGroupName, filterPattern, startTime: fromMs, endTime: toMs, limit: Math.min(10_000, maxEvents) };
  // Each page is asked for when the loop comes round again, so the bounds below act before the request.
  for await (const out of awsPages('logs:FilterLogEvents', paginateFilterLogEvents, logs, input)) {
    requests++;
    for (const e of out.events ?? []) {
      if (events.length >= maxEvents) return result('max-events');
      events.push({
        eventId: e.eventId,
        logStreamName: e.logStreamName,
        timestamp: e.timestamp ?? 0,
        ingestionTime: e.ingestionTime ?? e.timestamp ?? 0,
        message: e.message ?? '',
      });
    }
    if (!out.nextToken) break;
    if (requests >= maxRequests) return result('max-requests');
    if (Date.now() - started >= maxMs) return result('deadline');
    const wait = last + minIntervalMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    last = Date.now();
  }
  return result(null);
}

export type QueryStatus = 'Complete' | 'Failed' | 'Cancelled' | 'Timeout' | 'Unknown';

export interface QueryResult {
  status: QueryStatus;
  /**
   * Every row of the result when `status` is Complete; empty otherwise. While a query runs,
   * GetQueryResults returns partial results (docs/aws-behaviour.md §11.8): aggregates over part of
   * the scan look final and are not, so an unfinished query hands back none of them.
   */
  rows: Array<Array<{ field: string; value: string }>>;
  statistics: QueryStatistics;
  queryId: string;
  /** GetQueryResults polls made (pages after the first included). */
  polls: number;
}

/** Rows a GetQueryResults page holds at most (`maxItems`); the default page size is undocumented. */
export const QUERY_RESULTS_PAGE = 10_000;

/** The clock of a query's polling and deadline (tests give their own). */
export interface QueryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: QueryClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/**
 * Runs a Logs Insights query to completion: StartQuery, then GetQueryResults with growing intervals,
 * then every page of the result through `nextToken` (docs/aws-behaviour.md §11.8). Bounded: polling
 * and paging stop at our deadline (then the query is stopped and the result is `Timeout`, with no
 * rows), and paging stops after the pages the row limit can fill. With `expect`, a complete result
 * whose rows lack the columns the query always produces is a failed read (AwsReadError), never rows.
 */
export async function runInsightsQuery(
  logGroupNames: string[],
  queryString: string,
  fromMs: number,
  toMs: number,
  options: {
    limit?: number;
    timeoutMs?: number;
    /** Called once StartQuery answered, with the query's id (what StopQuery takes). */
    onStart?: (queryId: string) => void;
    /** Called with the statistics of every GetQueryResults poll, the running ones included. */
    onProgress?: (s: QueryStatistics, status: string) => void;
    expect?: ResultShape;
    clock?: QueryClock;
    /** What the query is, in the queue's view (/api/insights-queue). */
    label?: string;
  } = {},
): Promise<QueryResult> {
  // Within the process's budget of concurrent queries, from StartQuery until its end is read
  // (docs/aws-behaviour.md §11.12): waiting here costs AWS nothing, a refused StartQuery would.
  return withInsightsPlace(options.label ?? 'query', () => runHoldingPlace(logGroupNames, queryString, fromMs, toMs, options));
}

async function runHoldingPlace(
  logGroupNames: string[],
  queryString: string,
  fromMs: number,
  toMs: number,
  options: Parameters<typeof runInsightsQuery>[4] & object,
): Promise<QueryResult> {
  const { logs } = getClients();
  const clock = options.clock ?? REAL_CLOCK;
  const timeoutMs = options.timeoutMs ?? getConfig().queryTimeoutMs;
  const limit = options.limit ?? MAX_QUERY_ROWS;
  const started = await awsCall('logs:StartQuery', () =>
    logs.send(
      new StartQueryCommand({
        logGroupNames,
        queryString,
        // StartQuery takes epoch SECONDS (docs/aws-behaviour.md §7); widen to whole seconds so nothing is cut off.
        startTime: Math.floor(fromMs / 1000),
        endTime: Math.ceil(toMs / 1000),
        limit,
      }),
    ),
  );
  const queryId = started.queryId ?? '';
  options.onStart?.(queryId);
  const deadline = clock.now() + timeoutMs;
  const stop = async () => {
    await logs.send(new StopQueryCommand({ queryId })).catch(() => undefined);
  };
  let delay = 100;
  let polls = 0;
  for (;;) {
    await clock.sleep(delay);
    delay = Math.min(1_000, Math.round(delay * 1.5));
    polls++;
    const out = await awsCall('logs:GetQueryResults', () => logs.send(new GetQueryResultsCommand({ queryId, maxItems: QUERY_RESULTS_PAGE })));
    const statistics = statisticsOf(out.statistics);
    const status = out.status ?? 'Unknown';
    options.onProgress?.(statistics, status);
    if (status === 'Failed' || status === 'Cancelled' || status === 'Timeout') return { status, rows: [], statistics, queryId, polls };
    if (status === 'Complete') {
      const rows = rowsOf(out.results);
      // Follow nextToken always: a page may hold fewer rows than the result (the default page size is
      // undocumented). At most the pages the limit can fill (plus one), and never past the deadline.
      // A loop of our own: the SDK ships no paginator for GetQueryResults.
      const maxPages = Math.ceil(limit / QUERY_RESULTS_PAGE) + 1;
      let nextToken = out.nextToken;
      for (let pages = 1; nextToken; pages++) {
        if (pages >= maxPages) {
          throw new AwsReadError('logs:GetQueryResults', 'unknown', 'PagingDidNotEnd', `logs:GetQueryResults kept answering nextToken after ${pages} pages of a query limited to ${limit} rows (${rows.length} rows read): the result was not read.`, null);
        }
        if (clock.now() > deadline) return { status: 'Timeout', rows: [], statistics, queryId, polls };
        const token = nextToken;
        polls++;
        const page = await awsCall('logs:GetQueryResults', () => logs.send(new GetQueryResultsCommand({ queryId, nextToken: token, maxItems: QUERY_RESULTS_PAGE })));
        for (const row of rowsOf(page.results)) rows.push(row);
        nextToken = page.nextToken;
      }
      const problem = options.expect ? resultShapeProblem(rows, options.expect) : null;
      if (problem) throw new AwsReadError('logs:GetQueryResults', 'unexpected-response', 'UnexpectedResultShape', `logs:GetQueryResults ${problem}`, null);
      return { status, rows, statistics, queryId, polls };
    }
    if (clock.now() > deadline) {
      await stop();
      return { status: 'Timeout', rows: [], statistics, queryId, polls };
    }
  }
}

/** Stops a running Logs Insights query (a viewer's Stop); its next poll answers Cancelled. */
export async function stopInsightsQuery(queryId: string): Promise<void> {
  const { logs } = getClients();
  await awsCall('logs:StopQuery', () => logs.send(new StopQueryCommand({ queryId })));
}

function statisticsOf(s: { recordsMatched?: number; recordsScanned?: number; bytesScanned?: number; estimatedRecordsSkipped?: number; estimatedBytesSkipped?: number } | undefined): QueryStatistics {
  return {
    recordsMatched: s?.recordsMatched ?? 0,
    recordsScanned: s?.recordsScanned ?? 0,
    bytesScanned: s?.bytesScanned ?? 0,
    ...(s?.estimatedRecordsSkipped !== undefined ? { estimatedRecordsSkipped: s.estimatedRecordsSkipped } : {}),
    ...(s?.estimatedBytesSkipped !== undefined ? { estimatedBytesSkipped: s.estimatedBytesSkipped } : {}),
  };
}

function rowsOf(results: Array<Array<{ field?: string; value?: string }>> | undefined): Array<Array<{ field: string; value: string }>> {
  return (results ?? []).map((r) => r.map((c) => ({ field: c.field ?? '', value: c.value ?? '' })));
}
