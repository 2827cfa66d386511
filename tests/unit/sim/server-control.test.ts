import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '@/sim/server';

const GROUP = '/aws/vendedlogs/states/billing-standard-Logs';
const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:billing-standard';

let sim: SimServer;
const clientOptions = (sessionToken?: string) => ({
  endpoint: sim.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIATESTHARNESS0000', secretAccessKey: 'x', ...(sessionToken ? { sessionToken } : {}) },
  maxAttempts: 1,
});
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } });

beforeAll(async () => {
  sim = await startSimServer({ seed: 42, profile: 'demo' });
});

afterEach(async () => {
  await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' });
  await fetch(`${sim.url}/__sim/log-groups?name=${encodeURIComponent(GROUP)}`, { method: 'PUT' });
});

afterAll(async () => {
  await sim?.close();
});

describe('the /__sim/log-groups control path', () => {
  const control = (method: string, name: string) => fetch(`${sim.url}/__sim/log-groups?name=${encodeURIComponent(name)}`, { method });

  it('DELETE makes the SDK see a missing log group, PUT brings it back, unknown names are 404', async () => {
    const client = new CloudWatchLogsClient(clientOptions());
    const now = Date.now();
    expect((await control('DELETE', GROUP)).status).toBe(200);
    expect(await failure(client.send(new FilterLogEventsCommand({ logGroupName: GROUP, startTime: now - 600_000, endTime: now })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
      $metadata: { httpStatusCode: 400 },
    });
    const query = new StartQueryCommand({ logGroupName: GROUP, queryString: 'stats count(*)', startTime: Math.floor(now / 1000) - 600, endTime: Math.floor(now / 1000) });
    expect(await failure(client.send(query))).toMatchObject({ name: 'ResourceNotFoundException', message: `Log group '${GROUP}' does not exist for account ID '123456789012'` });
    expect((await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }))).logGroups).toEqual([]);

    expect((await control('PUT', GROUP)).status).toBe(200);
    expect((await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }))).logGroups?.map((g) => g.logGroupName)).toEqual([GROUP]);
    await expect(client.send(new FilterLogEventsCommand({ logGroupName: GROUP, startTime: now - 600_000, endTime: now }))).resolves.toHaveProperty('events');

    expect((await control('DELETE', '/aws/vendedlogs/states/nope')).status).toBe(404);
    expect((await control('POST', GROUP)).status).toBe(405);
    client.destroy();
  });
});

describe('the badSignature fault', () => {
  it('answers the named actions with InvalidSignatureException echoing the canonical request, session token included', async () => {
    const token = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN';
    const sfn = new SFNClient(clientOptions(token));
    await fetch(`${sim.url}/__sim/faults`, { method: 'PUT', body: JSON.stringify({ badSignature: ['states:DescribeStateMachine'] }) });
    const err = await failure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: SM_ARN })));
    expect(err?.name).toBe('InvalidSignatureException');
    expect(err?.message).toMatch(/^The request signature we calculated does not match the signature you provided\./);
    expect(err?.message).toContain(`x-amz-security-token:${token}`);
    expect(err?.message).toContain('x-amz-target:AWSStepFunctions.DescribeStateMachine');
    expect(err?.message).toMatch(/The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/states\/aws4_request\n[0-9a-f]{64}'/);

    // Other actions are answered as usual.
    await fetch(`${sim.url}/__sim/faults`, { method: 'PUT', body: JSON.stringify({ badSignature: ['logs:*'] }) });
    await expect(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: SM_ARN }))).resolves.toHaveProperty('name', 'billing-standard');
    sfn.destroy();
  });
});

describe('idle connections', () => {
  it('answers a request sent on an idle keep-alive connection after the simulator was busy for longer than Node’s 5 s idle timeout', async () => {
    const http = await import('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = http.get(`${sim.url}/__sim/faults`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
      });
    try {
      expect(await get()).toEqual({ status: 200, reused: false });
      // The simulator shares this thread: a synchronous wait is what a long Insights scan does to it.
      // Busy from 4 s to 6.5 s after the first answer; the request is sent at 5.5 s, while it is busy.
      setTimeout(() => {
        const until = Date.now() + 2_500;
        while (Date.now() < until);
      }, 4_000);
      await new Promise((r) => setTimeout(r, 5_500));
      expect(await get()).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  }, 20_000);
});
