// The verdict of docs/diagnosis.md: why Step Functions and CloudWatch Logs disagree about an execution
// (or a minute), as data with evidence. Time is an input: the same input gives the same verdict.

import { CONFIG_UNREAD_FINDINGS } from './health-findings';
import { isLoggedAtLevel } from './logging-facts';
import type { MinuteRow } from './join';
import { toIso } from './time-window';
import type { HealthReport, NeighbourStats, PartialRead, StateMachine, Verdict, VerdictCause, VerdictDetail } from './types';
import {
  classifyRead,
  deriveContext,
  DEFAULT_TOLERANCES,
  ev,
  healthEvidence,
  partialEvidence,
  verdict,
  type VerdictInput,
  type VerdictTolerances,
} from './verdict-context';
import { EXECUTION_RULES, insufficientFromReads, type VerdictRule } from './verdict-rules';

export { DEFAULT_TOLERANCES, type VerdictInput, type VerdictTolerances } from './verdict-context';
export { EXECUTION_RULES, type VerdictRule } from './verdict-rules';

/** The verdict for one execution: the first rule of EXECUTION_RULES that applies. */
export function diagnoseExecution(input: VerdictInput, rules: readonly VerdictRule[] = EXECUTION_RULES): Verdict {
  const ctx = deriveContext(input);
  let result: Verdict | null = null;
  for (const rule of rules) {
    result = rule.decide(ctx);
    if (result) break;
  }
  result ??= verdict('insufficient-evidence', 'no-evidence', 'low', 'sfn-lens has too little to judge this execution.', []);

  // best-effort-drop claims the configuration is healthy; that claim needs the configuration read.
  if (result.cause === 'best-effort-drop') {
    if (ctx.partialBySide.config.length > 0) {
      const alt = insufficientFromReads(ctx, ctx.partialBySide.config, 'the logging configuration');
      return { ...alt, evidence: [...alt.evidence, ev('would-be-cause', 'Verdict if the configuration is healthy', `${result.cause}/${result.detail}`, 'sfn-lens')] };
    }
    const unread = input.health.findings.filter((f) => CONFIG_UNREAD_FINDINGS.includes(f.id));
    if (unread.length > 0) {
      return { ...result, confidence: 'low', evidence: [...result.evidence, ...healthEvidence(input.health, CONFIG_UNREAD_FINDINGS)] };
    }
  }
  if (ctx.partialBySide.metrics.length > 0) result = { ...result, evidence: [...result.evidence, ...partialEvidence(ctx.partialBySide.metrics)] };
  return result;
}

export interface MinuteVerdict {
  cause: VerdictCause;
  detail: VerdictDetail;
  /** One sentence for the chart's tooltip. */
  summary: string;
}

export interface MinuteContext {
  stateMachine: StateMachine;
  health: HealthReport;
  now: number;
  /** Observed delivery delays of the window: a minute settles at its end + p95 + margin (capped at settleMs). */
  neighbours?: NeighbourStats | null;
  /** Overrides the allowance computed from `neighbours`. */
  lagAllowanceMs?: number | null;
  tolerances?: Partial<VerdictTolerances>;
  /**
   * Why the metrics side is null: results GetMetricData did not complete (docs/aws-behaviour.md §11.2).
   * Such a minute is unknown, never "agree".
   */
  metricsIncomplete?: readonly PartialRead[];
  /**
   * Executions of this series whose terminal event is still awaited (the table calls them log-lag or
   * running) and that may have ended in this minute's bin: the minute is no more settled than they are.
   */
  awaitedExecutions?: ReadonlyArray<{ executionArn: string; cause: VerdictCause; recheckAt: number | null }>;
}

export interface AwaitedExecution {
  executionArn: string;
  cause: VerdictCause;
  recheckAt: number | null;
  /** The earliest and the latest it may have ended (ms). */
  endFrom: number;
  endTo: number;
}

/**
 * The executions a view still awaits (log-lag or running, no terminal event logged), with the span
 * their end may lie in: the known end, else from the start (or `now`'s last read) to the latest end
 * the verdict allows. Sorted by `endFrom` for `awaitedIn`.
 */
export interface AwaitedRowInput {
  executionArn: string;
  startedAt: number | null;
  stoppedAt: number | null;
  logs: { terminalType: string | null } | null;
}

export function awaitedExecutions(
  rows: ReadonlyArray<{ row: AwaitedRowInput; verdict: Verdict }>,
  now: number,
  /** How long an execution without a known end may have run (5 minutes for Express). */
  maxRunMs: number | ((row: AwaitedRowInput) => number),
): AwaitedExecution[] {
  const out: AwaitedExecution[] = [];
  for (const { row, verdict: v } of rows) {
    if ((v.cause !== 'log-lag' && v.cause !== 'running') || row.logs?.terminalType != null) continue;
    if (row.stoppedAt !== null) {
      out.push({ executionArn: row.executionArn, cause: v.cause, recheckAt: v.recheckAt, endFrom: row.stoppedAt, endTo: row.stoppedAt });
    } else if (row.startedAt !== null) {
      const run = typeof maxRunMs === 'number' ? maxRunMs : maxRunMs(row);
      out.push({ executionArn: row.executionArn, cause: v.cause, recheckAt: v.recheckAt, endFrom: row.startedAt, endTo: Math.min(now, row.startedAt + run) });
    }
  }
  return out.sort((a, b) => a.endFrom - b.endFrom);
}

