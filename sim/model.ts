// The simulated account's executions and log events, derived on demand from (seed, state machine,
// execution index). Nothing per execution is stored, so the bench profile's million executions cost
// no memory until a read asks for them. Time is the wall clock: an event is readable only once its
// ingestion time has passed, exactly as CloudWatch Logs behaves (docs/aws-behaviour.md §5).

import { hash32, hex8, poisson, stringSeed, unit } from './rand';
import type { DelayProfile, Profile, Scenario, StateStep } from './scenarios';

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '123456789012';
const SLOT_MS = 1000;
/** Step Functions logs at most 248 KiB of an escaped payload, then cuts it (docs/aws-behaviour.md §2). */
const PAYLOAD_LOG_LIMIT = 248 * 1024;
/** At most this many executions start in one slot (index = slot * SLOT_CAP + j). */
const SLOT_CAP = 1024;
/** Map Run children per parent (index = parentIndex * CHILD_CAP + j). */
const CHILD_CAP = 64;

export type ExecStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type DropMode = 'none' | 'all' | 'terminal' | 'middle';

export interface SimStateMachine {
  scenario: Scenario;
  name: string;
  arn: string;
  type: 'STANDARD' | 'EXPRESS';
  seed: number;
  roleArn: string;
  createdAt: number;
  logGroupArn: string | null;
  /** Set for the virtual state machine of Distributed Map children (`parent/label`). */
  parent?: SimStateMachine;
}

export interface SimExecution {
  sm: SimStateMachine;
  index: number;
  name: string;
  arn: string;
  startMs: number;
  /** When it ends (may be in the future: then it is RUNNING). */
  endMs: number;
  finalStatus: Exclude<ExecStatus, 'RUNNING'>;
  error: string | null;
  cause: string | null;
  input: string;
  output: string | null;
  /** The input is over the event size limit: logged cut, with `inputDetails.truncated: true`. */
  largeInput?: boolean;
  dropMode: DropMode;
  /** Step index at which a failing execution fails. */
  failAt: number;
  /** For a Distributed Map child: the parent execution. */
  parent?: SimExecution;
}

export interface SimEvent {
  id: number;
  previousEventId: number;
  type: string;
  timestamp: number;
  ingestionTime: number;
  details: Record<string, unknown>;
  execution: SimExecution;
  /** Lost by best-effort delivery: never readable. */
  dropped: boolean;
  logStreamName: string;
}

/** A line another writer put in a state machine's log group (`Scenario.foreignLines`): not a Step Functions event. */
export interface ForeignLogEvent {
  foreign: true;
  /** Its number in the writer's sequence (its time is `seq × everyMs` plus a jitter). */
  seq: number;
  timestamp: number;
  ingestionTime: number;
  message: string;
  logStreamName: string;
}

/** What a log group holds: Step Functions' events and, where a scenario says so, another writer's lines. */
export type SimLogEvent = SimEvent | ForeignLogEvent;

export function isForeign(ev: SimLogEvent): ev is ForeignLogEvent {
  return 'foreign' in ev;
}

/** Logs one event of an execution's history (`history()`), at the top level or into a Parallel branch. */
type Emit = (type: string, timestamp: number, details: Record<string, unknown>) => void;

const TERMINAL: Record<Exclude<ExecStatus, 'RUNNING'>, string> = {
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  TIMED_OUT: 'ExecutionTimedOut',
  ABORTED: 'ExecutionAborted',
};

// Level filters (docs/aws-behaviour.md §2, cw-logs.html "Log levels").
const FATAL_TYPES = new Set(['ExecutionAborted', 'ExecutionFailed', 'ExecutionTimedOut']);
const ERROR_TYPES = new Set([
  ...FATAL_TYPES,
  'FailStateEntered', 'LambdaFunctionFailed', 'LambdaFunctionScheduleFailed', 'LambdaFunctionStartFailed',
  'LambdaFunctionTimedOut', 'MapIterationAborted', 'MapIterationFailed', 'MapRunAborted', 'MapRunFailed',
  'MapStateAborted', 'MapStateFailed', 'ParallelStateAborted', 'ParallelStateFailed', 'TaskFailed',
  'TaskStartFailed', 'TaskStateAborted', 'TaskSubmitFailed', 'TaskTimedOut', 'WaitStateAborted',
]);

export function levelIncludes(level: string, type: string): boolean {
  if (level === 'ALL') return true;
  if (level === 'ERROR') return ERROR_TYPES.has(type);
  if (level === 'FATAL') return FATAL_TYPES.has(type);
  return false;
}

