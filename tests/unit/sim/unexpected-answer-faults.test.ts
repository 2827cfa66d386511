// The simulator's faults for answers that are not AWS's shape (docs/aws-behaviour.md §11.12): an
// AWS-compatible endpoint that does not implement a call answers an HTML page; a broken one, a body
// that does not parse. Only the chosen actions; every other call is answered as AWS does.
import { CloudWatchLogsClient, DescribeIndexPoliciesCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '@/sim/server';

let sim: SimServer;
const options = () => ({ endpoint: sim.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIATESTHARNESS0000', secretAccessKey: 'x' }, maxAttempts: 1 });
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as { name: string; $response?: { statusCode: number; headers: Record<string, string> } });

beforeAll(async () => {
  sim = await startSimServer({ seed: 42, profile: 'demo' });
});

afterAll(async () => {
  await sim?.close();
});

describe('the htmlPage and notJson faults', () => {
  it('answer the chosen actions with an HTML 404 page or a text 200 body, and no other action', async () => {
    const put = await fetch(`${sim.url}/__sim/faults`, { method: 'PUT', body: JSON.stringify({ htmlPage: ['logs:DescribeIndexPolicies'], notJson: ['states:ListStateMachines'] }) });
    expect(put.status).toBe(200);
    const logs = new CloudWatchLogsClient(options());
    const html = await failure(logs.send(new DescribeIndexPoliciesCommand({ logGroupIdentifiers: ['/aws/states/x'] })));
    expect(html?.$response?.statusCode).toBe(404);
    expect(html?.$response?.headers['content-type']).toContain('text/html');
    const text = await failure(new SFNClient(options()).send(new ListStateMachinesCommand({})));
    expect(text?.$response?.statusCode).toBe(200);
    expect(text?.$response?.headers['content-type']).toBe('text/plain');
    // Other calls are untouched.
    const groups = await logs.send(new DescribeLogGroupsCommand({}));
    expect(groups.logGroups?.length).toBeGreaterThan(0);
    await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' });
    expect(await failure(logs.send(new DescribeIndexPoliciesCommand({ logGroupIdentifiers: ['/aws/states/x'] })))).not.toMatchObject({ $response: { statusCode: 404 } });
  });
});
