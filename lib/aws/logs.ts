import 'server-only';
import {
  DescribeIndexPoliciesCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeResourcePoliciesCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogGroupInfo, LogStreamInfo, QueryStatistics, RawLogEvent, ResourcePolicy } from '@/lib/domain/types';
import { getConfig } from '@/lib/config';
import { getClients } from './clients';
import { awsCall } from './errors';

// CloudWatch Logs readers (AWS-FACTS.md §7, §10). Read-only.

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

export async function describeResourcePolicies(): Promise<ResourcePolicy[]> {
  const { logs } = getClients();
  const policies: ResourcePolicy[] = [];
  let nextToken: string | undefined;
  do {
    const out = await awsCall('logs:DescribeResourcePolicies', () => logs.send(new DescribeResourcePoliciesCommand({ limit: 50, nextToken })));
    for (const p of out.resourcePolicies ?? []) {
      policies.push({ name: p.policyName ?? '', document: p.policyDocument ?? '{}', lastUpdatedTime: p.lastUpdatedTime ?? null });
    }
    nextToken = out.nextToken;
  } while (nextToken);
  return policies;
}

/** Fields of the log group's field index policy (empty when it has none). */
export async function describeIndexedFields(logGroupName: string): Promise<string[]> {
  const { logs } = getClients();
  const out = await awsCall('logs:DescribeIndexPolicies', () => logs.send(new DescribeIndexPoliciesCommand({ logGroupIdentifiers: [logGroupName] })));
  const fields = new Set<string>();
  for (const p of out.indexPolicies ?? []) {
    try {
      const doc = JSON.parse(p.policyDocument ?? '{}') as { Fields?: unknown; FieldsV2?: unknown };
      if (Array.isArray(doc.Fields)) for (const f of doc.Fields) if (typeof f === 'string') fields.add(f);
      // FieldsV2: { name: { type: 'FIELD_INDEX' | 'FACET' } }; only FIELD_INDEX lets a query skip events.
      if (doc.FieldsV2 && typeof doc.FieldsV2 === 'object') {
        for (const [name, spec] of Object.entries(doc.FieldsV2 as Record<string, unknown>)) {
          if ((spec as { type?: unknown } | null)?.type === 'FIELD_INDEX') fields.add(name);
        }
      }
    } catch {
      // An unreadable policy document indexes nothing we can rely on.
    }
  }
  return [...fields];
}

export interface FilteredEvents {
  events: RawLogEvent[];
  /** True when `maxEvents` stopped the read early. */
  truncated: boolean;
  requests: number;
}

/** Events matching a filter pattern in [fromMs, toMs], all pages (AWS may return empty pages with a nextToken). */
export async function filterLogEvents(logGroupName: string, filterPattern: string, fromMs: number, toMs: number, maxEvents = 10_000): Promise<FilteredEvents> {
  const { logs } = getClients();
  const events: RawLogEvent[] = [];
  let nextToken: string | undefined;
  let requests = 0;
  do {
    requests++;
    const out = await awsCall('logs:FilterLogEvents', () =>
      logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern, startTime: fromMs, endTime: toMs, limit: Math.min(10_000, maxEvents), nextToken })),
    );
    for (const e of out.events ?? []) {
      if (events.length >= maxEvents) return { events, truncated: true, requests };
      events.push({
        eventId: e.eventId,
        logStreamName: e.logStreamName,
        timestamp: e.timestamp ?? 0,
        ingestionTime: e.ingestionTime ?? e.timestamp ?? 0,
        message: e.message ?? '',
      });
    }
    nextToken = out.nextToken;
  } while (nextToken);
  return { events, truncated: false, requests };
}

export type QueryStatus = 'Complete' | 'Failed' | 'Cancelled' | 'Timeout' | 'Unknown';

export interface QueryResult {
  status: QueryStatus;
  rows: Array<Array<{ field: string; value: string }>>;
  statistics: QueryStatistics;
  queryId: string;
  /** GetQueryResults polls made. */
  polls: number;
}

/**
 * Runs a Logs Insights query to completion: StartQuery, then GetQueryResults with growing intervals.
 * On our own deadline the query is stopped and what it had is returned with status `Timeout`.
 */
export async function runInsightsQuery(
  logGroupNames: string[],
  queryString: string,
  fromMs: number,
  toMs: number,
  options: { limit?: number; timeoutMs?: number; onProgress?: (s: QueryStatistics) => void } = {},
): Promise<QueryResult> {
  const { logs } = getClients();
  const timeoutMs = options.timeoutMs ?? getConfig().queryTimeoutMs;
  const started = await awsCall('logs:StartQuery', () =>
    logs.send(
      new StartQueryCommand({
        logGroupNames,
        queryString,
        // StartQuery takes epoch SECONDS (AWS-FACTS.md §7); widen to whole seconds so nothing is cut off.
        startTime: Math.floor(fromMs / 1000),
        endTime: Math.ceil(toMs / 1000),
        limit: options.limit ?? 10_000,
      }),
    ),
  );
  const queryId = started.queryId ?? '';
  const deadline = Date.now() + timeoutMs;
  let delay = 100;
  let polls = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(1_000, Math.round(delay * 1.5));
    polls++;
    const out = await awsCall('logs:GetQueryResults', () => logs.send(new GetQueryResultsCommand({ queryId })));
    const statistics: QueryStatistics = {
      recordsMatched: out.statistics?.recordsMatched ?? 0,
      recordsScanned: out.statistics?.recordsScanned ?? 0,
      bytesScanned: out.statistics?.bytesScanned ?? 0,
      ...(out.statistics?.estimatedRecordsSkipped !== undefined ? { estimatedRecordsSkipped: out.statistics.estimatedRecordsSkipped } : {}),
      ...(out.statistics?.estimatedBytesSkipped !== undefined ? { estimatedBytesSkipped: out.statistics.estimatedBytesSkipped } : {}),
    };
    options.onProgress?.(statistics);
    const rows = (out.results ?? []).map((r) => r.map((c) => ({ field: c.field ?? '', value: c.value ?? '' })));
    const status = out.status ?? 'Unknown';
    if (status === 'Complete' || status === 'Failed' || status === 'Cancelled' || status === 'Timeout') {
      return { status, rows, statistics, queryId, polls };
    }
    if (Date.now() > deadline) {
      await logs.send(new StopQueryCommand({ queryId })).catch(() => undefined);
      return { status: 'Timeout', rows, statistics, queryId, polls };
    }
  }
}
