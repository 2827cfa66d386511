// Per-state counts over a window for the state machine page's workflow graph (docs/workflow-graph.md,
// "Per-state counts"): from the rows of `stateVisitsQuery`, how many executions entered each state,
// how many failed in it and how many were dropped after it. Pure: rows, the definition's tree and the
// instants that bound the judgement in; counts out. Nothing is guessed: an execution whose ending
// cannot be tied to one state is counted as unattributed, with the reason.

import { parseInsightsTime, rowToRecord, type InsightsRow } from './insights-queries';
import { flattenStates, type GraphScope } from './workflow-graph';

export interface StateCount {
  /** Executions that entered the state at least once (a Map body's state: at least one iteration). */
  entered: number;
  /**
   * Executions that ended failed (ExecutionFailed, ExecutionTimedOut) while in the state: entered, no
   * exit logged. A Parallel or Map state counts the failures inside it too.
   */
  failed: number;
  /**
   * Executions that entered the state and then logged nothing more (no exit, no terminal event) and
   * have been quiet since before `settledBefore`: their remaining events were dropped (or a Standard
   * execution still waits in the state). A Parallel or Map state counts the drops inside it too.
   */
  dropped: number;
  /** Of `failed`/`dropped`, those where more than one of its branches was still open: not given to a branch state. */
  notAttributedInside: number;
}

export interface StateCounts {
  /** Every state of the definition, in `flattenStates` order. */
  byState: Record<string, StateCount>;
  /** Executions counted: started in the window, every row of theirs read, not a Distributed Map child. */
  executions: number;
  ended: { succeeded: number; failed: number; aborted: number; redriven: number; noTerminal: number };
  /** Executions with no terminal event whose last event is newer than `settledBefore`: may be running, not judged. */
  recent: number;
  unattributed: {
    /** Failed with no state open (failed before a state logged, or the entry was lost). */
    failed: number;
    /** No terminal event and no state open: the record stops after an exit or before any state. */
    dropped: number;
    /** Failed or dropped with several states open that share no open enclosing state. */
    ambiguous: number;
  };
  /** State names the logs carry that the definition does not have (another version of it). */
  unknownStates: string[];
  /**
   * Set when the query returned as many rows as its limit: only the executions started after `from`
   * are counted (every row of theirs is newer than the rows the limit cut).
   */
  cut: { from: number } | null;
}

interface Visit {
  entered: number;
  exited: number;
}

interface ExecutionRows {
  startedAt: number | null;
  lastAt: number;
  terminals: Set<string>;
  redriven: boolean;
  states: Map<string, Visit>;
}

const FAILED_ENDINGS: ReadonlySet<string> = new Set(['ExecutionFailed', 'ExecutionTimedOut']);

/** A Distributed Map child's execution ARN names `parent/label` after the state machine name (docs/aws-behaviour.md §11.3). */
function isMapChild(executionArn: string): boolean {
  return executionArn.split(':').slice(7).join(':').includes('/');
}

/**
 * Rows of `stateVisitsQuery` → per-state counts.
 * - `window`: executions whose ExecutionStarted is in it are counted (one that started before it has
 *   no start event in the read and is left out, not counted half).
 * - `settledBefore`: an execution with no terminal event is "dropped" only when its last event is
 *   older than this; a newer one may still be running or its events still arriving (`recent`).
 * - `limit`: the query's row limit. Rows come newest first; when the limit is reached, an execution
 *   is counted only if its start row is newer than the oldest row returned (so all of its rows were).
 */
