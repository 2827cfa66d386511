import { afterEach, describe, expect, it } from 'vitest';
import { setClientsForTests } from '@/lib/aws/clients';
import { AwsReadError } from '@/lib/aws/errors';
import { checkRolePermissions, readRolePolicyDocuments } from '@/lib/aws/iam';
import { describeIndexedFields, describeResourcePolicies, filterLogEvents, MAX_DESCRIBE_PAGES } from '@/lib/aws/logs';
import { getExecutionMetrics, MAX_METRIC_PAGES } from '@/lib/aws/metrics';
import { listExecutions, listMapRunExecutions, listMapRuns, listStateMachineArns } from '@/lib/aws/step-functions';
import { scriptedClients } from './scripted-clients';

// An endpoint may answer a next token without end (empty pages are legal: docs/aws-behaviour.md §11.9).
// Every listing sfn-lens pages through stops at a bound and names the read, instead of running on.

/** A client whose every answer is an empty page that promises more. */
function endlessClient() {
  let calls = 0;
  const send = async () => {
    calls++;
    return { nextToken: `t${calls}`, NextToken: `t${calls}`, IsTruncated: true, Marker: `m${calls}`, stateMachines: [], executions: [], mapRuns: [], EvaluationResults: [], PolicyNames: [], AttachedPolicies: [] };
  };
  return { send, calls: () => calls };
}

function install(): () => number {
  const { send, calls } = endlessClient();
  setClientsForTests(scriptedClients({ sfn: send, logs: send, iam: send, cloudwatch: send }));
  return calls;
}

afterEach(() => setClientsForTests(null));

describe('paging loops stop at a bound when the endpoint answers a next token without end', () => {
  const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:billing-standard';
  const cases: Array<[string, string, () => Promise<unknown>, number]> = [
    ['ListStateMachines', 'states:ListStateMachines', () => listStateMachineArns(), 100],
    ['ListExecutions of a state machine', 'states:ListExecutions', () => listExecutions(SM, 0, Date.now()), 100],
    ['ListExecutions of a Map Run', 'states:ListExecutions', () => listMapRunExecutions('arn:aws:states:us-east-1:123456789012:mapRun:billing-standard/Map:1'), 100],
    ['ListMapRuns', 'states:ListMapRuns', () => listMapRuns(`${SM.replace('stateMachine', 'execution')}:run-1`), 100],
    ['ListRolePolicies', 'iam:ListRolePolicies', () => readRolePolicyDocuments('arn:aws:iam::123456789012:role/r'), 50],
    ['SimulatePrincipalPolicy', 'iam:SimulatePrincipalPolicy', () => checkRolePermissions('arn:aws:iam::123456789012:role/r', ['logs:PutLogEvents']), 50],
  ];

  it.each(cases)('%s', async (_label, action, read, bound) => {
    const calls = install();
    const err = await read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsReadError);
    expect(err).toMatchObject({ action, awsName: 'PagingDidNotEnd' });
    expect((err as Error).message).toContain(`after ${bound} pages`);
    expect(calls()).toBe(bound);
  });
});

describe('reads that stop at a bound of their own say what they read was cut', () => {
  const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:billing-standard';

  it('FilterLogEvents stops after its request bound and labels the read max-requests', async () => {
    const calls = install();
    const out = await filterLogEvents('/aws/vendedlogs/states/billing', '{ $.type = "ExecutionStarted" }', 0, Date.now(), { maxRequests: 7, minIntervalMs: 0 });
    expect(out).toMatchObject({ cut: 'max-requests', requests: 7, events: [] });
    expect(calls()).toBe(7);
  });

  it('FilterLogEvents stops at its event bound mid-page and labels the read max-events', async () => {
    let calls = 0;
    const send = async () => {
      calls++;
      return { nextToken: `t${calls}`, events: [1, 2, 3].map((i) => ({ eventId: `${calls}-${i}`, timestamp: i, message: '{}' })) };
    };
    setClientsForTests(scriptedClients({ logs: send }));
    const out = await filterLogEvents('/aws/vendedlogs/states/billing', '{ $.type = "ExecutionStarted" }', 0, Date.now(), { maxEvents: 5, minIntervalMs: 0 });
    expect(out).toMatchObject({ cut: 'max-events', requests: 2 });
    expect(out.events.map((e) => e.eventId)).toEqual(['1-1', '1-2', '1-3', '2-1', '2-2']);
    expect(calls).toBe(2);
  });

  it('GetMetricData follows NextToken 10 pages, then names every metric still PartialData, counting nothing', async () => {
    let calls = 0;
    const send = async () => {
      calls++;
      return { NextToken: `t${calls}`, MetricDataResults: ['started', 'succeeded', 'failed', 'timedOut', 'aborted'].map((Id) => ({ Id, StatusCode: 'PartialData', Timestamps: [], Values: [] })) };
    };
    setClientsForTests(scriptedClients({ cloudwatch: send }));
    const now = Date.now();
    const series = await getExecutionMetrics(SM, now - 3_600_000, now, { now });
    expect(calls).toBe(MAX_METRIC_PAGES);
    expect(series.bins).toBeNull();
    expect(series.incomplete).toHaveLength(5);
    for (const read of series.incomplete) expect(read).toMatchObject({ action: 'cloudwatch:GetMetricData', error: 'PartialData', message: expect.stringContaining(`after ${MAX_METRIC_PAGES} pages`) });
  });

  it.each([
    ['DescribeResourcePolicies', 'logs:DescribeResourcePolicies', () => describeResourcePolicies()],
    ['DescribeIndexPolicies', 'logs:DescribeIndexPolicies', () => describeIndexedFields('/aws/vendedlogs/states/billing')],
  ])('%s fails the read, named as cut, after its page bound', async (_label, action, read) => {
    const calls = install();
    await expect(read()).rejects.toMatchObject({ action, awsName: 'ReadCut' });
    expect(calls()).toBe(MAX_DESCRIBE_PAGES);
  });
});