function uuidFrom(seed: number, index: number, salt: number): string {
  const a = hex8(hash32(seed, index, salt, 1));
  const b = hex8(hash32(seed, index, salt, 2));
  // The last 12 hex digits carry the index (masked), so an ARN leads straight back to its execution.
  const mask = hash32(seed, salt, 99) * 65536 + (hash32(seed, salt, 98) & 0xffff);
  const masked = xor48(index, mask);
  const t = masked.toString(16).padStart(12, '0');
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[hash32(seed, index, salt, 3) & 3]}${a.slice(1, 4)}-${t}`;
}

function xor48(a: number, b: number): number {
  const hiA = Math.floor(a / 16777216);
  const loA = a % 16777216;
  const hiB = Math.floor(b / 16777216) % 16777216;
  const loB = b % 16777216;
  return ((hiA ^ hiB) >>> 0) * 16777216 + ((loA ^ loB) >>> 0);
}

function indexFromUuid(seed: number, uuid: string, salt: number): number | null {
  const m = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-([0-9a-f]{12})$/.exec(uuid);
  if (!m || !m[1]) return null;
  const mask = hash32(seed, salt, 99) * 65536 + (hash32(seed, salt, 98) & 0xffff);
  const index = xor48(parseInt(m[1], 16), mask);
  return uuidFrom(seed, index, salt) === uuid ? index : null;
}

function pickDelay(p: DelayProfile, u1: number, u2: number): number {
  if (u1 < p.fastShare) return p.fastMinMs + u2 * (p.fastMaxMs - p.fastMinMs);
  const rest = (u1 - p.fastShare) / (1 - p.fastShare);
  if (rest < p.slowShare) return p.fastMaxMs + u2 * (p.slowMaxMs - p.fastMaxMs);
  return p.slowMaxMs + u2 * (p.tailMaxMs - p.slowMaxMs);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function streamTime(ms: number, minute: boolean): string {
  const d = new Date(ms);
  const base = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}-${pad2(d.getUTCHours())}`;
  return minute ? `${base}-${pad2(d.getUTCMinutes())}` : base;
}

export const VALIDATION_STREAM = 'log_stream_created_by_aws_to_validate_log_delivery_subscriptions';

export class SimAccount {
  readonly stateMachines: SimStateMachine[];
  /** Start of slot 0: the oldest moment the account has executions for. */
  readonly epochMs: number;
  readonly createdAt: number;
  private readonly byArn = new Map<string, SimStateMachine>();
  private readonly byName = new Map<string, SimStateMachine>();

  constructor(
    readonly profile: Profile,
    readonly seed: number,
    startedAt: number,
    /** The account and Region its ARNs name (an organisation's sim has several: sim/org.ts). */
    readonly accountId: string = ACCOUNT_ID,
    readonly region: string = REGION,
  ) {
    this.createdAt = startedAt;
    this.epochMs = Math.floor((startedAt - profile.backfillMs) / SLOT_MS) * SLOT_MS;
    this.stateMachines = profile.scenarios.map((scenario) => {
      const sm: SimStateMachine = {
        scenario,
        name: scenario.name,
        arn: `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${scenario.name}`,
        type: scenario.type,
        seed: hash32(seed, stringSeed(scenario.name)),
        roleArn: `arn:aws:iam::${this.accountId}:role/service-role/${scenario.name}-role`,
        createdAt: this.epochMs - 30 * 86400_000,
        logGroupArn: scenario.logging.logGroupName
          ? `arn:aws:logs:${this.region}:${this.accountId}:log-group:${scenario.logging.logGroupName}:*`
          : null,
      };
      this.byArn.set(sm.arn, sm);
      this.byName.set(sm.name, sm);
      return sm;
    });
    for (const sm of [...this.stateMachines]) {
      const map = sm.scenario.mapChildren;
      if (!map) continue;
      const childName = `${sm.name}/${map.label}`;
      const child: SimStateMachine = {
        ...sm,
        name: childName,
        arn: `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${childName}`,
        type: 'EXPRESS',
        seed: hash32(sm.seed, 7),
        parent: sm,
      };
      this.byName.set(childName, child);
    }
  }

  stateMachineByArn(arn: string): SimStateMachine | undefined {
    return this.byArn.get(arn);
  }

  stateMachineByName(name: string): SimStateMachine | undefined {
    return this.byName.get(name);
  }

