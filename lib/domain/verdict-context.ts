// What every verdict rule reads: the inputs, facts derived from them once, and the builders of
// evidence and wording. Rules themselves live in verdict-rules.ts.

import { isLoggableExecutionName, parseExecutionArn, parseLogGroupArn, parseStateMachineArn, type ParsedExecutionArn } from './arn';
import { CREDENTIALS_REFUSED_ERRORS, statusesAgree } from './logging-facts';
import { findingSpec } from './health-findings';
import { HOUR_MS, MINUTE_MS, DAY_MS, toIso } from './time-window';
import type {
  Confidence,
  Evidence,
  EvidenceSource,
  FindingId,
  HealthReport,
  LogRecord,
  NeighbourStats,
  PartialRead,
  Remediation,
  ServiceExecution,
  StateMachine,
  Verdict,
  VerdictCause,
  VerdictDetail,
} from './types';

export interface VerdictTolerances {
  /** Express executions run at most 5 minutes. */
  expressMaxDurationMs: number;
  /** How long a Standard execution with no service record and no terminal event is presumed running. */
  standardMaxAgeForRunning: number;
  /** After end + settleMs, an event that has not arrived is treated as never arriving (docs/diagnosis.md, "Causes"). */
  settleMs: number;
  /** Added to the observed p95 delivery delay before a re-check. */
  lagMarginMs: number;
}

export const DEFAULT_TOLERANCES: VerdictTolerances = {
  expressMaxDurationMs: 5 * MINUTE_MS,
  standardMaxAgeForRunning: DAY_MS,
  settleMs: HOUR_MS,
  lagMarginMs: 30_000,
};

export interface VerdictInput {
  stateMachine: StateMachine;
  health: HealthReport;
  executionArn: string;
  /** The execution ARN already parsed (a view's join parses each once); parsed here when absent. */
  parsedArn?: ParsedExecutionArn;
  service: ServiceExecution | null;
  logs: LogRecord | null;
  neighbours: NeighbourStats;
  /** Reads that failed and touch this execution (log reads, service reads, configuration reads). */
  partial: readonly PartialRead[];
  now: number;
  tolerances?: Partial<VerdictTolerances>;
}

export type ReadSide = 'logs' | 'service' | 'config' | 'metrics';

/** Which side a failed read leaves incomplete, by its action. */
export function sideOfRead(action: string): ReadSide {
  const a = action.toLowerCase();
  if (a.startsWith('states:')) return a.startsWith('states:describestatemachine') ? 'config' : 'service';
  if (a.startsWith('cloudwatch:')) return 'metrics';
  if (/^logs:(filterlogevents|getlogevents|startquery|getqueryresults|stopquery)/.test(a)) return 'logs';
  return 'config';
}

export type ReadFailure = 'read-denied' | 'read-throttled' | 'read-failed';

const DENIED = /accessdenied|unauthorized|notauthorized|forbidden/i;
const THROTTLED = /throttl|toomanyrequests|ratelimit|requestlimitexceeded|limitexceeded|rate exceeded|slowdown/i;

export function classifyRead(p: PartialRead): ReadFailure {
  // Refused credentials are no denied permission: nothing to grant (docs/aws-behaviour.md §11.10).
  if (CREDENTIALS_REFUSED_ERRORS.has(p.error)) return 'read-failed';
  if (DENIED.test(p.error)) return 'read-denied';
  if (THROTTLED.test(p.error) || THROTTLED.test(p.message)) return 'read-throttled';
  return 'read-failed';
}

/** Facts derived once from the input. */
export interface VerdictContext {
  input: VerdictInput;
  tol: VerdictTolerances;
  now: number;
  sm: StateMachine;
  level: StateMachine['logging']['level'];
  isExpress: boolean;
  /** Express without a service record: AWS keeps none for async Express (docs/diagnosis.md). */
  noServiceRecordByDesign: boolean;
  name: string | null;
  service: ServiceExecution | null;
  logs: LogRecord | null;
  /** logs with at least one event. */
  hasEvents: boolean;
  hasTerminal: boolean;
  startAt: number | null;
  /** Known end (service stop date, or the terminal event), else null. */
  knownEndAt: number | null;
  /**
   * The latest the execution can have ended: the known end, else start + 5 min for Express, else
   * start + standardMaxAgeForRunning for a Standard execution without a service record.
   */
  endBoundAt: number | null;
  /** Observed delivery delay to wait for (neighbours' p95, else this execution's own), null when none. */
  observedDelayMs: number | null;
  observedFrom: 'neighbours' | 'this-execution' | null;
  partialBySide: Record<ReadSide, readonly PartialRead[]>;
}

