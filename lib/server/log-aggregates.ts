import 'server-only';
import { runInsightsQuery, type QueryResult } from '@/lib/aws/logs';
import {
  AGGREGATE_SHAPE,
  BOUNDARY_SHAPE,
  executionAggregateQuery,
  executionBoundaryQuery,
  parseExecutionAggregateRows,
  type AggregateParse,
} from '@/lib/domain/insights-queries';
import type { PartialRead } from '@/lib/domain/types';
import type { ReadTracker } from './read-progress';
import { ReadLog } from './reads';

export interface LogAggregatesRead {
  /** The parsed records; null when either query failed or did not finish (named in the ReadLog). */
  parsed: AggregateParse | null;
  /** The queries that answered (for what they scanned), finished or not. */
  queries: QueryResult[];
}

/**
 * The per-execution log records of a window: the aggregate (counts, ids, times) and the endings
 * (terminal and redrive events by id), read at once (docs/aws-behaviour.md §11.4). Both must finish:
 * an unfinished query's rows are partial aggregates (§11.8), so a timeout leaves the records unread —
 * one labelled partial read under `what` — rather than counting or judging from part of a scan.
 */
export async function readLogAggregates(
  reads: ReadLog,
  what: string,
  groupName: string,
  fromMs: number,
  toMs: number,
  opts: { limit: number; tracker?: ReadTracker },
): Promise<LogAggregatesRead> {
  const boundaryLimit = 2 * opts.limit;
  // Each query's failure is named once: the two usually fail alike (a denied StartQuery), and one
  // line says it.
  const aggregateReads = new ReadLog();
  const boundaryReads = new ReadLog();
  const read = `${what} (Logs Insights)`;
  const scan = { group: groupName, fromMs, toMs };
  const aggregateTrack = opts.tracker?.query('per-execution aggregates', scan);
  const boundaryTrack = opts.tracker?.query('per-execution endings', scan);
  const [aggregate, boundary] = await Promise.all([
    aggregateReads.attempt(read, 'logs:StartQuery', () => runInsightsQuery([groupName], executionAggregateQuery({ limit: opts.limit }), fromMs, toMs, { limit: opts.limit, expect: AGGREGATE_SHAPE, label: 'per-execution aggregates', ...aggregateTrack })),
    boundaryReads.attempt(read, 'logs:StartQuery', () => runInsightsQuery([groupName], executionBoundaryQuery({ limit: boundaryLimit }), fromMs, toMs, { limit: boundaryLimit, expect: BOUNDARY_SHAPE, label: 'endings', ...boundaryTrack })),
  ]);
  const key = (p: PartialRead) => `${p.action}|${p.error}|${p.message}`;
  const named = new Set(aggregateReads.partial.map(key));
  reads.partial.push(...aggregateReads.partial, ...boundaryReads.partial.filter((p) => !named.has(key(p))));
  const queries = [aggregate, boundary].filter((q): q is QueryResult => q !== null);
  if (!aggregate || !boundary) return { parsed: null, queries };
  const unfinished = queries.find((q) => q.status !== 'Complete');
  if (unfinished) {
    reads.partial.push({
      action: 'logs:GetQueryResults',
      error: `Query${unfinished.status}`,
      message: `The Logs Insights query ended ${unfinished.status}: its partial results were not read.`,
      what,
    });
    return { parsed: null, queries };
  }
  return { parsed: parseExecutionAggregateRows(aggregate.rows, { boundaryRows: boundary.rows, limit: opts.limit, boundaryLimit }), queries };
}
