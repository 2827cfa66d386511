import 'server-only';
import type { ParsedExecutionArn } from '@/lib/domain/arn';
import { compareExecutions, payloadsOfEvents, type Comparison, type StateVisit } from '@/lib/domain/compare';
import { executionWindow } from '@/lib/domain/execution-window';
import { toIso } from '@/lib/domain/time-window';
import { readRange, type RangeParams } from '@/lib/query/time-range';
import { iso, verdictSummaryDto } from './dto';
import { RequestError } from './errors';
import { readExecutionDetail, type ExecutionDetail } from './execution-detail';
import { isUnknownExecution } from './exists';
import { readStateMachineExecutions } from './state-machine-executions';
import { executionArnParam, onlyParams, windowParam } from './validate';

// The compare view (docs/compare.md): two executions of one state machine, each read by the
// execution view's own shared read, compared by lib/domain/compare.ts.

export interface CompareRequest {
  a: ParsedExecutionArn;
  b: ParsedExecutionArn | null;
  range: RangeParams;
}

/** `a` (required), `b` (optional), `from`/`to` from a URL, validated (RequestError 400 naming what was wrong). */
export function compareParams(q: URLSearchParams): CompareRequest {
  onlyParams(q, ['a', 'b', 'from', 'to']);
  const rawA = q.get('a');
  if (!rawA) throw new RequestError(400, 'missing-parameter', 'The query parameter "a" (the execution ARN to compare) is required.');
  const a = executionArnParam(rawA);
  const rawB = q.get('b');
  const b = rawB ? executionArnParam(rawB) : null;
  const range = readRange(q);
  windowParam(range, Date.now());
  if (b) {
    if (b.stateMachineArn !== a.stateMachineArn || b.stateMachineName !== a.stateMachineName) {
      throw new RequestError(400, 'different-state-machines', `Only executions of one state machine can be compared: a belongs to ${a.stateMachineName}, b to ${b.stateMachineName}.`);
    }
    if (b.arn === a.arn) throw new RequestError(400, 'same-execution', 'a and b are the same execution: give b another execution of the state machine, or leave it out to compare with the nearest that worked.');
  }
  return { a, b, range };
}

function startOf(d: ExecutionDetail): number | null {
  return d.service?.startDate ?? d.logs?.startedAt ?? d.logs?.firstEventAt ?? null;
}

/**
 * The nearest execution (by start time) of a's state machine in the window that succeeded and was
 * fully logged: its verdict is `consistent` (both sources agree; at level ALL an unbroken id chain).
 */
async function nearestThatWorked(a: ExecutionDetail, range: RangeParams): Promise<{ arn: ParsedExecutionArn | null; candidates: number }> {
  const view = (await readStateMachineExecutions(a.parsed.stateMachineArn, range)).value;
  const at = startOf(a);
  const candidates = view.rows.filter(
    ({ row, verdict }) =>
      row.executionArn !== a.executionArn &&
      row.parsedArn?.stateMachineName === a.parsed.stateMachineName &&
      verdict.cause === 'consistent' &&
      row.logs?.status === 'SUCCEEDED' &&
      (row.service === null || row.service.status === 'SUCCEEDED'),
  );
  if (candidates.length === 0) return { arn: null, candidates: 0 };
  const distance = (t: number | null) => (at === null || t === null ? Number.POSITIVE_INFINITY : Math.abs(t - at));
  const best = candidates.reduce((x, y) => (distance(y.row.startedAt) < distance(x.row.startedAt) ? y : x));
  return { arn: best.row.parsedArn, candidates: candidates.length };
}

function visitDto(v: StateVisit | null) {
  return v ? { stateType: v.stateType, enteredAt: iso(v.enteredAt), exitedAt: iso(v.exitedAt), eventIds: v.eventIds, outcome: v.outcome, error: v.error } : null;
}

function sideDto(d: ExecutionDetail, range: RangeParams) {
  const start = startOf(d);
  const stop = d.service?.stopDate ?? d.logs?.stoppedAt ?? null;
  return {
    executionArn: d.executionArn,
    name: d.service?.name ?? d.parsed.name,
    status: d.service?.status ?? d.logs?.status ?? 'UNKNOWN',
    startDate: iso(start),
    stopDate: iso(stop),
    eventCount: d.events?.events.length ?? 0,
    verdict: verdictSummaryDto(d.verdict),
    partial: d.partial,
    /** The range its execution page reads it in. */
    range: { from: range.from, to: range.to },
  };
}

