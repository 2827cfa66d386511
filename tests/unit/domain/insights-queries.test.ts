import { describe, expect, it } from 'vitest';
import { UnsafeValueError } from '@/lib/domain/arn';
import {
  binMinutesFor,
  executionAggregateQuery,
  executionBoundaryQuery,
  executionEventsQuery,
  parseEventRows,
  parseExecutionAggregateRows,
  parseInsightsTime,
  parseTerminalMinuteRows,
  terminalMinutesQuery,
  type InsightsRow,
} from '@/lib/domain/insights-queries';
import { executionFilterPattern, terminalEventsFilterPattern } from '@/lib/domain/filter-patterns';
import { expressArn, HOUR } from './builders';
import aggregateRows from './fixtures/insights.execution-aggregate.mixed.json';

const A = expressArn();
const row = (cells: Record<string, string>): InsightsRow => Object.entries(cells).map(([field, value]) => ({ field, value }));

describe('query strings', () => {
  it('(a) aggregates per execution inside CloudWatch, newest first, capped at 10,000 rows, events without execution_arn in a group of their own', () => {
    expect(executionAggregateQuery()).toBe(
      [
        'fields toMillis(@ingestionTime) - toMillis(@timestamp) as ingestionDelay, concat(substr("0000000000", strlen(id)), id) as idKey',
        '| stats count(*) as events, min(idKey) as minId, max(idKey) as maxId, min(@timestamp) as firstAt, max(@timestamp) as lastAt, max(@ingestionTime) as lastIngestedAt, max(ingestionDelay) as maxIngestionDelay by execution_arn',
        '| sort lastAt desc',
        '| limit 10000',
      ].join('\n'),
    );
  });

  it('(a) uses none of the aggregates whose semantics AWS leaves undocumented, nor arithmetic on timestamps', () => {
    for (const q of [executionAggregateQuery(), executionBoundaryQuery()]) {
      expect(q).not.toMatch(/latest\(|earliest\(|count_distinct\(|(min|max)\(id\)/);
      expect(q).not.toMatch(/@ingestionTime\s*-|-\s*@timestamp/);
    }
  });

  it('accepts a limit up to 100,000 and refuses one above', () => {
    expect(executionAggregateQuery({ limit: 100_000 })).toMatch(/limit 100000$/);
    expect(() => executionAggregateQuery({ limit: 100_001 })).toThrow('limit must be an integer from 1 to 100000');
  });

  it('(b) counts start and terminal events per minute and type', () => {
    expect(terminalMinutesQuery()).toBe(
      'filter type in ["ExecutionStarted", "ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut"]\n| stats count(*) as events by bin(1m), type\n| limit 10000',
    );
  });

  it('(a′) the boundary query reads each terminal and redrive event by execution, type and id, filtered to those types first', () => {
    expect(executionBoundaryQuery()).toBe(
      [
        'filter type in ["ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut", "ExecutionRedriven"]',
        '| stats count(*) as events, max(@timestamp) as lastAt by execution_arn, type, id',
        '| sort lastAt desc',
        '| limit 20000',
      ].join('\n'),
    );
  });

  it('picks a bin wide enough to stay under the row limit', () => {
    expect(binMinutesFor(3 * HOUR)).toBe(1);
    expect(binMinutesFor(7 * 24 * HOUR)).toBe(15);
  });
});

describe('parseInsightsTime', () => {
  it.each([
    ['2023-11-14 22:13:20.123', Date.UTC(2023, 10, 14, 22, 13, 20, 123)],
    ['2023-11-14 22:13:20', Date.UTC(2023, 10, 14, 22, 13, 20)],
    ['1700000000123', 1700000000123],
    ['1700000000.123', 1700000000123],
    ['2023-11-14T22:13:20.123Z', Date.UTC(2023, 10, 14, 22, 13, 20, 123)],
    ['2023-11-14 22:13:20.123Z', Date.UTC(2023, 10, 14, 22, 13, 20, 123)],
    ['2023-11-14T22:13:20', Date.UTC(2023, 10, 14, 22, 13, 20)],
    ['2023-11-14 22:13:20.5', Date.UTC(2023, 10, 14, 22, 13, 20, 500)],
    ['2023-11-14 22:13:20.123999999', Date.UTC(2023, 10, 14, 22, 13, 20, 123)],
    [' 2023-11-14 22:13:20.007 ', Date.UTC(2023, 10, 14, 22, 13, 20, 7)],
    ['2023-11-14T23:13:20.123+01:00', Date.UTC(2023, 10, 14, 22, 13, 20, 123)],
  ])('reads %j', (value, ms) => {
    expect(parseInsightsTime(value)).toBe(ms);
  });

  it.each([
    ['2023-11-14 22:13:2x.123'],
    ['2023-11-14_22:13:20.123'],
    ['2023-11-14 22:13:20,123'],
    ['2023/11/14 22:13:20'],
  ])('is null for %j, a near miss of the rendered shape', (value) => {
    expect(parseInsightsTime(value)).toBeNull();
  });

  it('is null for nothing or nonsense', () => {
    expect(parseInsightsTime(undefined)).toBeNull();
    expect(parseInsightsTime('')).toBeNull();
    expect(parseInsightsTime('soon')).toBeNull();
  });
});

describe('parseExecutionAggregateRows', () => {
  it('counts a repeated ARN once, as a skipped row, wherever it repeats', () => {
    const parsed = parseExecutionAggregateRows(
      ([['a', '1'], ['b', '2'], ['a', '3'], ['c', '4'], ['b', '5'], ['a', '6']] as const).map(([arn, events]) => row({ execution_arn: arn, events })),
    );
    expect(parsed.records.map((r) => [r.executionArn, r.eventCount])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 4],
    ]);
    expect(parsed.skippedRows).toBe(3);
  });

  const run = (n: number) => `arn:aws:states:us-east-1:123456789012:express:orders:run-${n}:${['0f8b3c2e-1d4a-4b6c-9e7f-123456789abc', '1b2c3d4e-0000-4000-8000-000000000002'][n - 1]}`;
  const endings = [
    row({ execution_arn: run(1), type: 'ExecutionSucceeded', id: '6', events: '1', lastAt: '2024-05-01 11:00:00.411' }),
    row({ execution_arn: run(2), type: 'ExecutionSucceeded', id: '6', events: '1', lastAt: '2024-05-01 11:01:00.500' }),
  ];
  const { records, skippedRows, unattributed, limitReached } = parseExecutionAggregateRows(aggregateRows as InsightsRow[], { boundaryRows: endings });

  it('reads the largest ingestion delay of an execution when the row carries it, and null when it does not', () => {
    const row = [...(aggregateRows[0] as InsightsRow), { field: 'maxIngestionDelay', value: '2750' }];
    expect(parseExecutionAggregateRows([row]).records[0]?.maxIngestionDelayMs).toBe(2750);
    expect(records[0]?.maxIngestionDelayMs).toBeNull();
  });

  it('computes id gaps as maxId − events (count(*), exact), reading zero-padded ids', () => {
    expect(records[1]).toMatchObject({ status: 'SUCCEEDED', idGaps: 2 });
  });

  it('leaves the status UNKNOWN when no terminal event was read for the execution', () => {
    expect(records[2]).toMatchObject({ status: 'UNKNOWN', terminalType: null, stoppedAt: null, lastIngestedAt: null });
  });

  it('makes no execution of the row without an execution ARN: it counts the log group’s events that are not Step Functions’, and says the limit was not reached', () => {
    expect(records).toHaveLength(3);
    expect(unattributed).toEqual({ events: 1, firstAt: null, lastAt: null });
    expect(skippedRows).toBe(0);
    expect(limitReached).toBe(false);
  });

  it('reads the time span of the events without an execution ARN, counts only the first such row, and says nothing of them without one', () => {
    const none = row({ events: '180', firstAt: '2024-05-01 09:00:01.000', lastAt: '2024-05-01 11:59:30.500' });
    const parsed = parseExecutionAggregateRows([row({ execution_arn: A, events: '3' }), none, row({ execution_arn: '', events: '2' })]);
    expect(parsed.unattributed).toEqual({ events: 180, firstAt: Date.UTC(2024, 4, 1, 9, 0, 1), lastAt: Date.UTC(2024, 4, 1, 11, 59, 30, 500) });
    expect(parsed.skippedRows).toBe(1);
    expect(parsed.records).toHaveLength(1);
    expect(parseExecutionAggregateRows([row({ execution_arn: A, events: '3' })]).unattributed).toBeNull();
  });

  it('counts ids below minId as gaps (a missing ExecutionStarted) without counting them twice', () => {
    const r = parseExecutionAggregateRows([row({ execution_arn: A, events: '3', minId: '0000000003', maxId: '0000000005' })], { boundaryRows: [row({ execution_arn: A, type: 'ExecutionSucceeded', id: '5', events: '1' })] });
    expect(r.records[0]).toMatchObject({ idGaps: 2, hasStarted: false, startedAt: null });
  });

  it('tolerates missing fields and numbers rendered with decimals', () => {
    const r = parseExecutionAggregateRows([row({ execution_arn: A, events: '4.0' })]);
    expect(r.records[0]).toMatchObject({ eventCount: 4, idGaps: 0, firstEventAt: null, status: 'UNKNOWN' });
  });

  it('takes the status from the terminal event with the highest id, unless a redrive came after it', () => {
    const agg = [row({ execution_arn: A, events: '9', minId: '0000000001', maxId: '0000000009', firstAt: '1000', lastAt: '5000' })];
    const ending = (type: string, id: string, lastAt: string) => row({ execution_arn: A, type, id, events: '1', lastAt });
    expect(parseExecutionAggregateRows(agg).records[0]?.status).toBe('UNKNOWN');
    const failedThenSucceeded = [ending('ExecutionSucceeded', '9', '5000'), ending('ExecutionFailed', '4', '2000'), ending('ExecutionRedriven', '5', '3000')];
    expect(parseExecutionAggregateRows(agg, { boundaryRows: failedThenSucceeded }).records[0]).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 5_000_000, startedAt: 1_000_000, idGaps: 0 });
    const redrivenAfter = [ending('ExecutionFailed', '4', '2000'), ending('ExecutionRedriven', '5', '3000')];
    expect(parseExecutionAggregateRows(agg, { boundaryRows: redrivenAfter }).records[0]).toMatchObject({ status: 'UNKNOWN', terminalType: null, stoppedAt: null });
    // Ids compared as numbers here, never by Logs Insights: "10" is after "9".
    const twoDigits = [ending('ExecutionFailed', '9', '2000'), ending('ExecutionRedriven', '10', '3000'), ending('ExecutionSucceeded', '12', '5000')];
    expect(parseExecutionAggregateRows([row({ execution_arn: A, events: '12', minId: '1', maxId: '9', firstAt: '1000', lastAt: '5000' })], { boundaryRows: twoDigits }).records[0]).toMatchObject({ status: 'SUCCEEDED', idGaps: 0 });
  });

  it('leaves out the executions the boundary rows no longer reach when they hit their limit, and says the limit was reached', () => {
    const B = expressArn('run-2');
    const agg = [row({ execution_arn: A, events: '3', minId: '1', maxId: '3', lastAt: '9000' }), row({ execution_arn: B, events: '3', minId: '1', maxId: '3', lastAt: '1000' })];
    const parsed = parseExecutionAggregateRows(agg, { boundaryRows: [row({ execution_arn: A, type: 'ExecutionSucceeded', id: '3', events: '1', lastAt: '9000' })], boundaryLimit: 1 });
    expect(parsed.records.map((r) => r.executionArn)).toEqual([A]);
    expect(parsed.limitReached).toBe(true);
  });

  it('says so when a result hit the row limit', () => {
    expect(parseExecutionAggregateRows([row({ execution_arn: A })], { limit: 1 }).limitReached).toBe(true);
  });
});

