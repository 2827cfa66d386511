import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePolicies, handleIamRequest, type IamAccount, type IamRole, type PolicyDocument } from '@/sim/iam/handler';

const ACCOUNT = '123456789012';
const TF_MODULE_420_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];
const WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const TF_POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/orders-Logs`;
const CREATED = new Date('2026-01-08T10:00:00Z');

const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });

function makeRole(roleName: string, overrides: Partial<IamRole> = {}): IamRole {
  return {
    roleName,
    arn: `arn:aws:iam::${ACCOUNT}:role/service-role/${roleName}`,
    roleId: `AROA${roleName.toUpperCase().replace(/[^A-Z]/g, '')}`,
    createDate: CREATED,
    path: '/service-role/',
    assumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    inlinePolicies: {},
    attachedPolicyArns: [],
    ...overrides,
  };
}

const tfRole = makeRole('orders-role', { attachedPolicyArns: [TF_POLICY_ARN] });
const wildcardRole = makeRole('wildcard-role', { inlinePolicies: { logs: doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }) } });
const denyRole = makeRole('deny-role', {
  inlinePolicies: {
    'allow-logs': doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }),
    'deny-writes': doc({ Sid: 'NoWrites', Effect: 'Deny', Action: ['logs:PutLogEvents'], Resource: '*' }),
  },
});
const manyPoliciesRole = makeRole('many-role', {
  inlinePolicies: {
    a: doc({ Effect: 'Allow', Action: 'states:DescribeExecution', Resource: '*' }),
    b: doc({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:*` }),
    c: doc({ Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' }),
  },
});

const regionRole = makeRole('region-role', {
  inlinePolicies: {
    logs: doc({ Effect: 'Allow', Action: [...TF_MODULE_420_ACTIONS, ...WRITE_ACTIONS], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }),
    'no-writes-untagged': doc({ Effect: 'Deny', Action: 'logs:PutLogEvents', Resource: '*', Condition: { StringNotLike: { 'aws:PrincipalTag/team': 'platform*' } } }),
  },
});

const account: IamAccount = {
  accountId: ACCOUNT,
  roles: [tfRole, wildcardRole, denyRole, manyPoliciesRole, regionRole],
  managedPolicies: [
    {
      arn: TF_POLICY_ARN,
      policyName: 'orders-Logs',
      policyId: 'ANPAORDERSLOGS',
      defaultVersionId: 'v1',
      document: doc({ Effect: 'Allow', Action: TF_MODULE_420_ACTIONS, Resource: '*' }),
      createDate: CREATED,
    },
  ],
};

let server: http.Server;
let iam: IAMClient;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = handleIamRequest(Buffer.concat(chunks).toString('utf8'), account);
      res.writeHead(r.status, r.headers).end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  iam = new IAMClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
});

afterAll(async () => {
  iam.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const simulate = (role: IamRole, actions: string[], resources?: string[]) =>
  iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: role.arn, ActionNames: actions, ResourceArns: resources }));

async function decisions(role: IamRole, actions: string[]): Promise<Record<string, string | undefined>> {
  const out = await simulate(role, actions);
  return Object.fromEntries((out.EvaluationResults ?? []).map((r) => [r.EvalActionName, r.EvalDecision]));
}

