// Two executions of one state machine side by side (docs/compare.md): their logged events grouped
// into state visits, aligned by state name and occurrence, the first place they part, per-state
// timing, and a path-level diff of their input and output. Pure: the events are arguments.

import { missingEventIds } from './log-record';
import { isTerminalEventType, logStatusOf } from './logging-facts';
import type { ExecutionLogEvent, LogStatus } from './types';

/** How a state visit ended, as far as the logged events say. */
export type VisitOutcome = 'exited' | 'failed' | 'open';

/** One time an execution was in a state: `*StateEntered` … `*StateExited` (or the failure that ended it). */
export interface StateVisit {
  name: string;
  /** 1 for the first visit of this state, 2 for the second (a loop, a retry through a Choice), … */
  occurrence: number;
  /** `Task`, `Pass`, `Choice`, `Map`, … from the event type. */
  stateType: string;
  enteredAt: number | null;
  exitedAt: number | null;
  /** Ids of the events that belong to this visit, in order. */
  eventIds: number[];
  outcome: VisitOutcome;
  /** The error of a failure inside the visit (a caught/retried one included), when one was logged. */
  error: string | null;
}

function stateName(e: ExecutionLogEvent): string | null {
  const name = e.details.name;
  return typeof name === 'string' && name !== '' ? name : null;
}

function errorOf(e: ExecutionLogEvent): string | null {
  const error = e.details.error;
  return typeof error === 'string' && error !== '' ? error : null;
}

/**
 * The state visits of one execution's events (sorted by id). Visits nest (a Parallel or Map state is
 * open while its branches' states run), so the open ones are a stack: an exit closes the latest open
 * visit of its state, and other events belong to the innermost open visit. A visit whose entered
 * event never arrived still counts from its exited event; a visit still open when the execution
 * ended failed with it (or is `open` when no terminal event was logged). `ExecutionRedriven` after a
 * terminal event means the execution runs again: its status is unknown until it ends again.
 */
export function stateVisits(events: readonly ExecutionLogEvent[]): { visits: StateVisit[]; status: LogStatus; endedAt: number | null } {
  const visits: StateVisit[] = [];
  const seen = new Map<string, number>();
  const stack: StateVisit[] = [];
  let status: LogStatus = 'UNKNOWN';
  let endedAt: number | null = null;
  const open = (name: string, stateType: string, at: number | null, id: number): StateVisit => {
    const occurrence = (seen.get(name) ?? 0) + 1;
    seen.set(name, occurrence);
    const v: StateVisit = { name, occurrence, stateType, enteredAt: at, exitedAt: null, eventIds: [id], outcome: 'open', error: null };
    visits.push(v);
    return v;
  };
  for (const e of events) {
    const entered = /^(\w+)StateEntered$/.exec(e.type);
    const exited = /^(\w+)StateExited$/.exec(e.type);
    const name = stateName(e);
    if (entered && name !== null) {
      stack.push(open(name, entered[1] ?? '', e.eventTimestamp, e.id));
      continue;
    }
    if (exited && name !== null) {
      let v: StateVisit;
      const at = stack.map((o) => o.name).lastIndexOf(name);
      if (at >= 0) {
        v = stack.splice(at, 1)[0] as StateVisit;
        v.eventIds.push(e.id);
      } else {
        // Its entered event never arrived: the visit counts from its exit.
        v = open(name, exited[1] ?? '', null, e.id);
      }
      v.exitedAt = e.eventTimestamp;
      v.outcome = 'exited';
      continue;
    }
    if (e.type === 'ExecutionRedriven') {
      status = 'UNKNOWN';
      endedAt = null;
      continue;
    }
    if (isTerminalEventType(e.type)) {
      const end = logStatusOf(e.type);
      status = end;
      endedAt = e.eventTimestamp;
      // Every visit still open ends with the execution.
      for (const v of stack.splice(0)) {
        v.outcome = end === 'SUCCEEDED' ? 'exited' : 'failed';
        v.exitedAt = e.eventTimestamp;
        v.error = v.error ?? errorOf(e);
      }
      continue;
    }
    const top = stack[stack.length - 1];
    if (top) {
      top.eventIds.push(e.id);
      if (e.type.endsWith('Failed') || e.type.endsWith('TimedOut')) top.error = errorOf(e) ?? e.type;
    }
  }
  // A state whose failure was caught exited: its error stays as evidence, its outcome is `exited`.
  return { visits, status, endedAt };
}

export type RowStatus = 'same' | 'different-outcome' | 'only-a' | 'only-b';

