// sfn-lens's own Logs Insights queries, run by the simulated account's engine, which takes the least
// favourable reading of what AWS leaves undocumented (docs/aws-behaviour.md §11.4, §11.11): a
// same-millisecond tie in latest()/earliest() goes against the log order, min()/max() compare the
// string ids Step Functions writes as text, count_distinct() is inexact above a few values, and
// arithmetic on timestamps is refused. The records must be right regardless.
import { describe, expect, it } from 'vitest';
import { executionAggregateQuery, executionBoundaryQuery, parseExecutionAggregateRows } from '@/lib/domain/insights-queries';
import { parseInsightsQuery, runInsightsQuery, type InsightsRecord } from '@/sim/logs/insights';
import { expressArn } from './builders';

const T0 = Date.UTC(2026, 11, 5, 3, 31, 33, 0);

interface Ev {
  arn: string;
  id: number;
  type: string;
  at: number;
  delay?: number;
}

/** A Step Functions log event as Logs Insights sees it: every JSON scalar a string ("id":"13"). */
function record(e: Ev): InsightsRecord {
  const fields: Record<string, string> = { id: String(e.id), type: e.type, execution_arn: e.arn, previous_event_id: String(e.id - 1), event_timestamp: String(e.at) };
  const message = JSON.stringify(fields);
  return {
    messageBytes: message.length,
    get: (f) => (f === '@timestamp' ? e.at : f === '@ingestionTime' ? e.at + (e.delay ?? 400) : f === '@message' ? message : fields[f]),
  };
}

/** An execution of `n` events, ids 1..n, the last one terminal, `tie`: the last two share a millisecond. */
function execution(arn: string, n: number, opts: { tie?: boolean; missing?: number[]; terminal?: string } = {}): Ev[] {
  const out: Ev[] = [];
  for (let id = 1; id <= n; id++) {
    const type = id === 1 ? 'ExecutionStarted' : id === n ? (opts.terminal ?? 'ExecutionSucceeded') : id % 2 === 0 ? 'TaskStateEntered' : 'TaskStateExited';
    const at = T0 + (opts.tie && id === n ? (n - 1) * 10 : id * 10);
    if (!opts.missing?.includes(id)) out.push({ arn, id, type, at, delay: id === n ? 2_500 : 400 });
  }
  return out;
}

function records(events: Ev[]) {
  const run = (q: string) => runInsightsQuery(parseInsightsQuery(q), events.map(record), { maxRows: 100_000 }).rows;
  return parseExecutionAggregateRows(run(executionAggregateQuery()), { boundaryRows: run(executionBoundaryQuery()) }).records;
}

describe('per-execution records under the least favourable Logs Insights semantics', () => {
  it('an execution whose last state exits in the millisecond of ExecutionSucceeded reads SUCCEEDED, not UNKNOWN', () => {
    const [r] = records(execution(expressArn('tie'), 12, { tie: true }));
    expect(r).toMatchObject({ status: 'SUCCEEDED', terminalType: 'ExecutionSucceeded', idGaps: 0, hasStarted: true, eventCount: 12, stoppedAt: T0 + 110 });
  });

  it('ids past 9 (max("9", "12") is "9" as text) and past count_distinct\'s exact range give no false gap', () => {
    const [twelve] = records(execution(expressArn('twelve'), 12));
    const [forty] = records(execution(expressArn('forty'), 40, { terminal: 'ExecutionFailed' }));
    expect(twelve).toMatchObject({ status: 'SUCCEEDED', idGaps: 0 });
    expect(forty).toMatchObject({ status: 'FAILED', idGaps: 0, eventCount: 40 });
  });

  it('a lost event in the middle is a gap of one, and a lost ExecutionStarted says it was not seen', () => {
    const [middle] = records(execution(expressArn('middle'), 30, { missing: [17] }));
    const [noStart] = records(execution(expressArn('no-start'), 14, { missing: [1] }));
    expect(middle).toMatchObject({ status: 'SUCCEEDED', idGaps: 1, eventCount: 29 });
    expect(noStart).toMatchObject({ status: 'SUCCEEDED', idGaps: 1, hasStarted: false, startedAt: null });
  });

  it('measures the ingestion delay with toMillis(), which the engine accepts (it refuses timestamp arithmetic)', () => {
    const [r] = records(execution(expressArn('delay'), 6));
    expect(r?.maxIngestionDelayMs).toBe(2_500);
  });
});
