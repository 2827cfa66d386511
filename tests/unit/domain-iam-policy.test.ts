import { describe, expect, it } from 'vitest';
import { evaluateActions, parsePolicyDocument } from '@/lib/domain/iam-policy';

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
});