  /** The virtual state machine of a Distributed Map's children by its labelled ARN (`stateMachine:parent/label`), the ARN their metrics carry. */
  labelledStateMachineByArn(arn: string): SimStateMachine | undefined {
    const prefix = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:`;
    if (!arn.startsWith(prefix)) return undefined;
    const sm = this.byName.get(arn.slice(prefix.length));
    return sm?.parent ? sm : undefined;
  }

  /** Every execution of `sm` that starts in [fromMs, toMs), oldest first. Map children are not included. */
  *executions(sm: SimStateMachine, fromMs: number, toMs: number): Generator<SimExecution> {
    const first = Math.max(0, Math.floor((fromMs - this.epochMs) / SLOT_MS));
    const last = Math.floor((toMs - 1 - this.epochMs) / SLOT_MS);
    for (let slot = first; slot <= last; slot++) {
      const count = Math.min(SLOT_CAP - 1, poisson(sm.scenario.rate * (SLOT_MS / 1000), unit(sm.seed, slot, 11)));
      const batch: SimExecution[] = [];
      for (let j = 0; j < count; j++) {
        const e = this.execution(sm, slot * SLOT_CAP + j);
        if (e.startMs >= fromMs && e.startMs < toMs) batch.push(e);
      }
      batch.sort((a, b) => a.startMs - b.startMs);
      yield* batch;
    }
  }

  /** Executions that started before `beforeMs`, newest first (ListExecutions order). */
  *executionsNewestFirst(sm: SimStateMachine, beforeMs: number): Generator<SimExecution> {
    const lastSlot = Math.floor((beforeMs - 1 - this.epochMs) / SLOT_MS);
    for (let slot = lastSlot; slot >= 0; slot--) {
      const slotStart = this.epochMs + slot * SLOT_MS;
      const batch = [...this.executions(sm, slotStart, Math.min(slotStart + SLOT_MS, beforeMs))];
      batch.reverse();
      yield* batch;
    }
  }

  execution(sm: SimStateMachine, index: number): SimExecution {
    const s = sm.scenario;
    const slot = Math.floor(index / SLOT_CAP);
    const startMs = this.epochMs + slot * SLOT_MS + Math.floor(unit(sm.seed, index, 1) * SLOT_MS);
    const dur = s.durationMs;
    const uDur = unit(sm.seed, index, 2);
    let durationMs =
      uDur < dur.tailShare
        ? dur.max + unit(sm.seed, index, 3) * (dur.tailMaxMs - dur.max)
        : dur.min + Math.pow(unit(sm.seed, index, 3), 2) * (dur.max - dur.min);
    const failed = unit(sm.seed, index, 4) < s.failRate;
    const dropU = unit(sm.seed, index, 5);
    let dropMode: DropMode = 'none';
    if (dropU < s.dropRate) {
      const m = unit(sm.seed, index, 6);
      dropMode = m < 0.3 ? 'all' : m < 0.7 ? 'terminal' : 'middle';
    }
    const uuid = uuidFrom(sm.seed, index, 1);
    const name = s.type === 'EXPRESS' ? uuidFrom(sm.seed, index, 2) : `run-${uuid}`;
    const arn =
      s.type === 'EXPRESS'
        ? `arn:aws:states:${this.region}:${this.accountId}:express:${sm.name}:${name}:${uuid}`
        : `arn:aws:states:${this.region}:${this.accountId}:execution:${sm.name}:${name}`;
    const hostile = (s.hostileInputShare ?? 0) > unit(sm.seed, index, 8);
    const large = (s.largeInputShare ?? 0) > unit(sm.seed, index, 41);
    const input = JSON.stringify({
      // Unique per execution of the state machine: the index counts its executions.
      ...(s.orderIds ? { orderId: 1000 + index } : {}),
      requestId: hex8(hash32(sm.seed, index, 9)),
      amount: Math.round(unit(sm.seed, index, 10) * 50_000) / 100,
      ...(hostile ? { note: '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">' } : {}),
      // 300,000 characters: over the 248 KiB Step Functions logs of a payload.
      ...(large ? { attachment: 'A'.repeat(300_000) } : {}),
    });
    const failAt = Math.floor(unit(sm.seed, index, 12) * s.steps.length);
    const failStep = s.steps[failAt];
    const failName = failStep?.kind === 'Parallel' ? (this.parallelFailure(failStep, sm.seed, index)?.step.name ?? failStep.name) : failStep?.name;
    const e: SimExecution = {
      sm,
      index,
      name,
      arn,
      startMs,
      endMs: startMs + Math.round(durationMs),
      finalStatus: failed ? 'FAILED' : 'SUCCEEDED',
      error: failed ? 'States.TaskFailed' : null,
      cause: failed ? `${failName ?? 'Task'} failed: upstream returned 503 Service Unavailable` : null,
      input,
      output: failed ? null : JSON.stringify({ ok: true, requestId: hex8(hash32(sm.seed, index, 9)) }),
      ...(large ? { largeInput: true } : {}),
      dropMode,
      failAt,
    };
    if (s.mapChildren && !sm.parent) {
      // The parent lasts as long as its Map Run's children, plus the steps around it.
      const kids = this.childCount(e);
      let end = startMs + 1_000;
      for (let j = 0; j < kids; j++) end = Math.max(end, this.mapChild(e, j).endMs);
      durationMs = end + 600 - startMs;
      e.endMs = startMs + durationMs;
    }
    return e;
  }

  /**
   * Where an execution that fails at a Parallel state fails: a Task of one of its branches, picked
   * from the seed among the branches that have a Task, then among that branch's Tasks (only a Task
   * logs the TaskFailed that fails the branch).
   */
  parallelFailure(step: StateStep, seed: number, index: number): { branch: number; at: number; step: StateStep } | null {
    const withTasks = (step.branches ?? [])
      .map((steps, branch) => ({ branch, tasks: steps.flatMap((s, at) => (s.kind === 'Task' ? [{ at, step: s }] : [])) }))
      .filter((b) => b.tasks.length > 0);
    const chosen = withTasks[Math.floor(unit(seed, index, 14) * withTasks.length)];
    if (!chosen) return null;
    const failing = chosen.tasks[Math.floor(unit(seed, index, 15) * chosen.tasks.length)];
    return failing ? { branch: chosen.branch, at: failing.at, step: failing.step } : null;
  }

  childCount(parent: SimExecution): number {
    const m = parent.sm.scenario.mapChildren;
    if (!m) return 0;
    return Math.min(CHILD_CAP - 1, m.min + Math.floor(unit(parent.sm.seed, parent.index, 20) * (m.max - m.min + 1)));
  }

  mapRunArn(parent: SimExecution): string {
    const m = parent.sm.scenario.mapChildren;
    return `arn:aws:states:${this.region}:${this.accountId}:mapRun:${parent.sm.name}/${m?.label ?? 'Map'}:${uuidFrom(parent.sm.seed, parent.index, 3)}`;
  }

  mapChild(parent: SimExecution, j: number): SimExecution {
    const m = parent.sm.scenario.mapChildren;
    if (!m) throw new Error('not a Distributed Map parent');
    const childSm = this.byName.get(`${parent.sm.name}/${m.label}`);
    if (!childSm) throw new Error('child state machine missing');
    const index = parent.index * CHILD_CAP + j;
    const startMs = parent.startMs + 1_000 + j * 40 + Math.floor(unit(childSm.seed, index, 1) * 30);
    const durationMs = m.childDurationMs.min + unit(childSm.seed, index, 2) * (m.childDurationMs.max - m.childDurationMs.min);
    const failed = unit(childSm.seed, index, 4) < (m.failRate ?? parent.sm.scenario.failRate);
    const uuid = uuidFrom(childSm.seed, index, 1);
    const name = uuidFrom(childSm.seed, index, 2);
    const dropU = unit(childSm.seed, index, 5);
    let failure = { error: 'States.TaskFailed', cause: 'ResizeImage failed: image too large' };
    if (failed && m.failures?.length) {
      let u = unit(childSm.seed, index, 42);
      for (const f of m.failures) {
        failure = f;
        if ((u -= f.share) < 0) break;
      }
    }
    let dropMode: DropMode = 'none';
    if (m.dropRate === undefined) dropMode = dropU < parent.sm.scenario.dropRate ? 'terminal' : 'none';
    else if (dropU < m.dropRate) {
      // The same shares as any execution's drops (execution()).
      const k = unit(childSm.seed, index, 6);
      dropMode = k < 0.3 ? 'all' : k < 0.7 ? 'terminal' : 'middle';
    }
    return {
      sm: childSm,
      index,
      name,
      arn: `arn:aws:states:${this.region}:${this.accountId}:express:${childSm.name}:${name}:${uuid}`,
      startMs,
      endMs: startMs + Math.round(durationMs),
      finalStatus: failed ? 'FAILED' : 'SUCCEEDED',
      error: failed ? failure.error : null,
      cause: failed ? failure.cause : null,
      input: JSON.stringify({ key: `images/${hex8(hash32(childSm.seed, index, 9))}.png` }),
      output: failed ? null : JSON.stringify({ resized: true }),
      dropMode,
      failAt: 0,
      parent,
    };
  }

  mapChildren(parent: SimExecution): SimExecution[] {
    const n = this.childCount(parent);
    const out: SimExecution[] = [];
    for (let j = 0; j < n; j++) out.push(this.mapChild(parent, j));
    return out;
  }

  /** Resolve an execution ARN of this account, or undefined when it does not exist (yet). */
  executionByArn(arn: string, now: number): SimExecution | undefined {
    const parts = arn.split(':');
    if (parts.length < 8 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[3] !== this.region || parts[4] !== this.accountId) return undefined;
    const kind = parts[5];
    const smName = parts[6] ?? '';
    const sm = this.byName.get(smName);
    if (!sm) return undefined;
    let e: SimExecution | undefined;
    if (kind === 'express' && parts.length === 9) {
      if (sm.parent) {
        const index = indexFromUuid(sm.seed, parts[8] ?? '', 1);
        if (index === null) return undefined;
        const parent = this.execution(sm.parent, Math.floor(index / CHILD_CAP));
        const j = index % CHILD_CAP;
        if (j >= this.childCount(parent)) return undefined;
        e = this.mapChild(parent, j);
      } else if (sm.type === 'EXPRESS') {
        const index = indexFromUuid(sm.seed, parts[8] ?? '', 1);
        if (index === null) return undefined;
        e = this.execution(sm, index);
      }
    } else if (kind === 'execution' && parts.length === 8 && sm.type === 'STANDARD' && !sm.parent) {
      const name = parts[7] ?? '';
      if (!name.startsWith('run-')) return undefined;
      const index = indexFromUuid(sm.seed, name.slice(4), 1);
      if (index === null) return undefined;
      e = this.execution(sm, index);
    }
    if (!e || e.arn !== arn || e.startMs > now) return undefined;
    // The slot's Poisson draw decides whether this index exists at all.
    if (!e.parent) {
      const slot = Math.floor(e.index / SLOT_CAP);
      const count = Math.min(SLOT_CAP - 1, poisson(sm.scenario.rate * (SLOT_MS / 1000), unit(sm.seed, slot, 11)));
      if (e.index % SLOT_CAP >= count) return undefined;
    }
    return e;
  }

  findMapRun(mapRunArn: string, now: number): SimExecution | undefined {
    for (const sm of this.stateMachines) {
      const m = sm.scenario.mapChildren;
      if (!m) continue;
      const prefix = `arn:aws:states:${this.region}:${this.accountId}:mapRun:${sm.name}/${m.label}:`;
      if (!mapRunArn.startsWith(prefix)) continue;
      const index = indexFromUuid(sm.seed, mapRunArn.slice(prefix.length), 3);
      if (index === null) return undefined;
      const parent = this.execution(sm, index);
      const standardArn = parent.arn;
      return this.executionByArn(standardArn, now) && this.mapRunStartMs(parent) <= now ? parent : undefined;
    }
    return undefined;
  }

  mapRunStartMs(parent: SimExecution): number {
    return parent.startMs + 1_000;
  }

  status(e: SimExecution, now: number): ExecStatus {
    return e.endMs > now ? 'RUNNING' : e.finalStatus;
  }

  /** The full history of an execution (what GetExecutionHistory returns once it has happened). */
  history(e: SimExecution): SimEvent[] {
    const sm = e.sm;
    const s = sm.parent ? sm.parent.scenario : sm.scenario;
    const steps: StateStep[] = sm.parent ? (s.mapChildren?.childSteps ?? []) : s.steps;
    const events: SimEvent[] = [];
    const includeData = s.logging.includeExecutionData;
    const stream = this.streamNameFor(e);
    const dur = e.endMs - e.startMs;
    const baseDelay = pickDelay(s.delays, unit(sm.seed, e.index, 30), unit(sm.seed, e.index, 31));
    // previous_event_id is not always id − 1: a real Standard capture has `"id":"2",
    // "type":"TaskStateEntered","previous_event_id":"0"`. Standard executions here log "0" for the
    // first state entered, and half of them for every state entered (docs/aws-behaviour.md §11.11).
    const standard = sm.type === 'STANDARD';
    const enteredFromZero = standard && unit(sm.seed, e.index, 37) < 0.5;
    /** Logs an event and returns its id. `previous` is the event it follows when that is not the one logged just before (a Parallel branch's own chain). */
    const push = (type: string, timestamp: number, details: Record<string, unknown>, previous?: number): number => {
      const id = events.length + 1;
      const entered = standard && type.endsWith('StateEntered');
      const previousEventId = entered && (id === 2 || enteredFromZero) ? 0 : (previous ?? id - 1);
      const own = unit(sm.seed, e.index, id, 32) < 0.05;
      const delay = own
        ? pickDelay(s.delays, unit(sm.seed, e.index, id, 33), unit(sm.seed, e.index, id, 34))
        : baseDelay + unit(sm.seed, e.index, id, 35) * 300;
      events.push({
        id,
        previousEventId,
        type,
        timestamp: Math.round(timestamp),
        ingestionTime: Math.round(timestamp + delay),
        details,
        execution: e,
        dropped: false,
        logStreamName: stream,
      });
      return id;
    };
    // Payloads over 248 KiB are logged cut, with `truncated: true` (docs/aws-behaviour.md §2).
    const data = (key: 'input' | 'output', value: string | null): Record<string, unknown> =>
      includeData && value !== null
        ? value.length > PAYLOAD_LOG_LIMIT
          ? { [key]: value.slice(0, PAYLOAD_LOG_LIMIT), [`${key}Details`]: { truncated: true } }
          : { [key]: value, [`${key}Details`]: { truncated: false } }
        : {};

    push('ExecutionStarted', e.startMs, { ...data('input', e.input), roleArn: sm.roleArn });
    /**
     * A Task state's events from t0 to t1 (at the top level or inside a Parallel branch, through
     * `emit`): entered, scheduled, started, then failed, or (after a retried failure when `retried`)
     * succeeded and exited.
     */
    const pushTask = (emit: Emit, step: StateStep, t0: number, t1: number, fails: boolean, retried: boolean): void => {
      emit('TaskStateEntered', t0, { name: step.name, ...data('input', e.input) });
      const task = { resourceType: 'lambda', resource: 'invoke', region: this.region };
      emit('TaskScheduled', t0 + 1, { ...task, parameters: includeData ? JSON.stringify({ FunctionName: step.resource, Payload: e.input }).slice(0, PAYLOAD_LOG_LIMIT) : undefined });
      emit('TaskStarted', t0 + 3, task);
      if (fails) {
        emit('TaskFailed', t1 - 1, { ...task, error: e.error, cause: e.cause });
        return;
      }
      if (retried) {
        // A caught/retried failure: at level ERROR this TaskFailed is logged for an execution that succeeds.
        emit('TaskFailed', t0 + 4, { ...task, error: 'Lambda.TooManyRequestsException', cause: 'Rate exceeded (retried)' });
        emit('TaskScheduled', t0 + 6, task);
        emit('TaskStarted', t0 + 7, task);
      }
      emit('TaskSucceeded', t1 - 1, { ...task, ...data('output', e.output ?? '{}') });
      emit('TaskStateExited', t1, { name: step.name, ...data('output', e.output ?? '{}') });
    };
    const failing = e.finalStatus === 'FAILED';
    const lastStep = failing ? e.failAt : steps.length - 1;
    const children = s.mapChildren && !sm.parent ? this.mapChildren(e) : [];
    for (let i = 0; i <= lastStep && i < steps.length; i++) {
      const step = steps[i];
      if (!step) continue;
      let t0 = e.startMs + 5 + (dur * i) / Math.max(1, steps.length);
      let t1 = e.startMs + (dur * (i + 1)) / Math.max(1, steps.length) - 2;
      // Real logs share milliseconds (ids 7 and 8 at 03:31:33.040): for some executions the last
      // state exits in the millisecond of the terminal event (docs/aws-behaviour.md §11.4).
      if (i === steps.length - 1 && unit(sm.seed, e.index, 36) < 0.2) t1 = e.endMs;
      if (step.kind === 'Map' && children.length > 0) {
        t0 = this.mapRunStartMs(e) - 5;
        t1 = Math.max(...children.map((c) => c.endMs)) + 100;
      }
      const stateInput = data('input', e.input);
      const failsHere = failing && i === e.failAt;
      switch (step.kind) {
        case 'Task': {
          const retried = !failsHere && i === steps.findIndex((x) => x.kind === 'Task') && unit(sm.seed, e.index, 13) < (s.retryShare ?? 0);
          pushTask(push, step, t0, t1, failsHere, retried);
          break;
        }
        case 'Parallel': {
          // Every branch starts when the state does (its first state entered in the millisecond
          // after ParallelStateStarted, in branch order) and runs side by side with the others, each
          // for its own share of the state's time, so their events interleave; each branch's
          // previous_event_id chain stays inside the branch. When a branch fails, the others are
          // stopped at once: their running states entered and never exited, no later state started;
          // then ParallelStateFailed, which fails the execution (no Catch).
          // https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
          push('ParallelStateEntered', t0, { name: step.name, ...stateInput });
          const started = push('ParallelStateStarted', t0 + 1, {});
          const failure = failsHere ? this.parallelFailure(step, sm.seed, e.index) : null;
          const branches = step.branches ?? [];
          const span = Math.max(0, t1 - t0 - 10);
          let failedAt = Infinity;
          const logged = branches.map((branch, b) => {
            const out: Array<{ type: string; timestamp: number; details: Record<string, unknown> }> = [];
            const emit: Emit = (type, timestamp, details) => {
              // Whole milliseconds, never before the branch's previous event.
              out.push({ type, timestamp: Math.max(Math.round(timestamp), out[out.length - 1]?.timestamp ?? 0), details });
            };
            // Every branch starts in the same millisecond and takes half to all of the state's time.
            const slice = (span * (0.5 + 0.5 * unit(sm.seed, e.index, 16, b))) / Math.max(1, branch.length);
            for (let j = 0; j < branch.length; j++) {
              const inStep = branch[j];
              if (!inStep) continue;
              const s0 = t0 + 2 + slice * j;
              const s1 = s0 + slice - 2;
              if (inStep.kind === 'Task') {
                const fails = failure !== null && failure.branch === b && failure.at === j;
                pushTask(emit, inStep, s0, s1, fails, false);
                if (fails) {
                  failedAt = out[out.length - 1]?.timestamp ?? s1;
                  break;
                }
              } else {
                emit(`${inStep.kind}StateEntered`, s0, { name: inStep.name, ...stateInput });
                emit(`${inStep.kind}StateExited`, s1, { name: inStep.name, ...data('output', e.input) });
              }
            }
            return out.map((ev, seq) => ({ ...ev, b, seq }));
          });
          const merged = logged
            .flat()
            // Stopped by the failure: the other branches log nothing from its millisecond on.
            .filter((ev) => failure === null || ev.b === failure.branch || ev.timestamp < failedAt)
            .sort((x, y) => x.timestamp - y.timestamp || x.b - y.b || x.seq - y.seq);
          const lastOf = branches.map(() => started);
          for (const ev of merged) lastOf[ev.b] = push(ev.type, ev.timestamp, ev.details, lastOf[ev.b]);
          if (failsHere) {
            // Right after the failing branch's TaskFailed (the event logged just before it).
            push('ParallelStateFailed', failure ? failedAt + 1 : t1 - 1, { error: e.error, cause: e.cause });
          } else {
            push('ParallelStateSucceeded', t1 - 1, {});
            push('ParallelStateExited', t1, { name: step.name, ...data('output', JSON.stringify(branches.map(() => JSON.parse(e.output ?? '{}') as unknown))) });
          }
          break;
        }
        case 'Map': {
          push('MapStateEntered', t0, { name: step.name, ...stateInput });
          push('MapRunStarted', t0 + 2, { mapRunArn: this.mapRunArn(e) });
          push('MapRunSucceeded', t1 - 1, {});
          push('MapStateExited', t1, { name: step.name, ...data('output', '[]') });
          break;
        }
        default: {
          push(`${step.kind}StateEntered`, t0, { name: step.name, ...stateInput });
          push(`${step.kind}StateExited`, t1, { name: step.name, ...data('output', e.input) });
        }
      }
    }
    const terminalDetails: Record<string, unknown> =
      e.finalStatus === 'SUCCEEDED' ? data('output', e.output) : { error: e.error, cause: e.cause };
    push(TERMINAL[e.finalStatus], e.endMs, terminalDetails);
    this.applyDrops(e, events);
    return events;
  }