function comparisonDto(c: Comparison) {
  return {
    rows: c.rows.map((r) => ({ name: r.name, occurrence: r.occurrence, status: r.status, a: visitDto(r.a), b: visitDto(r.b), durationA: r.durationA, durationB: r.durationB, deltaMs: r.deltaMs })),
    divergence: c.divergence,
    missingIds: { a: c.missingIdsA, b: c.missingIdsB },
    input: c.input,
    output: c.output,
  };
}

function sideOf(d: ExecutionDetail) {
  const events = d.events?.events ?? [];
  const logged = payloadsOfEvents(events);
  return { events, input: d.service?.input ?? logged.input, output: d.service?.output ?? logged.output };
}

/**
 * One side, read as the execution page reads it. An async Express execution is found only by the
 * window its events are read in: when the execution runs past the edge of the URL's range, it is
 * read again in its own window (lib/domain/execution-window.ts), the one a table row links to, so
 * that a side is never compared on half of its events.
 */
async function readSide(parsed: ParsedExecutionArn, range: RangeParams, which: 'a' | 'b'): Promise<{ detail: ExecutionDetail; readAt: number; range: RangeParams }> {
  let read = await readExecutionDetail(parsed, range);
  let used = range;
  const d = read.value;
  const start = startOf(d);
  if (!d.service && d.logs && start !== null) {
    const stoppedAt = d.logs.stoppedAt;
    const own = executionWindow({ startedAt: start, stoppedAt, lastSeenAt: d.logs.lastEventAt, express: parsed.kind === 'express' }, d.now);
    if (own.from < d.window.from || own.to > d.window.to) {
      used = { from: toIso(own.from), to: toIso(own.to) };
      read = await readExecutionDetail(parsed, used);
    }
  }
  if (isUnknownExecution(read.value)) {
    throw new RequestError(404, 'execution-not-found', `Step Functions has no execution ${parsed.arn} (${which}), and its log group holds no event of it in the window.`);
  }
  return { detail: read.value, readAt: read.readAt, range: used };
}

/**
 * The comparison of a with b, or with the nearest execution that worked when b is not given. Each
 * side is the execution view's shared read, so opening the comparison after the execution page
 * costs AWS nothing more for a.
 */
export async function readComparison(req: CompareRequest) {
  // A given b does not depend on a: both sides are read at once.
  const [a, givenB] = await Promise.all([readSide(req.a, req.range, 'a'), req.b ? readSide(req.b, req.range, 'b') : null]);
  let chosen: 'given' | 'nearest-that-worked' = 'given';
  let candidates: number | null = null;
  let bArn = req.b;
  if (!bArn) {
    chosen = 'nearest-that-worked';
    const nearest = await nearestThatWorked(a.detail, req.range);
    bArn = nearest.arn;
    candidates = nearest.candidates;
  }
  const window = { from: toIso(a.detail.window.from), to: toIso(a.detail.window.to) };
  const stateMachine = { arn: a.detail.stateMachine.arn, name: a.detail.stateMachine.name };
  if (!bArn) {
    return {
      stateMachine,
      a: sideDto(a.detail, a.range),
      b: null,
      baseline: { chosen, candidates, missing: `No other execution of ${a.detail.stateMachine.name} in the window succeeded and was fully logged: widen the time range, or give b.` },
      comparison: null,
      window,
      readAt: toIso(a.readAt),
    };
  }
  const b = givenB ?? (await readSide(bArn, req.range, 'b'));
  return {
    stateMachine,
    a: sideDto(a.detail, a.range),
    b: sideDto(b.detail, b.range),
    baseline: { chosen, candidates, missing: null },
    comparison: comparisonDto(compareExecutions(sideOf(a.detail), sideOf(b.detail))),
    window,
    readAt: toIso(Math.min(a.readAt, b.readAt)),
  };
}

export type CompareDto = Awaited<ReturnType<typeof readComparison>>;
