// Raw CloudWatch Logs events → Step Functions execution events. Real data is messy: values are strings
// (sometimes numbers), `details` varies by type, messages may be non-JSON, truncated or duplicated,
// arrive out of order, or be the delivery-validation line. This never throws; it counts what it drops.

import { VALIDATION_STREAM_NAME } from './logging-facts';
import type { ExecutionLogEvent, RawLogEvent } from './types';

export type LogParseProblemKind =
  | 'nonJson'
  | 'truncated'
  | 'missingFields'
  | 'invalidValues'
  | 'duplicates'
  | 'conflicts'
  | 'foreign'
  | 'validation';

export interface LogParseSample {
  kind: LogParseProblemKind;
  /** What was wrong, in words. */
  reason: string;
  /** The start of the message (at most 160 characters). */
  excerpt: string;
  eventId?: string;
  logStreamName?: string;
}

export interface LogParseProblems {
  /** Raw events looked at. */
  total: number;
  /** Messages that are not a JSON object. */
  nonJson: number;
  /** Messages cut off mid-JSON; `recovered` of them still yielded id, type and execution ARN. */
  truncated: number;
  recovered: number;
  /** JSON objects without a usable `id`, `type` or `execution_arn`. */
  missingFields: number;
  /** Fields present but unusable (`"id":"abc"`); the event is dropped when the field is required. */
  invalidValues: number;
  /** Same CloudWatch eventId, or same execution ARN + id, seen again (the later copy is dropped). */
  duplicates: number;
  /** Duplicates whose type differs from the kept copy (the kept one is the first ingested). */
  conflicts: number;
  /** Events of another execution than the one asked for. */
  foreign: number;
  /** The "Permissions are set correctly" line of the delivery-validation stream. */
  validation: number;
  /** Events whose `event_timestamp` was missing or unusable, so the CloudWatch timestamp stood in. */
  timestampFallbacks: number;
  samples: LogParseSample[];
}

export interface ParseLogEventsOptions {
  /** When set, events of other executions are counted as `foreign` and dropped. */
  executionArn?: string;
  /** Samples kept per problem kind (default 3). */
  maxSamplesPerKind?: number;
}

export interface ParsedLogEvents {
  /** Sorted by id, then event timestamp, then execution ARN. */
  events: ExecutionLogEvent[];
  problems: LogParseProblems;
}

const VALIDATION_LINE = /permissions are set correctly/i;

function excerpt(message: string): string {
  const oneLine = message.replace(/[\r\n]+/g, ' ');
  return oneLine.length > 160 ? `${oneLine.slice(0, 160)}…` : oneLine;
}

/** A non-negative integer from `"7"`, `7`, `"7.0"`; null for anything else. */
function toInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  if (typeof v === 'string' && /^\s*\d+(\.0+)?\s*$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

function toStr(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function toDetails(v: unknown): Record<string, unknown> {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  if (typeof v === 'string' && v.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(v);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // a plain string: kept as is below
    }
    return { value: v };
  }
  return {};
}

/** Looks like JSON that stopped early (CloudWatch Logs cuts events over its size limit). */
function looksTruncated(message: string): boolean {
  const t = message.trim();
  return t.startsWith('{') && !t.endsWith('}');
}

// Top-level string fields of a cut-off message. Inside `details.input` (an escaped JSON string) keys
// appear as \"id\", which these patterns do not match.
function salvage(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['id', 'type', 'execution_arn', 'previous_event_id', 'event_timestamp', 'redrive_count']) {
    const m = new RegExp(`(?:^|[{,])\\s*"${key}"\\s*:\\s*"?([^",}\\\\]*)"?\\s*[,}]`).exec(message);
    if (m?.[1] !== undefined) out[key] = m[1];
  }
  return out;
}

interface Candidate {
  event: ExecutionLogEvent;
  raw: RawLogEvent;
}

