import 'server-only';
import { runInsightsQuery } from '@/lib/aws/logs';
import { describeStateMachine } from '@/lib/aws/step-functions';
import { logGroupNameFromArn } from '@/lib/domain/arn';
import { STATE_VISITS_ROWS, STATE_VISITS_SHAPE, stateVisitsQuery } from '@/lib/domain/insights-queries';
import { countStates, type StateCounts } from '@/lib/domain/state-counts';
import { toIso, type TimeWindow } from '@/lib/domain/time-window';
import type { PartialRead, QueryStatistics } from '@/lib/domain/types';
import { DEFAULT_TOLERANCES } from '@/lib/domain/verdict';
import { parseDefinition } from '@/lib/domain/workflow-graph';
import { rangeKey, readRange, type RangeParams } from '@/lib/query/time-range';
import { addQueryStats, ReadLog } from './reads';
import { sharedRead } from './shared-reads';
import { inSourceOf } from './sources';
import { windowParam } from './validate';

/** Why there are no per-state counts, in words the page shows as they are. */
export type CountsUnavailable =
  | { reason: 'no-definition'; message: string }
  | { reason: 'level'; message: string }
  | { reason: 'no-destination'; message: string }
  | { reason: 'read-failed'; message: string };

export interface StateMachineGraph {
  stateMachine: { arn: string; name: string; type: string; level: string };
  window: TimeWindow;
  now: number;
  /** The definition (ASL JSON text) the graph draws; null when it could not be read. */
  definition: string | null;
  counts: StateCounts | null;
  unavailable: CountsUnavailable | null;
  /** Executions without a terminal event are judged "dropped" only when quiet since this instant. */
  settledBefore: number;
  partial: PartialRead[];
  scanned: QueryStatistics & { queries: number };
}

async function loadGraph(stateMachineArn: string, window: TimeWindow, now: number): Promise<StateMachineGraph> {
  // The state machine itself must be readable: without it there is nothing to draw (404/403 via the mapper).
  const sm = await describeStateMachine(stateMachineArn);
  const reads = new ReadLog();
  const scanned = { queries: 0, recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } as StateMachineGraph['scanned'];
  const settleMs = DEFAULT_TOLERANCES.settleMs;
  const base = {
    stateMachine: { arn: sm.arn, name: sm.name, type: sm.type, level: sm.logging.level },
    window,
    now,
    definition: sm.definition ?? null,
    settledBefore: now - settleMs,
    partial: reads.partial,
    scanned,
  };
  const parsed = parseDefinition(sm.definition ?? null);
  if (!parsed.ok) {
    const why = sm.definitionUnreadable
      ? `the definition could not be read (${sm.definitionUnreadable.error}${sm.definitionUnreadable.kmsKeyId ? ` on KMS key ${sm.definitionUnreadable.kmsKeyId}` : ''})`
      : parsed.reason;
    return { ...base, counts: null, unavailable: { reason: 'no-definition', message: `No graph: ${why}.` } };
  }
  // Only level ALL writes the …StateEntered/…StateExited events the counts rest on (the log levels
  // table of https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html): at any other level
  // the counts would be zeros that mean nothing, so none are given.
  if (sm.logging.level !== 'ALL') {
    return { ...base, counts: null, unavailable: { reason: 'level', message: `The log level is ${sm.logging.level}: Step Functions logs no state entered or exited events below level ALL, so states cannot be counted.` } };
  }
  const group = sm.logging.logGroupArn ? logGroupNameFromArn(sm.logging.logGroupArn) : null;
  if (!group) {
    return { ...base, counts: null, unavailable: { reason: 'no-destination', message: 'The state machine logs to no log group (or to a destination that is not a log group ARN): there is nothing to count.' } };
  }
  // An execution that starts late in the window logs after it: read on, by the longest an Express
  // execution runs or the settle window for a Standard one (as the executions view does), up to now.
  const readOn = sm.type === 'EXPRESS' ? DEFAULT_TOLERANCES.expressMaxDurationMs : settleMs;
  const toMs = Math.min(now, window.to + readOn);
  const result = await reads.attempt('per-state counts (Logs Insights)', 'logs:StartQuery', () =>
    runInsightsQuery([group], stateVisitsQuery(), window.from, toMs, { limit: STATE_VISITS_ROWS, expect: STATE_VISITS_SHAPE, label: 'per-state counts' }),
  );
  if (result) addQueryStats(scanned, result.statistics);
  if (!result) {
    return { ...base, counts: null, unavailable: { reason: 'read-failed', message: 'The per-state counts could not be read (see the failed read): no count is shown rather than zeros.' } };
  }
  if (result.status !== 'Complete') {
    // An unfinished query's rows are partial aggregates (docs/aws-behaviour.md §11.8): never counted.
    reads.partial.push({ action: 'logs:GetQueryResults', error: `Query${result.status}`, message: `The Logs Insights query ended ${result.status}: its partial results were not read.`, what: 'per-state counts' });
    return { ...base, counts: null, unavailable: { reason: 'read-failed', message: `The per-state counts query ended ${result.status}: no count is shown rather than partial ones.` } };
  }
  const counts = countStates(result.rows, parsed.root, { window, settledBefore: now - settleMs, limit: STATE_VISITS_ROWS });
  return { ...base, counts, unavailable: null };
}

/** One state machine's graph with per-state counts over a window, shared between viewers like every view. */
export function readStateMachineGraph(stateMachineArn: string, range: RangeParams) {
  const norm = readRange(range);
  windowParam(norm, Date.now());
  return sharedRead(`state-machine-graph|${stateMachineArn}|${rangeKey(norm)}`, () => {
    const now = Date.now();
    return inSourceOf(stateMachineArn, () => loadGraph(stateMachineArn, windowParam(norm, now), now));
  });
}

/** The JSON API's shape (README "JSON API"): times as ISO-8601 UTC strings. */
export function stateMachineGraphDto(g: StateMachineGraph, readAt: number) {
  return {
    stateMachine: g.stateMachine,
    window: { from: toIso(g.window.from), to: toIso(g.window.to) },
    generatedAt: toIso(g.now),
    readAt: toIso(readAt),
    definition: g.definition,
    counts: g.counts ? { ...g.counts, cut: g.counts.cut ? { from: toIso(g.counts.cut.from) } : null } : null,
    unavailable: g.unavailable,
    settledBefore: toIso(g.settledBefore),
    partial: g.partial,
    scanned: g.scanned,
  };
}

export type StateMachineGraphDto = ReturnType<typeof stateMachineGraphDto>;