describe('parseTerminalMinuteRows', () => {
  it('sums the rows of each minute into a LogMinute, ascending', () => {
    const rows = [
      row({ 'bin(1m)': '2024-05-01 11:01:00.000', type: 'ExecutionSucceeded', events: '7' }),
      row({ 'bin(1m)': '2024-05-01 11:00:00.000', type: 'ExecutionStarted', events: '9' }),
      row({ 'bin(1m)': '2024-05-01 11:00:00.000', type: 'ExecutionFailed', events: '1' }),
      row({ 'bin(1m)': '2024-05-01 11:00:00.000', type: 'ExecutionTimedOut', events: '1' }),
    ];
    expect(parseTerminalMinuteRows(rows).minutes).toEqual([
      { minute: Date.UTC(2024, 4, 1, 11, 0), started: 9, succeeded: 0, failed: 1, timedOut: 1, aborted: 0 },
      { minute: Date.UTC(2024, 4, 1, 11, 1), started: 0, succeeded: 7, failed: 0, timedOut: 0, aborted: 0 },
    ]);
  });

  it('skips rows with no bin, an unknown type or no count', () => {
    const rows = [row({ type: 'ExecutionSucceeded', events: '1' }), row({ 'bin(1m)': '1714561200000', type: 'PassStateEntered', events: '1' }), row({ 'bin(1m)': '1714561200000', type: 'ExecutionAborted' })];
    expect(parseTerminalMinuteRows(rows)).toMatchObject({ minutes: [], skippedRows: 3 });
  });
});

