import { describe, expect, it } from 'vitest';
import { resourcePolicyCoverage } from '@/lib/domain/resource-policy';
import { ACCOUNT, deliveryPolicyDocument, LOG_GROUP_ARN, LOG_GROUP_NAME, makeResourcePolicy, REGION } from './builders';

const dest = { arn: LOG_GROUP_ARN, name: LOG_GROUP_NAME, region: REGION, accountId: ACCOUNT, partition: 'aws' };

describe('resourcePolicyCoverage: wildcards and conditions', () => {
  it.each([
    ['the exact statement AWS writes', `${LOG_GROUP_ARN}:log-stream:*`],
    ['the /aws/vendedlogs/* wildcard', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/*`],
    ['every log group', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`],
    ['the group with :*', `${LOG_GROUP_ARN}:*`],
    ['Resource "*"', '*'],
  ])('covers the group with %s', (_what, resource) => {
    expect(resourcePolicyCoverage([makeResourcePolicy({ document: deliveryPolicyDocument(resource) })], dest).covered).toBe(true);
  });

  it('does not cover the group with the bare group ARN (streams are not covered)', () => {
    const c = resourcePolicyCoverage([makeResourcePolicy({ document: deliveryPolicyDocument(LOG_GROUP_ARN) })], dest);
    expect(c.covered).toBe(false);
    expect(c.reason).toContain('Closest');
  });

  it('does not cover another group\'s wildcard', () => {
    expect(resourcePolicyCoverage([makeResourcePolicy({ document: deliveryPolicyDocument(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/*`) })], dest).covered).toBe(false);
  });

  it('does not cover when aws:SourceAccount names another account', () => {
    const doc = deliveryPolicyDocument(undefined, { Condition: { StringEquals: { 'aws:SourceAccount': '999999999999' } } });
    expect(resourcePolicyCoverage([makeResourcePolicy({ document: doc })], dest).reason).toContain('999999999999');
  });

  it('an explicit Deny for the delivery principal wins', () => {
    const deny = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 'logs:PutLogEvents', Resource: '*' }] });
    const c = resourcePolicyCoverage([makeResourcePolicy(), makeResourcePolicy({ name: 'deny', document: deny })], dest);
    expect(c).toMatchObject({ covered: false, policyName: 'deny' });
  });

  it('needs both actions, through action wildcards too', () => {
    const only = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 'logs:PutLogEvents', Resource: '*' }] });
    expect(resourcePolicyCoverage([makeResourcePolicy({ document: only })], dest).reason).toContain('Only logs:PutLogEvents');
    const star = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 'logs:*', Resource: '*' }] });
    expect(resourcePolicyCoverage([makeResourcePolicy({ document: star })], dest).covered).toBe(true);
  });

  it('a policy attached to the group itself covers it by the bare group ARN, or with no Resource at all', () => {
    const own = (resource?: string) =>
      makeResourcePolicy({
        name: 'group-own',
        scope: 'RESOURCE',
        resourceArn: `${LOG_GROUP_ARN}:*`,
        document: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], ...(resource ? { Resource: resource } : {}) }] }),
      });
    expect(resourcePolicyCoverage([own(LOG_GROUP_ARN)], dest)).toMatchObject({ covered: true, policyName: 'group-own' });
    expect(resourcePolicyCoverage([own()], dest).covered).toBe(true);
    // The same bare ARN in an account-level policy names the group, not its streams.
    expect(resourcePolicyCoverage([makeResourcePolicy({ document: deliveryPolicyDocument(LOG_GROUP_ARN) })], dest).covered).toBe(false);
  });

  it('a policy attached to another group covers nothing here', () => {
    const other = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/states/other`;
    const p = makeResourcePolicy({ scope: 'RESOURCE', resourceArn: other, document: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 'logs:*' }] }) });
    expect(resourcePolicyCoverage([p], dest).covered).toBe(false);
  });
});
