import { describe, expect, it } from 'vitest';
import {
  indexableEqualities,
  MalformedQueryError,
  parseInsightsQuery,
  runInsightsQuery,
  type InsightsRecord,
} from '@/sim/logs/insights';

const T0 = Date.UTC(2023, 10, 14, 22, 13, 20, 123); // 2023-11-14 22:13:20.123
const arn = (name: string): string => `arn:aws:states:us-east-1:123456789012:express:orders:${name}:5b2d0c44`;

interface EventSpec {
  arn: string;
  id: number;
  type: string;
  at: number;
  details?: Record<string, unknown>;
  stream?: string;
}

/** A Step Functions log event as delivered to CloudWatch Logs: every scalar is a string. */
function sfnMessage(e: EventSpec): string {
  return JSON.stringify({
    id: String(e.id),
    type: e.type,
    details: e.details ?? {},
    previous_event_id: String(e.id - 1),
    event_timestamp: String(e.at),
    execution_arn: e.arn,
  });
}

/** What the sim hands the engine: system fields, plus JSON fields flattened with dots on first use. */
function toRecord(e: EventSpec): InsightsRecord {
  const message = sfnMessage(e);
  let flat: Map<string, string | number> | null = null;
  const flatten = (value: unknown, prefix: string, out: Map<string, string | number>): void => {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
    } else if (value !== null && value !== undefined) {
      out.set(prefix, typeof value === 'number' ? value : String(value));
    }
  };
  return {
    messageBytes: Buffer.byteLength(message),
    get(field) {
      switch (field) {
        case '@timestamp':
          return e.at;
        case '@ingestionTime':
          return e.at + 2500;
        case '@message':
          return message;
        case '@logStream':
          return e.stream ?? 'states/orders/2023-11-14-22-13/7851b2d9';
        case '@log':
          return '123456789012:/aws/vendedlogs/states/orders-Logs';
      }
      if (flat === null) {
        flat = new Map();
        flatten(JSON.parse(message), '', flat);
      }
      return flat.get(field);
    },
  };
}

/** One execution's log events: started, a task, then the given terminal event, `gapMs` apart. */
function execution(name: string, start: number, terminal: string | null, gapMs = 100): EventSpec[] {
  const a = arn(name);
  const events: EventSpec[] = [
    { arn: a, id: 1, type: 'ExecutionStarted', at: start, details: { input: '{"orderId":"42"}', roleArn: 'arn:aws:iam::123456789012:role/orders' } },
    { arn: a, id: 2, type: 'TaskStateEntered', at: start + gapMs, details: { name: 'Charge', input: '{}' } },
  ];
  if (terminal !== null) events.push({ arn: a, id: 3, type: terminal, at: start + 2 * gapMs, details: terminal === 'ExecutionFailed' ? { error: 'States.TaskFailed', cause: 'card declined' } : {} });
  return events;
}

function run(query: string, events: EventSpec[], options?: { maxRows?: number }) {
  return runInsightsQuery(parseInsightsQuery(query), events.map(toRecord), options);
}

/** Rows as plain objects, which is how a reader of GetQueryResults thinks of them. */
function table(query: string, events: EventSpec[], options?: { maxRows?: number }): Array<Record<string, string>> {
  return run(query, events, options).rows.map((row) => Object.fromEntries(row.map((c) => [c.field, c.value])));
}

const TERMINAL_QUERY =
  'fields ispresent(execution_arn) as exec_arn | filter exec_arn | filter type in ["ExecutionStarted","ExecutionSucceeded","ExecutionFailed","ExecutionAborted","ExecutionTimedOut"] | stats latest(type) as status, earliest(@timestamp) as startedAt, latest(@timestamp) as stoppedAt, count(*) as events by execution_arn';

const EVENTS = [
  ...execution('ok-1', T0, 'ExecutionSucceeded'),
  ...execution('failed-1', T0 + 1000, 'ExecutionFailed'),
  ...execution('running-1', T0 + 2000, null),
];

