import 'server-only';
import { checkSafeValue, parseExecutionArn, parseStateMachineArn, type ParsedExecutionArn, type ParsedStateMachineArn } from '@/lib/domain/arn';
import { parseTimeWindow, type TimeWindow } from '@/lib/domain/time-window';
import { RequestError } from './errors';

// Every value from a URL is checked here before it can reach an AWS call, a filter pattern or a
// Logs Insights query: an ARN with quotes, pipes, newlines or wildcards never gets further.

function safe(raw: string, what: string): string {
  const problems = checkSafeValue(raw);
  if (problems.length > 0) throw new RequestError(400, 'invalid-arn', `The ${what} ${JSON.stringify(raw.slice(0, 120))} ${problems.join('; ')}.`);
  return raw;
}

export function stateMachineArnParam(raw: string): ParsedStateMachineArn {
  const r = parseStateMachineArn(safe(raw, 'state machine ARN'));
  if (!r.ok) throw new RequestError(400, 'invalid-arn', r.error.message);
  return r.value;
}

export function executionArnParam(raw: string): ParsedExecutionArn {
  const r = parseExecutionArn(safe(raw, 'execution ARN'));
  if (!r.ok) throw new RequestError(400, 'invalid-arn', r.error.message);
  return r.value;
}

export function windowParams(params: URLSearchParams, now: number): TimeWindow {
  const r = parseTimeWindow({ from: params.get('from'), to: params.get('to') }, now);
  if (!r.ok) throw new RequestError(400, 'invalid-time-window', r.error.message);
  return r.value;
}
