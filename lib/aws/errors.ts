// One place that turns SDK exceptions into what sfn-lens reasons about.

import { CREDENTIALS_REFUSED_ERRORS } from '@/lib/domain/logging-facts';

export type AwsErrorKind = 'access-denied' | 'credentials' | 'throttled' | 'not-found' | 'express-unsupported' | 'invalid' | 'timeout' | 'server' | 'network' | 'unknown' | 'unexpected-response';

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

/** The SDK's hint appended to an answer it could not parse (@smithy/core's deserializer middleware). */
const SDK_DESERIALIZATION_HINT = /\s*Deserialization error: to see the raw response, inspect the hidden field \{error\}\.\$response on this object\.?/;

/**
 * An answer that is not AWS's shape (docs/aws-behaviour.md §11.12): an HTML page (an AWS-compatible
 * endpoint that does not implement the call, a proxy's error page) or a body that does not parse.
 * The SDK throws its parser's error (a SyntaxError, or an "XML parse error") with the raw response in
 * the hidden field `$response` and an internal hint in the message; an XML service (IAM) even reads an
 * HTML 404 as an error named after the status (`NotFound`, message `Unknown`). Named here in plain
 * words — which call, what came back — never with the SDK's text, and never read as an empty answer.
 */
export function unexpectedResponseOf(e: unknown, action: string): AwsReadError | null {
  if (typeof e !== 'object' || e === null) return null;
  const err = e as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number; headers?: Record<string, string | undefined> } };
  const response = err.$response;
  const message = typeof err.message === 'string' ? err.message : '';
  const hinted = SDK_DESERIALIZATION_HINT.test(message);
  if (!response && !hinted) return null;
  const headers = response?.headers ?? {};
  const contentType = (Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const html = contentType === 'text/html' || contentType === 'application/xhtml+xml' || /["'`]\s*<(!doctype|html)/i.test(message);
  if (!hinted && !html) return null;
  const status = response?.statusCode ?? err.$metadata?.httpStatusCode ?? null;
  const answered = status !== null ? `answered HTTP ${status}` : 'answered';
  const what = html ? 'an HTML page' : contentType ? `a ${contentType} body that does not parse` : 'a body that does not parse';
  // A 5xx page (a load balancer's, a proxy's) is a server failure the SDK already retried, said as plainly.
  if (status !== null && status >= 500 && status !== 501) return new AwsReadError(action, 'server', 'UnexpectedResponse', `the endpoint ${answered} with ${what}, not an AWS response — a server or a proxy in between failed.`, status);
  const why =
    status !== null && (status === 404 || status === 405 || status === 501)
      ? 'it may not implement this call'
      : html
        ? 'it may not implement this call, or a proxy in between answered instead'
        : 'an AWS-compatible endpoint that does not fully implement this call, or a proxy in between';
  return new AwsReadError(action, 'unexpected-response', 'UnexpectedResponse', `the endpoint ${answered} with ${what}, not an AWS response — ${why}.`, status);
}

export function toAwsReadError(e: unknown, action: string): AwsReadError {
  if (e instanceof AwsReadError) return e;
  const unexpected = unexpectedResponseOf(e, action);
  if (unexpected) return unexpected;
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
  // AWS answers either of these for Express executions (docs/aws-behaviour.md §1): treat both as "not supported".
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

/**
 * Every paging loop stops at a bound: an endpoint may answer a next token without end (empty or
 * partial pages are legal: docs/aws-behaviour.md §11.9). Past `maxPages` the read fails, named, instead
 * of running on or returning a part as if it were the whole.
 */
export function checkPageBound(action: string, page: number, maxPages: number): void {
  if (page > maxPages) {
    throw new AwsReadError(action, 'unknown', 'PagingDidNotEnd', `${action} still answered a next token after ${maxPages} pages; sfn-lens stopped reading rather than go on without end.`, null);
  }
}

/** An SDK paginator (`paginateListExecutions`, …), as far as awsPages uses it. */
type Paginate<Client, Input, Output> = (config: { client: Client; withCommand: (command: unknown) => undefined }, input: Input) => AsyncIterable<Output>;

/**
 * The pages of an SDK paginator, read as awsCall reads one answer: any failure reshaped with the
 * action's name. The request for page `maxPages + 1` is never sent: the read fails at checkPageBound
 * instead. A reader that stops itself at a bound of its own (FilterLogEvents' requests, GetMetricData's
 * pages) leaves `maxPages` out. Breaking out of the loop sends no further request.
 */
export async function* awsPages<Client, Input, Output>(
  action: string,
  paginate: Paginate<Client, Input, Output>,
  client: Client,
  input: Input,
  maxPages = Infinity,
): AsyncGenerator<Output, void, undefined> {
  let pages = 0;
  // Called by the paginator just before it sends each request (undefined: the command as built).
  const withCommand = (): undefined => {
    checkPageBound(action, ++pages, maxPages);
    return undefined;
  };
  const iterator = paginate({ client, withCommand }, input)[Symbol.asyncIterator]();
  for (;;) {
    const page = await awsCall(action, () => iterator.next());
    if (page.done) return;
    yield page.value;
  }
}