  private applyDrops(e: SimExecution, events: SimEvent[]): void {
    if (e.dropMode === 'none') return;
    if (e.dropMode === 'all') for (const ev of events) ev.dropped = true;
    else if (e.dropMode === 'terminal') {
      const last = events[events.length - 1];
      if (last) last.dropped = true;
    } else if (e.dropMode === 'middle' && events.length > 2) {
      const k = 1 + Math.floor(unit(e.sm.seed, e.index, 40) * (events.length - 2));
      const ev = events[k];
      if (ev) ev.dropped = true;
    }
  }

  /** The events CloudWatch Logs will ever hold for this execution (level filter, delivery, drops). */
  loggedEvents(e: SimExecution): SimEvent[] {
    const s = e.sm.parent ? e.sm.parent.scenario : e.sm.scenario;
    if (!s.deliveryWorks || !s.logGroupExists || s.logging.level === 'OFF') return [];
    return this.history(e).filter((ev) => !ev.dropped && levelIncludes(s.logging.level, ev.type));
  }

  /** The log stream an execution's events are written to (docs/aws-behaviour.md §2: observed naming). */
  streamNameFor(e: SimExecution): string {
    const owner = e.sm.parent ?? e.sm;
    const express = e.sm.type === 'EXPRESS';
    const bucket = Math.floor(e.startMs / (express ? 60_000 : 3_600_000));
    const shard = hash32(owner.seed, bucket, express ? hash32(e.index) % 4 : 0);
    return `states/${owner.name}/${streamTime(e.startMs, express)}/${hex8(shard)}`;
  }

