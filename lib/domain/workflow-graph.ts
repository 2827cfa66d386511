// The workflow graph of docs/workflow-graph.md: a state machine's definition (Amazon States Language)
// as a tree of states — Parallel branches and Map bodies nested in their state — and each state
// marked from the events that were logged for one execution. Pure: the definition text, the events
// and the log level in, the graph and its marks out.

import { isTerminalEventType } from './logging-facts';
import type { LogLevel } from './types';

/** A transition out of a state, to a state of the same scope (ASL: a branch cannot leave its branch). */
export interface Transition {
  to: string;
  via: 'next' | 'choice' | 'default' | 'catch';
}

export interface GraphState {
  name: string;
  /** `Type` as written (Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map). */
  type: string;
  transitions: Transition[];
  /** `End: true`, or a Succeed/Fail state: the scope (branch, Map body or execution) ends here. */
  end: boolean;
  hasRetry: boolean;
  hasCatch: boolean;
  /** Parallel: one scope per branch; Map: one, the body run per item (ItemProcessor or Iterator). */
  branches: GraphScope[];
  /** Map only: INLINE, or DISTRIBUTED (each item a child execution, logged as its own execution). */
  mapMode?: 'INLINE' | 'DISTRIBUTED';
}

export interface GraphScope {
  startAt: string;
  /** In drawing order: from StartAt along the transitions (first reached first), then any unreachable. */
  states: GraphState[];
}

export type ParsedDefinition = { ok: true; root: GraphScope; stateCount: number } | { ok: false; reason: string };

