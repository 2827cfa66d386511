// lib/aws readers against the simulated account over HTTP: what they return is sfn-lens's own shapes.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { checkRolePermissions } from '@/lib/aws/iam';
import { describeLogGroup, describeResourcePolicies, filterLogEvents, listLogStreams, runInsightsQuery } from '@/lib/aws/logs';
import { getExecutionMetrics } from '@/lib/aws/metrics';
import { describeExecution, describeStateMachine, listExecutions, listMapRunExecutions, listMapRuns, listStateMachineArns } from '@/lib/aws/step-functions';
import { AwsReadError } from '@/lib/aws/errors';
import { AGGREGATE_SHAPE } from '@/lib/domain/insights-queries';
import { groundTruth, recordedRequests, setFaults, smArn } from '../support/sim-client';

const simUrl = inject('simUrl');

afterEach(async () => {
  await setFaults(simUrl, null);
});

describe('Step Functions readers', () => {
  it('lists state machine ARNs and describes their logging configuration', async () => {
    const arns = await listStateMachineArns();
    expect(arns).toContain(smArn('orders-express'));
    const sm = await describeStateMachine(smArn('orders-express'));
    expect(sm).toMatchObject({ name: 'orders-express', type: 'EXPRESS', logging: { level: 'ALL', includeExecutionData: true } });
    expect(sm.logging.logGroupArn).toMatch(/orders-express-Logs:\*$/);
    expect(sm.roleArn).toContain('orders-express-role');
  });

  it('lists the Standard executions of a time window, and only those', async () => {
    const now = Date.now();
    const from = now - 30 * 60_000;
    const to = now - 10 * 60_000;
    const { executions, truncated } = await listExecutions(smArn('billing-standard'), from, to);
    const truth = await groundTruth(simUrl, 'billing-standard', from, to + 1);
    expect(truncated).toBe(false);
    expect(executions.map((e) => e.executionArn).sort()).toEqual(truth.map((t) => t.executionArn).sort());
    expect(executions.every((e) => e.source === 'list-executions' && e.startDate >= from && e.startDate <= to)).toBe(true);
  });

  it('says there is no service record for an async Express execution instead of failing', async () => {
    const now = Date.now();
    const [one] = await groundTruth(simUrl, 'orders-express', now - 20 * 60_000, now - 10 * 60_000, 1);
    await expect(describeExecution(one!.executionArn)).resolves.toBeNull();
  });

  it('reads Map Run children with their service status', async () => {
    const now = Date.now();
    const parents = await listExecutions(smArn('batch-standard-dmap'), now - 3 * 3600_000, now - 5 * 60_000);
    const parent = parents.executions.find((e) => e.status === 'SUCCEEDED' || e.status === 'FAILED');
    expect(parent).toBeDefined();
    const [run] = await listMapRuns(parent!.executionArn);
    const children = await listMapRunExecutions(run!.mapRunArn);
    expect(children.executions.length).toBeGreaterThan(0);
    expect(children.executions.every((c) => c.source === 'map-run' && c.mapRunArn === run!.mapRunArn)).toBe(true);
  });

  it('names the denied action when sfn-lens itself may not read', async () => {
    await setFaults(simUrl, { deny: ['states:DescribeStateMachine'] });
    const err = await describeStateMachine(smArn('orders-express')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsReadError);
    expect(err).toMatchObject({ kind: 'access-denied', action: 'states:DescribeStateMachine', awsName: 'AccessDeniedException' });
  });

  it('classifies throttling after the retries are spent', async () => {
    await setFaults(simUrl, { throttleRate: 1, only: ['states:ListStateMachines'] });
    await expect(listStateMachineArns()).rejects.toMatchObject({ kind: 'throttled', action: 'states:ListStateMachines' });
  });
});

