// One place that turns SDK exceptions into what sfn-lens reasons about.

import { CREDENTIALS_REFUSED_ERRORS } from '@/lib/domain/logging-facts';

export type AwsErrorKind = 'access-denied' | 'credentials' | 'throttled' | 'not-found' | 'express-unsupported' | 'invalid' | 'timeout' | 'server' | 'network' | 'unknown';

const AWS_READ_ERROR = Symbol.for('sfn-lens.AwsReadError');

export class AwsReadError extends Error {
  /**
   * Recognised by a brand, not by its class: Next bundles this module once per route and page, and a
   * shared read (lib/server/shared-reads) started by a page can reject a route handler's request with
   * the page bundle's AwsReadError — which a plain `instanceof` there would call an unexpected error.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [AWS_READ_ERROR]?: unknown })[AWS_READ_ERROR] === true;
  }

  readonly [AWS_READ_ERROR] = true;

  constructor(
    /** The IAM action that failed, e.g. `logs:StartQuery`. */
    readonly action: string,
    readonly kind: AwsErrorKind,
    /** The AWS error name (`AccessDeniedException`, `ThrottlingException`, …). */
    readonly awsName: string,
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = 'AwsReadError';
  }
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'KmsAccessDeniedException']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException', 'KmsThrottlingException']);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'ResourceNotFound', 'StateMachineDoesNotExist', 'ExecutionDoesNotExist', 'NoSuchEntityException', 'NoSuchEntity']);

/** Messages are shown in pages, the JSON API and snapshots: long ones are cut here. */
const MAX_MESSAGE_CHARS = 1_000;

/**
 * An AWS error message made safe to show. A refused signature (InvalidSignatureException,
 * SignatureDoesNotMatch) echoes the canonical request AWS computed — signed headers, the session
 * token among them — so that part is dropped, and any token, credential scope, signature or access
 * key id left is blanked: the message reaches pages, the JSON API and snapshots.
 */
export function redactAwsMessage(message: string): string {
  let m = message;
  const canonical = m.search(/The Canonical String for this request should have been|The String-to-Sign should have been/i);
  if (canonical >= 0) m = `${m.slice(0, canonical).trimEnd()} (the canonical request AWS echoed is left out: it holds the signed headers)`;
  m = m
    .replace(/(x-amz-security-token[:=]\s*)[^\s'"&,;]+/gi, '$1[redacted]')
    .replace(/(X-Amz-Signature=|Signature=)[0-9a-fA-F]+/g, '$1[redacted]')
    .replace(/(X-Amz-Credential=|Credential=)[^\s,'"&;]+/g, '$1[redacted]')
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '$1[redacted]');
  return m.length > MAX_MESSAGE_CHARS ? `${m.slice(0, MAX_MESSAGE_CHARS)}…` : m;
}

export function toAwsReadError(e: unknown, action: string): AwsReadError {
  if (e instanceof AwsReadError) return e;
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const name = err?.name ?? 'Error';
  const status = err?.$metadata?.httpStatusCode ?? null;
  const message = redactAwsMessage(err?.message ?? String(e));
  let kind: AwsErrorKind = 'unknown';
  if (ACCESS_DENIED.has(name)) kind = 'access-denied';
  // Refused credentials (a token of another partition, say) are not a missing permission (docs/aws-behaviour.md §11.10).
  else if (CREDENTIALS_REFUSED_ERRORS.has(name)) kind = 'credentials';
  else if (THROTTLED.has(name) || status === 429) kind = 'throttled';
  else if (NOT_FOUND.has(name)) kind = 'not-found';
  // AWS answers either of these for Express executions (AWS-FACTS.md §1): treat both as "not supported".
  else if (name === 'StateMachineTypeNotSupported' || (name === 'InvalidArn' && /express/i.test(message))) kind = 'express-unsupported';
  else if (name === 'InvalidArn' || name === 'ValidationException' || name === 'InvalidParameterException' || name === 'MalformedQueryException' || name === 'InvalidParameterValueException') kind = 'invalid';
  else if (name === 'TimeoutError' || name === 'RequestTimeout' || /timed? ?out/i.test(message)) kind = 'timeout';
  else if (status !== null && status >= 500) kind = 'server';
  else if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(err?.code ?? '') || /socket hang up|ECONNREFUSED|ECONNRESET/.test(message)) kind = 'network';
  return new AwsReadError(action, kind, name, message, status);
}

/** Runs one AWS call, reshaping any failure with the action's name. */
export async function awsCall<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAwsReadError(e, action);
  }
}
