import { describe, expect, it, vi } from 'vitest';
import { buildWorld } from '@/sim/account';
import { parseInsightsQuery } from '@/sim/logs/insights';
import { profileByName } from '@/sim/scenarios';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const GROUP = '/aws/vendedlogs/states/billing-standard-Logs';
const OTHER = '/aws/vendedlogs/states/orders-express-Logs';
const GROUP_ARN = `arn:aws:logs:us-east-1:123456789012:log-group:${GROUP}`;

const world = () => buildWorld(profileByName('demo'), 42, T0);

function call(logs: ReturnType<typeof world>['logs'], op: string, body: Record<string, unknown>) {
  const r = logs.handle(op, JSON.stringify(body), T0);
  return { status: r.status, errorType: r.headers['x-amzn-errortype'], body: JSON.parse(r.body) as Record<string, unknown> };
}

const window = { startTime: T0 - 3600_000, endTime: T0 };

describe('a log group deleted in the simulated account', () => {
  it('is no longer listed by DescribeLogGroups, and is listed again once restored', () => {
    const { logs } = world();
    const names = () => (call(logs, 'DescribeLogGroups', { logGroupNamePrefix: '/aws/vendedlogs/states/' }).body.logGroups as Array<{ logGroupName: string }>).map((g) => g.logGroupName);
    expect(names()).toContain(GROUP);
    expect(logs.deleteGroup(GROUP)).toBe(true);
    expect(names()).not.toContain(GROUP);
    expect(names()).toContain(OTHER);
    expect(call(logs, 'DescribeLogGroups', { logGroupIdentifiers: [GROUP_ARN] }).body.logGroups).toEqual([]);
    expect(logs.restoreGroup(GROUP)).toBe(true);
    expect(names()).toContain(GROUP);
  });

  it('answers every read of it with ResourceNotFoundException "The specified log group does not exist."', () => {
    const { logs } = world();
    logs.deleteGroup(GROUP);
    const reads: Array<[string, Record<string, unknown>]> = [
      ['FilterLogEvents', { logGroupName: GROUP, ...window }],
      ['FilterLogEvents', { logGroupIdentifier: GROUP_ARN, ...window }],
      ['DescribeLogStreams', { logGroupName: GROUP }],
      ['GetLogEvents', { logGroupName: GROUP, logStreamName: 'log_stream_created_by_aws_to_validate_log_delivery_subscriptions' }],
      ['DescribeIndexPolicies', { logGroupIdentifiers: [GROUP_ARN] }],
    ];
    for (const [op, body] of reads) {
      const r = call(logs, op, body);
      expect(r.status, op).toBe(400);
      expect(r.errorType, op).toBe('ResourceNotFoundException');
      expect(r.body, op).toEqual({ __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    }
    // The other groups are untouched.
    expect(call(logs, 'FilterLogEvents', { logGroupName: OTHER, ...window }).status).toBe(200);
  });

  it('refuses a Logs Insights query naming it with ResourceNotFoundException naming the group and the account', () => {
    const { logs } = world();
    logs.deleteGroup(GROUP);
    const q = { queryString: 'stats count(*)', startTime: Math.floor(window.startTime / 1000), endTime: Math.floor(window.endTime / 1000) };
    for (const names of [{ logGroupName: GROUP }, { logGroupNames: [OTHER, GROUP] }, { logGroupIdentifiers: [`${GROUP_ARN}:*`] }]) {
      const r = call(logs, 'StartQuery', { ...names, ...q });
      expect(r.status, JSON.stringify(names)).toBe(400);
      expect(r.body, JSON.stringify(names)).toEqual({ __type: 'ResourceNotFoundException', message: `Log group '${GROUP}' does not exist for account ID '123456789012'` });
    }
    logs.restoreGroup(GROUP);
    expect(call(logs, 'StartQuery', { logGroupName: GROUP, ...q }).body).toHaveProperty('queryId');
  });

  it('gives its events back when restored', () => {
    const { logs } = world();
    const before = call(logs, 'FilterLogEvents', { logGroupName: GROUP, ...window, limit: 50 }).body.events;
    logs.deleteGroup(GROUP);
    logs.restoreGroup(GROUP);
    const after = call(logs, 'FilterLogEvents', { logGroupName: GROUP, ...window, limit: 50 }).body.events;
    expect((after as unknown[]).length).toBeGreaterThan(0);
    expect(after).toEqual(before);
  });

  it('only deletes groups the account has', () => {
    const { logs } = world();
    expect(logs.deleteGroup('/aws/vendedlogs/states/nope')).toBe(false);
    expect(logs.restoreGroup('/aws/vendedlogs/states/nope')).toBe(false);
  });
});

describe('another writer’s lines in a Step Functions log group', () => {
  const PAYMENTS = '/aws/vendedlogs/states/payments-express-tf76-Logs';
  const STREAM = 'payments-reconciler/worker-1';
  const hour = { startTime: T0 - 3600_000, endTime: T0 };

  it('are plain text or JSON without execution_arn, one a minute, in a stream of their own', () => {
    const { logs } = world();
    const streams = call(logs, 'DescribeLogStreams', { logGroupName: PAYMENTS }).body.logStreams as Array<{ logStreamName: string }>;
    expect(streams.map((s) => s.logStreamName)).toContain(STREAM);
    const lines = call(logs, 'GetLogEvents', { logGroupName: PAYMENTS, logStreamName: STREAM, ...hour, startFromHead: true }).body.events as Array<{ message: string }>;
    expect(lines.length).toBeGreaterThanOrEqual(59);
    expect(lines.length).toBeLessThanOrEqual(61);
    const json = lines.filter((l) => l.message.startsWith('{'));
    expect(json.length).toBeGreaterThan(10);
    expect(lines.length - json.length).toBeGreaterThan(30);
    for (const l of json) expect(JSON.parse(l.message)).not.toHaveProperty('execution_arn');
  });

  it('are matched by FilterLogEvents as written: a text pattern finds them all, a JSON pattern only the JSON ones, an execution_arn pattern none', () => {
    const { logs } = world();
    const find = (filterPattern: string) => {
      const out: Array<{ message: string; logStreamName: string }> = [];
      let nextToken: string | undefined;
      for (let page = 0; page < 100; page++) {
        const body = call(logs, 'FilterLogEvents', { logGroupName: PAYMENTS, ...hour, filterPattern, ...(nextToken ? { nextToken } : {}) }).body;
        out.push(...((body.events as typeof out | undefined) ?? []));
        nextToken = body.nextToken as string | undefined;
        if (!nextToken) break;
      }
      return out;
    };
    const text = find('"payments-reconciler"');
    expect(text.length).toBeGreaterThanOrEqual(59);
    expect(new Set(text.map((e) => e.logStreamName))).toEqual(new Set([STREAM]));
    const warn = find('{ $.level = "warn" }');
    expect(warn.length).toBeGreaterThan(10);
    expect(warn.length).toBeLessThan(text.length);
    const stepFunctions = find('{ $.execution_arn = "*" }');
    expect(stepFunctions.length).toBeGreaterThan(100);
    expect(stepFunctions.filter((e) => e.message.includes('payments-reconciler'))).toEqual([]);
  });

  it('form a group of their own in a Logs Insights stats by execution_arn, and are left out by ispresent(execution_arn)', () => {
    const { logs } = world();
    const group = logs.group(PAYMENTS);
    const run = (q: string) => logs.runQuery(parseInsightsQuery(q), [group], hour.startTime, hour.endTime, T0).rows.map((r) => Object.fromEntries(r.map((c) => [c.field, c.value])));
    const byArn = run('stats count(*) as events by execution_arn');
    const unattributed = byArn.filter((r) => !r.execution_arn);
    expect(unattributed).toHaveLength(1);
    expect(Number(unattributed[0]?.events)).toBeGreaterThanOrEqual(59);
    expect(run('filter ispresent(execution_arn) | stats count(*) as events by execution_arn').filter((r) => !r.execution_arn)).toEqual([]);
  });
});

describe('Logs Insights results in the simulated account (docs/aws-behaviour.md §11.8)', () => {
  const EXPRESS = '/aws/vendedlogs/states/orders-express-Logs';
  const QUERY = 'stats count(*) as events by execution_arn | sort execution_arn asc';
  const at = (logs: ReturnType<typeof world>['logs'], op: string, body: Record<string, unknown>, now: number) => {
    const r = logs.handle(op, JSON.stringify(body), now);
    return { status: r.status, errorType: r.headers['x-amzn-errortype'], body: JSON.parse(r.body) as { status?: string; results?: unknown[]; nextToken?: string; queryId?: string; statistics?: { recordsScanned: number } } };
  };

  it('pages GetQueryResults: a small page by default, up to maxItems (at most 10,000), the rest behind nextToken', () => {
    vi.useFakeTimers({ now: T0 });
    try {
      const { logs } = world();
      const start = at(logs, 'StartQuery', { logGroupName: EXPRESS, queryString: QUERY, startTime: (T0 - 15 * 60_000) / 1000, endTime: T0 / 1000, limit: 20_000 }, T0);
      expect(start.status).toBe(200);
      const queryId = start.body.queryId ?? '';
      vi.advanceTimersByTime(20);
      const done = T0 + 60_000;
      const first = at(logs, 'GetQueryResults', { queryId }, done);
      expect(first.body.status).toBe('Complete');
      expect(first.body.results).toHaveLength(1_000);
      expect(first.body.nextToken).toBeDefined();
      const all = at(logs, 'GetQueryResults', { queryId, maxItems: 10_000 }, done);
      const total = all.body.results?.length ?? 0;
      expect(total).toBeGreaterThan(1_000);
      expect(all.body.nextToken).toBeUndefined();
      let paged = first.body.results?.length ?? 0;
      let token = first.body.nextToken;
      for (let i = 0; token && i < 20; i++) {
        const next = at(logs, 'GetQueryResults', { queryId, nextToken: token }, done);
        paged += next.body.results?.length ?? 0;
        token = next.body.nextToken;
      }
      expect(paged).toBe(total);
      expect(at(logs, 'GetQueryResults', { queryId, maxItems: 10_001 }, done).errorType).toBe('ValidationException');
      expect(at(logs, 'StartQuery', { logGroupName: EXPRESS, queryString: QUERY, startTime: (T0 - 60_000) / 1000, endTime: T0 / 1000, limit: 100_001 }, T0).errorType).toBe('ValidationException');
    } finally {
      vi.useRealTimers();
    }
  });

  it('returns partial results while a query is Running: aggregates that look final but are not', () => {
    vi.useFakeTimers({ now: T0 });
    try {
      const { logs } = world();
      const queryId = at(logs, 'StartQuery', { logGroupName: EXPRESS, queryString: QUERY, startTime: (T0 - 10 * 60_000) / 1000, endTime: T0 / 1000 }, T0).body.queryId ?? '';
      vi.advanceTimersByTime(20);
      const running = at(logs, 'GetQueryResults', { queryId, maxItems: 10_000 }, T0 + 20);
      const complete = at(logs, 'GetQueryResults', { queryId, maxItems: 10_000 }, T0 + 60_000);
      expect(running.body.status).toBe('Running');
      expect(complete.body.status).toBe('Complete');
      expect(running.body.results?.length).toBeGreaterThan(0);
      expect(running.body.results?.length).toBeLessThan(complete.body.results?.length ?? 0);
      expect(running.body.statistics?.recordsScanned).toBeLessThan(complete.body.statistics?.recordsScanned ?? 0);
    } finally {
      vi.useRealTimers();
    }
  });
});
