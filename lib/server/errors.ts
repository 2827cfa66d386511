import 'server-only';
import { NextResponse } from 'next/server';
import { AwsReadError } from '@/lib/aws/errors';

const REQUEST_ERROR = Symbol.for('sfn-lens.RequestError');

/** A request sfn-lens refuses, with what was wrong (400/404). */
export class RequestError extends Error {
  /** Recognised by a brand, not by its class, across Next's bundles (see AwsReadError). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [REQUEST_ERROR]?: unknown })[REQUEST_ERROR] === true;
  }

  readonly [REQUEST_ERROR] = true;

  constructor(
    readonly status: 400 | 404,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; action?: string };
}

/** The one error mapper of every route handler (README "JSON API"). */
export function toErrorResponse(e: unknown): NextResponse<ErrorBody> {
  if (e instanceof RequestError) {
    return NextResponse.json({ error: { code: e.code, message: e.message } }, { status: e.status });
  }
  if (e instanceof AwsReadError) {
    const body = (code: string, message: string) => ({ error: { code, message, action: e.action } });
    switch (e.kind) {
      case 'access-denied':
        return NextResponse.json(body('aws-access-denied', `AWS denied ${e.action} to sfn-lens: grant it to the dashboard's role. (${e.message})`), { status: 403 });
      case 'credentials':
        return NextResponse.json(
          body('aws-credentials-refused', `AWS did not accept sfn-lens's credentials for ${e.action} (${e.awsName}): check the credentials, and that the region belongs to their partition. (${e.message})`),
          { status: 502 },
        );
      case 'throttled':
        return NextResponse.json(body('aws-throttled', `AWS throttled ${e.action}; retried with backoff and still throttled. Try again shortly.`), { status: 503, headers: { 'retry-after': '5' } });
      case 'not-found':
        return NextResponse.json(body('not-found', e.message), { status: 404 });
      case 'invalid':
        return NextResponse.json(body('aws-rejected-request', `AWS rejected ${e.action}: ${e.message}`), { status: 400 });
      case 'unexpected-response':
        // Not AWS's shape (an HTML page, a body that does not parse): a failed read upstream, in plain words.
        return NextResponse.json(body('aws-unexpected-response', `${e.action}: ${e.message}`), { status: 502 });
      default:
        return NextResponse.json(body('aws-unavailable', `${e.action} failed (${e.awsName}): ${e.message}`), { status: 502 });
    }
  }
  console.error('sfn-lens: unexpected error', e);
  return NextResponse.json({ error: { code: 'internal', message: 'sfn-lens failed unexpectedly; the server log has the details.' } }, { status: 500 });
}