export function parseLogEvents(raw: readonly RawLogEvent[], opts: ParseLogEventsOptions = {}): ParsedLogEvents {
  const maxSamples = opts.maxSamplesPerKind ?? 3;
  const problems: LogParseProblems = {
    total: raw.length,
    nonJson: 0,
    truncated: 0,
    recovered: 0,
    missingFields: 0,
    invalidValues: 0,
    duplicates: 0,
    conflicts: 0,
    foreign: 0,
    validation: 0,
    timestampFallbacks: 0,
    samples: [],
  };
  const sampleCounts = new Map<LogParseProblemKind, number>();
  const note = (kind: LogParseProblemKind, reason: string, r: RawLogEvent) => {
    problems[kind]++;
    const n = sampleCounts.get(kind) ?? 0;
    if (n >= maxSamples) return;
    sampleCounts.set(kind, n + 1);
    problems.samples.push({
      kind,
      reason,
      excerpt: excerpt(typeof r.message === 'string' ? r.message : String(r.message)),
      ...(r.eventId !== undefined ? { eventId: r.eventId } : {}),
      ...(r.logStreamName !== undefined ? { logStreamName: r.logStreamName } : {}),
    });
  };

  const candidates: Candidate[] = [];
  for (const r of raw) {
    const message = typeof r.message === 'string' ? r.message : '';
    if (r.logStreamName === VALIDATION_STREAM_NAME || VALIDATION_LINE.test(message.slice(0, 200))) {
      note('validation', 'the delivery-validation line, not an execution event', r);
      continue;
    }
    let fields: Record<string, unknown>;
    let recovered = false;
    try {
      const parsed: unknown = JSON.parse(message);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        note('nonJson', 'the message is JSON but not an object', r);
        continue;
      }
      fields = parsed as Record<string, unknown>;
    } catch {
      if (!looksTruncated(message)) {
        note('nonJson', 'the message is not JSON', r);
        continue;
      }
      const s = salvage(message);
      if (s.id === undefined || s.type === undefined || s.execution_arn === undefined) {
        note('truncated', 'the JSON is cut off before id, type and execution_arn could be read', r);
        continue;
      }
      note('truncated', `the JSON is cut off; recovered id ${s.id} (${s.type}) without details`, r);
      problems.recovered++;
      fields = s;
      recovered = true;
    }

    const missing = ['id', 'type', 'execution_arn'].filter((k) => fields[k] === undefined || fields[k] === null || fields[k] === '');
    if (missing.length > 0) {
      note('missingFields', `no ${missing.join(', ')}`, r);
      continue;
    }
    const id = toInt(fields.id);
    const type = toStr(fields.type);
    const executionArn = toStr(fields.execution_arn);
    if (id === null || id < 1 || type === null || executionArn === null) {
      const bad = [
        id === null || id < 1 ? `id ${JSON.stringify(fields.id)} is not a positive integer` : null,
        type === null ? `type ${JSON.stringify(fields.type)} is not a string` : null,
        executionArn === null ? `execution_arn ${JSON.stringify(fields.execution_arn)} is not a string` : null,
      ].filter((x): x is string => x !== null);
      note('invalidValues', bad.join('; '), r);
      continue;
    }
    if (opts.executionArn !== undefined && executionArn !== opts.executionArn) {
      note('foreign', `belongs to ${executionArn}`, r);
      continue;
    }
    let previousEventId: number | null = null;
    if (fields.previous_event_id !== undefined && fields.previous_event_id !== null) {
      previousEventId = toInt(fields.previous_event_id);
      if (previousEventId === null) note('invalidValues', `previous_event_id ${JSON.stringify(fields.previous_event_id)} is not an integer (ignored)`, r);
    }
    let eventTimestamp = toInt(fields.event_timestamp);
    if (eventTimestamp === null) {
      problems.timestampFallbacks++;
      eventTimestamp = r.timestamp;
    }
    const redrive = fields.redrive_count === undefined ? null : toInt(fields.redrive_count);
    const event: ExecutionLogEvent = {
      id,
      previousEventId,
      type,
      executionArn,
      eventTimestamp,
      ingestionTime: Number.isFinite(r.ingestionTime) ? r.ingestionTime : r.timestamp,
      details: recovered ? {} : toDetails(fields.details),
      ...(redrive !== null ? { redriveCount: redrive } : {}),
      ...(r.logStreamName !== undefined ? { logStreamName: r.logStreamName } : {}),
      ...(r.eventId !== undefined ? { eventId: r.eventId } : {}),
    };
    candidates.push({ event, raw: r });
  }

  // Keep the first-ingested copy of each duplicate: that is what a reader saw first.
  candidates.sort((a, b) => a.event.ingestionTime - b.event.ingestionTime);
  const byEventId = new Set<string>();
  const byKey = new Map<string, ExecutionLogEvent>();
  const events: ExecutionLogEvent[] = [];
  for (const { event, raw: r } of candidates) {
    if (event.eventId !== undefined) {
      if (byEventId.has(event.eventId)) {
        note('duplicates', `CloudWatch eventId ${event.eventId} seen twice`, r);
        continue;
      }
      byEventId.add(event.eventId);
    }
    const key = `${event.executionArn}\u0000${event.id}`;
    const kept = byKey.get(key);
    if (kept) {
      note('duplicates', `event id ${event.id} of this execution seen twice`, r);
      if (kept.type !== event.type) note('conflicts', `id ${event.id} is ${kept.type} in one copy and ${event.type} in another; kept ${kept.type}`, r);
      continue;
    }
    byKey.set(key, event);
    events.push(event);
  }
  events.sort((a, b) => a.id - b.id || a.eventTimestamp - b.eventTimestamp || (a.executionArn < b.executionArn ? -1 : a.executionArn > b.executionArn ? 1 : 0));
  return { events, problems };
}

/** Events grouped by execution ARN, each group keeping the input order. */
export function groupByExecution(events: readonly ExecutionLogEvent[]): Map<string, ExecutionLogEvent[]> {
  const out = new Map<string, ExecutionLogEvent[]>();
  for (const e of events) {
    const list = out.get(e.executionArn);
    if (list) list.push(e);
    else out.set(e.executionArn, [e]);
  }
  return out;
}