/** Those of `awaited` (sorted by `endFrom`) that may have ended in [from, to). */
export function awaitedIn(awaited: readonly AwaitedExecution[], from: number, to: number): AwaitedExecution[] {
  const out: AwaitedExecution[] = [];
  for (const a of awaited) {
    if (a.endFrom >= to) break;
    if (a.endTo >= from) out.push(a);
  }
  return out;
}

/**
 * Why a minute's metric counts and log counts differ. Metrics are best-effort too (docs/aws-behaviour.md §6),
 * so logs ≥ metrics is not a problem, and a settled shortfall is only a weak signal.
 */
export function classifyMinute(row: MinuteRow, mctx: MinuteContext): MinuteVerdict {
  const tol = { ...DEFAULT_TOLERANCES, ...mctx.tolerances };
  const { level, logGroupArn } = mctx.stateMachine.logging;
  if (row.metrics === null && mctx.metricsIncomplete && mctx.metricsIncomplete.length > 0) {
    const first = mctx.metricsIncomplete[0] as PartialRead;
    const codes = [...new Set(mctx.metricsIncomplete.map((p) => p.error))].join(', ');
    return {
      cause: 'insufficient-evidence',
      detail: classifyRead(first),
      summary: `Metrics unavailable for this minute: GetMetricData did not complete (${codes}), so its partial counts are not compared with the logs.`,
    };
  }
  if (row.metrics === null || row.logs === null || row.gap === null || row.startedGap === null) {
    return { cause: 'insufficient-evidence', detail: 'no-evidence', summary: `${row.metrics === null ? 'Metrics' : 'Logs'} for this minute were not read.` };
  }
  const m = row.metrics;
  const l = row.logs;
  const failures = (c: typeof m) => c.failed + c.timedOut + c.aborted;
  const activity = m.started + m.terminal > 0;
  if (!activity && l.started + l.terminal === 0) return { cause: 'consistent', detail: 'terminal-counts-match', summary: 'No executions in this minute.' };
  if (row.gap <= 0 && row.startedGap <= 0) {
    return { cause: 'consistent', detail: 'terminal-counts-match', summary: `Metrics and logs agree: ${m.terminal} ended, ${m.started} started.` };
  }
  if (level === 'OFF') return { cause: 'logging-config', detail: 'level-off', summary: 'Logging is OFF: no execution events are written.' };
  if (logGroupArn === null) return { cause: 'logging-config', detail: 'no-destination', summary: 'No log destination is configured.' };

  // What this level can log; the rest of the shortfall is configuration, not loss.
  let shortfall = Math.max(0, row.gap);
  let startedShortfall = Math.max(0, row.startedGap);
  if (level === 'ERROR' || level === 'FATAL') {
    shortfall = Math.max(0, failures(m) - failures(l));
    startedShortfall = isLoggedAtLevel('ExecutionStarted', level) ? startedShortfall : 0;
    if (shortfall === 0 && startedShortfall === 0) {
      return m.succeeded > 0
        ? { cause: 'logging-config', detail: 'level-excludes-success', summary: `${m.succeeded} succeeded per metrics; at level ${level} successes are not logged.` }
        : { cause: 'logging-config', detail: 'level-excludes-started', summary: `${m.started} started per metrics; at level ${level} ExecutionStarted is not logged.` };
    }
  }
  const p95 = mctx.neighbours?.delayMs?.p95;
  const observed = mctx.lagAllowanceMs ?? (p95 !== undefined ? p95 + tol.lagMarginMs : null);
  // Broken delivery is established by the state machine's health (no event in the whole window while
  // executions run, plus the configuration that explains it): waiting for this minute changes nothing.
  const blocker = mctx.health.deliveryBlockers[0];
  if (l.started + l.terminal === 0 && mctx.health.delivery === 'broken' && blocker !== undefined) {
    return { cause: 'missing-permissions', detail: blocker, summary: `Metrics count executions, logs none: delivery is broken (${blocker}).` };
  }
  const allowance = Math.min(observed ?? tol.settleMs, tol.settleMs);
  const minuteEnd = row.minute + row.stepMs;
  if (mctx.now < minuteEnd + allowance) {
    return { cause: 'log-lag', detail: 'minute-not-settled', summary: `Logs are ${shortfall || startedShortfall} short of metrics, but this minute settles only at ${toIso(minuteEnd + allowance)}.` };
  }
  // The minute is no more settled than the executions that may have ended in it: while the table
  // still awaits one's terminal event, the shortfall may be that event (log-lag), not a drop.
  const awaited = shortfall > 0 ? (mctx.awaitedExecutions ?? []) : [];
  if (awaited.length > 0) {
    const recheck = awaited.reduce<number | null>((m, a) => (a.recheckAt === null ? m : Math.max(m ?? a.recheckAt, a.recheckAt)), null);
    return {
      cause: 'log-lag',
      detail: 'awaiting-terminal-event',
      summary: `Logs are ${shortfall} short of metrics, and ${awaited.length} execution${awaited.length === 1 ? '' : 's'} that may have ended in this minute ${awaited.length === 1 ? 'is' : 'are'} still awaited (${[...new Set(awaited.map((a) => a.cause))].join(', ')} in the table)${recheck !== null ? `; re-check at ${toIso(recheck)}` : ''}.`,
    };
  }
  return {
    cause: 'best-effort-drop',
    detail: 'metrics-exceed-logs-after-settle',
    summary: `Metrics count ${shortfall || startedShortfall} more ${shortfall ? 'ended' : 'started'} executions than the logs hold after settling (metrics are best-effort too: a weak signal).`,
  };
}
