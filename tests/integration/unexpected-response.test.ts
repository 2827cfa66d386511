// An answer that is not AWS's shape (docs/aws-behaviour.md §11.12): the simulated account answers
// chosen actions as an AWS-compatible endpoint that does not implement them (HTTP 404, an HTML page)
// or with a body that does not parse (HTTP 200, text/plain). sfn-lens's readers and every view name
// the failed read in plain words — which call, what came back — never with the SDK's internal text
// and never as zero events.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AwsReadError } from '@/lib/aws/errors';
import { checkRolePermissions } from '@/lib/aws/iam';
import { describeIndexedFields, runInsightsQuery } from '@/lib/aws/logs';
import { listStateMachineArns } from '@/lib/aws/step-functions';
import { groundTruth, setFaults, smArn } from '../support/sim-client';

const simUrl = inject('simUrl');
const appUrl = inject('appUrl');
const MIN = 60_000;

const HTML_404 = 'the endpoint answered HTTP 404 with an HTML page, not an AWS response — it may not implement this call.';
const NOT_JSON_200 = 'the endpoint answered HTTP 200 with a text/plain body that does not parse, not an AWS response';
const SDK_TEXT = /Deserialization error|\$response|hidden field|is not valid JSON|Unexpected token/;

afterEach(async () => {
  await setFaults(simUrl, null);
});

/** Windows no other read asked for, so no shared read answers from before the fault. */
let seq = 0;
function freshWindow(minutes = 60): string {
  seq++;
  const to = Date.now() - 7_000 - seq * 1_000;
  return `from=${encodeURIComponent(new Date(to - minutes * MIN).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
}

async function rejection(p: Promise<unknown>): Promise<AwsReadError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AwsReadError);
    return e as AwsReadError;
  }
  throw new Error('the read did not fail');
}

interface Partial {
  action: string;
  error: string;
  message: string;
  what: string;
}

describe('the readers against an endpoint that answers what AWS never does', () => {
  it('a call answered with an HTML 404 page is a failed read named in plain words', async () => {
    await setFaults(simUrl, { htmlPage: ['logs:DescribeIndexPolicies'] });
    const err = await rejection(describeIndexedFields('/aws/vendedlogs/states/billing-standard-Logs'));
    expect(err).toMatchObject({ action: 'logs:DescribeIndexPolicies', kind: 'unexpected-response', awsName: 'UnexpectedResponse', httpStatus: 404, message: HTML_404 });
  });

  it('a call answered HTTP 200 with a body that does not parse is a failed read, not an empty list', async () => {
    await setFaults(simUrl, { notJson: ['states:ListStateMachines'] });
    const err = await rejection(listStateMachineArns());
    expect(err).toMatchObject({ action: 'states:ListStateMachines', kind: 'unexpected-response', httpStatus: 200 });
    expect(err.message).toContain(NOT_JSON_200);
    expect(err.message).not.toMatch(SDK_TEXT);
  });

  it('an IAM simulation answered with an HTML page is a failed read, not a role without results', async () => {
    await setFaults(simUrl, { htmlPage: ['iam:SimulatePrincipalPolicy', 'iam:GetRole', 'iam:List*'] });
    const err = await rejection(checkRolePermissions('arn:aws:iam::123456789012:role/billing-standard-role', ['logs:PutLogEvents']));
    expect(err).toMatchObject({ kind: 'unexpected-response', message: HTML_404 });
  });

  it('a Logs Insights query whose results do not parse is a failed read, not zero rows', async () => {
    await setFaults(simUrl, { notJson: ['logs:GetQueryResults'] });
    const now = Date.now();
    const err = await rejection(runInsightsQuery(['/aws/vendedlogs/states/billing-standard-Logs'], 'fields @timestamp | limit 5', now - 30 * MIN, now));
    expect(err).toMatchObject({ action: 'logs:GetQueryResults', kind: 'unexpected-response' });
  });
});

describe('the dashboard when a call comes back as an HTML page or a body that does not parse', () => {
  it('names an HTML answer among the partial reads of the executions view, its page and the overview, in plain words', async () => {
    await setFaults(simUrl, { htmlPage: ['logs:DescribeIndexPolicies'] });
    const arn = encodeURIComponent(smArn('billing-standard'));
    const w = freshWindow();
    const api = await fetch(`${appUrl}/api/state-machines/${arn}/executions?${w}`);
    const text = await api.text();
    expect(api.status, text.slice(0, 300)).toBe(200);
    expect(text).not.toMatch(SDK_TEXT);
    const body = JSON.parse(text) as { partial: Partial[]; executions: unknown[] };
    expect(body.partial).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'logs:DescribeIndexPolicies', error: 'UnexpectedResponse', message: HTML_404 })]));
    expect(body.executions.length).toBeGreaterThan(0);

    // The page (server-rendered from the same shared read) shows the same words in its partial banner.
    const page = await fetch(`${appUrl}/state-machines/${arn}?${w}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('logs:DescribeIndexPolicies');
    expect(html).toContain('the endpoint answered HTTP 404 with an HTML page, not an AWS response');
    expect(html).not.toMatch(/Deserialization error|hidden field/);

    const overview = (await (await fetch(`${appUrl}/api/overview?${freshWindow()}`)).json()) as {
      stateMachines: Array<{ stateMachine: { name: string }; state: string; summary?: { partial: Partial[] } }>;
    };
    const billing = overview.stateMachines.find((e) => e.stateMachine.name === 'billing-standard');
    if (billing?.state === 'ready') {
      expect(billing.summary?.partial).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'logs:DescribeIndexPolicies', message: HTML_404 })]));
    }
  });

  it('answers 502 aws-unexpected-response naming the call when the state machine itself comes back as a page', async () => {
    await setFaults(simUrl, { htmlPage: ['states:DescribeStateMachine'] });
    const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn('orders-express'))}/executions?${freshWindow()}`);
    expect(r.status).toBe(502);
    const body = (await r.json()) as { error: { code: string; message: string; action: string } };
    expect(body.error).toEqual({ code: 'aws-unexpected-response', action: 'states:DescribeStateMachine', message: `states:DescribeStateMachine: ${HTML_404}` });
  });

  it('an execution whose log reads do not parse has no log record read, never zero events read', async () => {
    await setFaults(simUrl, { notJson: ['logs:FilterLogEvents', 'logs:GetQueryResults'] });
    const now = Date.now();
    const t = (await groundTruth(simUrl, 'billing-standard', now - 3 * 60 * MIN, now - 80 * MIN)).find((x) => !x.parentArn && x.loggedEvents > 0);
    expect(t).toBeDefined();
    const r = await fetch(`${appUrl}/api/executions/${encodeURIComponent(t?.executionArn ?? '')}?${freshWindow(180)}`);
    const text = await r.text();
    expect(r.status, text.slice(0, 300)).toBe(200);
    expect(text).not.toMatch(SDK_TEXT);
    const body = JSON.parse(text) as { partial: Partial[]; logs: { read: boolean; eventCount: number } | null; verdict: { cause: string } };
    expect(body.partial).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'logs:FilterLogEvents', error: 'UnexpectedResponse' })]));
    expect(body.partial.find((p) => p.action === 'logs:FilterLogEvents')?.message).toContain(NOT_JSON_200);
    expect(body.verdict.cause).not.toBe('best-effort-drop');
    expect(body.logs?.read).not.toBe(true);
  });
});
