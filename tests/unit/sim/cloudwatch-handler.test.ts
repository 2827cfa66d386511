import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  paginateGetMetricData,
  type GetMetricDataCommandInput,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCloudWatchRequest, type MetricSource, type MetricStatusFault } from '@/sim/cloudwatch/handler';

const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const START = new Date('2026-01-08T10:00:00Z');
const END = new Date('2026-01-08T10:05:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The simulated clock: ten minutes after END, unless a test moves it. */
let now = END.getTime() + 10 * MINUTE;
let statusFaults: MetricStatusFault[] = [];

const seen: Array<Parameters<MetricSource>[0]> = [];

/** `ExecutionsSucceeded` of the orders machine: the Sum for minute i is i + 1; any other metric is unknown. */
const source: MetricSource = (q) => {
  seen.push(q);
  if (q.namespace !== 'AWS/States' || q.dimensions[0]?.Value !== SM_ARN) return null;
  const points = [];
  for (let t = q.startMs; t < q.endMs; t += q.periodSec * 1000) points.push({ timestampMs: t, value: (t - q.startMs) / MINUTE + 1 });
  return points;
};

type QueryOptions = Partial<MetricDataQuery> & { period?: number; namespace?: string };

const metricQuery = (Id: string, { period = 60, namespace = 'AWS/States', ...overrides }: QueryOptions = {}): MetricDataQuery => ({
  Id,
  MetricStat: {
    Metric: { Namespace: namespace, MetricName: 'ExecutionsSucceeded', Dimensions: [{ Name: 'StateMachineArn', Value: SM_ARN }] },
    Period: period,
    Stat: 'Sum',
  },
  ...overrides,
});

let server: http.Server;
let cw: CloudWatchClient;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = handleCloudWatchRequest(String(req.headers['x-amz-target']), Buffer.concat(chunks).toString('utf8'), source, { now, statusFaults });
      res.writeHead(r.status, r.headers).end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cw = new CloudWatchClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
});

