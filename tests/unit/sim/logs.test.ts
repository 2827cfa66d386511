import { describe, expect, it, vi } from 'vitest';
import { buildWorld } from '@/sim/account';
import { INDEX_SCAN_LAG_MS } from '@/sim/logs/handler';
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
    // The first page of a search may be empty (docs/aws-behaviour.md §11.9): the second one has events.
    const secondPage = () => {
      const first = call(logs, 'FilterLogEvents', { logGroupName: GROUP, ...window, limit: 50 }).body;
      return call(logs, 'FilterLogEvents', { logGroupName: GROUP, ...window, limit: 50, nextToken: first.nextToken }).body.events;
    };
    const before = secondPage();
    logs.deleteGroup(GROUP);
    logs.restoreGroup(GROUP);
    const after = secondPage();
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

describe('field indexes start when their policy is put (docs/aws-behaviour.md §11.1)', () => {
  const BILLING = '/aws/vendedlogs/states/billing-standard-Logs';
  const POLICY_AT = T0 - 90 * 60_000;

  it('DescribeIndexPolicies gives a log-group-level policy its lastUpdateTime and source, and no policyName', () => {
    const { logs } = world();
    const out = call(logs, 'DescribeIndexPolicies', { logGroupIdentifiers: [BILLING] }).body.indexPolicies as Array<Record<string, unknown>>;
    expect(out).toEqual([
      { logGroupIdentifier: `arn:aws:logs:us-east-1:123456789012:log-group:${BILLING}`, lastUpdateTime: POLICY_AT, policyDocument: '{"Fields":["execution_arn"]}', source: 'LOG_GROUP' },
    ]);
  });

  it('filterIndex returns only events ingested after the policy and before the unscanned tail; a plain filter returns them all', () => {
    const { logs, account } = world();
    const sm = account.stateMachineByName('billing-standard')!;
    const group = logs.group(BILLING);
    const all = [...account.executions(sm, account.epochMs, T0)].filter((e) => account.loggedEvents(e).length > 0);
    const before = all.find((e) => account.loggedEvents(e).every((ev) => ev.ingestionTime < POLICY_AT));
    const after = all.find((e) => account.loggedEvents(e).every((ev) => ev.ingestionTime > POLICY_AT && ev.ingestionTime < T0 - INDEX_SCAN_LAG_MS));
    const recent = all.find((e) => account.loggedEvents(e).every((ev) => ev.ingestionTime > T0 - INDEX_SCAN_LAG_MS && ev.ingestionTime <= T0));
    expect(before && after && recent, 'billing-standard has executions before, after and just now').toBeTruthy();
    const rows = (arn: string, command: 'filter' | 'filterIndex') =>
      logs.runQuery(parseInsightsQuery(`${command} execution_arn = "${arn}" | fields @timestamp`), [group], account.epochMs, T0, T0).rows.length;
    for (const e of [before!, after!, recent!]) expect(rows(e.arn, 'filter'), e.arn).toBe(account.loggedEvents(e).length);
    expect(rows(before!.arn, 'filterIndex')).toBe(0);
    expect(rows(after!.arn, 'filterIndex')).toBe(account.loggedEvents(after!).length);
    expect(rows(recent!.arn, 'filterIndex')).toBe(0);
    // A group without the field indexed gives filterIndex nothing at all.
    const orders = logs.group('/aws/vendedlogs/states/orders-express-Logs');
    expect(logs.runQuery(parseInsightsQuery('filterIndex execution_arn = "x" | stats count(*) as n'), [orders], T0 - 3600_000, T0, T0).rows).toEqual([]);
  });
});

describe('resource policies scoped to one log group (docs/aws-behaviour.md §11.5)', () => {
  const INGEST = '/aws/states/ingest-express-error-level';
  const INGEST_ARN = `arn:aws:logs:us-east-1:123456789012:log-group:${INGEST}`;

  it('are left out of the default (ACCOUNT) listing and listed with policyScope RESOURCE and the ARN they were put on', () => {
    const { logs } = world();
    const list = (body: Record<string, unknown>) => call(logs, 'DescribeResourcePolicies', body).body.resourcePolicies as Array<Record<string, unknown>>;
    const account = list({});
    expect(account.map((p) => p.policyScope)).toEqual(['ACCOUNT', 'ACCOUNT']);
    expect(account.some((p) => String(p.policyDocument).includes(INGEST))).toBe(false);
    expect(list({ policyScope: 'ACCOUNT' })).toEqual(account);
    const own = list({ policyScope: 'RESOURCE', resourceArn: `${INGEST_ARN}:*` });
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ policyScope: 'RESOURCE', resourceArn: `${INGEST_ARN}:*` });
    expect(own[0]).not.toHaveProperty('policyName');
    expect(String(own[0]?.policyDocument)).toContain('delivery.logs.amazonaws.com');
    // The model does not say the bare ARN names the same policy: the simulator does not match it.
    expect(list({ policyScope: 'RESOURCE', resourceArn: INGEST_ARN })).toEqual([]);
  });
});

