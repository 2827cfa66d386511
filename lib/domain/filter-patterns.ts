// CloudWatch Logs filter patterns for FilterLogEvents (docs/aws-behaviour.md §7): JSON patterns on the
// Step Functions message fields. Values pass quoteFilterPatternValue, which refuses anything unsafe.

import { quoteFilterPatternValue } from './arn';
import { TERMINAL_EVENT_TYPES } from './logging-facts';

/** Every event of one execution: `{ $.execution_arn = "…" }`. Keys on the message, never on stream names. */
export function executionFilterPattern(executionArn: string): string {
  return `{ $.execution_arn = ${quoteFilterPatternValue(executionArn)} }`;
}

/** The terminal events of a state machine's executions. */
export function terminalEventsFilterPattern(): string {
  return `{ ${TERMINAL_EVENT_TYPES.map((t) => `$.type = ${quoteFilterPatternValue(t)}`).join(' || ')} }`;
}