  /** State machine (top-level) that writes to a log group name. */
  stateMachinesForLogGroup(name: string): SimStateMachine[] {
    return this.stateMachines.filter((sm) => sm.scenario.logging.logGroupName === name);
  }

  /** Longest an execution of this state machine (or its map children) can run, for window scans. */
  maxDurationMs(sm: SimStateMachine): number {
    const s = sm.scenario;
    return Math.max(s.durationMs.max, s.durationMs.tailMaxMs, s.mapChildren ? 120_000 : 0) + 1_000;
  }

  /** Another writer's lines in a state machine's log group, readable at `now`, with timestamp in [fromMs, toMs], oldest first. */
  *foreignEvents(sm: SimStateMachine, fromMs: number, toMs: number, now: number): Generator<ForeignLogEvent> {
    const f = sm.scenario.foreignLines;
    if (!f || !sm.scenario.logGroupExists) return;
    // Line `seq` falls in [seq × everyMs, (seq + 1) × everyMs): none before this one can be in range.
    for (let seq = Math.floor(Math.max(fromMs, this.epochMs) / f.everyMs); seq * f.everyMs <= toMs; seq++) {
      const timestamp = seq * f.everyMs + (hash32(sm.seed, seq, 70) % Math.max(1, f.everyMs - 1_000));
      const ingestionTime = timestamp + 200 + (hash32(sm.seed, seq, 71) % 800);
      if (timestamp < this.epochMs || timestamp < fromMs || timestamp > toMs || ingestionTime > now) continue;
      const batch = 1_000 + (hash32(sm.seed, seq, 72) % 9_000);
      const message =
        seq % 3 === 0
          ? JSON.stringify({ level: 'warn', service: 'payments-reconciler', msg: 'settlement retried', batch })
          : `${new Date(timestamp).toISOString()} INFO payments-reconciler: batch ${batch} settled (${1 + (batch % 40)} items)`;
      yield { foreign: true, seq, timestamp, ingestionTime, message, logStreamName: f.stream };
    }
  }

