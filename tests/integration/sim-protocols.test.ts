// The simulated account through the real AWS SDK, over HTTP: what AWS would answer (docs/aws-behaviour.md).
import {
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  type FilterLogEventsCommandOutput,
  GetLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetRolePolicyCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ListStateMachinesCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startSimServer } from '../../sim/server';
import { groundTruth, sdkClients, setFaults, setSimNow, simNow, smArn } from '../support/sim-client';

const simUrl = inject('simUrl');
const { sfn, logs, iam, cloudwatch } = sdkClients(simUrl);

/** Every page of a FilterLogEvents read: AWS may answer empty or partial pages before the end (docs/aws-behaviour.md §11.9). */
async function filterAll(input: Omit<FilterLogEventsCommandInput, 'nextToken'>): Promise<{ events: NonNullable<FilterLogEventsCommandOutput['events']> }> {
  const events: NonNullable<FilterLogEventsCommandOutput['events']> = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 50; page++) {
    const out = await logs.send(new FilterLogEventsCommand({ ...input, nextToken }));
    events.push(...(out.events ?? []));
    nextToken = out.nextToken;
    if (!nextToken) break;
  }
  return { events };
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

async function settledExpress(name: string, minAgeMs = 6 * 60_000) {
  const now = Date.now();
  const truth = await groundTruth(simUrl, name, now - 60 * 60_000, now - minAgeMs, 2000);
  return truth.filter((t) => t.endMs < now - minAgeMs);
}

/**
 * Runs a query to Complete and returns the statuses its polls saw. The account keeps the query Running
 * (the queryRunningMs fault) until a poll has seen it so, then lets it end: whether Running is seen does
 * not depend on how fast this machine polls.
 */
