// Real SDK clients against a tiny local endpoint that answers what AWS never does: an HTML page, or a
// body that does not parse. Each must be a failed read named in plain words (docs/aws-behaviour.md §11.12).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeIndexPoliciesCommand } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseHtmlAnswers } from '@/lib/aws/answer-shape';
import { awsCall, toAwsReadError } from '@/lib/aws/errors';

type Answer = { status: number; contentType: string; body: string };
let answer: Answer = { status: 404, contentType: 'text/html', body: '' };
let server: http.Server;
let endpoint = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const HTML_404: Answer = { status: 404, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><html><head><title>404</title></head><body><h1>Not Found</h1></body></html>' };
const TEXT_200: Answer = { status: 200, contentType: 'text/plain', body: 'OK: request received' };
const HTML_503: Answer = { status: 503, contentType: 'text/html', body: '<html><body>Service Temporarily Unavailable</body></html>' };

function clients(wrap: <C extends { middlewareStack: unknown }>(c: C) => C = (c) => c) {
  const common = { region: 'us-east-1', endpoint, maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } };
  return {
    'logs:DescribeIndexPolicies': () => wrap(new CloudWatchLogsClient(common)).send(new DescribeIndexPoliciesCommand({ logGroupIdentifiers: ['/aws/states/x'] })),
    'states:ListStateMachines': () => wrap(new SFNClient(common)).send(new ListStateMachinesCommand({})),
    'cloudwatch:GetMetricData': () =>
      wrap(new CloudWatchClient(common)).send(new GetMetricDataCommand({ StartTime: new Date(0), EndTime: new Date(60_000), MetricDataQueries: [{ Id: 'a', Expression: 'SUM(METRICS())' }] })),
    'iam:SimulatePrincipalPolicy': () => wrap(new IAMClient(common)).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::123456789012:role/r', ActionNames: ['logs:PutLogEvents'] })),
  } as const;
}

/** The clients as lib/aws/clients.ts builds them: HTML refused before it is parsed. */
const appClients = () => clients((c) => refuseHtmlAnswers(c as Parameters<typeof refuseHtmlAnswers>[0]) as typeof c);

async function failureOf(action: keyof ReturnType<typeof clients>, a: Answer, made: typeof clients = clients) {
  answer = a;
  try {
    await awsCall(action, made()[action]);
  } catch (e) {
    return toAwsReadError(e, action);
  }
  throw new Error(`${action} did not fail on ${a.status} ${a.contentType}`);
}

const SDK_TEXT = /Deserialization error|\$response|inspect the hidden field|is not valid JSON|Unexpected token|XML parse error/;

describe('an answer that is not AWS’s shape is a failed read named in plain words', () => {
  it.each(['logs:DescribeIndexPolicies', 'states:ListStateMachines', 'cloudwatch:GetMetricData', 'iam:SimulatePrincipalPolicy'] as const)(
    '%s answered with an HTML 404 page says the endpoint may not implement the call',
    async (action) => {
      const err = await failureOf(action, HTML_404);
      expect(err).toMatchObject({ action, kind: 'unexpected-response', awsName: 'UnexpectedResponse', httpStatus: 404 });
      expect(err.message).toBe('the endpoint answered HTTP 404 with an HTML page, not an AWS response — it may not implement this call.');
      expect(err.message).not.toMatch(SDK_TEXT);
    },
  );

  it.each(['logs:DescribeIndexPolicies', 'states:ListStateMachines', 'cloudwatch:GetMetricData', 'iam:SimulatePrincipalPolicy'] as const)(
    '%s answered HTTP 200 with a body that does not parse is a failed read, not an empty answer',
    async (action) => {
      const err = await failureOf(action, TEXT_200);
      expect(err).toMatchObject({ action, kind: 'unexpected-response', httpStatus: 200 });
      expect(err.message).toContain('the endpoint answered HTTP 200 with a text/plain body that does not parse, not an AWS response');
      expect(err.message).not.toMatch(SDK_TEXT);
    },
  );

  it('a proxy’s HTML 503 page is a server failure, said as plainly', async () => {
    const err = await failureOf('logs:DescribeIndexPolicies', HTML_503);
    expect(err).toMatchObject({ kind: 'server', awsName: 'UnexpectedResponse', httpStatus: 503 });
    expect(err.message).toContain('answered HTTP 503 with an HTML page, not an AWS response');
    expect(err.message).not.toMatch(SDK_TEXT);
  });

  it('an AWS error answer keeps its own name and kind', async () => {
    const err = await failureOf('logs:DescribeIndexPolicies', {
      status: 400,
      contentType: 'application/x-amz-json-1.1',
      body: JSON.stringify({ __type: 'AccessDeniedException', message: 'User is not authorized to perform: logs:DescribeIndexPolicies' }),
    });
    expect(err).toMatchObject({ kind: 'access-denied', awsName: 'AccessDeniedException' });
  });

  it('an IAM answer of HTTP 200 with an HTML page, which the SDK’s XML parser reads as an empty result, is a failed read with the app’s clients', async () => {
    const page: Answer = { status: 200, contentType: 'text/html', body: '<html><body>Welcome</body></html>' };
    answer = page;
    // The SDK alone takes the page for an answer with no evaluation results.
    const raw = await clients()['iam:SimulatePrincipalPolicy']();
    expect(raw.EvaluationResults ?? []).toEqual([]);
    const err = await failureOf('iam:SimulatePrincipalPolicy', page, appClients);
    expect(err).toMatchObject({ kind: 'unexpected-response', httpStatus: 200 });
    expect(err.message).toBe('the endpoint answered HTTP 200 with an HTML page, not an AWS response — it may not implement this call, or a proxy in between answered instead.');
  });

  it.each(['logs:DescribeIndexPolicies', 'states:ListStateMachines', 'cloudwatch:GetMetricData', 'iam:SimulatePrincipalPolicy'] as const)(
    '%s answered with an HTML 404 page reads the same with the app’s clients',
    async (action) => {
      const err = await failureOf(action, HTML_404, appClients);
      expect(err).toMatchObject({ action, kind: 'unexpected-response', httpStatus: 404 });
      expect(err.message).toBe('the endpoint answered HTTP 404 with an HTML page, not an AWS response — it may not implement this call.');
    },
  );
});
