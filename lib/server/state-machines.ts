import 'server-only';
import { toAwsReadError } from '@/lib/aws/errors';
import { describeStateMachine, listStateMachineArns } from '@/lib/aws/step-functions';
import { parseStateMachineArn } from '@/lib/domain/arn';
import type { StateMachine, UnreadStateMachine } from '@/lib/domain/types';
import { mapLimit } from './concurrency';
import { sharedRead } from './shared-reads';

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

/** Configuration changes seldom: the list is kept a minute, one naming state machines it could not describe only as long as a failure. */
const LIST_TTL_MS = 60_000;
const UNREAD_TTL_MS = 5_000;

/** The state machines, shared by every view (the overview, the ops view, `/api/state-machines`). */
export function readStateMachines() {
  return sharedRead('state-machines', getStateMachines, { ttlMs: LIST_TTL_MS, ttlFor: (list) => (list.unread.length > 0 ? UNREAD_TTL_MS : LIST_TTL_MS) });
}