describe('CloudWatch Logs readers', () => {
  it('reads one execution’s raw events with a filter pattern on $.execution_arn', async () => {
    const now = Date.now();
    const truth = (await groundTruth(simUrl, 'orders-express', now - 30 * 60_000, now - 10 * 60_000)).find((t) => t.dropMode === 'none');
    const out = await filterLogEvents('/aws/vendedlogs/states/orders-express-Logs', `{ $.execution_arn = "${truth!.executionArn}" }`, truth!.startMs - 1000, truth!.endMs + 1000);
    expect(out.events).toHaveLength(truth!.loggedEvents);
    expect(out.events.every((e) => e.ingestionTime >= e.timestamp)).toBe(true);
    expect(out.cut).toBeNull();
  });

  it('runs an Insights query to completion and reports what it scanned', async () => {
    const now = Date.now();
    const progress: number[] = [];
    const out = await runInsightsQuery(['/aws/vendedlogs/states/payments-express-tf76-Logs'], 'stats count(*) as events by execution_arn', now - 15 * 60_000, now - 5 * 60_000, {
      onProgress: (s) => progress.push(s.recordsScanned),
    });
    expect(out.status).toBe('Complete');
    expect(out.rows.length).toBeGreaterThan(100);
    expect(out.statistics.bytesScanned).toBeGreaterThan(0);
    expect(progress.length).toBe(out.polls);
  });

  it('stops a query that outlives its deadline and says it timed out', async () => {
    await setFaults(simUrl, { queryRunningMs: 60_000 });
    const now = Date.now();
    const out = await runInsightsQuery(['/aws/vendedlogs/states/orders-express-Logs'], 'stats count(*) by execution_arn', now - 5 * 60_000, now, { timeoutMs: 1_000 });
    expect(out.status).toBe('Timeout');
    // The simulator answered partial aggregates while the query ran: none of them is handed back.
    expect(out.rows).toEqual([]);
    const { counts } = await recordedRequests(simUrl);
    expect(counts['logs:StopQuery']).toBeGreaterThan(0);
  });

  it('follows nextToken to the last page: a result of more rows than a page holds comes back whole', async () => {
    const now = Date.now();
    const from = now - 25 * 60_000;
    const to = now - 10 * 60_000;
    const out = await runInsightsQuery(['/aws/vendedlogs/states/orders-express-Logs'], 'filter type = "ExecutionStarted" | stats count(*) as events by execution_arn', from, to, { limit: 20_000 });
    const truth = (await groundTruth(simUrl, 'orders-express', from, to, 20_000)).filter((t) => t.dropMode !== 'all');
    expect(out.status).toBe('Complete');
    expect(truth.length).toBeGreaterThan(1_000);
    expect(new Set(out.rows.map((r) => r.find((c) => c.field === 'execution_arn')?.value)).size).toBe(out.rows.length);
    expect(out.rows.length).toBeGreaterThanOrEqual(truth.length - 5);
  });

  it('names a result without the asked-for columns a failed read of logs:GetQueryResults, with what came back', async () => {
    // What an endpoint whose Logs Insights ignores stats answers: raw events.
    const now = Date.now();
    const err = await runInsightsQuery(['/aws/vendedlogs/states/orders-express-Logs'], 'fields @timestamp, @message | limit 5', now - 15 * 60_000, now - 10 * 60_000, { expect: AGGREGATE_SHAPE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsReadError);
    expect(err).toMatchObject({ action: 'logs:GetQueryResults', awsName: 'UnexpectedResultShape', kind: 'unexpected-response' });
    expect((err as Error).message).toMatch(/^logs:GetQueryResults returned rows without the fields the query asked for \(execution_arn, events, .*\): got @timestamp, @message$/);
  });

  it('describes log groups, their streams and the account’s resource policies', async () => {
    const g = await describeLogGroup('/aws/states/notify-express-undeliverable');
    expect(g).toMatchObject({ exists: true, name: '/aws/states/notify-express-undeliverable' });
    const missing = await describeLogGroup('/aws/vendedlogs/states/does-not-exist');
    expect(missing.exists).toBe(false);
    const streams = await listLogStreams('/aws/states/notify-express-undeliverable');
    expect(streams.map((s) => s.name)).toEqual(['log_stream_created_by_aws_to_validate_log_delivery_subscriptions']);
    const policies = await describeResourcePolicies();
    expect(policies.map((p) => p.name)).toContain('AWSLogDeliveryWrite20150319');
    expect(JSON.parse(policies[0]!.document)).toHaveProperty('Statement');
  });
});

describe('metrics and IAM readers', () => {
  it('returns per-minute execution counts from AWS/States', async () => {
    const now = Date.now();
    const end = Math.floor(now / 60_000) * 60_000 - 5 * 60_000;
    const series = await getExecutionMetrics(smArn('notify-express-undeliverable'), end - 10 * 60_000, end, { now });
    expect(series.periodSeconds).toBe(60);
    expect(series.incomplete).toEqual([]);
    const minutes = series.bins ?? [];
    expect(minutes.length).toBeGreaterThanOrEqual(9);
    const truth = await groundTruth(simUrl, 'notify-express-undeliverable', end - 10 * 60_000, end);
    expect(minutes.reduce((a, m) => a + m.started, 0)).toBe(truth.length);
  });

  it('checks the role’s logs actions with SimulatePrincipalPolicy', async () => {
    const out = await checkRolePermissions('arn:aws:iam::123456789012:role/service-role/payments-express-tf76-role', ['logs:PutLogEvents', 'logs:DescribeLogGroups']);
    expect(out.method).toBe('simulate-principal-policy');
    expect(out.results).toEqual([
      { action: 'logs:PutLogEvents', decision: 'implicitDeny' },
      { action: 'logs:DescribeLogGroups', decision: 'allowed' },
    ]);
  });

  it('falls back to reading the role’s policy documents when simulation is denied', async () => {
    await setFaults(simUrl, { deny: ['iam:SimulatePrincipalPolicy'] });
    const out = await checkRolePermissions('arn:aws:iam::123456789012:role/service-role/payments-express-tf76-role', ['logs:PutLogEvents', 'logs:DescribeLogGroups']);
    expect(out.method).toBe('policy-documents');
    expect(out.results).toEqual([
      { action: 'logs:PutLogEvents', decision: 'implicitDeny' },
      { action: 'logs:DescribeLogGroups', decision: 'allowed' },
    ]);
  });
});