async function errorOf(p: Promise<unknown>): Promise<Error & { Code?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

describe('IAM roles and policies', () => {
  it('GetRole returns the role with its trust policy URL-encoded and a Date CreateDate', async () => {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'orders-role' }));
    expect(Role?.Arn).toBe(tfRole.arn);
    expect(Role?.Path).toBe('/service-role/');
    expect(Role?.CreateDate).toEqual(CREATED);
    expect(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''))).toEqual(tfRole.assumeRolePolicyDocument);
  });

  it('GetRolePolicy returns the document URL-encoded, and it round-trips after decodeURIComponent', async () => {
    const out = await iam.send(new GetRolePolicyCommand({ RoleName: 'deny-role', PolicyName: 'deny-writes' }));
    expect(out.PolicyDocument).toMatch(/^%7B%22Version%22/);
    expect(JSON.parse(decodeURIComponent(out.PolicyDocument ?? ''))).toEqual(denyRole.inlinePolicies['deny-writes']);
  });

  it('ListRolePolicies pages with Marker and IsTruncated', async () => {
    const first = await iam.send(new ListRolePoliciesCommand({ RoleName: 'many-role', MaxItems: 2 }));
    expect(first.PolicyNames).toEqual(['a', 'b']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListRolePoliciesCommand({ RoleName: 'many-role', MaxItems: 2, Marker: first.Marker }));
    expect(second.PolicyNames).toEqual(['c']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
  });

  it('ListAttachedRolePolicies, GetPolicy and GetPolicyVersion lead to the managed policy document', async () => {
    const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'orders-role' }));
    expect(AttachedPolicies).toEqual([{ PolicyName: 'orders-Logs', PolicyArn: TF_POLICY_ARN }]);
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: TF_POLICY_ARN }));
    expect(Policy).toMatchObject({ PolicyName: 'orders-Logs', DefaultVersionId: 'v1', AttachmentCount: 1, Path: '/', CreateDate: CREATED });
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: TF_POLICY_ARN, VersionId: 'v1' }));
    expect(PolicyVersion?.IsDefaultVersion).toBe(true);
    expect(JSON.parse(decodeURIComponent(PolicyVersion?.Document ?? ''))).toEqual(account.managedPolicies[0]?.document);
  });
});

describe('SimulatePrincipalPolicy', () => {
  it('reports implicitDeny for CreateLogStream and PutLogEvents on the terraform-aws-step-functions 4.2.0 role, allowed for its 8 actions', async () => {
    const out = await simulate(tfRole, [...TF_MODULE_420_ACTIONS, ...WRITE_ACTIONS]);
    expect(out.IsTruncated).toBe(false);
    const byAction = Object.fromEntries((out.EvaluationResults ?? []).map((r) => [r.EvalActionName, r]));
    for (const action of WRITE_ACTIONS) {
      expect(byAction[action]).toMatchObject({ EvalDecision: 'implicitDeny', EvalResourceName: '*' });
      expect(byAction[action]?.MatchedStatements ?? []).toEqual([]);
    }
    for (const action of TF_MODULE_420_ACTIONS) {
      expect(byAction[action]?.EvalDecision).toBe('allowed');
      expect(byAction[action]?.MatchedStatements?.[0]).toMatchObject({ SourcePolicyId: 'orders-Logs', SourcePolicyType: 'user-managed' });
    }
  });

  it('allows every logs action under logs:*', async () => {
    const all = await decisions(wildcardRole, [...TF_MODULE_420_ACTIONS, ...WRITE_ACTIONS]);
    expect(Object.values(all)).toEqual(Array(10).fill('allowed'));
  });

  it('lets an explicit Deny beat an Allow', async () => {
    const out = await simulate(denyRole, ['logs:PutLogEvents', 'logs:CreateLogStream']);
    const [put, create] = out.EvaluationResults ?? [];
    expect(put).toMatchObject({ EvalDecision: 'explicitDeny', MatchedStatements: [expect.objectContaining({ SourcePolicyId: 'deny-writes', SourcePolicyType: 'role' })] });
    expect(create?.EvalDecision).toBe('allowed');
  });

  it('evaluates each requested resource ARN against the policy resources', async () => {
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:charge-card`;
    const out = await simulate(manyPoliciesRole, ['lambda:InvokeFunction'], [fn, 'arn:aws:lambda:eu-west-1:999999999999:function:other']);
    expect(out.EvaluationResults?.map((r) => [r.EvalResourceName, r.EvalDecision])).toEqual([
      [fn, 'allowed'],
      ['arn:aws:lambda:eu-west-1:999999999999:function:other', 'implicitDeny'],
    ]);
  });

  it('fails with NoSuchEntityException for an unknown role', async () => {
    const err = await errorOf(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/ghost`, ActionNames: ['logs:PutLogEvents'] })));
    expect(err.name).toBe('NoSuchEntityException');
    expect(err.message).toBe('The role with name ghost cannot be found.');
  });
});