export interface AlignedRow {
  name: string;
  occurrence: number;
  a: StateVisit | null;
  b: StateVisit | null;
  durationA: number | null;
  durationB: number | null;
  /** durationA − durationB, when both are known. */
  deltaMs: number | null;
  status: RowStatus;
}

function durationOf(v: StateVisit | null): number | null {
  return v && v.enteredAt !== null && v.exitedAt !== null ? v.exitedAt - v.enteredAt : null;
}

const keyOf = (v: StateVisit) => `${v.name}#${v.occurrence}`;

/**
 * Visits paired by state name and occurrence, in the order they ran: where one side visited a state
 * the other never did, that visit gets a row of its own at the place it happened.
 */
export function alignVisits(a: readonly StateVisit[], b: readonly StateVisit[]): AlignedRow[] {
  const rows: AlignedRow[] = [];
  const inB = new Map(b.map((v, i) => [keyOf(v), i]));
  const inA = new Map(a.map((v, i) => [keyOf(v), i]));
  const row = (va: StateVisit | null, vb: StateVisit | null): AlignedRow => {
    const v = (va ?? vb) as StateVisit;
    const durationA = durationOf(va);
    const durationB = durationOf(vb);
    const status: RowStatus = !vb ? 'only-a' : !va ? 'only-b' : va.outcome !== vb.outcome ? 'different-outcome' : 'same';
    return { name: v.name, occurrence: v.occurrence, a: va, b: vb, durationA, durationB, deltaMs: durationA !== null && durationB !== null ? durationA - durationB : null, status };
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const va = a[i];
    const vb = b[j];
    if (va && vb && keyOf(va) === keyOf(vb)) {
      rows.push(row(va, vb));
      i++;
      j++;
    } else if (va && (!vb || (inB.get(keyOf(va)) ?? -1) < j)) {
      // A's visit has no partner still ahead in B.
      rows.push(row(va, null));
      i++;
    } else if (vb && (!va || (inA.get(keyOf(vb)) ?? -1) < i)) {
      rows.push(row(null, vb));
      j++;
    } else {
      // Both have partners further on (the order differs): A's visit alone; B's later visit of it becomes only-b.
      rows.push(row(va as StateVisit, null));
      i++;
    }
  }
  return rows;
}

export type DivergenceKind = 'different-state' | 'different-outcome' | 'stops';

export interface Divergence {
  kind: DivergenceKind;
  /** The aligned row where it shows (null when the visits agree and only the executions' ends differ). */
  rowIndex: number | null;
  /** The state name it concerns, when one does. */
  state: string | null;
  /** One sentence naming where and how the two parted. */
  summary: string;
}

function describeVisit(v: StateVisit): string {
  return v.outcome === 'failed' ? `failed in ${v.name}${v.error ? ` (${v.error})` : ''}` : v.outcome === 'open' ? `was still in ${v.name} when its events end` : `went through ${v.name}`;
}

/**
 * The first place the two executions part, walking their visits in order: a different state at the
 * same step, the same state ending differently, or one side stopping where the other goes on; null
 * when they ran the same states with the same outcomes to the same end.
 */
function firstDivergence(
  a: { visits: readonly StateVisit[]; status: LogStatus },
  b: { visits: readonly StateVisit[]; status: LogStatus },
  rows: readonly AlignedRow[],
): Divergence | null {
  const rowOf = (v: StateVisit) => rows.findIndex((r) => r.a === v || r.b === v);
  const n = Math.max(a.visits.length, b.visits.length);
  for (let k = 0; k < n; k++) {
    const va = a.visits[k];
    const vb = b.visits[k];
    if (va && vb) {
      if (keyOf(va) !== keyOf(vb)) {
        const after = k > 0 ? ` after ${a.visits[k - 1]?.name ?? '?'}` : ' first';
        return { kind: 'different-state', rowIndex: rowOf(va), state: va.name, summary: `A went to ${va.name}${after}, B went to ${vb.name}.` };
      }
      if (va.outcome !== vb.outcome) {
        return { kind: 'different-outcome', rowIndex: rowOf(va), state: va.name, summary: `In ${va.name}: A ${describeVisit(va)}, B ${describeVisit(vb)}.` };
      }
      continue;
    }
    const going = (va ?? vb) as StateVisit;
    const [stops, goes, stopStatus] = va ? ['B', 'A', b.status] : ['A', 'B', a.status];
    const last = (va ? b : a).visits[k - 1];
    const where = last ? `after ${last.name}` : 'before any state';
    return { kind: 'stops', rowIndex: rowOf(going), state: going.name, summary: `${stops} stops ${where} (${stopStatus}); ${goes} goes on to ${going.name}.` };
  }
  if (a.status !== b.status) {
    return { kind: 'different-outcome', rowIndex: null, state: null, summary: `The same states, but A ended ${a.status} and B ended ${b.status}.` };
  }
  return null;
}

