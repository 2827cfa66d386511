import 'server-only';
import { checkSafeValue, parseExecutionArn, parseMapRunArn, parseStateMachineArn, type ParsedExecutionArn, type ParsedMapRunArn, type ParsedStateMachineArn } from '@/lib/domain/arn';
import type { TimeWindow } from '@/lib/domain/time-window';
import { windowOfRange } from '@/lib/query/time-range';
import { RequestError } from './errors';

// Every value from a URL is checked here before it can reach an AWS call, a filter pattern or a
// Logs Insights query: an ARN with quotes, pipes, newlines or wildcards never gets further.

function safe(raw: string, what: string): string {
  const problems = checkSafeValue(raw);
  if (problems.length > 0) throw new RequestError(400, 'invalid-arn', `The ${what} ${JSON.stringify(raw.slice(0, 120))} ${problems.join('; ')}.`);
  return raw;
}

// Characters AWS refuses in state machine and execution names (CreateStateMachine / StartExecution
// `name`) that checkSafeValue lets through: no real ARN carries them, so none is sent on to AWS.
const NOT_IN_NAMES = /[#%^~$&,;]/;

function checkName(value: string, what: string): void {
  const ch = NOT_IN_NAMES.exec(value)?.[0];
  if (ch !== undefined) throw new RequestError(400, 'invalid-arn', `The ${what} ${JSON.stringify(value.slice(0, 80))} contains "${ch}", which AWS does not allow in names.`);
}

/**
 * A page's path parameter, decoded: page params arrive still percent-encoded (route handlers' arrive
 * decoded). A malformed escape is left as it is, for the ARN check to refuse; an ARN never holds a "%".
 */
export function decodePageParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function stateMachineArnParam(raw: string): ParsedStateMachineArn {
  const r = parseStateMachineArn(safe(raw, 'state machine ARN'));
  if (!r.ok) throw new RequestError(400, 'invalid-arn', r.error.message);
  checkName(r.value.name, 'state machine name in the ARN');
  return r.value;
}

export function executionArnParam(raw: string): ParsedExecutionArn {
  const r = parseExecutionArn(safe(raw, 'execution ARN'));
  if (!r.ok) throw new RequestError(400, 'invalid-arn', r.error.message);
  checkName(r.value.stateMachineName, 'state machine name in the execution ARN');
  checkName(r.value.name, 'execution name in the ARN');
  return r.value;
}

export function mapRunArnParam(raw: string): ParsedMapRunArn {
  const r = parseMapRunArn(safe(raw, 'Map Run ARN'));
  if (!r.ok) throw new RequestError(400, 'invalid-arn', r.error.message);
  checkName(r.value.parentStateMachineName, 'state machine name in the Map Run ARN');
  return r.value;
}

/** The window a URL's range means now (lib/query/time-range.ts), or RequestError 400 with every problem named. */
export function windowParam(range: { from?: string | null; to?: string | null }, now: number): TimeWindow {
  const r = windowOfRange(range, now);
  if (!r.ok) throw new RequestError(400, r.error.code, r.error.message);
  return r.value;
}

/** Refuses query parameters an endpoint does not take (a typo such as `form=` would otherwise be silently ignored). */
export function onlyParams(params: URLSearchParams, allowed: readonly string[]): void {
  for (const key of params.keys()) {
    if (!allowed.includes(key)) {
      const takes = allowed.length ? `takes only ${allowed.join(' and ')}` : 'takes no query parameters';
      throw new RequestError(400, 'unknown-parameter', `Unknown query parameter ${JSON.stringify(key.slice(0, 40))}: this endpoint ${takes}.`);
    }
  }
}
