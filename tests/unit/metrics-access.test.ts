import { describe, expect, it } from 'vitest';
import { countRequests, recordRequest, requestStats } from '@/lib/aws/request-stats';
import { metricsTokenVerdict } from '@/lib/metrics-token';

describe('the /metrics scrape token', () => {
  const env = { SFN_LENS_METRICS_TOKEN: 'a-token-of-sixteen+' };

  it('accepts exactly the configured bearer token and tells a missing one from a wrong one', () => {
    expect(metricsTokenVerdict('Bearer a-token-of-sixteen+', env)).toBe('valid');
    expect(metricsTokenVerdict('bearer a-token-of-sixteen+', env)).toBe('valid');
    expect(metricsTokenVerdict('Bearer a-token-of-sixteen-', env)).toBe('invalid');
    expect(metricsTokenVerdict('Bearer a-token', env)).toBe('invalid');
    expect(metricsTokenVerdict('Basic YTpi', env)).toBe('missing');
    expect(metricsTokenVerdict(null, env)).toBe('missing');
  });

  it('is off when unset, and refuses a token too short to be a secret', () => {
    expect(metricsTokenVerdict('Bearer anything', {})).toBe('unset');
    expect(() => metricsTokenVerdict(null, { SFN_LENS_METRICS_TOKEN: 'short' })).toThrow(/at least 16 characters/);
  });
});

describe('what sfn-lens asks of AWS, for /metrics', () => {
  it('attributes a request to the state machine it names, through an execution or Map Run ARN too', () => {
    const before = requestStats().requests.length;
    recordRequest('states:DescribeStateMachine', { stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:pay' }, 'ok');
    recordRequest('states:DescribeExecution', { executionArn: 'arn:aws:states:us-east-1:111122223333:execution:pay:run-1' }, 'ok');
    recordRequest('states:ListExecutions', { mapRunArn: 'arn:aws:states:us-east-1:111122223333:mapRun:batch/Map:abc' }, '4xx');
    recordRequest('logs:StartQuery', { logGroupIdentifiers: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/states/pay:*'] }, 'ok');
    const added = requestStats().requests.slice(before);
    expect(added.map((r) => [r.action, r.outcome, r.stateMachineArn, r.logGroup])).toEqual([
      ['states:DescribeStateMachine', 'ok', 'arn:aws:states:us-east-1:111122223333:stateMachine:pay', null],
      ['states:DescribeExecution', 'ok', 'arn:aws:states:us-east-1:111122223333:stateMachine:pay', null],
      ['states:ListExecutions', '4xx', 'arn:aws:states:us-east-1:111122223333:stateMachine:batch', null],
      ['logs:StartQuery', 'ok', null, '/aws/states/pay'],
    ]);
  });

  it('counts every attempt and the bytes of a query once, when it has finished', async () => {
    type Mw = (next: (a: { input?: unknown }) => Promise<{ response?: unknown; output?: unknown }>, ctx: { commandName?: string }) => (a: { input?: unknown }) => Promise<{ response?: unknown; output?: unknown }>;
    const mws: Array<{ mw: Mw; step: string }> = [];
    const client = { middlewareStack: { add: (mw: Mw, o: { step: string }) => void mws.push({ mw, step: o.step }) } };
    countRequests(client, 'logs');
    const [attempt, call] = [mws.find((m) => m.step === 'deserialize')!.mw, mws.find((m) => m.step === 'initialize')!.mw];
    const send = async (commandName: string, input: unknown, output: unknown, status = 200) => {
      const transport = async () => ({ response: { statusCode: status }, output });
      return call(attempt(transport, { commandName }), { commandName })({ input });
    };
    await send('StartQueryCommand', { logGroupNames: ['/g/unit-test'] }, { queryId: 'q-unit-1' });
    await send('GetQueryResultsCommand', { queryId: 'q-unit-1' }, { status: 'Running', statistics: { bytesScanned: 10 } });
    await send('GetQueryResultsCommand', { queryId: 'q-unit-1' }, { status: 'Complete', statistics: { bytesScanned: 1_000 } });
    await send('GetQueryResultsCommand', { queryId: 'q-unit-1' }, { status: 'Complete', statistics: { bytesScanned: 1_000 } });
    expect(requestStats().scannedBytes.find((s) => s.logGroup === '/g/unit-test')?.bytes).toBe(1_000);
    expect(requestStats().requests.filter((r) => r.action === 'logs:GetQueryResults').reduce((a, r) => a + r.count, 0)).toBeGreaterThanOrEqual(3);
  });
});