export function countStates(rows: readonly InsightsRow[], root: GraphScope, opts: { window: { from: number; to: number }; settledBefore: number; limit: number }): StateCounts {
  const flat = flattenStates(root);
  const ownerOf = new Map<string, string | null>(flat.map((f) => [f.state.name, f.owner?.name ?? null]));
  const byState: Record<string, StateCount> = {};
  for (const f of flat) byState[f.state.name] = { entered: 0, failed: 0, dropped: 0, notAttributedInside: 0 };

  const executions = new Map<string, ExecutionRows>();
  let oldest = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    const r = rowToRecord(row);
    const lastAt = parseInsightsTime(r.get('lastAt'));
    if (lastAt !== null) oldest = Math.min(oldest, lastAt);
    const arn = r.get('execution_arn');
    const type = r.get('type');
    const step = r.get('step');
    const events = Number(r.get('events'));
    if (!arn || !type || !step || lastAt === null || !Number.isFinite(events) || events < 1 || isMapChild(arn)) continue;
    let e = executions.get(arn);
    if (!e) {
      e = { startedAt: null, lastAt, terminals: new Set(), redriven: false, states: new Map() };
      executions.set(arn, e);
    }
    e.lastAt = Math.max(e.lastAt, lastAt);
    if (type === 'ExecutionStarted') e.startedAt = e.startedAt === null ? lastAt : Math.min(e.startedAt, lastAt);
    else if (type === 'ExecutionRedriven') e.redriven = true;
    else if (type.startsWith('Execution')) e.terminals.add(type);
    else {
      const entering = type.endsWith('StateEntered');
      const v = e.states.get(step) ?? { entered: 0, exited: 0 };
      if (entering) v.entered += events;
      else v.exited += events;
      e.states.set(step, v);
    }
  }
  const cut = rows.length >= opts.limit && Number.isFinite(oldest) ? { from: oldest } : null;

  const out: StateCounts = {
    byState,
    executions: 0,
    ended: { succeeded: 0, failed: 0, aborted: 0, redriven: 0, noTerminal: 0 },
    recent: 0,
    unattributed: { failed: 0, dropped: 0, ambiguous: 0 },
    unknownStates: [],
    cut,
  };
  const unknown = new Set<string>();
  const ancestorsOf = (name: string): string[] => {
    const chain: string[] = [];
    for (let o = ownerOf.get(name) ?? null; o !== null; o = ownerOf.get(o) ?? null) chain.push(o);
    return chain;
  };

  for (const e of executions.values()) {
    if (e.startedAt === null || e.startedAt < opts.window.from || e.startedAt > opts.window.to) continue;
    // Ties with the oldest row returned may have lost rows to the limit: strictly newer only.
    if (cut && e.startedAt <= cut.from) continue;
    out.executions++;
    const open: string[] = [];
    let known = true;
    for (const [name, v] of e.states) {
      if (!(name in byState)) {
        unknown.add(name);
        known = false;
        continue;
      }
      if (v.entered > 0) byState[name]!.entered++;
      if (v.entered > v.exited) open.push(name);
    }

    let ending: 'failed' | 'dropped' | null = null;
    if (e.redriven) out.ended.redriven++;
    else if (e.terminals.size === 0) {
      out.ended.noTerminal++;
      if (e.lastAt >= opts.settledBefore) out.recent++;
      else ending = 'dropped';
    } else if ([...e.terminals].some((t) => FAILED_ENDINGS.has(t))) {
      out.ended.failed++;
      ending = 'failed';
    } else if (e.terminals.has('ExecutionAborted')) out.ended.aborted++;
    else out.ended.succeeded++;
    if (ending === null) continue;

    // Where the execution ended: the open state no other open state is inside; with several (two
    // branches still open), the nearest open state enclosing them all, marked as not attributed inside.
    if (!known || open.length === 0) {
      if (open.length === 0 && known) out.unattributed[ending]++;
      else out.unattributed.ambiguous++;
      continue;
    }
    const openSet = new Set(open);
    const leaves = open.filter((s) => !open.some((o) => o !== s && ancestorsOf(o).includes(s)));
    let target: string | null = leaves.length === 1 ? leaves[0]! : null;
    if (target === null) {
      const common = ancestorsOf(leaves[0]!).filter((a) => leaves.every((l) => ancestorsOf(l).includes(a)));
      target = common.find((a) => openSet.has(a)) ?? null;
    }
    if (target === null) {
      out.unattributed.ambiguous++;
      continue;
    }
    if (leaves.length > 1) byState[target]!.notAttributedInside++;
    for (const s of [target, ...ancestorsOf(target).filter((a) => openSet.has(a))]) byState[s]![ending]++;
  }
  out.unknownStates = [...unknown].sort();
  return out;
}
