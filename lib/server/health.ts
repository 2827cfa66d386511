import 'server-only';
import { checkRolePermissions } from '@/lib/aws/iam';
import { describeIndexedFields, describeLogGroup, describeLogGroupResourcePolicies, describeResourcePolicies, listLogStreams } from '@/lib/aws/logs';
import { logGroupNameFromArn, parseLogGroupArn, parseStateMachineArn } from '@/lib/domain/arn';
import { assessHealth, type HealthInput } from '@/lib/domain/health';
import { DOCUMENTED_ROLE_ACTIONS } from '@/lib/domain/logging-facts';
import type { TimeWindow } from '@/lib/domain/time-window';
import type { HealthReport, IndexedField, LogGroupInfo, LogStreamInfo, ResourcePolicy, RolePermissions, StateMachine } from '@/lib/domain/types';
import type { ReadLog } from './reads';

/** The configuration reads behind a state machine's logging health. */
export interface HealthReads {
  logGroup: LogGroupInfo | null;
  rolePermissions: RolePermissions | null;
  resourcePolicies: ResourcePolicy[] | null;
  /** The log group's own resource policy (policyScope RESOURCE); null when not read (docs/aws-behaviour.md §11.5). */
  logGroupResourcePolicies: ResourcePolicy[] | null;
  logStreams: LogStreamInfo[] | null;
  /** Fields of the log group's index policy (DescribeIndexPolicies), with when each index starts; null when not read. */
  indexedFields: IndexedField[] | null;
}

/** Where the role delivers logs for the state machine: the destination's Region, else the state machine's. */
function regionOf(sm: StateMachine): string | null {
  const dest = sm.logging.logGroupArn ? parseLogGroupArn(sm.logging.logGroupArn) : null;
  if (dest?.ok && dest.value.region) return dest.value.region;
  const own = parseStateMachineArn(sm.arn);
  return own.ok ? own.value.region : null;
}

export async function readHealthInputs(sm: StateMachine, reads: ReadLog): Promise<HealthReads> {
  return readHealthInputsEarly(sm, reads).all;
}

/**
 * The health's reads, with the field index policy on its own as soon as it is read: the per-minute
 * query's shape depends on it (lib/domain/scan-cost.ts `minuteQueryPlan`) and need not wait for IAM.
 */
export function readHealthInputsEarly(sm: StateMachine, reads: ReadLog): { all: Promise<HealthReads>; indexedFields: Promise<IndexedField[] | null> } {
  const groupName = sm.logging.logGroupArn ? logGroupNameFromArn(sm.logging.logGroupArn) : null;
  const logGroupRead = groupName ? reads.attempt('the log group', 'logs:DescribeLogGroups', () => describeLogGroup(groupName)) : Promise.resolve(null);
  // Which queries can skip events (docs/aws-behaviour.md §10). Not reading it costs bytes, never correctness:
  // a failure is named among the partial reads, and queries then scan as if nothing were indexed.
  const indexedFields = logGroupRead.then((g) =>
    groupName !== null && g?.exists === true ? reads.attempt('the log group’s field index policy', 'logs:DescribeIndexPolicies', () => describeIndexedFields(groupName)) : null,
  );
  return { all: readAll(sm, reads, groupName, logGroupRead, indexedFields), indexedFields };
}

async function readAll(sm: StateMachine, reads: ReadLog, groupName: string | null, logGroupRead: Promise<LogGroupInfo | null>, indexedRead: Promise<IndexedField[] | null>): Promise<HealthReads> {
  const [logGroup, rolePermissions, resourcePolicies, logGroupResourcePolicies] = await Promise.all([
    logGroupRead,
    sm.roleArn
      ? reads.attempt("the execution role's logs permissions", 'iam:SimulatePrincipalPolicy', () =>
          checkRolePermissions(sm.roleArn ?? '', [...DOCUMENTED_ROLE_ACTIONS], { region: regionOf(sm) }),
        )
      : Promise.resolve(null),
    reads.attempt('the CloudWatch Logs resource policies', 'logs:DescribeResourcePolicies', () => describeResourcePolicies()),
    // A group's own policy is listed only when asked for by its ARN (docs/aws-behaviour.md §11.5).
    sm.logging.logGroupArn
      ? reads.attempt('the log group’s own resource policy', 'logs:DescribeResourcePolicies', () => describeLogGroupResourcePolicies(sm.logging.logGroupArn ?? ''))
      : Promise.resolve(null),
  ]);
  const exists = groupName !== null && logGroup?.exists === true;
  const [logStreams, indexedFields] = await Promise.all([
    exists ? reads.attempt('the log streams', 'logs:DescribeLogStreams', () => listLogStreams(groupName)) : Promise.resolve(null),
    indexedRead,
  ]);
  return { logGroup, rolePermissions, resourcePolicies, logGroupResourcePolicies, logStreams, indexedFields };
}

export function healthOf(
  sm: StateMachine,
  inputs: HealthReads,
  opts: {
    eventsArriving: boolean | null;
    executionsStarted: number | null;
    window: TimeWindow;
    now: number;
    reads: ReadLog;
    scan?: HealthInput['scan'];
    unattributedEvents?: HealthInput['unattributedEvents'];
  },
): HealthReport {
  return assessHealth({
    stateMachine: sm,
    logGroup: inputs.logGroup,
    rolePermissions: inputs.rolePermissions,
    resourcePolicies: inputs.resourcePolicies,
    logGroupResourcePolicies: inputs.logGroupResourcePolicies,
    logStreams: inputs.logStreams,
    indexedFields: inputs.indexedFields,
    ...(opts.scan ? { scan: opts.scan } : {}),
    ...(opts.unattributedEvents ? { unattributedEvents: opts.unattributedEvents } : {}),
    eventsArriving: opts.eventsArriving,
    executionsStarted: opts.executionsStarted,
    window: opts.window,
    now: opts.now,
    partial: opts.reads.partial,
  });
}
