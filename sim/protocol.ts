// Wire-level helpers shared by the simulated services (docs/aws-behaviour.md §9).

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function jsonReply(contentType: string, payload: unknown): SimResponse {
  return { status: 200, headers: { 'content-type': contentType }, body: JSON.stringify(payload) };
}

/** JSON protocols: a non-2xx status with `__type` is what the SDK decodes into a named error. */
export function jsonError(contentType: string, err: AwsError): SimResponse {
  return {
    status: err.status,
    headers: { 'content-type': contentType, 'x-amzn-errortype': err.code },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}

export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AwsError(400, 'SerializationException', 'Start of structure or map found where not expected, or the body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError(400, 'SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

export function str(p: Record<string, unknown>, key: string, required = false): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) {
    if (required) throw new AwsError(400, 'ValidationException', `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  if (typeof v !== 'string') throw new AwsError(400, 'SerializationException', `Expected a string for '${key}'.`);
  return v;
}

export function num(p: Record<string, unknown>, key: string): number | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new AwsError(400, 'SerializationException', `Expected a number for '${key}'.`);
  return v;
}

export function bool(p: Record<string, unknown>, key: string): boolean | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new AwsError(400, 'SerializationException', `Expected a boolean for '${key}'.`);
  return v;
}

export function checkRange(key: string, v: number | undefined, min: number, max: number): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new AwsError(400, 'ValidationException', `1 validation error detected: Value '${v}' at '${key}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
}

/** Pagination tokens are opaque to clients; ours are base64 JSON, rejected when tampered with. */
export function encodeToken(state: unknown): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeToken<T>(token: string | undefined, errorCode: string): T | undefined {
  if (token === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw new AwsError(400, errorCode, 'The specified token is invalid or has expired.');
  }
}

/** SFN dates travel as epoch seconds (floats). */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}
