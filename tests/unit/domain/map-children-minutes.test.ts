// Distributed Map children count in their own metric series (docs/aws-behaviour.md §11.3): the
// per-minute log query counts their terminal events apart from the parent's, so the parent's minutes
// are compared with the parent's executions only. Runs the query sfn-lens sends on the simulator's
// Logs Insights engine and parses the rows as the executions view does.
import { describe, expect, it } from 'vitest';
import { parseTerminalMinuteRows, terminalMinutesQuery } from '@/lib/domain/insights-queries';
import { parseInsightsQuery, runInsightsQuery, type InsightsRecord } from '@/sim/logs/insights';

const T0 = Date.UTC(2026, 0, 8, 10, 0, 0);
const PARENT = 'arn:aws:states:us-east-1:123456789012:execution:batch:run-1';
const child = (i: number) => `arn:aws:states:us-east-1:123456789012:express:batch/ProcessItems:item-${i}:0f8b3c2e-1d4a-4b6c-9e7f-12345678900${i}`;

function record(arn: string, type: string, at: number): InsightsRecord {
  const fields: Record<string, string | number> = { '@timestamp': at, '@ingestionTime': at + 500, type, execution_arn: arn, id: '1' };
  return { messageBytes: 200, get: (f) => fields[f] };
}

const records = [
  record(PARENT, 'ExecutionStarted', T0),
  ...[1, 2, 3].flatMap((i) => [record(child(i), 'ExecutionStarted', T0 + 1_000 + i), record(child(i), 'ExecutionSucceeded', T0 + 2_000 + i)]),
  record(PARENT, 'ExecutionSucceeded', T0 + 30_000),
];

describe('per-minute log counts with Distributed Map children counted apart', () => {
  it('the parent series sees its own start and end only; the children theirs', () => {
    const q = terminalMinutesQuery({ binMinutes: 1, splitMapChildren: true });
    expect(q).toContain('strcontains(execution_arn, "/")');
    const { rows } = runInsightsQuery(parseInsightsQuery(q), records);
    expect(parseTerminalMinuteRows(rows, { mapChildren: 'exclude' }).minutes).toEqual([{ minute: T0, started: 1, succeeded: 1, failed: 0, timedOut: 0, aborted: 0 }]);
    expect(parseTerminalMinuteRows(rows, { mapChildren: 'only' }).minutes).toEqual([{ minute: T0, started: 3, succeeded: 3, failed: 0, timedOut: 0, aborted: 0 }]);
  });

  it('without the split (a state machine that runs no Distributed Map) the query is unchanged', () => {
    expect(terminalMinutesQuery({ binMinutes: 5 })).not.toContain('mapChild');
  });
});
