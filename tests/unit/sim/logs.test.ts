import { describe, expect, it } from 'vitest';
import { buildWorld } from '@/sim/account';
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