afterAll(async () => {
  cw.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const getMetricData = (input: Partial<GetMetricDataCommandInput>) =>
  cw.send(new GetMetricDataCommand({ StartTime: START, EndTime: END, MetricDataQueries: [metricQuery('succeeded')], ...input }));

async function errorOf(p: Promise<unknown>): Promise<Error & { Code?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

const minutes = (...i: number[]) => i.map((m) => new Date(START.getTime() + m * MINUTE));

describe('GetMetricData', () => {
  it('returns per-minute Sums with Date timestamps, newest first', async () => {
    const out = await getMetricData({});
    expect(out.MetricDataResults).toEqual([
      { Id: 'succeeded', Label: 'ExecutionsSucceeded', Timestamps: minutes(4, 3, 2, 1, 0), Values: [5, 4, 3, 2, 1], StatusCode: 'Complete' },
    ]);
    expect(out.NextToken).toBeUndefined();
    expect(out.Messages).toEqual([]);
    expect(seen.at(-1)).toEqual({
      namespace: 'AWS/States',
      metricName: 'ExecutionsSucceeded',
      dimensions: [{ Name: 'StateMachineArn', Value: SM_ARN }],
      startMs: START.getTime(),
      endMs: END.getTime(),
      periodSec: 60,
      stat: 'Sum',
    });
  });

  it('orders timestamps oldest first with ScanBy TimestampAscending and keeps the given Label', async () => {
    const out = await getMetricData({ ScanBy: 'TimestampAscending', MetricDataQueries: [metricQuery('ok', { Label: 'Succeeded' })] });
    expect(out.MetricDataResults?.[0]).toMatchObject({ Label: 'Succeeded', Timestamps: minutes(0, 1, 2, 3, 4), Values: [1, 2, 3, 4, 5] });
  });

  it('answers an unknown metric with an empty, complete result and leaves out ReturnData=false queries', async () => {
    const unknown = metricQuery('other', { namespace: 'AWS/Lambda' });
    const out = await getMetricData({ MetricDataQueries: [unknown, metricQuery('hidden', { ReturnData: false })] });
    expect(out.MetricDataResults).toEqual([{ Id: 'other', Label: 'ExecutionsSucceeded', Timestamps: [], Values: [], StatusCode: 'Complete' }]);
  });

  it('pages by MaxDatapoints across queries until every datapoint is delivered', async () => {
    const pages: GetMetricDataCommandOutput[] = [];
    const input = { StartTime: START, EndTime: END, MaxDatapoints: 3, MetricDataQueries: [metricQuery('a'), metricQuery('b')] };
    for await (const page of paginateGetMetricData({ client: cw }, input)) pages.push(page);
    expect(pages).toHaveLength(4);
    expect(pages[0]?.MetricDataResults?.map((r) => [r.Id, r.Values, r.StatusCode])).toEqual([
      ['a', [5, 4, 3], 'PartialData'],
      ['b', [], 'PartialData'],
    ]);
    const collected = (id: string) => pages.flatMap((p) => p.MetricDataResults?.find((r) => r.Id === id)?.Values ?? []);
    expect(collected('a')).toEqual([5, 4, 3, 2, 1]);
    expect(collected('b')).toEqual([5, 4, 3, 2, 1]);
    expect(pages.at(-1)?.NextToken).toBeUndefined();
  });
});

describe('GetMetricData resolution by age (docs/aws-behaviour.md §11.2)', () => {
  const at = (daysAgo: number) => {
    now = END.getTime() + daysAgo * DAY;
  };
  const values = async (period: number, start = START, end = END) => {
    const out = await cw.send(new GetMetricDataCommand({ StartTime: start, EndTime: end, ScanBy: 'TimestampAscending', MetricDataQueries: [metricQuery('s', { period })] }));
    return { values: out.MetricDataResults?.[0]?.Values, status: out.MetricDataResults?.[0]?.StatusCode };
  };
  const reset = () => {
    now = END.getTime() + 10 * MINUTE;
  };

  it('returns no data points at Period 60 for a StartTime more than 15 days ago, and the Sums at 300 s', async () => {
    at(16);
    try {
      expect(await values(60)).toEqual({ values: [], status: 'Complete' });
      expect(await values(300)).toEqual({ values: [1], status: 'Complete' });
    } finally {
      reset();
    }
  });

  it('returns data at Period 60 for a StartTime 14 days ago', async () => {
    at(14);
    try {
      expect(await values(60)).toEqual({ values: [1, 2, 3, 4, 5], status: 'Complete' });
    } finally {
      reset();
    }
  });

  it('needs a multiple of 3600 s for a StartTime more than 63 days ago, and keeps nothing past 455 days', async () => {
    const hourEnd = new Date(START.getTime() + 60 * MINUTE);
    at(64);
    try {
      expect(await values(300, START, hourEnd)).toEqual({ values: [], status: 'Complete' });
      expect(await values(3600, START, hourEnd)).toEqual({ values: [1], status: 'Complete' });
      at(456);
      expect(await values(3600, START, hourEnd)).toEqual({ values: [], status: 'Complete' });
    } finally {
      reset();
    }
  });

  it('answers a faulted metric with StatusCode Forbidden and no points, or InternalError with only some points', async () => {
    statusFaults = [{ metricName: 'ExecutionsSucceeded', statusCode: 'Forbidden' }];
    try {
      const forbidden = await getMetricData({});
      expect(forbidden.MetricDataResults?.[0]).toMatchObject({ StatusCode: 'Forbidden', Values: [] });
      statusFaults = [{ dimensionValue: `${SM_ARN.slice(0, -3)}*`, statusCode: 'InternalError' }];
      const failed = await getMetricData({});
      expect(failed.MetricDataResults?.[0]?.StatusCode).toBe('InternalError');
      expect(failed.MetricDataResults?.[0]?.Values?.length).toBeLessThan(5);
    } finally {
      statusFaults = [];
    }
  });

  it('keeps a PartialData fault partial on every page: its NextToken chain never completes', async () => {
    statusFaults = [{ statusCode: 'PartialData' }];
    try {
      let token: string | undefined;
      for (let page = 0; page < 3; page++) {
        const out = await getMetricData({ NextToken: token });
        expect(out.MetricDataResults?.[0]?.StatusCode).toBe('PartialData');
        expect(out.NextToken).toBeDefined();
        token = out.NextToken;
      }
    } finally {
      statusFaults = [];
    }
  });
});

describe('GetMetricData validation', () => {
  it('rejects a period that is not a multiple of 60 as InvalidParameterValueException', async () => {
    const err = await errorOf(getMetricData({ MetricDataQueries: [metricQuery('succeeded', { period: 90 })] }));
    expect(err).toMatchObject({ name: 'InvalidParameterValueException', Code: 'InvalidParameterValue' });
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(err.message).toContain('Period');
  });

  it('rejects StartTime at or after EndTime', async () => {
    const err = await errorOf(getMetricData({ StartTime: END, EndTime: START }));
    expect(err.name).toBe('InvalidParameterValueException');
  });

  it('rejects a query Id that does not match ^[a-z][a-zA-Z0-9_]*$', async () => {
    const err = await errorOf(getMetricData({ MetricDataQueries: [metricQuery('Succeeded-1')] }));
    expect(err.name).toBe('InvalidParameterValueException');
    expect(err.message).toContain('MetricDataQueries.member.1.Id');
  });

  it('rejects more than 500 queries', async () => {
    const queries = Array.from({ length: 501 }, (_, i) => metricQuery(`q${i}`));
    const err = await errorOf(getMetricData({ MetricDataQueries: queries }));
    expect(err.name).toBe('InvalidParameterValueException');
  });

  it('rejects metric math expressions for now', async () => {
    const err = await errorOf(getMetricData({ MetricDataQueries: [{ Id: 'rate', Expression: 'succeeded / 60' }] }));
    expect(err.name).toBe('InvalidParameterValueException');
    expect(err.message).toContain('Expression');
  });

  it('rejects a missing StartTime with the query-compatible error header', () => {
    const r = handleCloudWatchRequest('GraniteServiceVersion20100801.GetMetricData', JSON.stringify({ EndTime: 1767866700, MetricDataQueries: [] }), source);
    expect(r.status).toBe(400);
    expect(r.headers['x-amzn-query-error']).toBe('InvalidParameterValue;Sender');
    expect(JSON.parse(r.body)).toMatchObject({ __type: 'com.amazonaws.cloudwatch#InvalidParameterValueException' });
  });

  it('answers an unknown target and a malformed body like the JSON protocol does', () => {
    const unknown = handleCloudWatchRequest('GraniteServiceVersion20100801.PutMetricData', '{}', source);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).__type).toMatch(/#UnknownOperationException$/);
    const malformed = handleCloudWatchRequest('GraniteServiceVersion20100801.GetMetricData', '{"StartTime":', source);
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).__type).toMatch(/#SerializationException$/);
  });
});