const KNOWN_TYPES: ReadonlySet<string> = new Set(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function parseScope(value: unknown, where: string, names: Set<string>): GraphScope | string {
  if (!isObject(value)) return `${where} is not an object`;
  const startAt = str(value.StartAt);
  if (!startAt) return `${where} has no StartAt`;
  if (!isObject(value.States)) return `${where} has no States`;
  const byName = new Map<string, GraphState>();
  for (const [name, raw] of Object.entries(value.States)) {
    if (!isObject(raw)) return `state "${name}" is not an object`;
    const type = str(raw.Type);
    if (!type || !KNOWN_TYPES.has(type)) return `state "${name}" has an unknown Type ${JSON.stringify(raw.Type ?? null)}`;
    if (names.has(name)) return `state name "${name}" is used twice (ASL: names are unique in the whole state machine)`;
    names.add(name);
    const transitions: Transition[] = [];
    const next = str(raw.Next);
    if (next) transitions.push({ to: next, via: 'next' });
    if (type === 'Choice') {
      for (const c of Array.isArray(raw.Choices) ? raw.Choices : []) {
        const to = isObject(c) ? str(c.Next) : null;
        if (to) transitions.push({ to, via: 'choice' });
      }
      const fallback = str(raw.Default);
      if (fallback) transitions.push({ to: fallback, via: 'default' });
    }
    const catches = Array.isArray(raw.Catch) ? raw.Catch : [];
    for (const c of catches) {
      const to = isObject(c) ? str(c.Next) : null;
      if (to) transitions.push({ to, via: 'catch' });
    }
    const branches: GraphScope[] = [];
    let mapMode: GraphState['mapMode'];
    if (type === 'Parallel') {
      const list = Array.isArray(raw.Branches) ? raw.Branches : [];
      for (let i = 0; i < list.length; i++) {
        const scope = parseScope(list[i], `branch ${i + 1} of "${name}"`, names);
        if (typeof scope === 'string') return scope;
        branches.push(scope);
      }
    } else if (type === 'Map') {
      const body = raw.ItemProcessor ?? raw.Iterator;
      if (body !== undefined) {
        const scope = parseScope(body, `the body of "${name}"`, names);
        if (typeof scope === 'string') return scope;
        branches.push(scope);
        const config = isObject(body) && isObject(body.ProcessorConfig) ? body.ProcessorConfig : null;
        mapMode = config?.Mode === 'DISTRIBUTED' ? 'DISTRIBUTED' : 'INLINE';
      }
    }
    byName.set(name, {
      name,
      type,
      transitions,
      end: raw.End === true || type === 'Succeed' || type === 'Fail',
      hasRetry: Array.isArray(raw.Retry) && raw.Retry.length > 0,
      hasCatch: catches.length > 0,
      branches,
      ...(mapMode ? { mapMode } : {}),
    });
  }
  if (!byName.has(startAt)) return `${where}: StartAt "${startAt}" is not one of its states`;
  // Drawing order: breadth first from StartAt, so that a state comes after the one that leads to it.
  const ordered: GraphState[] = [];
  const seen = new Set<string>([startAt]);
  const queue = [startAt];
  while (queue.length > 0) {
    const state = byName.get(queue.shift() ?? '');
    if (!state) continue;
    ordered.push(state);
    for (const t of state.transitions) {
      if (!seen.has(t.to) && byName.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  for (const state of byName.values()) if (!seen.has(state.name)) ordered.push(state);
  return { startAt, states: ordered };
}

/** The definition's tree of states, or why it cannot be drawn. */
export function parseDefinition(text: string | null): ParsedDefinition {
  if (text === null || text.trim() === '') return { ok: false, reason: 'the definition is empty' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the definition is not JSON' };
  }
  const names = new Set<string>();
  const root = parseScope(json, 'the definition', names);
  return typeof root === 'string' ? { ok: false, reason: root } : { ok: true, root, stateCount: names.size };
}

/** Every state of the tree, with the scope it belongs to and the state that owns the scope (null at the top). */
export function flattenStates(root: GraphScope): Array<{ state: GraphState; scope: GraphScope; owner: GraphState | null }> {
  const out: Array<{ state: GraphState; scope: GraphScope; owner: GraphState | null }> = [];
  const walk = (scope: GraphScope, owner: GraphState | null) => {
    for (const state of scope.states) {
      out.push({ state, scope, owner });
      for (const b of state.branches) walk(b, state);
    }
  };
  walk(root, null);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Marks from the logged events

/** The parts of a logged event the marks read (the domain event and the JSON API's event both fit). */
export interface GraphEvent {
  id: number;
  previousEventId: number | null;
  type: string;
  details: Record<string, unknown>;
}

/**
 * What the logged events say about a state:
 * - `succeeded`: entered and exited (a Choice chose, a Pass passed);
 * - `failed`: its last failure was neither retried nor caught (or a Fail state was entered);
 * - `caught`: it failed and a Catch moved on (it exited after the failure);
 * - `aborted`: an `…Aborted` event (the execution or a sibling branch stopped it);
 * - `entered`: entered, and no exit or failure logged (running, or the record stops here);
 * - `never-reached`: nothing logged, and the record is whole at level ALL, so it did not run;
 * - `not-logged`: nothing logged, but the level logs no state events or the record is broken:
 *   whether it ran is unknown.
 */
export type StateOutcome = 'succeeded' | 'failed' | 'caught' | 'aborted' | 'entered' | 'never-reached' | 'not-logged';

export interface StateFailure {
  eventId: number;
  type: string;
  error: string | null;
  cause: string | null;
}

export interface StateMark {
  outcome: StateOutcome;
  entered: number;
  exited: number;
  /** Failures followed by another attempt (a `…Scheduled` event again): Retry at work. */
  retries: number;
  failures: StateFailure[];
  /** Map: iterations started (inline Map). */
  iterations: number;
  /** The events attributed to this state, by id. */
  eventIds: number[];
}

/** Where the logged record stops: the last state that logged before a gap in the ids or a missing terminal event. */
export interface RecordStop {
  reason: 'id-gap' | 'no-terminal';
  /** The last event logged before the stop. */
  afterEventId: number;
  afterEventType: string;
  /** The ids missing (a gap), or null (nothing after the last event). */
  missing: { from: number; to: number } | null;
  /** The state that logged it, when it belongs to one. */
  lastState: string | null;
  /** The state had not logged its exit: it was running, or its exit is what is missing. */
  inside: boolean;
  /** What should have been logged next: states to enter, and where the scope ends, its owner's exit or the terminal event. */
  expected: Array<{ kind: 'enter'; state: string } | { kind: 'exit'; state: string } | { kind: 'terminal' }>;
}

export interface WorkflowMarks {
  byState: Map<string, StateMark>;
  stops: RecordStop[];
  terminal: { eventId: number; type: string; error: string | null; cause: string | null } | null;
  /** Events that are not the execution's own and belong to no state of the definition. */
  unattributed: number[];
  /** Whether `never-reached` could be concluded at all (level ALL and a whole record). */
  complete: boolean;
}

const FAMILY = /^(Task|LambdaFunction|Activity|Parallel|Map|Wait|Pass|Choice|Fail|Succeed)/;
const TASK_FAMILY: ReadonlySet<string> = new Set(['Task', 'LambdaFunction', 'Activity']);

/** The state Type an event type belongs to: `LambdaFunctionFailed` → Task, `MapIterationStarted` → Map. */
function familyOf(type: string): string | null {
  const m = FAMILY.exec(type);
  if (!m?.[1]) return null;
  return TASK_FAMILY.has(m[1]) ? 'Task' : m[1];
}

const isEntered = (type: string) => type.endsWith('StateEntered');
const isExited = (type: string) => type.endsWith('StateExited');
const isScheduled = (type: string) => type.endsWith('Scheduled');
const isAborted = (type: string) => type.endsWith('Aborted');
const isFailure = (type: string) => /(Failed|TimedOut)$/.test(type) && !type.startsWith('MapIteration');

function detailString(details: Record<string, unknown>, key: string): string | null {
  const v = details[key];
  return typeof v === 'string' ? v : null;
}

/** Runs of consecutive missing ids below the highest id logged. */
function gapsOf(ids: readonly number[]): Array<{ from: number; to: number }> {
  const gaps: Array<{ from: number; to: number }> = [];
  let previous = 0;
  for (const id of ids) {
    if (id > previous + 1) gaps.push({ from: previous + 1, to: id - 1 });
    previous = Math.max(previous, id);
  }
  return gaps;
}

/**
 * Marks every state of `graph` from one execution's logged events. Events that name no state
 * (`TaskScheduled`, `TaskFailed`, `ParallelStateFailed`, …) belong to the state of their kind their
 * `previous_event_id` chain leads back to; where the chain is broken (an id missing, or the "0" that
 * Standard executions log for a state entered: docs/aws-behaviour.md §11.11), to the latest state of
 * their kind entered before them and not yet exited.
 */
export function markWorkflow(graph: GraphScope, events: readonly GraphEvent[], opts: { level: LogLevel }): WorkflowMarks {
  const flat = flattenStates(graph);
  const typeOf = new Map(flat.map(({ state }) => [state.name, state.type]));
  const sorted = [...events].sort((a, b) => a.id - b.id);
  const byId = new Map(sorted.map((e) => [e.id, e]));
  const marks = new Map<string, StateMark>();
  for (const { state } of flat) marks.set(state.name, { outcome: 'not-logged', entered: 0, exited: 0, retries: 0, failures: [], iterations: 0, eventIds: [] });

  const ownerOf = new Map<number, string>();
  const open: Array<{ name: string; family: string; id: number }> = [];
  const unattributed: number[] = [];
  let terminal: WorkflowMarks['terminal'] = null;

  for (const e of sorted) {
    if (e.type.startsWith('Execution')) {
      if (isTerminalEventType(e.type)) terminal = { eventId: e.id, type: e.type, error: detailString(e.details, 'error'), cause: detailString(e.details, 'cause') };
      // A redrive runs the execution again: the terminal event before it no longer ends it.
      else if (e.type === 'ExecutionRedriven') terminal = null;
      continue;
    }
    const named = detailString(e.details, 'name');
    let owner: string | null = null;
    if ((isEntered(e.type) || isExited(e.type)) && named !== null && typeOf.has(named)) owner = named;
    else {
      const family = familyOf(e.type);
      // The chain first: it stays right when branches interleave.
      const seen = new Set<number>();
      for (let prev = e.previousEventId; prev !== null && prev > 0 && !seen.has(prev); ) {
        seen.add(prev);
        const before = byId.get(prev);
        if (!before) break;
        const beforeOwner = ownerOf.get(prev);
        if (isEntered(before.type) && beforeOwner && typeOf.get(beforeOwner) === family) {
          owner = beforeOwner;
          break;
        }
        prev = before.previousEventId;
      }
      if (owner === null) {
        for (let i = open.length - 1; i >= 0; i--) {
          const candidate = open[i];
          if (candidate && candidate.family === family) {
            owner = candidate.name;
            break;
          }
        }
      }
    }
    if (owner === null) {
      unattributed.push(e.id);
      continue;
    }
    ownerOf.set(e.id, owner);
    const mark = marks.get(owner);
    if (!mark) continue;
    mark.eventIds.push(e.id);
    if (isEntered(e.type)) {
      mark.entered++;
      open.push({ name: owner, family: typeOf.get(owner) ?? '', id: e.id });
    } else if (isExited(e.type)) {
      mark.exited++;
      const at = open.map((o) => o.name).lastIndexOf(owner);
      if (at >= 0) open.splice(at, 1);
    } else if (e.type === 'MapIterationStarted') mark.iterations++;
    else if (isFailure(e.type)) mark.failures.push({ eventId: e.id, type: e.type, error: detailString(e.details, 'error'), cause: detailString(e.details, 'cause') });
  }

  // Outcomes, from each state's own events in order.
  const stops = recordStops(graph, sorted, ownerOf, terminal, opts.level);
  // Any id missing (at the start of the record too, where no stop can name the event before it) leaves the record broken.
  const complete = opts.level === 'ALL' && stops.length === 0 && gapsOf(sorted.map((e) => e.id)).length === 0;
  for (const [name, mark] of marks) {
    const own = mark.eventIds.map((id) => byId.get(id)).filter((e): e is GraphEvent => e !== undefined);
    let pendingFailure = false;
    let caught = false;
    let aborted = false;
    let retries = 0;
    for (const e of own) {
      if (isEntered(e.type)) {
        pendingFailure = typeOf.get(name) === 'Fail';
        aborted = false;
      } else if (isFailure(e.type)) pendingFailure = true;
      else if (isScheduled(e.type) && pendingFailure) {
        retries++;
        pendingFailure = false;
      } else if (isExited(e.type) && pendingFailure) {
        caught = true;
        pendingFailure = false;
      } else if (isAborted(e.type)) aborted = true;
    }
    mark.retries = retries;
    if (aborted) mark.outcome = 'aborted';
    else if (pendingFailure) mark.outcome = 'failed';
    else if (caught && mark.exited >= mark.entered) mark.outcome = 'caught';
    else if (mark.entered > 0 && mark.exited >= mark.entered) mark.outcome = 'succeeded';
    else if (mark.entered > 0) mark.outcome = 'entered';
    else if (mark.eventIds.length > 0) mark.outcome = mark.failures.length > 0 ? 'failed' : 'entered';
    else mark.outcome = complete ? 'never-reached' : 'not-logged';
  }
  return { byState: marks, stops, terminal, unattributed, complete };
}

/** What should come after `state` exits: its transitions, or where its scope ends, its owner's exit (or the terminal event). */
function expectedAfter(name: string, graph: GraphScope): RecordStop['expected'] {
  const entry = flattenStates(graph).find((f) => f.state.name === name);
  if (!entry) return [];
  const out: RecordStop['expected'] = entry.state.transitions.filter((t) => t.via !== 'catch').map((t) => ({ kind: 'enter' as const, state: t.to }));
  if (entry.state.end || out.length === 0) out.push(entry.owner ? { kind: 'exit', state: entry.owner.name } : { kind: 'terminal' });
  return out;
}

/**
 * What a state that logged `after` should log next, when it had not exited: its own exit; for a
 * Parallel or Map just entered, its body's start; after a failure, a Catch's state, or else the
 * failure ends its scope: the owner's end, or the execution's terminal event.
 */
function expectedInside(name: string, graph: GraphScope, after: GraphEvent): RecordStop['expected'] {
  const entry = flattenStates(graph).find((f) => f.state.name === name);
  if (!entry) return [];
  if (entry.state.branches.length > 0 && isEntered(after.type)) return entry.state.branches.map((b) => ({ kind: 'enter' as const, state: b.startAt }));
  if (isFailure(after.type)) {
    const out: RecordStop['expected'] = [];
    for (const t of entry.state.transitions) if (t.via === 'catch') out.push({ kind: 'enter', state: t.to });
    out.push(entry.owner ? { kind: 'exit', state: entry.owner.name } : { kind: 'terminal' });
    return out;
  }
  return [{ kind: 'exit', state: name }];
}

function recordStops(graph: GraphScope, sorted: readonly GraphEvent[], ownerOf: ReadonlyMap<number, string>, terminal: WorkflowMarks['terminal'], level: LogLevel): RecordStop[] {
  // Below ALL, Step Functions skips ids and success events by design: no stop can be told from a choice.
  if (level !== 'ALL' || sorted.length === 0) return [];
  const stopAfter = (e: GraphEvent, reason: RecordStop['reason'], missing: RecordStop['missing']): RecordStop => {
    const lastState = ownerOf.get(e.id) ?? null;
    const inside = lastState !== null && !isExited(e.type);
    const expected: RecordStop['expected'] = lastState === null ? [] : inside ? expectedInside(lastState, graph, e) : expectedAfter(lastState, graph);
    return { reason, afterEventId: e.id, afterEventType: e.type, missing, lastState, inside, expected };
  };
  const stops: RecordStop[] = [];
  const byId = new Map(sorted.map((e) => [e.id, e]));
  for (const gap of gapsOf(sorted.map((e) => e.id))) {
    const before = byId.get(gap.from - 1);
    if (before) stops.push(stopAfter(before, 'id-gap', gap));
  }
  const last = sorted[sorted.length - 1];
  if (!terminal && last) stops.push(stopAfter(last, 'no-terminal', null));
  return stops;
}