  /** Every event of a log group readable at `now` with timestamp in [fromMs, toMs]: by execution start, then another writer's lines. */
  *logEvents(groupName: string, fromMs: number, toMs: number, now: number): Generator<SimLogEvent> {
    for (const sm of this.stateMachinesForLogGroup(groupName)) {
      const s = sm.scenario;
      if (!s.deliveryWorks || !s.logGroupExists || s.logging.level === 'OFF') continue;
      const scanFrom = fromMs - this.maxDurationMs(sm);
      for (const e of this.executions(sm, scanFrom, Math.min(toMs + 1, now + 1))) {
        if (e.startMs > toMs) continue;
        yield* this.readable(this.loggedEvents(e), fromMs, toMs, now);
        if (s.mapChildren) {
          for (const c of this.mapChildren(e)) yield* this.readable(this.loggedEvents(c), fromMs, toMs, now);
        }
      }
    }
    for (const sm of this.stateMachinesForLogGroup(groupName)) yield* this.foreignEvents(sm, fromMs, toMs, now);
  }

  private *readable(events: SimEvent[], fromMs: number, toMs: number, now: number): Generator<SimEvent> {
    for (const ev of events) {
      if (ev.ingestionTime <= now && ev.timestamp >= fromMs && ev.timestamp <= toMs) yield ev;
    }
  }