describe('FilterLogEvents pages (docs/aws-behaviour.md §11.9)', () => {
  it('answers the first page of a search empty with a nextToken, then partially full pages until the last', () => {
    const { logs, account } = world();
    const sm = account.stateMachineByName('billing-standard')!;
    const e = [...account.executions(sm, T0 - 3600_000, T0 - 1800_000)].find((x) => account.loggedEvents(x).length >= 4)!;
    const q = { logGroupName: GROUP, filterPattern: `{ $.execution_arn = "${e.arn}" }`, startTime: e.startMs - 1000, endTime: T0 };
    const pages: number[] = [];
    let nextToken: string | undefined;
    do {
      const body = call(logs, 'FilterLogEvents', { ...q, ...(nextToken ? { nextToken } : {}) }).body;
      pages.push((body.events as unknown[]).length);
      nextToken = body.nextToken as string | undefined;
    } while (nextToken && pages.length < 10);
    expect(pages[0]).toBe(0);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.reduce((a, n) => a + n, 0)).toBe(account.loggedEvents(e).length);
  });

  it('throttles calls above the filterLogEventsTps fault (AWS: 5 TPS per account and Region) with ThrottlingException', () => {
    const { logs } = world();
    logs.filterLogEventsTps = 5;
    const statuses = Array.from({ length: 6 }, () => call(logs, 'FilterLogEvents', { logGroupName: GROUP, ...window }));
    expect(statuses.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toMatchObject({ status: 400, errorType: 'ThrottlingException', body: { message: 'Rate exceeded' } });
  });

  it('answers every page empty with a nextToken under the endlessEmptyPages fault', () => {
    const { logs } = world();
    logs.endlessEmptyPages = true;
    let nextToken: string | undefined;
    for (let i = 0; i < 20; i++) {
      const body = call(logs, 'FilterLogEvents', { logGroupName: GROUP, ...window, ...(nextToken ? { nextToken } : {}) }).body;
      expect(body.events).toEqual([]);
      nextToken = body.nextToken as string | undefined;
      expect(nextToken).toBeTruthy();
    }
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

  it('answers StartQuery LimitExceededException while its concurrent query quota is running, and takes queries again once one ended, read or not', () => {
    vi.useFakeTimers({ now: T0 });
    try {
      const { logs } = world();
      logs.insightsQueryQuota = 2;
      const range = { logGroupName: EXPRESS, queryString: QUERY, startTime: (T0 - 60_000) / 1000, endTime: T0 / 1000 };
      expect(at(logs, 'StartQuery', range, T0).status).toBe(200);
      expect(at(logs, 'StartQuery', range, T0).status).toBe(200);
      const refused = at(logs, 'StartQuery', range, T0);
      expect(refused.status).toBe(400);
      expect(refused.errorType).toBe('LimitExceededException');
      expect(logs.runningQueries(T0)).toBe(2);
      vi.advanceTimersByTime(20);
      // Nobody read the results: the queries still ended when their scan and running time were over.
      const later = T0 + 60_000;
      expect(logs.runningQueries(later)).toBe(0);
      expect(at(logs, 'StartQuery', range, later).status).toBe(200);
      expect(logs.maxRunningQueries).toBe(2);
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
  it("grows a running query's statistics with the account's clock, and stops it while it still shows Running", () => {
    vi.useFakeTimers({ now: T0 });
    try {
      const { logs } = world();
      logs.queryRunningMs = 60_000;
      const queryId = at(logs, 'StartQuery', { logGroupName: EXPRESS, queryString: QUERY, startTime: (T0 - 10 * 60_000) / 1000, endTime: T0 / 1000 }, T0).body.queryId ?? '';
      vi.advanceTimersByTime(20);
      const scanned = [T0 + 1_000, T0 + 20_000, T0 + 40_000].map((t) => {
        const r = at(logs, 'GetQueryResults', { queryId }, t).body;
        expect(r.status).toBe('Running');
        return r.statistics?.recordsScanned ?? 0;
      });
      expect(scanned[0]).toBeLessThan(scanned[1] ?? 0);
      expect(scanned[1]).toBeLessThan(scanned[2] ?? 0);
      expect(at(logs, 'StopQuery', { queryId }, T0 + 40_000).body).toEqual({ success: true });
      expect(at(logs, 'GetQueryResults', { queryId }, T0 + 41_000).body.status).toBe('Cancelled');
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a stopped query at the statistics it had grown to: what it cost so far, not the whole scan', () => {
    vi.useFakeTimers({ now: T0 });
    try {
      const { logs } = world();
      logs.queryRunningMs = 60_000;
      const range = { logGroupName: EXPRESS, queryString: QUERY, startTime: (T0 - 10 * 60_000) / 1000, endTime: T0 / 1000 };
      const stopped = at(logs, 'StartQuery', range, T0).body.queryId ?? '';
      const whole = at(logs, 'StartQuery', range, T0).body.queryId ?? '';
      vi.advanceTimersByTime(20);
      const soFar = at(logs, 'GetQueryResults', { queryId: stopped }, T0 + 20_000).body;
      expect(soFar.status).toBe('Running');
      expect(at(logs, 'StopQuery', { queryId: stopped }, T0 + 20_000).body).toEqual({ success: true });
      const full = at(logs, 'GetQueryResults', { queryId: whole }, T0 + 120_000).body;
      expect(full.status).toBe('Complete');
      expect(soFar.statistics?.recordsScanned).toBeGreaterThan(0);
      expect(soFar.statistics?.recordsScanned).toBeLessThan(full.statistics?.recordsScanned ?? 0);
      // However late it is polled, a Cancelled query keeps the statistics of the moment it was stopped.
      for (const t of [T0 + 21_000, T0 + 59_000, T0 + 120_000]) {
        const cancelled = at(logs, 'GetQueryResults', { queryId: stopped }, t).body;
        expect(cancelled.status).toBe('Cancelled');
        expect(cancelled.results).toEqual([]);
        expect(cancelled.statistics).toEqual(soFar.statistics);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});