describe('SimulatePrincipalPolicy with conditions (docs/aws-behaviour.md §11.6)', () => {
  const region = (value: string) => [{ ContextKeyName: 'aws:RequestedRegion', ContextKeyValues: [value], ContextKeyType: 'string' as const }];
  const run = (actions: string[], ContextEntries?: ReturnType<typeof region>) =>
    iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: regionRole.arn, ActionNames: actions, ContextEntries }));

  it('answers implicitDeny with MissingContextValues when an Allow is conditioned on a key the request does not give', async () => {
    const out = await run(['logs:CreateLogStream']);
    expect(out.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: ['aws:RequestedRegion'] });
  });

  it('evaluates the condition on the ContextEntries given: allowed in the named Region, implicitDeny elsewhere', async () => {
    expect((await run(['logs:CreateLogStream'], region('us-east-1'))).EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'allowed', MissingContextValues: [] });
    expect((await run(['logs:CreateLogStream'], region('eu-west-1'))).EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: [] });
  });

  it('a negated condition on a missing key holds (IAM rule): the Deny applies, and the key is still listed as missing', async () => {
    const out = await run(['logs:PutLogEvents'], region('us-east-1'));
    expect(out.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'explicitDeny', MissingContextValues: ['aws:PrincipalTag/team'] });
  });
});

describe('evaluatePolicies', () => {
  const allow = (Action: string | string[]) => [doc({ Effect: 'Allow', Action, Resource: '*' })];

  it('matches actions case-insensitively with * and ? wildcards', () => {
    expect(evaluatePolicies(allow('LOGS:putlogevents'), 'logs:PutLogEvents')).toBe('allowed');
    expect(evaluatePolicies(allow('logs:Put*'), 'logs:PutLogEvents')).toBe('allowed');
    expect(evaluatePolicies(allow('logs:Get?ogEvents'), 'logs:GetLogEvents')).toBe('allowed');
    expect(evaluatePolicies(allow('logs:Get?ogEvents'), 'logs:GetQueryResults')).toBe('implicitDeny');
  });

  it('applies NotAction to every action except those listed', () => {
    const docs = [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })];
    expect(evaluatePolicies(docs, 'logs:PutLogEvents')).toBe('allowed');
    expect(evaluatePolicies(docs, 'iam:PassRole')).toBe('implicitDeny');
  });

  it('denies explicitly across documents, and implicitly when nothing matches', () => {
    const docs = [...allow('*'), doc({ Effect: 'Deny', Action: 'states:Stop*', Resource: '*' })];
    expect(evaluatePolicies(docs, 'states:StopExecution')).toBe('explicitDeny');
    expect(evaluatePolicies([], 'states:StopExecution')).toBe('implicitDeny');
  });
});

describe('IAM errors', () => {
  it('GetRole on an unknown role is NoSuchEntityException with IAM code and type', async () => {
    const err = await errorOf(iam.send(new GetRoleCommand({ RoleName: 'ghost' })));
    expect(err).toMatchObject({ name: 'NoSuchEntityException', Code: 'NoSuchEntity', message: 'The role with name ghost cannot be found.' });
    expect(err.$metadata?.httpStatusCode).toBe(404);
  });

  it('GetRolePolicy on an unknown policy is NoSuchEntityException', async () => {
    const err = await errorOf(iam.send(new GetRolePolicyCommand({ RoleName: 'orders-role', PolicyName: 'missing' })));
    expect(err.name).toBe('NoSuchEntityException');
  });

  it('an invalid role name is a ValidationError whose message survives XML escaping', async () => {
    const err = await errorOf(iam.send(new GetRoleCommand({ RoleName: 'a<b&"c"' })));
    expect(err.name).toBe('ValidationError');
    expect(err.message).toContain(`Value 'a<b&"c"' at 'roleName'`);
  });

  it('answers an unknown Action with InvalidAction and a missing parameter with ValidationError', () => {
    const unknown = handleIamRequest('Action=DeleteRole&Version=2010-05-08&RoleName=x', account);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('<Code>InvalidAction</Code>');
    const missing = handleIamRequest('Action=GetRole&Version=2010-05-08', account);
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('<Code>ValidationError</Code>');
  });

  it('rejects a body that is not form-encoded', () => {
    expect(handleIamRequest('%E0%A4%A', account).body).toContain('<Code>MalformedQueryString</Code>');
    expect(handleIamRequest('{"Action":"GetRole"}', account).body).toContain('<Code>MissingAction</Code>');
  });
});
