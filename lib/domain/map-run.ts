// A Distributed Map Run's children (docs/map-run.md): counts by status, failed children grouped by
// error and cause, and their verdicts tallied. Pure: the reads are lib/server/map-run.ts's.

import type { ServiceExecution, ServiceStatus, Verdict, VerdictCause } from './types';

/** Statuses a child ends in without succeeding. */
export const FAILED_STATUSES: ReadonlySet<ServiceStatus> = new Set<ServiceStatus>(['FAILED', 'TIMED_OUT', 'ABORTED']);

/** Example children kept per cause (the page links them; the count says how many there are). */
export const EXAMPLES_PER_CAUSE = 5;

export interface FailureCause {
  /** As DescribeExecution gives it; null when the child was described without one. */
  cause: string | null;
  count: number;
  /** The first children with this error and cause, by start. */
  examples: string[];
}

export interface FailureGroup {
  /** As DescribeExecution gives it; null when the child was described without one. */
  error: string | null;
  /** The statuses the group's children ended in (FAILED, TIMED_OUT, ABORTED). */
  statuses: ServiceStatus[];
  count: number;
  causes: FailureCause[];
}

export interface MapRunFailures {
  groups: FailureGroup[];
  /** Children that did not succeed: all of them, described or not. */
  failed: number;
  /** Failed children not described (over the bound, or the read failed): in no group. */
  undescribed: number;
}

export type StatusCounts = Record<ServiceStatus, number>;

export function countByStatus(children: readonly ServiceExecution[]): StatusCounts {
  const counts: StatusCounts = { RUNNING: 0, SUCCEEDED: 0, FAILED: 0, TIMED_OUT: 0, ABORTED: 0, PENDING_REDRIVE: 0 };
  for (const c of children) counts[c.status]++;
  return counts;
}

const byCountThenName = <T extends { count: number }>(name: (x: T) => string | null) => (a: T, b: T) =>
  b.count - a.count || (name(a) ?? '\uffff').localeCompare(name(b) ?? '\uffff');

/**
 * The failed children grouped by error, then by cause, largest group first. `described` holds the
 * DescribeExecution records read (by execution ARN); a failed child without one is counted as
 * undescribed rather than put under a guessed error.
 */
export function groupFailures(children: readonly ServiceExecution[], described: ReadonlyMap<string, ServiceExecution>): MapRunFailures {
  const failed = children.filter((c) => FAILED_STATUSES.has(c.status)).sort((a, b) => a.startDate - b.startDate || a.executionArn.localeCompare(b.executionArn));
  const groups = new Map<string | null, { statuses: Set<ServiceStatus>; count: number; causes: Map<string | null, FailureCause> }>();
  let undescribed = 0;
  for (const child of failed) {
    const record = described.get(child.executionArn);
    if (!record) {
      undescribed++;
      continue;
    }
    const error = record.error ?? null;
    const cause = record.cause ?? null;
    let g = groups.get(error);
    if (!g) groups.set(error, (g = { statuses: new Set(), count: 0, causes: new Map() }));
    g.count++;
    g.statuses.add(record.status);
    let c = g.causes.get(cause);
    if (!c) g.causes.set(cause, (c = { cause, count: 0, examples: [] }));
    c.count++;
    if (c.examples.length < EXAMPLES_PER_CAUSE) c.examples.push(child.executionArn);
  }
  const out: FailureGroup[] = [...groups.entries()].map(([error, g]) => ({
    error,
    statuses: [...g.statuses].sort(),
    count: g.count,
    causes: [...g.causes.values()].sort(byCountThenName((x: FailureCause) => x.cause)),
  }));
  out.sort(byCountThenName((x: FailureGroup) => x.error));
  return { groups: out, failed: failed.length, undescribed };
}

/** How many children got each verdict cause, most first. */
export function tallyVerdicts(verdicts: readonly Verdict[]): Array<{ cause: VerdictCause; count: number }> {
  const counts = new Map<VerdictCause, number>();
  for (const v of verdicts) counts.set(v.cause, (counts.get(v.cause) ?? 0) + 1);
  return [...counts.entries()].map(([cause, count]) => ({ cause, count })).sort(byCountThenName((x) => x.cause));
}

/**
 * Where the listing of children and DescribeMapRun's own counts disagree, by status (AWS's count
 * minus the children listed). Empty when they agree; `pending` children are not listed yet, so they
 * are not compared.
 */
export function countDifferences(
  aws: { running: number; succeeded: number; failed: number; timedOut: number; aborted: number },
  listed: StatusCounts,
): Array<{ status: ServiceStatus; aws: number; listed: number }> {
  const pairs: Array<[ServiceStatus, number]> = [
    ['RUNNING', aws.running],
    ['SUCCEEDED', aws.succeeded],
    ['FAILED', aws.failed],
    ['TIMED_OUT', aws.timedOut],
    ['ABORTED', aws.aborted],
  ];
  return pairs.filter(([s, n]) => n !== listed[s]).map(([status, n]) => ({ status, aws: n, listed: listed[status] }));
}

export interface MapRunSeen {
  mapRunArn: string;
  /** Children of the run among the rows, and how many of them did not succeed. */
  children: number;
  failed: number;
  /** The earliest child start among the rows. */
  firstStart: number;
}

/**
 * The Map Runs a state machine's rows show (children listed through their Map Run carry its ARN),
 * newest first: the state machine page links each run from these.
 */
export function mapRunsOfRows(rows: ReadonlyArray<{ service: ServiceExecution | null }>): MapRunSeen[] {
  const runs = new Map<string, MapRunSeen>();
  for (const { service } of rows) {
    if (!service?.mapRunArn) continue;
    let r = runs.get(service.mapRunArn);
    if (!r) runs.set(service.mapRunArn, (r = { mapRunArn: service.mapRunArn, children: 0, failed: 0, firstStart: service.startDate }));
    r.children++;
    if (FAILED_STATUSES.has(service.status)) r.failed++;
    r.firstStart = Math.min(r.firstStart, service.startDate);
  }
  return [...runs.values()].sort((a, b) => b.firstStart - a.firstStart || a.mapRunArn.localeCompare(b.mapRunArn));
}