describe('filter patterns for FilterLogEvents', () => {
  it('selects one execution by $.execution_arn', () => {
    expect(executionFilterPattern(A)).toBe(`{ $.execution_arn = "${A}" }`);
  });

  it('refuses an ARN that would break out of the pattern', () => {
    expect(() => executionFilterPattern('arn:aws:states:us-east-1:123456789012:execution:x:y" || $.id = "1')).toThrow(UnsafeValueError);
  });

  it('selects terminal events with ||', () => {
    expect(terminalEventsFilterPattern()).toBe('{ $.type = "ExecutionSucceeded" || $.type = "ExecutionFailed" || $.type = "ExecutionAborted" || $.type = "ExecutionTimedOut" }');
  });
});

describe('one execution’s events through the execution_arn index', () => {
  it('uses filterIndex on the ARN first, then the raw fields oldest first', () => {
    const arn = expressArn('orders', 'abc');
    expect(executionEventsQuery(arn, { useFilterIndex: true })).toBe(
      `filterIndex execution_arn = "${arn}"\n| fields @timestamp, @ingestionTime, @logStream, @message\n| sort @timestamp asc\n| limit 10000`,
    );
    expect(executionEventsQuery(arn)).toMatch(/^filter execution_arn = /);
  });

  it('refuses an unsafe ARN instead of escaping it into the query', () => {
    expect(() => executionEventsQuery('arn:aws:states:us-east-1:123456789012:execution:x:y" | display @message')).toThrow(UnsafeValueError);
  });

  it('turns result rows into raw events, and skips (counting) rows without a time or a message', () => {
    const rows: InsightsRow[] = [
      [
        { field: '@timestamp', value: '2024-05-01 12:00:00.250' },
        { field: '@ingestionTime', value: '2024-05-01 12:00:01.000' },
        { field: '@logStream', value: 'states/orders/x' },
        { field: '@message', value: '{"id":"1"}' },
        { field: '@ptr', value: 'p1' },
      ],
      [{ field: '@message', value: '{"id":"2"}' }],
      [{ field: '@timestamp', value: '1714564800500' }, { field: '@message', value: 'not json' }],
    ];
    const { events, skippedRows } = parseEventRows(rows);
    expect(skippedRows).toBe(1);
    expect(events).toEqual([
      { timestamp: Date.UTC(2024, 4, 1, 12, 0, 0, 250), ingestionTime: Date.UTC(2024, 4, 1, 12, 0, 1), logStreamName: 'states/orders/x', message: '{"id":"1"}' },
      { timestamp: 1714564800500, ingestionTime: 1714564800500, message: 'not json' },
    ]);
  });
});
