import 'server-only';
import { toAwsReadError } from '@/lib/aws/errors';
import { describeStateMachine, listStateMachineArns } from '@/lib/aws/step-functions';
import { parseStateMachineArn } from '@/lib/domain/arn';
import { DEFAULT_WINDOW_MS } from '@/lib/domain/time-window';
import type { HealthReport, PartialRead, StateMachine, UnreadStateMachine } from '@/lib/domain/types';
import { mapLimit } from './concurrency';
import { healthOf, readHealthInputs } from './health';
import { ReadLog } from './reads';
import { DEFAULT_SHARED_TTL_MS, sharedRead } from './shared-reads';

export interface StateMachineList {
  /** Described, sorted by name. */
  machines: StateMachine[];
  /**
   * Listed but not described — denied (a policy that scopes states:DescribeStateMachine to some ARNs),
   * throttled or failing past the SDK's retries — sorted by name. Named, never left out silently: one
   * state machine that cannot be read does not hide every other one. A state machine deleted between
   * the two calls (StateMachineDoesNotExist) is simply gone.
   */
  unread: UnreadStateMachine[];
}

export async function getStateMachines(): Promise<StateMachineList> {
  const arns = await listStateMachineArns();
  const unread: UnreadStateMachine[] = [];
  const described = await mapLimit(arns, 8, async (arn) => {
    try {
      return await describeStateMachine(arn);
    } catch (e) {
      const err = toAwsReadError(e, 'states:DescribeStateMachine');
      if (err.kind === 'not-found') return null;
      const parsed = parseStateMachineArn(arn);
      const name = parsed.ok ? parsed.value.name : arn;
      unread.push({ arn, name, read: { action: err.action, error: err.awsName, message: err.message, what: `state machine ${name}` } });
      return null;
    }
  });
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return { machines: described.filter((sm): sm is StateMachine => sm !== null).sort(byName), unread: unread.sort(byName) };
}

export interface StateMachineWithHealth {
  stateMachine: StateMachine;
  health: HealthReport;
  /** Reads of this state machine's health that failed (the health then says what it could not check). */
  partial: PartialRead[];
}

/**
 * Every state machine with its logging health from configuration alone: the log group, the role's
 * logs permissions, the resource policies and the log streams. Whether events arrive in a window is
 * left to the executions view (`eventsArriving: null` here), which reads the logs themselves.
 */
/** Configuration changes seldom: the list is kept a minute, one naming state machines it could not describe only as long as a failure. */
const LIST_TTL_MS = 60_000;
const UNREAD_TTL_MS = 5_000;

/** The state machines, shared by every view (the overview, the ops view, `/api/state-machines`). */
export function readStateMachines() {
  return sharedRead('state-machines', getStateMachines, { ttlMs: LIST_TTL_MS, ttlFor: (list) => (list.unread.length > 0 ? UNREAD_TTL_MS : LIST_TTL_MS) });
}

export async function getStateMachinesWithHealth(now: number): Promise<{ machines: StateMachineWithHealth[]; unread: UnreadStateMachine[] }> {
  const { machines, unread } = (await readStateMachines()).value;
  const withHealth = await mapLimit(machines, 4, async (sm) => {
    const reads = new ReadLog();
    const inputs = await readHealthInputs(sm, reads);
    const health = healthOf(sm, inputs, { eventsArriving: null, executionsStarted: null, window: { from: now - DEFAULT_WINDOW_MS, to: now }, now, reads });
    return { stateMachine: sm, health, partial: reads.partial };
  });
  return { machines: withHealth, unread };
}

/** The same, shared between callers for 15 s (each state machine costs four reads). */
export function readStateMachinesWithHealth() {
  return sharedRead('state-machines-with-health', () => getStateMachinesWithHealth(Date.now()), { ttlFor: (r) => (r.unread.length > 0 ? UNREAD_TTL_MS : DEFAULT_SHARED_TTL_MS) });
}
