import 'server-only';
import { checkRolePermissions } from '@/lib/aws/iam';
import { describeLogGroup, describeResourcePolicies, listLogStreams } from '@/lib/aws/logs';
import { logGroupNameFromArn } from '@/lib/domain/arn';
import { assessHealth } from '@/lib/domain/health';
import { DOCUMENTED_ROLE_ACTIONS } from '@/lib/domain/logging-facts';
import type { TimeWindow } from '@/lib/domain/time-window';
import type { HealthReport, LogGroupInfo, LogStreamInfo, ResourcePolicy, RolePermissions, StateMachine } from '@/lib/domain/types';
import type { ReadLog } from './reads';

/** The configuration reads behind a state machine's logging health. */
export interface HealthReads {
  logGroup: LogGroupInfo | null;
  rolePermissions: RolePermissions | null;
  resourcePolicies: ResourcePolicy[] | null;
  logStreams: LogStreamInfo[] | null;
}

export async function readHealthInputs(sm: StateMachine, reads: ReadLog): Promise<HealthReads> {
  const groupName = sm.logging.logGroupArn ? logGroupNameFromArn(sm.logging.logGroupArn) : null;
  const [logGroup, rolePermissions, resourcePolicies] = await Promise.all([
    groupName ? reads.attempt('the log group', 'logs:DescribeLogGroups', () => describeLogGroup(groupName)) : Promise.resolve(null),
    sm.roleArn
      ? reads.attempt("the execution role's logs permissions", 'iam:SimulatePrincipalPolicy', () => checkRolePermissions(sm.roleArn ?? '', [...DOCUMENTED_ROLE_ACTIONS]))
      : Promise.resolve(null),
    reads.attempt('the CloudWatch Logs resource policies', 'logs:DescribeResourcePolicies', () => describeResourcePolicies()),
  ]);
  const logStreams =
    groupName && logGroup?.exists ? await reads.attempt('the log streams', 'logs:DescribeLogStreams', () => listLogStreams(groupName)) : null;
  return { logGroup, rolePermissions, resourcePolicies, logStreams };
}

export function healthOf(
  sm: StateMachine,
  inputs: HealthReads,
  opts: { eventsArriving: boolean | null; executionsStarted: number | null; window: TimeWindow; now: number; reads: ReadLog },
): HealthReport {
  return assessHealth({
    stateMachine: sm,
    logGroup: inputs.logGroup,
    rolePermissions: inputs.rolePermissions,
    resourcePolicies: inputs.resourcePolicies,
    logStreams: inputs.logStreams,
    eventsArriving: opts.eventsArriving,
    executionsStarted: opts.executionsStarted,
    window: opts.window,
    now: opts.now,
    partial: opts.reads.partial,
  });
}
