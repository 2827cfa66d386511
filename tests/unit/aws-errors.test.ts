import { describe, expect, it, vi } from 'vitest';
import { redactAwsMessage, toAwsReadError } from '@/lib/aws/errors';

// What AWS answers when it refuses a signature: the canonical request it computed, signed headers included.
const REFUSED = [
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  '',
  'The Canonical String for this request should have been',
  "'POST",
  '/',
  '',
  'content-type:application/x-amz-json-1.0',
  'host:states.us-east-1.amazonaws.com',
  'x-amz-date:20261129T030000Z',
  'x-amz-security-token:IQoJb3JpZ2luX2VjEPROBETOKEN/abc+def==',
  "x-amz-target:AWSStepFunctions.DescribeStateMachine'",
  '',
  'The String-to-Sign should have been',
  "'AWS4-HMAC-SHA256",
  '20261129T030000Z',
  "20261129/us-east-1/states/aws4_request'",
].join('\n');

describe('AWS error messages shown to users hold no credentials', () => {
  it('drops the canonical request a refused signature echoes, session token included', () => {
    const m = redactAwsMessage(REFUSED);
    expect(m).toContain('The request signature we calculated does not match');
    expect(m).toContain('the canonical request AWS echoed is left out');
    expect(m).not.toContain('IQoJb3JpZ2luX2VjEPROBETOKEN');
    expect(m).not.toContain('x-amz-target');
  });

  it('blanks a session token, a credential scope, a signature or an access key id anywhere else', () => {
    const m = redactAwsMessage(
      'bad request x-amz-security-token:SECRETTOKEN123 Authorization: AWS4-HMAC-SHA256 Credential=AKIAABCDEFGHIJKLMNOP/20261129/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0123456789abcdef key ASIAQWERTYUIOPASDFGH',
    );
    for (const secret of ['SECRETTOKEN123', 'AKIAABCDEFGHIJKLMNOP', '0123456789abcdef', 'ASIAQWERTYUIOPASDFGH']) expect(m).not.toContain(secret);
    expect(m).toContain('x-amz-security-token:[redacted]');
    expect(m).toContain('Signature=[redacted]');
  });

  it('keeps ordinary messages whole, and cuts very long ones', () => {
    const denied = 'User: arn:aws:sts::123456789012:assumed-role/sfn-lens/x is not authorized to perform: logs:StartQuery on resource: arn:aws:logs:us-east-1:123456789012:log-group:/a';
    expect(redactAwsMessage(denied)).toBe(denied);
    expect(redactAwsMessage('x'.repeat(5_000))).toHaveLength(1_001);
  });

  it('is applied to every error sfn-lens reshapes', () => {
    const e = Object.assign(new Error(REFUSED), { name: 'InvalidSignatureException', $metadata: { httpStatusCode: 400 } });
    const r = toAwsReadError(e, 'states:DescribeStateMachine');
    expect(r.message).not.toContain('IQoJb3JpZ2luX2VjEPROBETOKEN');
    expect(r.awsName).toBe('InvalidSignatureException');
  });
});

describe('errors thrown in one Next bundle and handled in another', () => {
  // Next bundles a module once per route and page; a shared read started by a page can reject an API
  // request with the page's copy of the class. Fresh module copies stand in for two bundles here.
  it('an AwsReadError or RequestError from another copy of its module is still recognised', async () => {
    vi.resetModules();
    const aws1 = await import('@/lib/aws/errors');
    const req1 = await import('@/lib/server/errors');
    vi.resetModules();
    const aws2 = await import('@/lib/aws/errors');
    const req2 = await import('@/lib/server/errors');
    expect(aws1.AwsReadError).not.toBe(aws2.AwsReadError);

    const denied = new aws1.AwsReadError('states:DescribeStateMachine', 'access-denied', 'AccessDeniedException', 'not authorized', 400);
    expect(denied instanceof aws2.AwsReadError).toBe(true);
    const res = req2.toErrorResponse(denied);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'aws-access-denied', action: 'states:DescribeStateMachine' } });

    const bad = new req1.RequestError(400, 'invalid-range', 'from is after to');
    expect(bad instanceof req2.RequestError).toBe(true);
    expect(req2.toErrorResponse(bad).status).toBe(400);
    // Nothing else passes for one.
    expect(new Error('x') instanceof aws2.AwsReadError).toBe(false);
    expect((null as unknown) instanceof req2.RequestError).toBe(false);
    expect(Object.assign(new Error('x'), { name: 'AwsReadError', kind: 'access-denied' }) instanceof aws2.AwsReadError).toBe(false);
  });
});
