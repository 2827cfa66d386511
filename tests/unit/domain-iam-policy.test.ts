import { describe, expect, it } from 'vitest';
import { evaluateActions, parsePolicyDocument, roleRequestContext } from '@/lib/domain/iam-policy';

describe('the role policy fallback evaluator', () => {
  it('reads documents URL-encoded (as IAM returns them) and plain (as other endpoints may)', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] };
    expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
    expect(parsePolicyDocument(JSON.stringify(doc))).toEqual(doc);
  });

  it('treats an unreadable document as granting nothing', () => {
    expect(evaluateActions([parsePolicyDocument('%%%not json')], ['logs:PutLogEvents'])).toEqual([{ action: 'logs:PutLogEvents', decision: 'implicitDeny' }]);
  });

  it('matches wildcards case-insensitively, honours NotAction, and lets an explicit Deny win', () => {
    const docs = [
      { Statement: [{ Effect: 'Allow', Action: ['logs:Create*', 'LOGS:putlogevents'] }] },
      { Statement: { Effect: 'Allow', NotAction: 'iam:*' } },
      { Statement: [{ Effect: 'Deny', Action: 'logs:CreateLogDelivery' }] },
    ];
    expect(evaluateActions(docs, ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:CreateLogDelivery', 'iam:PassRole', 's3:GetObject'])).toEqual([
      { action: 'logs:CreateLogStream', decision: 'allowed' },
      { action: 'logs:PutLogEvents', decision: 'allowed' },
      { action: 'logs:CreateLogDelivery', decision: 'explicitDeny' },
      { action: 'iam:PassRole', decision: 'implicitDeny' },
      { action: 's3:GetObject', decision: 'allowed' },
    ]);
  });

  describe('conditions (docs/aws-behaviour.md §11.6)', () => {
    const ROLE = 'arn:aws:iam::123456789012:role/service-role/ledger-role';
    const regionLocked = [{ Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eusc-de-east-1' } } }] }];

    it('supplies the role and its account as principal, in any partition', () => {
      expect(roleRequestContext({ region: 'cn-north-1', roleArn: 'arn:aws-cn:iam::123456789012:role/ledger-role' })).toEqual({
        'aws:requestedregion': ['cn-north-1'],
        'aws:principalarn': ['arn:aws-cn:iam::123456789012:role/ledger-role'],
        'aws:principalaccount': ['123456789012'],
      });
      expect(roleRequestContext({ region: null, roleArn: 'not-an-arn' })).toEqual({ 'aws:principalarn': ['not-an-arn'] });
    });

    it('a conditional Allow on a key sfn-lens cannot supply is unknown, not allowed and not denied', () => {
      const docs = [{ Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } }] }];
      expect(evaluateActions(docs, ['logs:PutLogEvents'], roleRequestContext({ region: 'us-east-1', roleArn: ROLE }))).toEqual([
        { action: 'logs:PutLogEvents', decision: 'unknown', missingContextKeys: ['aws:SourceVpc'] },
      ]);
    });

    it('judges a condition on the keys it knows: the Region of the state machine and the role itself', () => {
      expect(evaluateActions(regionLocked, ['logs:PutLogEvents'], roleRequestContext({ region: 'eusc-de-east-1', roleArn: ROLE }))[0]?.decision).toBe('allowed');
      expect(evaluateActions(regionLocked, ['logs:PutLogEvents'], roleRequestContext({ region: 'us-east-1', roleArn: ROLE }))[0]?.decision).toBe('implicitDeny');
      expect(evaluateActions(regionLocked, ['logs:PutLogEvents'], roleRequestContext({ region: null, roleArn: ROLE }))[0]).toEqual({ action: 'logs:PutLogEvents', decision: 'unknown', missingContextKeys: ['aws:RequestedRegion'] });
      const principal = [{ Statement: [{ Effect: 'Allow', Action: 'logs:*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/service-role/*' } } }] }];
      expect(evaluateActions(principal, ['logs:PutLogEvents'], roleRequestContext({ region: 'us-east-1', roleArn: ROLE }))[0]?.decision).toBe('allowed');
    });

    it('an Allow that holds next to a Deny that might apply is unknown; a Deny that holds wins', () => {
      const docs = [{ Statement: [{ Effect: 'Allow', Action: 'logs:*' }, { Effect: 'Deny', Action: 'logs:PutLogEvents', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'platform' } } }] }];
      expect(evaluateActions(docs, ['logs:PutLogEvents', 'logs:CreateLogStream'])).toEqual([
        { action: 'logs:PutLogEvents', decision: 'unknown', missingContextKeys: ['aws:PrincipalTag/team'] },
        { action: 'logs:CreateLogStream', decision: 'allowed' },
      ]);
      const denyOutside = [{ Statement: [{ Effect: 'Allow', Action: 'logs:*' }, { Effect: 'Deny', Action: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }] }];
      expect(evaluateActions(denyOutside, ['logs:PutLogEvents'], roleRequestContext({ region: 'eu-west-1', roleArn: ROLE }))[0]?.decision).toBe('explicitDeny');
      expect(evaluateActions(denyOutside, ['logs:PutLogEvents'], roleRequestContext({ region: 'us-east-1', roleArn: ROLE }))[0]?.decision).toBe('allowed');
    });
  });
});
