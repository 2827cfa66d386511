import { IAMClient, SimulatePrincipalPolicyCommand, ListRolePoliciesCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { setClientsForTests, type AwsClients } from '@/lib/aws/clients';
import { checkRolePermissions } from '@/lib/aws/iam';
import { handleIamRequest, type IamAccount } from '@/sim/iam/handler';
import { scriptedClients } from './scripted-clients';

// The role check against the simulated IAM handler in-process: the SDK client's request goes to the
// handler through a custom request handler, no socket.

const ROLE = 'arn:aws:iam::123456789012:role/service-role/ledger-role';
const ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

const account: IamAccount = {
  accountId: '123456789012',
  roles: [
    {
      roleName: 'ledger-role',
      arn: ROLE,
      roleId: 'AROALEDGER',
      createDate: new Date(0),
      path: '/service-role/',
      assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
      inlinePolicies: {
        logs: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ACTIONS, Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-gov-west-1' } } }] },
        tagged: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ledger' } } }] },
      },
      attachedPolicyArns: [],
    },
  ],
  managedPolicies: [],
};

/** An IAM client whose requests are answered by the simulator's handler; `deny` names actions refused as AccessDenied. */
function iamViaSim(deny: string[] = []): IAMClient {
  const sent: string[] = [];
  const iam = new IAMClient({
    region: 'us-gov-west-1',
    endpoint: 'http://iam.invalid',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (req: { body?: unknown }) => {
        const body = String(req.body ?? '');
        const action = new URLSearchParams(body).get('Action') ?? '';
        sent.push(body);
        const r = deny.includes(action)
          ? { status: 403, headers: { 'content-type': 'text/xml' }, body: '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied</Message></Error><RequestId>1</RequestId></ErrorResponse>' }
          : handleIamRequest(body, account);
        const { Readable } = await import('node:stream');
        return { response: { statusCode: r.status, headers: r.headers, body: Readable.from([Buffer.from(r.body)]) } };
      },
    } as never,
  });
  (iam as unknown as { sent: string[] }).sent = sent;
  return iam;
}

afterEach(() => setClientsForTests(null));

describe('the execution role check under conditions (docs/aws-behaviour.md §11.6)', () => {
  it('gives the simulation the Region as aws:RequestedRegion, so a Region-locked Allow reads as allowed', async () => {
    const iam = iamViaSim();
    setClientsForTests({ iam } as unknown as AwsClients);
    const out = await checkRolePermissions(ROLE, ACTIONS, { region: 'us-gov-west-1' });
    expect(out.method).toBe('simulate-principal-policy');
    expect(out.results).toEqual([
      { action: 'logs:CreateLogStream', decision: 'allowed' },
      { action: 'logs:PutLogEvents', decision: 'allowed' },
    ]);
    const body = decodeURIComponent((iam as unknown as { sent: string[] }).sent[0] ?? '');
    expect(body).toContain('ContextEntries.member.1.ContextKeyName=aws:RequestedRegion&ContextEntries.member.1.ContextKeyValues.member.1=us-gov-west-1');
  });

  it('reads implicitDeny with MissingContextValues as unknown, naming the keys, not as a missing action', async () => {
    setClientsForTests({ iam: iamViaSim() } as unknown as AwsClients);
    const out = await checkRolePermissions(ROLE, ['logs:DescribeLogGroups', 'logs:PutLogEvents'], { region: 'us-gov-west-1' });
    expect(out.results).toEqual([
      { action: 'logs:DescribeLogGroups', decision: 'unknown', missingContextKeys: ['aws:PrincipalTag/team'] },
      { action: 'logs:PutLogEvents', decision: 'allowed' },
    ]);
  });

  it('the policy-documents fallback judges the same conditions the same way', async () => {
    setClientsForTests({ iam: iamViaSim(['SimulatePrincipalPolicy']) } as unknown as AwsClients);
    const out = await checkRolePermissions(ROLE, ['logs:DescribeLogGroups', 'logs:PutLogEvents'], { region: 'us-gov-west-1' });
    expect(out.method).toBe('policy-documents');
    expect(out.results).toEqual([
      { action: 'logs:DescribeLogGroups', decision: 'unknown', missingContextKeys: ['aws:PrincipalTag/team'] },
      { action: 'logs:PutLogEvents', decision: 'allowed' },
    ]);
  });

  it('a token IAM refuses is not read as denied: no fallback to the policy documents, the error is kept as credentials', async () => {
    const iam = {
      send: async (cmd: unknown) => {
        if (cmd instanceof SimulatePrincipalPolicyCommand || cmd instanceof ListRolePoliciesCommand || cmd instanceof GetRolePolicyCommand || cmd instanceof ListAttachedRolePoliciesCommand) {
          throw Object.assign(new Error('The security token included in the request is invalid.'), { name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
        }
        throw new Error('unexpected command');
      },
    };
    setClientsForTests(scriptedClients({ iam: iam.send }));
    await expect(checkRolePermissions(ROLE, ACTIONS, { region: 'us-gov-west-1' })).rejects.toMatchObject({ kind: 'credentials', awsName: 'InvalidClientTokenId', action: 'iam:SimulatePrincipalPolicy' });
  });
});