describe('parseInsightsQuery + runInsightsQuery', () => {
  describe('plain queries', () => {
    it('a query without fields returns @timestamp, @message and @ptr of every matching event', () => {
      const result = run('filter type = "ExecutionFailed"', EVENTS);
      expect(result.rows).toHaveLength(1);
      const [row] = result.rows;
      expect(row!.map((c) => c.field)).toEqual(['@timestamp', '@message', '@ptr']);
      expect(row![0]!.value).toBe('2023-11-14 22:13:21.323');
      expect(JSON.parse(row![1]!.value)).toMatchObject({ type: 'ExecutionFailed', execution_arn: arn('failed-1') });
      expect(row![2]!.value).not.toBe('');
    });

    it('fields names the output columns in order, with aliases, and omits fields an event lacks', () => {
      const rows = table('fields @timestamp, type, details.name as state, details.error | filter execution_arn = "' + arn('failed-1') + '"', EVENTS);
      expect(rows).toEqual([
        { '@timestamp': '2023-11-14 22:13:21.123', type: 'ExecutionStarted', '@ptr': expect.any(String) },
        { '@timestamp': '2023-11-14 22:13:21.223', type: 'TaskStateEntered', state: 'Charge', '@ptr': expect.any(String) },
        { '@timestamp': '2023-11-14 22:13:21.323', type: 'ExecutionFailed', 'details.error': 'States.TaskFailed', '@ptr': expect.any(String) },
      ]);
    });

    it('system fields @logStream, @log and @ingestionTime are readable', () => {
      const [row] = table('fields @logStream, @log, @ingestionTime | limit 1', EVENTS);
      expect(row).toMatchObject({
        '@logStream': 'states/orders/2023-11-14-22-13/7851b2d9',
        '@log': '123456789012:/aws/vendedlogs/states/orders-Logs',
        '@ingestionTime': '2023-11-14 22:13:22.623',
      });
    });

    it('backquoted field names work like plain ones', () => {
      const rows = table('fields `details.name` as `state name` | filter ispresent(`details.name`)', EVENTS);
      expect(rows.map((r) => r['state name'])).toEqual(['Charge', 'Charge', 'Charge']);
    });

    it('display picks the columns to return', () => {
      const rows = table('fields type, execution_arn, id | filter id = "3" | display execution_arn', EVENTS);
      expect(rows).toEqual([
        { execution_arn: arn('ok-1'), '@ptr': expect.any(String) },
        { execution_arn: arn('failed-1'), '@ptr': expect.any(String) },
      ]);
    });

    it('sort orders rows by several keys and limit keeps the first N', () => {
      const rows = table('fields id, type | sort id desc, @timestamp asc | limit 4', EVENTS);
      expect(rows.map((r) => `${r.id}:${r.type}`)).toEqual(['3:ExecutionSucceeded', '3:ExecutionFailed', '2:TaskStateEntered', '2:TaskStateEntered']);
    });

    it('sort keeps the true top N when far more events match than the limit', () => {
      const many = Array.from({ length: 50_000 }, (_, i) => ({ arn: arn(`e-${i}`), id: 1, type: 'ExecutionStarted', at: T0 + ((i * 7919) % 50_000) }));
      const rows = table('fields @timestamp | sort @timestamp desc | limit 3', many);
      expect(rows.map((r) => r['@timestamp'])).toEqual(['2023-11-14 22:14:10.122', '2023-11-14 22:14:10.121', '2023-11-14 22:14:10.120']);
    });

    it('without limit at most 10,000 rows come back, or maxRows when the caller asks for fewer', () => {
      const many = Array.from({ length: 10_050 }, (_, i) => ({ arn: arn(`e-${i}`), id: 1, type: 'ExecutionStarted', at: T0 + i }));
      expect(run('fields @timestamp', many).rows).toHaveLength(10_000);
      expect(run('fields @timestamp', many, { maxRows: 25 }).rows).toHaveLength(25);
      expect(run('fields @timestamp | limit 7', many, { maxRows: 25 }).rows).toHaveLength(7);
    });
  });

  describe('filter', () => {
    const types = (query: string): string[] => table(`fields type | ${query}`, EVENTS).map((r) => r.type!);

    it('compares strings with = and !=', () => {
      expect(types('filter type = "ExecutionFailed"')).toEqual(['ExecutionFailed']);
      expect(types('filter type != "TaskStateEntered" and type != "ExecutionStarted"')).toEqual(['ExecutionSucceeded', 'ExecutionFailed']);
    });

    it('a number literal compares numerically, a string literal compares text', () => {
      expect(types(`filter event_timestamp > ${T0 + 1100}`)).toEqual(['ExecutionFailed', 'ExecutionStarted', 'TaskStateEntered']);
      expect(types('filter id >= 3')).toEqual(['ExecutionSucceeded', 'ExecutionFailed']);
      expect(types('filter id = 3.0')).toEqual(['ExecutionSucceeded', 'ExecutionFailed']);
      expect(types('filter id = "3.0"')).toEqual([]);
    });

    it('in and not in test membership of a list', () => {
      expect(types('filter type in ["ExecutionSucceeded", "ExecutionFailed"]')).toEqual(['ExecutionSucceeded', 'ExecutionFailed']);
      expect(types('filter type not in ["TaskStateEntered", "ExecutionStarted"]')).toEqual(['ExecutionSucceeded', 'ExecutionFailed']);
      expect(types('filter id in [3]')).toEqual(['ExecutionSucceeded', 'ExecutionFailed']);
    });

    it('like matches a substring or a regular expression, and (?i) ignores case', () => {
      expect(types('filter type like "Succeeded"')).toEqual(['ExecutionSucceeded']);
      expect(types('filter type like /^Execution(Failed|TimedOut)$/')).toEqual(['ExecutionFailed']);
      expect(types('filter type =~ /(?i)executionfailed/')).toEqual(['ExecutionFailed']);
      expect(types('filter @message not like "Execution" ')).toEqual(['TaskStateEntered', 'TaskStateEntered', 'TaskStateEntered']);
    });

    it('not, and, or and parentheses combine conditions', () => {
      expect(types('filter not (type like "Execution") or (id = "3" and type = "ExecutionFailed")')).toEqual([
        'TaskStateEntered',
        'TaskStateEntered',
        'ExecutionFailed',
        'TaskStateEntered',
      ]);
    });

    it('a comparison on a field the event lacks is false, whatever the operator', () => {
      expect(types('filter details.error != "nope"')).toEqual(['ExecutionFailed']);
      expect(types('filter not ispresent(details.error) and type like "Execution"')).toEqual(['ExecutionStarted', 'ExecutionSucceeded', 'ExecutionStarted', 'ExecutionStarted']);
    });

    it('filterIndex keeps only events whose field has one of the values', () => {
      expect(types(`filterIndex execution_arn = "${arn('ok-1')}"`)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ExecutionSucceeded']);
      expect(types(`filterIndex execution_arn IN ["${arn('ok-1')}", "${arn('failed-1')}"] | filter id = "3"`)).toEqual(['ExecutionSucceeded', 'ExecutionFailed']);
    });

    it('fields can compute values that later commands filter on', () => {
      const rows = table('fields concat(type, "#", id) as tag, tomillis(@timestamp) - ' + T0 + ' as offset | filter offset >= 1000 and offset < 2000', EVENTS);
      expect(rows.map((r) => [r.tag, r.offset])).toEqual([
        ['ExecutionStarted#1', '1000'],
        ['TaskStateEntered#2', '1100'],
        ['ExecutionFailed#3', '1200'],
      ]);
    });
  });

  describe('stats', () => {
    it('the AWS troubleshooting query returns one row per execution with status, start, stop and event count', () => {
      const rows = table(TERMINAL_QUERY, EVENTS);
      expect(rows).toEqual([
        { execution_arn: arn('ok-1'), status: 'ExecutionSucceeded', startedAt: '2023-11-14 22:13:20.123', stoppedAt: '2023-11-14 22:13:20.323', events: '2' },
        { execution_arn: arn('failed-1'), status: 'ExecutionFailed', startedAt: '2023-11-14 22:13:21.123', stoppedAt: '2023-11-14 22:13:21.323', events: '2' },
        { execution_arn: arn('running-1'), status: 'ExecutionStarted', startedAt: '2023-11-14 22:13:22.123', stoppedAt: '2023-11-14 22:13:22.123', events: '1' },
      ]);
    });

    it('latest() and earliest() break a same-millisecond tie against the log order: the non-terminal, non-start event wins', () => {
      // Undocumented on AWS (real logs share milliseconds): the simulator takes the least favourable reading.
      const sameMs = execution('fast-1', T0, 'ExecutionSucceeded', 0);
      expect(table(TERMINAL_QUERY, sameMs)).toEqual([
        { execution_arn: arn('fast-1'), status: 'ExecutionStarted', startedAt: '2023-11-14 22:13:20.123', stoppedAt: '2023-11-14 22:13:20.123', events: '2' },
      ]);
      expect(table('stats latest(type) as last, earliest(type) as first by execution_arn', sameMs)).toEqual([
        { execution_arn: arn('fast-1'), last: 'ExecutionStarted', first: 'ExecutionSucceeded' },
      ]);
    });

    it('stats count(*) by bin(1m) returns one row per minute sorted by minute', () => {
      const events = [
        ...execution('late', T0 + 120_000, 'ExecutionSucceeded'),
        ...execution('early', T0, 'ExecutionFailed'),
        ...execution('middle', T0 + 60_000, null),
      ];
      expect(table('stats count(*) by bin(1m)', events)).toEqual([
        { 'bin(1m)': '2023-11-14 22:13:00.000', 'count(*)': '3' },
        { 'bin(1m)': '2023-11-14 22:14:00.000', 'count(*)': '2' },
        { 'bin(1m)': '2023-11-14 22:15:00.000', 'count(*)': '3' },
      ]);
    });

    it('bin() takes an alias and combines with other group fields', () => {
      const events = [...execution('a', T0, 'ExecutionSucceeded'), ...execution('b', T0 + 3_600_000, 'ExecutionFailed')];
      const rows = table('filter type like /^Execution(Succeeded|Failed)$/ | stats count(*) as n by bin(1h) as hour, type', events);
      expect(rows).toEqual([
        { hour: '2023-11-14 22:00:00.000', type: 'ExecutionSucceeded', n: '1' },
        { hour: '2023-11-14 23:00:00.000', type: 'ExecutionFailed', n: '1' },
      ]);
    });

    it('groups come back in the order they were first seen when there is no sort', () => {
      const rows = table('stats count(*) as n by type', EVENTS);
      expect(rows).toEqual([
        { type: 'ExecutionStarted', n: '3' },
        { type: 'TaskStateEntered', n: '3' },
        { type: 'ExecutionSucceeded', n: '1' },
        { type: 'ExecutionFailed', n: '1' },
      ]);
    });

    it('computes count, count_distinct, min, max, sum and avg; min and max compare JSON strings as strings', () => {
      // Step Functions writes "id":"13" (a string); whether min/max compare such values as numbers is
      // undocumented: the simulator compares them as text, so max("9", "100") is "9".
      const events = [9, 10, 100].map((id, i) => ({ arn: arn(`e-${i % 2}`), id, type: 'TaskStateEntered', at: T0 + i }));
      const [row] = table(
        'stats count(*) as all, count(details.error) as errors, count_distinct(execution_arn) as executions, min(id) as lo, max(id) as hi, sum(id) as total, avg(id) as mean, min(@timestamp) as firstMs',
        events,
      );
      expect(row).toEqual({ all: '3', errors: '0', executions: '2', lo: '10', hi: '9', total: '119', mean: String(119 / 3), firstMs: String(T0) });
    });

    it('min and max of ids zero-padded with the documented string functions are the numeric extremes', () => {
      const events = [9, 10, 100].map((id, i) => ({ arn: arn('e'), id, type: 'TaskStateEntered', at: T0 + i }));
      const [row] = table('fields concat(substr("0000000000", strlen(id)), id) as idKey | stats min(idKey) as lo, max(idKey) as hi', events);
      expect(row).toEqual({ lo: '0000000009', hi: '0000000100' });
    });

    it('count_distinct is exact for a few values and never exact above 16 (AWS: "just an approximation" at high cardinality)', () => {
      const few = Array.from({ length: 16 }, (_, i) => ({ arn: arn('e'), id: i + 1, type: 'TaskStateEntered', at: T0 + i }));
      const many = Array.from({ length: 40 }, (_, i) => ({ arn: arn('e'), id: i + 1, type: 'TaskStateEntered', at: T0 + i }));
      expect(table('stats count_distinct(id) as n', few)).toEqual([{ n: '16' }]);
      const [estimate] = table('stats count_distinct(id) as n, count(*) as all', many);
      expect(estimate?.all).toBe('40');
      expect(Number(estimate?.n)).not.toBe(40);
      expect(Math.abs(Number(estimate?.n) - 40)).toBeLessThanOrEqual(3);
    });

    it('refuses arithmetic on timestamps (undocumented) and accepts it on toMillis()', () => {
      expect(() => parseInsightsQuery('fields @ingestionTime - @timestamp as delay | stats max(delay)')).toThrow(MalformedQueryError);
      expect(() => parseInsightsQuery('fields @ingestionTime - @timestamp as delay | stats max(delay)')).toThrow(/toMillis/);
      expect(table('fields toMillis(@ingestionTime) - toMillis(@timestamp) as delay | stats max(delay) as d', EVENTS)).toEqual([{ d: '2500' }]);
    });

    it('stats over no matching events returns no rows', () => {
      expect(table('filter type = "ExecutionAborted" | stats count(*)', EVENTS)).toEqual([]);
    });

    it('sort, filter, limit and display after stats work on the aggregated rows', () => {
      const events = [
        ...execution('a', T0, 'ExecutionFailed'),
        ...execution('b', T0 + 10, 'ExecutionFailed'),
        ...execution('c', T0 + 20, 'ExecutionSucceeded'),
        ...execution('d', T0 + 30, null),
      ];
      const query = 'filter type like /^Execution/ | stats count(*) as n, max(id) as lastId by type | filter n > 1 | sort n desc, type asc | limit 2 | display type, n';
      expect(table(query, events)).toEqual([
        { type: 'ExecutionStarted', n: '4' },
        { type: 'ExecutionFailed', n: '2' },
      ]);
      expect(table('stats count(*) by type | sort count(*) asc | limit 1', events)).toEqual([{ type: 'ExecutionSucceeded', 'count(*)': '1' }]);
    });

    it('sort follows the natural order AWS documents: non-numbers first, digit runs by length then value', () => {
      const documented = ['!:', '#', '*%04', '0#', '5A', '111A', '2345_', '@', '@_', 'A', 'A9876fghj', 'a12345hfh', '0', '01', '1', '2', '3'];
      const shuffled = [...documented].reverse().map((name, i) => ({ arn: arn('x'), id: 1, type: 'TaskStateEntered', at: T0 + i, details: { name } }));
      const rows = table('stats count(*) by details.name | sort details.name asc', shuffled);
      expect(rows.map((r) => r['details.name'])).toEqual(documented);
    });

    it('statistics count scanned records, matched records and the bytes scanned', () => {
      const result = run(TERMINAL_QUERY, EVENTS);
      const bytes = EVENTS.reduce((sum, e) => sum + Buffer.byteLength(sfnMessage(e)), 0);
      expect(result.statistics).toEqual({ recordsScanned: 8, recordsMatched: 5, bytesScanned: bytes });
    });

    it('200,000 events grouped by execution_arn are aggregated from a stream, one group per execution', () => {
      const executions = 40_000;
      function* stream(): Generator<InsightsRecord> {
        for (let i = 0; i < 200_000; i++) {
          const n = i % executions;
          const step = Math.floor(i / executions) + 1;
          yield toRecord({ arn: arn(`bulk-${n}`), id: step, type: step === 1 ? 'ExecutionStarted' : step === 5 ? 'ExecutionSucceeded' : 'TaskStateEntered', at: T0 + i });
        }
      }
      const result = runInsightsQuery(parseInsightsQuery(TERMINAL_QUERY), stream(), { maxRows: 100_000 });
      expect(result.statistics.recordsScanned).toBe(200_000);
      expect(result.statistics.recordsMatched).toBe(80_000);
      expect(result.rows).toHaveLength(executions);
      expect(Object.fromEntries(result.rows[0]!.map((c) => [c.field, c.value]))).toMatchObject({ status: 'ExecutionSucceeded', events: '2' });
    });
  });

  describe('indexableEqualities', () => {
    it('lists top-level equality and in filters on log fields', () => {
      const q = parseInsightsQuery(`filter execution_arn = "${arn('ok-1')}" and type in ["ExecutionSucceeded", "ExecutionFailed"] | stats count(*) by type`);
      expect(indexableEqualities(q)).toEqual([
        { field: 'execution_arn', values: [arn('ok-1')] },
        { field: 'type', values: ['ExecutionSucceeded', 'ExecutionFailed'] },
      ]);
    });

    it('includes filterIndex and intersects repeated terms on one field', () => {
      const q = parseInsightsQuery('filterIndex type IN ["ExecutionFailed", "ExecutionTimedOut"] | filter type in ["ExecutionTimedOut", "ExecutionAborted"]');
      expect(indexableEqualities(q)).toEqual([{ field: 'type', values: ['ExecutionTimedOut'] }]);
    });

    it('lists the type filter of the AWS troubleshooting query but not its alias filter', () => {
      expect(indexableEqualities(parseInsightsQuery(TERMINAL_QUERY))).toEqual([
        { field: 'type', values: ['ExecutionStarted', 'ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut'] },
      ]);
    });

    it.each([
      ['an or', 'filter type = "ExecutionFailed" or id = "3"'],
      ['a negation', 'filter type != "ExecutionFailed" and type not in ["TaskStateEntered"]'],
      ['a numeric literal', 'filter id = 3'],
      ['an alias', 'fields details.name as type | filter type = "Charge"'],
      ['a filter after stats', 'stats count(*) as n by type | filter type = "ExecutionFailed"'],
      ['a like', 'filter type like "Execution"'],
    ])('leaves out %s', (_what, query) => {
      expect(indexableEqualities(parseInsightsQuery(query))).toEqual([]);
    });
  });

  describe('malformed queries', () => {
    it('a query outside the subset fails like MalformedQueryException', () => {
      const query = 'fields @timestamp, @message | parse @message "* *" as a, b';
      expect(() => parseInsightsQuery(query)).toThrow(MalformedQueryError);
      expect(() => parseInsightsQuery(query)).toThrow(/^unexpected symbol found parse at line 1 and position 30/);
    });

    it('reports the line and position of the offending symbol', () => {
      expect(() => parseInsightsQuery('fields @timestamp\n| filter type = = "x"')).toThrow('unexpected symbol found = at line 2 and position 16');
      expect(() => parseInsightsQuery('stats count(*) by')).toThrow('unexpected symbol found <EOF> at line 1 and position 17');
    });

    it.each([
      ['an empty query', ''],
      ['a dangling pipe', 'fields @timestamp |'],
      ['an unknown command', 'select * from logs'],
      ['an unknown function', 'fields md5(@message)'],
      ['an aggregate outside stats', 'fields count(*)'],
      ['a non-aggregate in stats', 'stats ispresent(type)'],
      ['min(*)', 'stats min(*)'],
      ['a bad bin period', 'stats count(*) by bin(5 minutes)'],
      ['a bin unit it does not know', 'stats count(*) by bin(1fortnight)'],
      ['limit 0', 'fields @timestamp | limit 0'],
      ['limit over 100,000', 'fields @timestamp | limit 100001'],
      ['an unterminated string', 'filter type = "ExecutionFailed'],
      ['an unterminated regex', 'filter type like /Execution'],
      ['an invalid regex', 'filter type like /(unclosed/'],
      ['a field stats did not produce', 'stats count(*) as n by type | sort @timestamp desc'],
      ['a second stats', 'stats count(*) as n by type | stats count(*)'],
      ['sort before stats', 'sort @timestamp desc | stats count(*)'],
      ['a missing closing parenthesis', 'filter (type = "a"'],
      ['&& instead of and', 'filter type = "a" && id = "1"'],
    ])('rejects %s', (_what, query) => {
      expect(() => parseInsightsQuery(query)).toThrow(MalformedQueryError);
    });
  });
});
