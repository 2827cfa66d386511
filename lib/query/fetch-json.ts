import type * as z from 'zod/mini';
import type { AnswerSchema } from './schemas';

/** The checks load beside the first request, not with the page: they are not needed before an answer arrives. */
const checks = () => import('./schemas');

/** An API error as the JSON API sends it (README "JSON API"), kept whole for the error boundary and banners. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly action?: string,
    /** The whole error answer, for errors that carry more than a message (a search's estimate, docs/search.md). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** "executions.3.verdict.cause: expected one of consistent, running, …", the first few problems of an answer. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => {
    const where = i.path.length ? i.path.join('.') : 'the answer';
    const what = i.code === 'invalid_type' ? `expected ${i.expected}` : i.code === 'invalid_value' ? `expected one of ${i.values.join(', ')}` : i.message;
    return `${where}: ${what}`;
  });
  return `${shown.join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`;
}

/**
 * The one client-side fetch helper: JSON in, checked against the schema `schemaOf` picks (a view never reads an answer
 * it did not check), `ApiError` with the server's message out. An answer of another shape (a proxy's
 * page, a server of another version) is an error that says what was wrong, shown where the view
 * would be, never a crash inside it.
 */
export async function fetchJson<T>(url: string, schemaOf: (s: Awaited<ReturnType<typeof checks>>) => AnswerSchema<T>, init?: RequestInit): Promise<T> {
  const [r, s] = await Promise.all([fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } }), checks()]);
  const text = await r.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: named below
  }
  const path = url.split('?')[0];
  if (!r.ok) {
    const err = s.errorBodySchema.safeParse(body);
    if (err.success) throw new ApiError(r.status, err.data.error.code, err.data.error.message, err.data.error.action, body);
    throw new ApiError(r.status, 'http-error', `The server answered ${r.status}${body === undefined ? '' : ' with an error of an unknown shape'}.`);
  }
  if (body === undefined) throw new ApiError(r.status, 'unexpected-response', `The server's answer to ${path} is not JSON${text ? ` (it begins ${JSON.stringify(text.slice(0, 40))})` : ''}.`);
  const parsed = schemaOf(s).safeParse(body);
  if (!parsed.success) throw new ApiError(r.status, 'unexpected-response', `The server's answer to ${path} is not what this page reads: ${describeIssues(parsed.error.issues)}.`);
  // Checked: the schema accepts every value of T and refused none of this one's parts it reads.
  return parsed.data as T;
}
