import type { ExecutionDto } from '@/lib/query/options';
import { rangeQuery } from '@/lib/query/time-range';
import { executionWindow } from '@/lib/domain/execution-window';
import { toIso } from '@/lib/domain/time-window';

// A snapshot is the execution view frozen at one instant (README "The views", Share): the verdict,
// its evidence and remediation, and both sides as they were seen. Pure: no I/O, no clock.

/** 128 random bits as base64url is 22 characters; anything else is not an id sfn-lens handed out. */
const SNAPSHOT_ID = /^[A-Za-z0-9_-]{22,64}$/;

export function isSnapshotId(value: string): boolean {
  return SNAPSHOT_ID.test(value);
}

export interface SnapshotRequest {
  executionArn: string;
  /** The window the sharer's page looked in (async Express), as given: ISO-8601 or null. */
  from: string | null;
  to: string | null;
  includePayloads: boolean;
}

export interface Snapshot {
  id: string;
  takenAt: string;
  expiresAt: string;
  /** The view it was taken from: the page, its address, and the account and region it looked at. */
  view: { name: 'execution'; path: string; account: string; region: string };
  request: SnapshotRequest;
  /** False when execution input, output and task parameters were left out (the default). */
  payloadsIncluded: boolean;
  execution: ExecutionDto;
}

export function executionPath(executionArn: string, from: string | null, to: string | null): string {
  return `/executions/${encodeURIComponent(executionArn)}${rangeQuery({ from, to })}`;
}

/** Keys of event details (and nested objects) that carry execution data rather than metadata about it. */
const PAYLOAD_KEY = /^(input|output|parameters)(Details)?$/;

function withoutPayloadKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPayloadKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!PAYLOAD_KEY.test(k)) out[k] = withoutPayloadKeys(v);
    return out;
  }
  return value;
}

/**
 * The view without execution input, output or task parameters: the service record's, every event's
 * details', the parse-problem excerpts (raw message starts, which can hold a payload) and the
 * state machine's definition.
 */
export function stripPayloads(dto: ExecutionDto): ExecutionDto {
  const record = dto.service.record;
  return {
    ...dto,
    // A definition can carry static task parameters: execution data by another name.
    definition: null,
    service: { ...dto.service, record: record ? { ...record, input: null, output: null } : null },
    logs: {
      ...dto.logs,
      events: dto.logs.events.map((e) => ({ ...e, details: withoutPayloadKeys(e.details) as Record<string, unknown> })),
      problems: dto.logs.problems ? { ...dto.logs.problems, samples: dto.logs.problems.samples.map((s) => ({ ...s, excerpt: '(left out: may hold execution data)' })) } : null,
    },
  };
}

/** Keys whose values are secrets wherever they appear. */
const SECRET_KEY = /^(authorization|signature|password|secret|secretAccessKey|sessionToken|securityToken|accessKeyId|credentials|x-amz-security-token|x-amz-signature|x-amz-credential)$/i;

// AWS access key ids, SigV4 query and header signatures: a snapshot must never carry them, even when
// an error message or a payload happened to.
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, '[redacted access key id]'],
  [/(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s"']+/gi, '$1[redacted]'],
  [/(Credential=)[^,\s"']+/g, '$1[redacted]'],
  [/(Signature=)[0-9a-f]{16,}/gi, '$1[redacted]'],
];

function redactText(text: string): string {
  return SECRET_TEXT.reduce((t, [re, by]) => t.replace(re, by), text);
}

export function redactSecrets<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (!SECRET_KEY.test(k)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

export interface FreezeInput {
  id: string;
  execution: ExecutionDto;
  request: SnapshotRequest;
  takenAt: number;
  ttlMs: number;
  account: string;
  region: string;
}

/** The DTO as it will be stored: a deep copy (plain JSON), payloads out unless asked for, secrets never. */
export function freezeSnapshot(input: FreezeInput): Snapshot {
  const plain = JSON.parse(JSON.stringify(input.execution)) as ExecutionDto;
  const execution = redactSecrets(input.request.includePayloads ? plain : stripPayloads(plain));
  return {
    id: input.id,
    takenAt: new Date(input.takenAt).toISOString(),
    expiresAt: new Date(input.takenAt + input.ttlMs).toISOString(),
    view: { name: 'execution', path: executionPath(input.request.executionArn, input.request.from, input.request.to), account: input.account, region: input.region },
    request: input.request,
    payloadsIncluded: input.request.includePayloads,
    execution,
  };
}

/**
 * Where "the verdict now" looks for the execution's events. Async Express has no record that says
 * when it ran, and the API's default window (the last 3 hours) slides away from it, so the window is
 * pinned around the execution (lib/domain/execution-window.ts); an end not reached yet is left to the
 * API (now).
 */
export function liveWindowOf(snapshot: Pick<Snapshot, 'request' | 'execution'>, now: number): { from: string | null; to: string | null } {
  const { from, to } = snapshot.request;
  if (from || to) return { from, to };
  const e = snapshot.execution.execution;
  const start = e.startDate ? Date.parse(e.startDate) : NaN;
  if (Number.isFinite(start)) {
    const stop = e.stopDate ? Date.parse(e.stopDate) : NaN;
    const w = executionWindow({ startedAt: start, stoppedAt: Number.isFinite(stop) ? stop : null, express: e.kind === 'express' }, now);
    return { from: toIso(w.from), to: w.to < now ? toIso(w.to) : null };
  }
  return { from: snapshot.execution.window.from, to: snapshot.execution.window.to };
}
