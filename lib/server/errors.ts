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

const UNAVAILABLE_ERROR = Symbol.for('sfn-lens.UnavailableError');

/** A store sfn-lens depends on cannot answer now (503, try again): nothing was lost, nothing is guessed. */
export class UnavailableError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [UNAVAILABLE_ERROR]?: unknown })[UNAVAILABLE_ERROR] === true;
  }

  readonly [UNAVAILABLE_ERROR] = true;

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; action?: string };
}

/** What went wrong, as the API answers it: the body's error with its HTTP status. */
export type ErrorEntry = ErrorBody['error'] & { status: number };

/** An error as the HTTP answer it maps to (see `mapError`). */
export interface MappedError {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/**
 * The one error mapper (README "JSON API"): the wording and the status of every error sfn-lens
 * answers, as a value. Route handlers send it (`toErrorResponse`); views that name a failed row
 * among good ones (the overview, `/api/state-machines`, `/metrics`, the CLI) keep it as data.
 */
export function mapError(e: unknown): MappedError {
  if (e instanceof RequestError) {
    return { status: e.status, body: { error: { code: e.code, message: e.message } } };
  }
  if (e instanceof UnavailableError) {
    console.error(`sfn-lens: ${e.message}`, e.cause ?? '');
    return { status: 503, body: { error: { code: e.code, message: e.message } }, headers: { 'retry-after': '5' } };
  }
  if (e instanceof AwsReadError) {
    const body = (code: string, message: string): ErrorBody => ({ error: { code, message, action: e.action } });
    switch (e.kind) {
      case 'access-denied':
        if (e.action === 'sts:AssumeRole') {
          return { status: 403, body: body('aws-access-denied', `AWS denied sts:AssumeRole to sfn-lens: the source's role must trust sfn-lens's identity (with the source's externalId, when its trust policy asks for one) and that identity may assume it (README "For a team"). (${e.message})`) };
        }
        return { status: 403, body: body('aws-access-denied', `AWS denied ${e.action} to sfn-lens: grant it to the dashboard's role. (${e.message})`) };
      case 'credentials':
        return {
          status: 502,
          body: body('aws-credentials-refused', `AWS did not accept sfn-lens's credentials for ${e.action} (${e.awsName}): check the credentials, and that the region belongs to their partition. (${e.message})`),
        };
      case 'throttled':
        return { status: 503, body: body('aws-throttled', `AWS throttled ${e.action}; retried with backoff and still throttled. Try again shortly.`), headers: { 'retry-after': '5' } };
      case 'not-found':
        return { status: 404, body: body('not-found', e.message) };
      case 'invalid':
        return { status: 400, body: body('aws-rejected-request', `AWS rejected ${e.action}: ${e.message}`) };
      case 'unexpected-response':
        // Not AWS's shape (an HTML page, a body that does not parse): a failed read upstream, in plain words.
        return { status: 502, body: body('aws-unexpected-response', `${e.action}: ${e.message}`) };
      default:
        return { status: 502, body: body('aws-unavailable', `${e.action} failed (${e.awsName}): ${e.message}`) };
    }
  }
  console.error('sfn-lens: unexpected error', e);
  return { status: 500, body: { error: { code: 'internal', message: 'sfn-lens failed unexpectedly; the server log has the details.' } } };
}

/** The mapped error of a row that failed while others were read (`{ code, message, action?, status }`). */
export function errorEntryOf(e: unknown): ErrorEntry {
  const m = mapError(e);
  return { ...m.body.error, status: m.status };
}

/** The HTTP answer of every route handler's failure. */
export function toErrorResponse(e: unknown): NextResponse<ErrorBody> {
  const m = mapError(e);
  return NextResponse.json(m.body, m.headers ? { status: m.status, headers: m.headers } : { status: m.status });
}