/**
 * Where the state machine logs: `valid` when its destination is set and is a log group ARN,
 * `elsewhere` when that log group is in another Region or account than the state machine.
 */
export function destinationOf(sm: StateMachine): { valid: boolean; elsewhere: boolean } {
  if (!sm.logging.logGroupArn) return { valid: false, elsewhere: false };
  const dest = parseLogGroupArn(sm.logging.logGroupArn);
  const smArn = parseStateMachineArn(sm.arn);
  return {
    valid: dest.ok,
    elsewhere: dest.ok && smArn.ok && (dest.value.region !== smArn.value.region || dest.value.accountId !== smArn.value.accountId),
  };
}

// Most verdicts of a view are computed without failed reads: they share one empty split.
const NO_PARTIAL_READS: Record<ReadSide, readonly PartialRead[]> = Object.freeze({
  logs: Object.freeze([]),
  service: Object.freeze([]),
  config: Object.freeze([]),
  metrics: Object.freeze([]),
});

function parsedArnOf(input: VerdictInput): ParsedExecutionArn | null {
  if (input.parsedArn) return input.parsedArn;
  const parsed = parseExecutionArn(input.executionArn);
  return parsed.ok ? parsed.value : null;
}

export function deriveContext(input: VerdictInput): VerdictContext {
  // Only read, never changed: the defaults are shared unless the caller overrides some.
  const tol = input.tolerances ? { ...DEFAULT_TOLERANCES, ...input.tolerances } : DEFAULT_TOLERANCES;
  const sm = input.stateMachine;
  const parsed = parsedArnOf(input);
  const isExpress = parsed ? parsed.kind === 'express' : sm.type === 'EXPRESS';
  const service = input.service;
  const logs = input.logs;
  const hasEvents = (logs?.eventCount ?? 0) > 0;
  const hasTerminal = logs?.terminalType != null;
  const startAt = service?.startDate ?? logs?.startedAt ?? logs?.firstEventAt ?? null;
  const knownEndAt = service?.stopDate ?? logs?.stoppedAt ?? null;
  let endBoundAt = knownEndAt;
  if (endBoundAt === null && startAt !== null && service?.status !== 'RUNNING') {
    endBoundAt = startAt + (isExpress ? tol.expressMaxDurationMs : tol.standardMaxAgeForRunning);
  }

  let observedDelayMs: number | null = null;
  let observedFrom: VerdictContext['observedFrom'] = null;
  if (input.neighbours.delayMs) {
    observedDelayMs = input.neighbours.delayMs.p95;
    observedFrom = 'neighbours';
  } else if (logs?.maxIngestionDelayMs != null || (logs?.lastIngestedAt != null && logs.lastEventAt != null)) {
    observedDelayMs = Math.max(logs.maxIngestionDelayMs ?? 0, logs.lastIngestedAt != null && logs.lastEventAt != null ? logs.lastIngestedAt - logs.lastEventAt : 0);
    observedFrom = 'this-execution';
  }

  let partialBySide = NO_PARTIAL_READS;
  if (input.partial.length > 0) {
    const bySide: Record<ReadSide, PartialRead[]> = { logs: [], service: [], config: [], metrics: [] };
    for (const p of input.partial) bySide[sideOfRead(p.action)].push(p);
    partialBySide = bySide;
  }

  return {
    input,
    tol,
    now: input.now,
    sm,
    level: sm.logging.level,
    isExpress,
    noServiceRecordByDesign: isExpress && service === null && !parsed?.mapRun,
    name: service?.name ?? (parsed ? parsed.name : null),
    service,
    logs,
    hasEvents,
    hasTerminal,
    startAt,
    knownEndAt,
    endBoundAt,
    observedDelayMs,
    observedFrom,
    partialBySide,
  };
}

export function nameIsLoggable(ctx: VerdictContext): boolean {
  return ctx.name === null || isLoggableExecutionName(ctx.name);
}

export function serviceAgreesWithLogs(ctx: VerdictContext): boolean {
  if (!ctx.service || !ctx.logs) return true;
  return statusesAgree(ctx.service.status, ctx.logs.status);
}

/**
 * When to look again for something that ended at `endAt`: after the observed delay plus the margin,
 * capped by the settle horizon; with nothing observed, at the settle horizon.
 */
