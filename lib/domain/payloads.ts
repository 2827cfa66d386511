// Payloads Step Functions cut before logging them: over 248 KiB, an event's input, output or
// parameters are logged truncated, with `<field>Details: { truncated: true }` (docs/aws-behaviour.md §2).
// The event is still whole and counted; only the payload is partial, and the view says so.

import type { ExecutionLogEvent } from './types';

export interface TruncatedPayload {
  eventId: number;
  type: string;
  /** `input`, `output` or `parameters`. */
  field: string;
  /** Characters of the payload that were logged. */
  loggedChars: number | null;
}

/** Every payload the logged events say was truncated, in event order. */
export function truncatedPayloads(events: readonly ExecutionLogEvent[]): TruncatedPayload[] {
  const out: TruncatedPayload[] = [];
  for (const e of events) {
    for (const [key, value] of Object.entries(e.details)) {
      if (!key.endsWith('Details') || typeof value !== 'object' || value === null) continue;
      const { truncated } = value as { truncated?: unknown };
      if (truncated !== true && truncated !== 'true') continue;
      const field = key.slice(0, -'Details'.length);
      const payload = e.details[field];
      out.push({ eventId: e.id, type: e.type, field, loggedChars: typeof payload === 'string' ? payload.length : null });
    }
  }
  return out;
}
