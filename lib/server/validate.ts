import 'server-only';
import { checkSafeValue, parseExecutionArn, parseStateMachineArn, type ParsedExecutionArn, type ParsedStateMachineArn } from '@/lib/domain/arn';
import { parseTimeWindow, toIso, type TimeWindow } from '@/lib/domain/time-window';
import { resolveRange, type RangeParams } from '@/lib/query/time-range';
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

/** Step Functions launched on 2016-12-01: AWS holds nothing of it from before, so such a window is a mistake. */
const EARLIEST_MS = Date.UTC(2016, 11, 1);

/** Longer than any ISO-8601 instant (`2024-05-01T10:00:00.123456789+09:00` is 35): refused without being parsed or echoed. */
const MAX_TIME_CHARS = 64;

export function windowParams(params: URLSearchParams, now: number): TimeWindow {
  for (const param of ['from', 'to'] as const) {
    const v = params.get(param);
    if (v !== null && v.length > MAX_TIME_CHARS) {
      throw new RequestError(400, 'invalid-time-window', `Invalid time window: ${param} is ${v.length} characters long; an ISO-8601 time such as 2024-05-01T10:00:00Z is at most ${MAX_TIME_CHARS}.`);
    }
  }
  const r = parseTimeWindow({ from: params.get('from'), to: params.get('to') }, now);
  if (!r.ok) throw new RequestError(400, 'invalid-time-window', r.error.message);
  if (r.value.from < EARLIEST_MS) {
    throw new RequestError(400, 'invalid-time-window', `Invalid time window: from (${toIso(r.value.from)}) is before ${toIso(EARLIEST_MS)}, when Step Functions launched; AWS holds nothing older.`);
  }
  return r.value;
}

/** The window of a range at `now`, validated by the one time-window parser (RequestError 400 when invalid). */
export function windowOfRange(range: RangeParams, now: number) {
  const r = resolveRange(range, now);
  const p = new URLSearchParams();
  if (r.from) p.set('from', r.from);
  if (r.to) p.set('to', r.to);
  return windowParams(p, now);
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