  /** How many times the execution's terminal status metric counts it: status metrics can be emitted more than once (at-least-once, best-effort delivery). */
  statusMetricEmissions(e: SimExecution): number {
    return unit(e.sm.seed, e.index, 51) < 0.001 ? 2 : 1;
  }

  /**
   * Sums of an AWS/States metric per period from `fromMs`, derived from the same executions, with
   * AWS's quirks. A Distributed Map's children count only under their labelled state machine
   * (`parent/label`, docs/aws-behaviour.md §11.3), never under the parent's.
   */
  metric(sm: SimStateMachine, metricName: string, fromMs: number, toMs: number, periodMs: number, now: number): Array<{ timestampMs: number; value: number }> {
    const buckets = new Map<number, number>();
    const bucketOf = (t: number) => fromMs + Math.floor((t - fromMs) / periodMs) * periodMs;
    // A minute's data point appears only after the minute is over plus a delivery delay (docs/aws-behaviour.md §6).
    const visible = (t: number) => Math.floor(t / 60_000) * 60_000 + 60_000 + (hash32(sm.seed, Math.floor(t / 60_000), 50) % 90_000) <= now;
    const add = (t: number, v: number) => {
      if (t < fromMs || t >= toMs || !visible(t)) return;
      const b = bucketOf(t);
      buckets.set(b, (buckets.get(b) ?? 0) + v);
    };
    const count = (e: SimExecution) => {
      if (metricName === 'ExecutionsStarted') {
        if (e.startMs <= now) add(e.startMs, 1);
        return;
      }
      if (e.endMs > now) return;
      const status = e.finalStatus;
      const wanted =
        (metricName === 'ExecutionsSucceeded' && status === 'SUCCEEDED') ||
        (metricName === 'ExecutionsFailed' && status === 'FAILED') ||
        (metricName === 'ExecutionsTimedOut' && status === 'TIMED_OUT') ||
        (metricName === 'ExecutionsAborted' && status === 'ABORTED');
      if (metricName === 'ExecutionTime') add(e.endMs, e.endMs - e.startMs);
      else if (wanted) add(e.endMs, this.statusMetricEmissions(e));
    };
    if (sm.parent) {
      // Children run inside their parent: every child in range belongs to a parent that started at most its longest run before.
      for (const p of this.executions(sm.parent, fromMs - this.maxDurationMs(sm.parent), Math.min(toMs, now + 1))) {
        for (const c of this.mapChildren(p)) count(c);
      }
    } else {
      for (const e of this.executions(sm, fromMs - this.maxDurationMs(sm), Math.min(toMs, now + 1))) count(e);
    }
    return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([timestampMs, value]) => ({ timestampMs, value }));
  }
}
