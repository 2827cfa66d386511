import { describe, expect, it, vi } from 'vitest';
import { AwsReadError } from '@/lib/aws/errors';
import { errorEntryOf, mapError, RequestError, toErrorResponse } from '@/lib/server/errors';

const aws = (kind: AwsReadError['kind'], name = 'SomeError') => new AwsReadError('logs:StartQuery', kind, name, 'it failed', 400);

describe('the one error mapper', () => {
  it.each([
    [new RequestError(400, 'invalid-time-window', 'from is after to'), 400, 'invalid-time-window'],
    [new RequestError(404, 'execution-not-found', 'no such execution'), 404, 'execution-not-found'],
    [aws('access-denied', 'AccessDeniedException'), 403, 'aws-access-denied'],
    [aws('credentials', 'UnrecognizedClientException'), 502, 'aws-credentials-refused'],
    [aws('throttled', 'ThrottlingException'), 503, 'aws-throttled'],
    [aws('not-found', 'ResourceNotFoundException'), 404, 'not-found'],
    [aws('invalid', 'InvalidParameterException'), 400, 'aws-rejected-request'],
    [aws('unexpected-response', 'UnexpectedResponse'), 502, 'aws-unexpected-response'],
    [aws('server', 'ServiceUnavailableException'), 502, 'aws-unavailable'],
  ] as const)('answers %s with its status and code, as a value and as the HTTP response alike', async (e, status, code) => {
    const mapped = mapError(e);
    expect(mapped.status).toBe(status);
    expect(mapped.body.error.code).toBe(code);
    const res = toErrorResponse(e);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(mapped.body);
  });

  it('a throttled read is answered with retry-after', () => {
    const e = aws('throttled', 'ThrottlingException');
    expect(mapError(e).headers).toEqual({ 'retry-after': '5' });
    expect(toErrorResponse(e).headers.get('retry-after')).toBe('5');
    expect(toErrorResponse(aws('access-denied')).headers.get('retry-after')).toBeNull();
  });

  it('names the AWS action, and gives a failed row its status beside the body', () => {
    expect(errorEntryOf(aws('access-denied', 'AccessDeniedException'))).toEqual({
      code: 'aws-access-denied',
      message: "AWS denied logs:StartQuery to sfn-lens: grant it to the dashboard's role. (it failed)",
      action: 'logs:StartQuery',
      status: 403,
    });
    expect(errorEntryOf(new RequestError(400, 'invalid-arn', 'not an ARN'))).toEqual({ code: 'invalid-arn', message: 'not an ARN', status: 400 });
  });

  it('an unexpected error is a 500 that keeps its details in the server log, not the body', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const mapped = mapError(new TypeError('secret detail'));
    expect(mapped.status).toBe(500);
    expect(JSON.stringify(mapped.body)).not.toContain('secret detail');
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });
});
