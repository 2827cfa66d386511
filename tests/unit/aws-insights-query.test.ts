// runInsightsQuery against a scripted CloudWatch Logs client (docs/aws-behaviour.md §11.8): it
// follows nextToken always, never hands back the partial rows of an unfinished query, bounds its
// polling and paging, and calls a result without the asked-for columns a failed read.
import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { setClientsForTests, type AwsClients } from '@/lib/aws/clients';
import { AwsReadError } from '@/lib/aws/errors';
import { runInsightsQuery, type QueryClock } from '@/lib/aws/logs';
import { AGGREGATE_SHAPE, resultShapeProblem } from '@/lib/domain/insights-queries';

type Row = Array<{ field: string; value: string }>;
const aggregateRow = (n: number): Row => [
  { field: 'execution_arn', value: `arn:aws:states:us-east-1:123456789012:express:orders:run-${n}:x` },
  { field: 'events', value: '6' },
];

/** A clock whose sleeps advance it at once: the deadline is decided by the script, not the machine. */
function fakeClock(): QueryClock & { t: number } {
  const c = { t: 0, now: () => c.t, sleep: async (ms: number) => void (c.t += ms) };
  return c;
}

interface Script {
  /** Statuses of successive first-page polls. */
  statuses: string[];
  rows: Row[];
  /** Rows per page when no maxItems applies (the server's own default). */
  page: number;
  /** What a Running poll returns. */
  partialRows?: Row[];
}

function logsClient(script: Script) {
  const calls: Array<{ op: string; input: Record<string, unknown> }> = [];
  let poll = 0;
  const logs = {
    send: async (cmd: unknown) => {
      if (cmd instanceof StartQueryCommand) {
        calls.push({ op: 'StartQuery', input: cmd.input as unknown as Record<string, unknown> });
        return { queryId: 'q-1' };
      }
      if (cmd instanceof StopQueryCommand) {
        calls.push({ op: 'StopQuery', input: cmd.input as unknown as Record<string, unknown> });
        return { success: true };
      }
      if (cmd instanceof GetQueryResultsCommand) {
        const input = cmd.input;
        calls.push({ op: 'GetQueryResults', input: input as unknown as Record<string, unknown> });
        const offset = input.nextToken ? Number(input.nextToken) : 0;
        const status = input.nextToken ? 'Complete' : (script.statuses[Math.min(poll++, script.statuses.length - 1)] ?? 'Running');
        const size = Math.min(script.page, input.maxItems ?? script.page);
        if (status !== 'Complete') return { status, results: (script.partialRows ?? []).slice(0, size), statistics: { recordsScanned: 10 } };
        const results = script.rows.slice(offset, offset + size);
        return { status, results, statistics: { recordsScanned: 100 }, ...(offset + size < script.rows.length ? { nextToken: String(offset + size) } : {}) };
      }
      throw new Error('unexpected command');
    },
  };
  setClientsForTests({ logs } as unknown as AwsClients);
  return calls;
}

afterEach(() => setClientsForTests(null));

describe('runInsightsQuery', () => {
  it('follows nextToken to the last page, asking for 10,000 rows a page, when the server pages smaller', async () => {
    const rows = Array.from({ length: 2_345 }, (_, i) => aggregateRow(i));
    const calls = logsClient({ statuses: ['Running', 'Complete'], rows, page: 1_000 });
    const out = await runInsightsQuery(['g'], 'q', 0, 60_000, { limit: 20_000, clock: fakeClock(), expect: AGGREGATE_SHAPE });
    expect(out.status).toBe('Complete');
    expect(out.rows).toHaveLength(2_345);
    expect(calls.filter((c) => c.op === 'GetQueryResults').every((c) => c.input.maxItems === 10_000)).toBe(true);
    expect(calls.find((c) => c.op === 'StartQuery')?.input.limit).toBe(20_000);
  });

  it('hands back none of the partial rows of a query its deadline stopped, and stops the query', async () => {
    const calls = logsClient({ statuses: ['Running'], rows: [], page: 10_000, partialRows: [aggregateRow(1), aggregateRow(2)] });
    const out = await runInsightsQuery(['g'], 'q', 0, 60_000, { timeoutMs: 5_000, clock: fakeClock() });
    expect(out.status).toBe('Timeout');
    expect(out.rows).toEqual([]);
    expect(calls.some((c) => c.op === 'StopQuery')).toBe(true);
    // Polls grow to one a second: a 5 s deadline takes a handful, not hundreds.
    expect(out.polls).toBeLessThan(15);
  });

  it('stops paging a result whose pages never end, naming the read as failed', async () => {
    const endless = { statuses: ['Complete'], rows: Array.from({ length: 50_000 }, (_, i) => aggregateRow(i)), page: 10_000 };
    const calls = logsClient(endless);
    const err = await runInsightsQuery(['g'], 'q', 0, 60_000, { limit: 20_000, clock: fakeClock() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsReadError);
    expect(err).toMatchObject({ action: 'logs:GetQueryResults', awsName: 'PagingDidNotEnd' });
    expect(calls.filter((c) => c.op === 'GetQueryResults').length).toBeLessThanOrEqual(3);
  });

  it('calls a result without the asked-for columns a failed read, naming the call and what came back', async () => {
    // An AWS-compatible endpoint whose Insights ignores `stats` answers raw events.
    const raw: Row[] = [[{ field: '@timestamp', value: '2026-12-05 03:31:33.040' }, { field: '@message', value: '{"id":"1"}' }, { field: '@ptr', value: 'p' }]];
    logsClient({ statuses: ['Complete'], rows: raw, page: 1_000 });
    const err = await runInsightsQuery(['g'], 'q', 0, 60_000, { clock: fakeClock(), expect: AGGREGATE_SHAPE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsReadError);
    expect(err).toMatchObject({ action: 'logs:GetQueryResults', awsName: 'UnexpectedResultShape', kind: 'unexpected-response' });
    expect((err as Error).message).toBe(
      'logs:GetQueryResults returned rows without the fields the query asked for (execution_arn, events, minId, maxId, firstAt, lastAt, lastIngestedAt, maxIngestionDelay): got @timestamp, @message',
    );
  });
});

describe('resultShapeProblem', () => {
  it('accepts rows that carry the count, with or without an execution ARN, and no rows at all', () => {
    expect(resultShapeProblem([aggregateRow(1), [{ field: 'events', value: '3' }]], AGGREGATE_SHAPE)).toBeNull();
    expect(resultShapeProblem([], AGGREGATE_SHAPE)).toBeNull();
  });
});