async function queryToCompletion(queryString: string, logGroupName: string, fromMs: number, toMs: number) {
  await setFaults(simUrl, { queryRunningMs: 600_000 });
  const { queryId } = await logs.send(new StartQueryCommand({ logGroupName, queryString, startTime: Math.floor(fromMs / 1000), endTime: Math.ceil(toMs / 1000) }));
  const seen: string[] = [];
  for (let i = 0; i < 400; i++) {
    const out = await logs.send(new GetQueryResultsCommand({ queryId }));
    seen.push(out.status ?? '');
    if (out.status === 'Running' && seen.indexOf('Running') === seen.length - 1) await setFaults(simUrl, null);
    if (out.status === 'Complete') {
      // The default page size is undocumented (the simulator's is small): follow nextToken to the end.
      const results = [...(out.results ?? [])];
      for (let token = out.nextToken, pages = 0; token && pages < 100; pages++) {
        const next = await logs.send(new GetQueryResultsCommand({ queryId, nextToken: token, maxItems: 10_000 }));
        results.push(...(next.results ?? []));
        token = next.nextToken;
      }
      return { out: { ...out, results }, seen };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`query did not complete: ${seen.join(',')}`);
}

afterEach(async () => {
  await setFaults(simUrl, null);
});

describe('Step Functions on the simulated account', () => {
  it('lists every scenario state machine with its type', async () => {
    const out = await sfn.send(new ListStateMachinesCommand({}));
    const names = (out.stateMachines ?? []).map((s) => `${s.name}:${s.type}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'orders-express:EXPRESS',
        'payments-express-tf76:EXPRESS',
        'notify-express-undeliverable:EXPRESS',
        'ingest-express-error-level:EXPRESS',
        'audit-express-logging-off:EXPRESS',
        'billing-standard:STANDARD',
        'batch-standard-dmap:STANDARD',
      ]),
    );
  });

  it('paginates ListStateMachines with a nextToken', async () => {
    const first = await sfn.send(new ListStateMachinesCommand({ maxResults: 3 }));
    expect(first.stateMachines).toHaveLength(3);
    expect(first.nextToken).toBeTruthy();
    const second = await sfn.send(new ListStateMachinesCommand({ maxResults: 3, nextToken: first.nextToken }));
    expect(second.stateMachines?.[0]?.name).not.toBe(first.stateMachines?.[0]?.name);
  });

  it('describes logging configuration: level, execution data and the :* destination', async () => {
    const out = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: smArn('ingest-express-error-level') }));
    expect(out.type).toBe('EXPRESS');
    expect(out.loggingConfiguration?.level).toBe('ERROR');
    expect(out.loggingConfiguration?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn).toMatch(/:log-group:.+:\*$/);
    const off = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: smArn('audit-express-logging-off') }));
    expect(off.loggingConfiguration?.level).toBe('OFF');
    expect(off.loggingConfiguration?.destinations).toBeUndefined();
  });

  it('refuses ListExecutions on an Express state machine with StateMachineTypeNotSupported', async () => {
    const err = await errorOf(sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn('orders-express') })));
    expect(err.name).toBe('StateMachineTypeNotSupported');
    expect(err.status).toBe(400);
  });

  it('refuses DescribeExecution on an async Express execution ARN with InvalidArn', async () => {
    const [one] = await settledExpress('orders-express');
    expect(one).toBeDefined();
    const err = await errorOf(sfn.send(new DescribeExecutionCommand({ executionArn: one!.executionArn })));
    expect(err.name).toBe('InvalidArn');
  });

  it('answers an unknown state machine with StateMachineDoesNotExist and a malformed ARN with InvalidArn', async () => {
    expect((await errorOf(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: smArn('nope') })))).name).toBe('StateMachineDoesNotExist');
    expect((await errorOf(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not-an-arn' })))).name).toBe('InvalidArn');
    expect((await errorOf(sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:billing-standard:run-nope' })))).name).toBe(
      'ExecutionDoesNotExist',
    );
  });

  it('lists Standard executions newest first across pages, without repeats', async () => {
    const first = await sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn('billing-standard'), maxResults: 50 }));
    expect(first.executions).toHaveLength(50);
    const second = await sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn('billing-standard'), maxResults: 50, nextToken: first.nextToken }));
    const all = [...(first.executions ?? []), ...(second.executions ?? [])];
    expect(new Set(all.map((e) => e.executionArn)).size).toBe(all.length);
    const starts = all.map((e) => e.startDate?.getTime() ?? 0);
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
  });

  it('describes a Standard execution and returns its history with typed event details', async () => {
    const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn('billing-standard'), statusFilter: 'SUCCEEDED', maxResults: 1 }));
    const arn = list.executions?.[0]?.executionArn ?? '';
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(d.status).toBe('SUCCEEDED');
    expect(d.stopDate?.getTime()).toBeGreaterThan(d.startDate?.getTime() ?? Infinity);
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, reverseOrder: true, includeExecutionData: true }));
    expect(h.events?.[0]?.type).toBe('ExecutionSucceeded');
    expect(h.events?.at(-1)?.executionStartedEventDetails?.roleArn).toContain(':role/');
  });

  it('lists a Distributed Map run and its Express children, which DescribeExecution accepts', async () => {
    const parents = await sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn('batch-standard-dmap'), statusFilter: 'SUCCEEDED', maxResults: 1 }));
    const parentArn = parents.executions?.[0]?.executionArn ?? '';
    const runs = await sfn.send(new ListMapRunsCommand({ executionArn: parentArn }));
    const mapRunArn = runs.mapRuns?.[0]?.mapRunArn ?? '';
    expect(mapRunArn).toContain(':mapRun:batch-standard-dmap/ProcessItems:');
    const children = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
    expect(children.executions?.length).toBeGreaterThan(0);
    const child = children.executions?.[0];
    expect(child?.executionArn).toContain(':express:batch-standard-dmap/ProcessItems:');
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: child?.executionArn }));
    expect(d.status).toBe(child?.status);
    expect(d.mapRunArn).toBe(mapRunArn);
    const run = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(run.executionCounts?.total).toBe(children.executions?.length);
  });
});

describe('CloudWatch Logs on the simulated account', () => {
  it('returns exactly one execution’s events for a JSON filter pattern on $.execution_arn', async () => {
    const [one] = (await settledExpress('orders-express')).filter((t) => t.dropMode === 'none');
    expect(one).toBeDefined();
    const out = await filterAll({
      logGroupName: '/aws/vendedlogs/states/orders-express-Logs',
      filterPattern: `{ $.execution_arn = "${one!.executionArn}" }`,
      startTime: one!.startMs - 1000,
      endTime: one!.endMs + 1000,
    });
    const messages = (out.events ?? []).map((e) => JSON.parse(e.message ?? '{}') as { execution_arn: string; id: string; type: string });
    expect(messages.length).toBe(one!.loggedEvents);
    expect(new Set(messages.map((m) => m.execution_arn))).toEqual(new Set([one!.executionArn]));
    expect(messages[0]?.id).toBe('1');
    expect(typeof messages[0]?.id).toBe('string');
    expect(messages.at(-1)?.type).toMatch(/^Execution(Succeeded|Failed)$/);
  });

  it('combines JSON terms with && and || like CloudWatch', async () => {
    const now = Date.now();
    const out = await filterAll({
      logGroupName: '/aws/vendedlogs/states/orders-express-Logs',
      filterPattern: '{ $.type = "ExecutionSucceeded" || $.type = "ExecutionFailed" }',
      startTime: now - 10 * 60_000,
      endTime: now - 5 * 60_000,
      limit: 200,
    });
    const types = new Set((out.events ?? []).map((e) => (JSON.parse(e.message ?? '{}') as { type: string }).type));
    expect([...types].every((t) => t === 'ExecutionSucceeded' || t === 'ExecutionFailed')).toBe(true);
    expect(out.events?.length).toBeGreaterThan(0);
  });

  it('rejects an invalid filter pattern with InvalidParameterException', async () => {
    const err = await errorOf(logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/vendedlogs/states/orders-express-Logs', filterPattern: '{ $.type = ' })));
    expect(err.name).toBe('InvalidParameterException');
  });

  it('answers an unknown log group with ResourceNotFoundException', async () => {
    const err = await errorOf(logs.send(new FilterLogEventsCommand({ logGroupName: '/nope' })));
    expect(err.name).toBe('ResourceNotFoundException');
  });

  it('completes a Logs Insights stats-by-execution_arn query with one row per execution, moving through Running', async () => {
    const now = Date.now();
    const from = now - 20 * 60_000;
    const to = now - 10 * 60_000;
    const { out, seen } = await queryToCompletion(
      'filter type = "ExecutionStarted" | stats count(*) as n by execution_arn',
      '/aws/vendedlogs/states/orders-express-Logs',
      from,
      to,
    );
    expect(seen).toContain('Running');
    const truth = (await groundTruth(simUrl, 'orders-express', from, to)).filter((t) => t.dropMode === 'none');
    const arns = new Set((out.results ?? []).map((r) => r.find((c) => c.field === 'execution_arn')?.value));
    expect(arns.size).toBe(out.results?.length);
    for (const t of truth) expect(arns.has(t.executionArn)).toBe(true);
    expect(out.statistics?.recordsScanned).toBeGreaterThan(0);
    expect(out.statistics?.bytesScanned).toBeGreaterThan(0);
  });

  it('fails a query outside the supported language with MalformedQueryException', async () => {
    const now = Date.now();
    const err = await errorOf(logs.send(new StartQueryCommand({ logGroupName: '/aws/vendedlogs/states/orders-express-Logs', queryString: 'stats frobnicate(x) by |', startTime: Math.floor(now / 1000) - 60, endTime: Math.floor(now / 1000) })));
    expect(err.name).toBe('MalformedQueryException');
  });

  it('holds nothing but the validation stream for the undeliverable state machine', async () => {
    const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/states/notify-express-undeliverable' }));
    expect((out.logStreams ?? []).map((s) => s.logStreamName)).toEqual(['log_stream_created_by_aws_to_validate_log_delivery_subscriptions']);
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: '/aws/states/notify-express-undeliverable', logStreamName: 'log_stream_created_by_aws_to_validate_log_delivery_subscriptions', startFromHead: true }));
    expect(events.events?.[0]?.message).toContain('Permissions are set correctly');
  });

  it('lists log groups by prefix with their ARNs', async () => {
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/vendedlogs/states/' }));
    expect((out.logGroups ?? []).map((g) => g.logGroupName)).toContain('/aws/vendedlogs/states/orders-express-Logs');
    expect(out.logGroups?.[0]?.arn).toMatch(/:\*$/);
  });

  it('returns an event only once its ingestion time has passed (lag is real on the clock)', async () => {
    // An account of its own, whose clock this test moves forward instead of sleeping until the event lands.
    const own = await startSimServer({ seed: 42, profile: 'demo' });
    const ownLogs = sdkClients(own.url).logs;
    try {
      const now = await simNow(own.url);
      const truth = await groundTruth(own.url, 'orders-express', now - 5 * 60_000, now);
      // The ended execution whose last event lands latest: seconds to minutes ahead of the account's now.
      const pending = truth.filter((t) => t.dropMode === 'none' && t.endMs < now).sort((a, b) => b.lastIngestionMs - a.lastIngestionMs)[0];
      expect(pending?.lastIngestionMs, 'an ended orders-express execution with an event still in flight for 10 s or more').toBeGreaterThan(now + 10_000);
      const read = async () => {
        const events = [];
        const input = { logGroupName: '/aws/vendedlogs/states/orders-express-Logs', filterPattern: `{ $.execution_arn = "${pending!.executionArn}" }`, startTime: pending!.startMs - 1000, endTime: pending!.endMs + 1000 };
        for (let page = 0, nextToken: string | undefined; page === 0 || (nextToken && page < 50); page++) {
          const out = await ownLogs.send(new FilterLogEventsCommand({ ...input, nextToken }));
          events.push(...(out.events ?? []));
          nextToken = out.nextToken;
        }
        return events;
      };
      expect((await read()).length).toBeLessThan(pending!.loggedEvents);
      // The account's clock runs on from there: the read is at or just after the event's ingestion time.
      await setSimNow(own.url, pending!.lastIngestionMs);
      expect((await read()).length, 'once its ingestion time has passed').toBe(pending!.loggedEvents);
    } finally {
      ownLogs.destroy();
      await own.close();
    }
  });

  it('moves its clock only forward, through /__sim/clock', async () => {
    const own = await startSimServer({ seed: 42, profile: 'demo' });
    try {
      const clock = async (init?: RequestInit) => {
        const r = await fetch(`${own.url}/__sim/clock`, init);
        return { status: r.status, body: (await r.json()) as { now?: number; offsetMs?: number; error?: string } };
      };
      const before = await clock();
      expect(before.body.offsetMs).toBe(0);
      expect(Math.abs((before.body.now ?? 0) - Date.now())).toBeLessThan(5_000);
      const ahead = await clock({ method: 'PUT', body: JSON.stringify({ advanceMs: 3_600_000 }) });
      expect(ahead.status).toBe(200);
      expect(ahead.body.offsetMs).toBe(3_600_000);
      expect((await clock({ method: 'PUT', body: JSON.stringify({ now: Date.now() }) })).status, 'back to the wall clock').toBe(400);
      expect((await clock({ method: 'PUT', body: JSON.stringify({ advanceMs: -1 }) })).status).toBe(400);
      expect((await clock({ method: 'PUT', body: '{}' })).status).toBe(400);
      // What the account answers follows its clock: an hour ahead, the executions it lists are an hour newer.
      const newest = await sdkClients(own.url).sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn('billing-standard'), maxResults: 1 }));
      expect(newest.executions?.[0]?.startDate?.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    } finally {
      await own.close();
    }
  });
});

describe('IAM and CloudWatch metrics on the simulated account', () => {
  it('returns the role policy URL-encoded, as IAM does', async () => {
    const out = await iam.send(new GetRolePolicyCommand({ RoleName: 'orders-express-role', PolicyName: 'orders-express-logs' }));
    const doc = JSON.parse(decodeURIComponent(out.PolicyDocument ?? '')) as { Statement: Array<{ Action: string[] }> };
    expect(doc.Statement[0]?.Action).toContain('logs:PutLogEvents');
  });

  it('simulates the terraform-aws-step-functions 4.2.0 role: CreateLogStream and PutLogEvents implicitly denied', async () => {
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: 'arn:aws:iam::123456789012:role/service-role/payments-express-tf76-role',
        ActionNames: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:CreateLogDelivery'],
      }),
    );
    const decisions = Object.fromEntries((out.EvaluationResults ?? []).map((r) => [r.EvalActionName, r.EvalDecision]));
    expect(decisions).toEqual({ 'logs:CreateLogStream': 'implicitDeny', 'logs:PutLogEvents': 'implicitDeny', 'logs:CreateLogDelivery': 'allowed' });
  });

  it('serves per-minute AWS/States sums that match the executions', async () => {
    const now = Date.now();
    const end = Math.floor(now / 60_000) * 60_000 - 5 * 60_000;
    const start = end - 10 * 60_000;
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(start),
        EndTime: new Date(end),
        MetricDataQueries: [
          { Id: 'started', MetricStat: { Metric: { Namespace: 'AWS/States', MetricName: 'ExecutionsStarted', Dimensions: [{ Name: 'StateMachineArn', Value: smArn('orders-express') }] }, Period: 60, Stat: 'Sum' } },
        ],
      }),
    );
    const total = (out.MetricDataResults?.[0]?.Values ?? []).reduce((a, b) => a + b, 0);
    const truth = await groundTruth(simUrl, 'orders-express', start, end);
    expect(total).toBe(truth.length);
  });
});

describe('fault injection and bad input', () => {
  it('throttles on demand with the service’s own error', async () => {
    await setFaults(simUrl, { throttleRate: 1 });
    expect((await errorOf(sfn.send(new ListStateMachinesCommand({})))).name).toBe('ThrottlingException');
    expect((await errorOf(logs.send(new DescribeLogGroupsCommand({})))).name).toBe('ThrottlingException');
  });

  it('denies chosen actions with AccessDeniedException and leaves the others alone', async () => {
    await setFaults(simUrl, { deny: ['logs:StartQuery'] });
    const now = Math.floor(Date.now() / 1000);
    const err = await errorOf(logs.send(new StartQueryCommand({ logGroupName: '/aws/vendedlogs/states/orders-express-Logs', queryString: 'fields @timestamp', startTime: now - 60, endTime: now })));
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toContain('logs:StartQuery');
    await expect(sfn.send(new ListStateMachinesCommand({}))).resolves.toBeDefined();
  });

  it('answers 5xx on demand, which the SDK sees as a server fault', async () => {
    await setFaults(simUrl, { serverErrorRate: 1 });
    const err = await errorOf(sfn.send(new ListStateMachinesCommand({})));
    expect(err.status).toBeGreaterThanOrEqual(500);
  });

  it('answers an unknown target, malformed JSON and a missing signature the way AWS does', async () => {
    const post = (headers: Record<string, string>, body: string) => fetch(simUrl, { method: 'POST', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x', ...headers }, body });
    const unknown = await post({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.Frobnicate' }, '{}');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    const malformed = await post({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, '{not json');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { __type: string }).__type).toBe('SerializationException');
    const unsigned = await fetch(simUrl, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, body: '{}' });
    expect(unsigned.status).toBe(403);
  });
});
