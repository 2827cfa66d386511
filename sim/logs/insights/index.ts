// A Logs Insights engine over a documented subset of the query language, for the simulated
// StartQuery/GetQueryResults (docs/aws-behaviour.md §7, §10). It is streaming: records are read once and
// never held. A stats query keeps one small accumulator per group; a plain query keeps at most
// about twice its row limit.
//
// Subset: `fields`, `filter`, `filterIndex`, `stats`, `sort`, `limit`, `display`. Anything else
// fails at parse time with a MalformedQueryError, as an unparseable query does on AWS.
// Syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html

import type { InsightsQuery } from './ast';
import { parseCommands } from './parser';
import { planFor } from './planner';

export {
  AGGREGATES,
  MalformedQueryError,
  type Aggregate,
  type BinaryOp,
  type Command,
  type Expr,
  type InsightsQuery,
  type InsightsRecord,
  type InsightsResult,
  type InsightsStatistics,
  type Literal,
  type SourcePos,
} from './ast';
export { runInsightsQuery } from './executor';
export { indexableEqualities } from './index-hints';

export function parseInsightsQuery(query: string): InsightsQuery {
  const commands = parseCommands(query);
  const q: InsightsQuery = { source: query, commands };
  planFor(q); // compiling also validates functions, arities and stats references
  return q;
}