// ---- JSON diff ----

export interface JsonChange {
  /** `$`, `$.order.id`, `$.items[2]`, `$["odd key"]`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** JSON text of A's value (absent when added). */
  a?: string;
  /** JSON text of B's value (absent when removed). */
  b?: string;
}

export interface JsonDiff {
  changes: JsonChange[];
  /** More changes than `limit`: the list stops there. */
  truncated: boolean;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const text = (v: unknown) => JSON.stringify(v) ?? 'undefined';

/**
 * Path-level differences from A to B: keys and array items added, removed, or with another value
 * (a value of another type is one change at its path, not a change of each of its leaves).
 */
export function diffJson(a: unknown, b: unknown, limit = 200): JsonDiff {
  const changes: JsonChange[] = [];
  let truncated = false;
  const add = (c: JsonChange) => {
    if (changes.length >= limit) truncated = true;
    else changes.push(c);
  };
  const walk = (x: unknown, y: unknown, path: string) => {
    if (truncated) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const p = childPath(path, i);
        if (i >= y.length) add({ path: p, kind: 'removed', a: text(x[i]) });
        else if (i >= x.length) add({ path: p, kind: 'added', b: text(y[i]) });
        else walk(x[i], y[i], p);
      }
      return;
    }
    if (isObject(x) && isObject(y)) {
      for (const key of Object.keys(x)) {
        const p = childPath(path, key);
        if (!Object.hasOwn(y, key)) add({ path: p, kind: 'removed', a: text(x[key]) });
        else walk(x[key], y[key], p);
      }
      for (const key of Object.keys(y)) if (!Object.hasOwn(x, key)) add({ path: childPath(path, key), kind: 'added', b: text(y[key]) });
      return;
    }
    if (text(x) !== text(y)) add({ path, kind: 'changed', a: text(x), b: text(y) });
  };
  walk(a, b, '$');
  return { changes, truncated };
}

/** A payload as logged or recorded (JSON text), parsed; text that is not JSON is compared as a string. */
function parsePayload(raw: string | null | undefined): { present: boolean; value: unknown } {
  if (raw === null || raw === undefined) return { present: false, value: null };
  try {
    return { present: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { present: true, value: raw };
  }
}

/** The diff of two payloads, or why there is none to make (a side has no payload: not logged, not recorded). */
export function diffPayloads(a: string | null | undefined, b: string | null | undefined): JsonDiff & { missing: 'a' | 'b' | 'both' | null } {
  const pa = parsePayload(a);
  const pb = parsePayload(b);
  if (!pa.present || !pb.present) return { changes: [], truncated: false, missing: !pa.present && !pb.present ? 'both' : !pa.present ? 'a' : 'b' };
  return { ...diffJson(pa.value, pb.value), missing: null };
}

// ---- the whole comparison ----

export interface CompareSide {
  events: readonly ExecutionLogEvent[];
  /** Input and output as the service record or the logged events carry them. */
  input: string | null;
  output: string | null;
}

export interface Comparison {
  rows: AlignedRow[];
  divergence: Divergence | null;
  statusA: LogStatus;
  statusB: LogStatus;
  missingIdsA: number[];
  missingIdsB: number[];
  input: ReturnType<typeof diffPayloads>;
  output: ReturnType<typeof diffPayloads>;
}

/** The input and output the logged events carry (ExecutionStarted's input, the terminal event's output). */
export function payloadsOfEvents(events: readonly ExecutionLogEvent[]): { input: string | null; output: string | null } {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const started = events.find((e) => e.type === 'ExecutionStarted');
  const succeeded = events.find((e) => e.type === 'ExecutionSucceeded');
  return { input: str(started?.details.input), output: str(succeeded?.details.output) };
}

export function compareExecutions(a: CompareSide, b: CompareSide): Comparison {
  const sa = stateVisits(a.events);
  const sb = stateVisits(b.events);
  const rows = alignVisits(sa.visits, sb.visits);
  return {
    rows,
    divergence: firstDivergence(sa, sb, rows),
    statusA: sa.status,
    statusB: sb.status,
    missingIdsA: missingEventIds(a.events),
    missingIdsB: missingEventIds(b.events),
    input: diffPayloads(a.input, b.input),
    output: diffPayloads(a.output, b.output),
  };
}