export function lagSchedule(ctx: VerdictContext, endAt: number): { waitUntil: number; settleAt: number; basis: 'observed' | 'settle' } {
  const settleAt = endAt + ctx.tol.settleMs;
  if (ctx.observedDelayMs === null) return { waitUntil: settleAt, settleAt, basis: 'settle' };
  return { waitUntil: Math.min(endAt + ctx.observedDelayMs + ctx.tol.lagMarginMs, settleAt), settleAt, basis: 'observed' };
}

// ---- wording --------------------------------------------------------------------------------

export function fmtShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}

// ---- evidence -------------------------------------------------------------------------------

export function ev(kind: string, label: string, value: Evidence['value'], source: EvidenceSource): Evidence {
  return { kind, label, value, source };
}

/** The facts every verdict shows: both statuses, the log record's shape, the level. */
export function baseEvidence(ctx: VerdictContext): Evidence[] {
  const out: Evidence[] = [];
  if (ctx.service) {
    out.push(ev('service-status', 'Step Functions status', ctx.service.status, 'step-functions'));
    if (ctx.service.stopDate !== null) out.push(ev('service-stopped-at', 'Stopped (Step Functions)', toIso(ctx.service.stopDate), 'step-functions'));
  } else if (ctx.noServiceRecordByDesign) {
    out.push(ev('service-status', 'Step Functions status', 'no record: AWS keeps none for async Express executions', 'step-functions'));
  } else {
    out.push(ev('service-status', 'Step Functions status', 'not found', 'step-functions'));
  }
  const l = ctx.logs;
  out.push(ev('log-status', 'CloudWatch Logs status', l?.status ?? 'UNKNOWN', 'cloudwatch-logs'));
  out.push(ev('log-event-count', 'Events in CloudWatch Logs', l?.eventCount ?? 0, 'cloudwatch-logs'));
  if (l && l.eventCount > 0) {
    out.push(ev('terminal-event', 'Terminal event', l.terminalType ?? 'none', 'cloudwatch-logs'));
    out.push(ev('id-gaps', 'Missing event ids', l.idGaps, 'cloudwatch-logs'));
    if (l.lastEventAt !== null) out.push(ev('last-event-at', 'Last event', toIso(l.lastEventAt), 'cloudwatch-logs'));
  }
  out.push(ev('log-level', 'Log level', ctx.level, 'step-functions'));
  return out;
}

export function neighbourEvidence(ctx: VerdictContext): Evidence[] {
  const n = ctx.input.neighbours;
  const out: Evidence[] = [];
  if (n.delayMs) {
    out.push(ev('neighbour-delay-p50', 'Neighbours: delivery delay p50', `${n.delayMs.p50} ms`, 'cloudwatch-logs'));
    out.push(ev('neighbour-delay-p95', 'Neighbours: delivery delay p95', `${n.delayMs.p95} ms`, 'cloudwatch-logs'));
    out.push(ev('neighbour-delay-max', 'Neighbours: delivery delay max', `${n.delayMs.max} ms`, 'cloudwatch-logs'));
  } else {
    out.push(ev('neighbour-delay-p95', 'Neighbours: delivery delay p95', 'none observed in this window', 'cloudwatch-logs'));
  }
  if (n.fullyLoggedShare !== null) {
    out.push(ev('neighbours-fully-logged', 'Neighbours fully logged', `${n.fullyLogged} of ${n.executions} (${fmtShare(n.fullyLoggedShare)})`, 'cloudwatch-logs'));
  }
  return out;
}

export function healthEvidence(health: HealthReport, ids?: readonly FindingId[]): Evidence[] {
  return health.findings.filter((f) => (ids ? ids.includes(f.id) : f.severity !== 'info')).map((f) => ev(`health-${f.id}`, f.title, f.description, findingSpec(f.id).source));
}

export function partialEvidence(reads: readonly PartialRead[]): Evidence[] {
  return reads.map((p) => ev('partial-read', `sfn-lens could not complete ${p.action}`, `${p.error}: ${p.message} (${p.what})`, 'sfn-lens'));
}

export function remediationOf(health: HealthReport, ids: readonly FindingId[]): Remediation[] {
  const out: Remediation[] = [];
  const seen = new Set<string>();
  for (const f of health.findings) {
    if (!ids.includes(f.id)) continue;
    for (const r of f.remediation ?? []) {
      const key = `${r.kind}\u0000${r.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}

export function verdict(
  cause: VerdictCause,
  detail: VerdictDetail,
  confidence: Confidence,
  summary: string,
  evidence: Evidence[],
  remediation: Remediation[] = [],
  recheckAt: number | null = null,
): Verdict {
  return { cause, detail, confidence, summary, evidence, remediation, recheckAt };
}
