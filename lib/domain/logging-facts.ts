// AWS's rules for Step Functions logging, as data, in one place (docs/aws-behaviour.md §2, §4).

import type { LogLevel, LogStatus, ServiceStatus, TerminalEventType } from './types';

export const TERMINAL_EVENT_TYPES: readonly TerminalEventType[] = [
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
];

export function isTerminalEventType(type: string): type is TerminalEventType {
  return (TERMINAL_EVENT_TYPES as readonly string[]).includes(type);
}

const STATUS_OF: Record<TerminalEventType, Exclude<LogStatus, 'UNKNOWN'>> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
};

export function logStatusOf(type: TerminalEventType): Exclude<LogStatus, 'UNKNOWN'> {
  return STATUS_OF[type];
}

/** Whether a service status and a log status say the same thing (PENDING_REDRIVE is a failure awaiting redrive). */
export function statusesAgree(service: ServiceStatus, log: LogStatus): boolean {
  if (service === 'PENDING_REDRIVE') return log === 'FAILED' || log === 'TIMED_OUT' || log === 'ABORTED';
  return service === log;
}

export function isTerminalServiceStatus(s: ServiceStatus): boolean {
  return s !== 'RUNNING';
}

/** `FATAL` logs only these (cw-logs.html "Log levels"). */
const FATAL_TYPES = ['ExecutionAborted', 'ExecutionFailed', 'ExecutionTimedOut'];
/** `ERROR` logs `FATAL` plus these. */
const ERROR_TYPES = [
  ...FATAL_TYPES,
  'FailStateEntered',
  'LambdaFunctionFailed',
  'LambdaFunctionScheduleFailed',
  'LambdaFunctionStartFailed',
  'LambdaFunctionTimedOut',
  'MapIterationAborted',
  'MapIterationFailed',
  'MapRunAborted',
  'MapRunFailed',
  'MapStateAborted',
  'MapStateFailed',
  'ParallelStateAborted',
  'ParallelStateFailed',
  'TaskFailed',
  'TaskStartFailed',
  'TaskStateAborted',
  'TaskSubmitFailed',
  'TaskTimedOut',
  'WaitStateAborted',
];

/** Whether an event of this type is written at this level. `ExecutionStarted`/`ExecutionSucceeded` only at ALL. */
export function isLoggedAtLevel(type: string, level: LogLevel): boolean {
  switch (level) {
    case 'ALL':
      return true;
    case 'OFF':
      return false;
    case 'FATAL':
      return FATAL_TYPES.includes(type);
    case 'ERROR':
      return ERROR_TYPES.includes(type);
  }
}

/** The execution-role actions of the current cw-logs.html policy, in the documented order (`"Resource": "*"`). */
export const DOCUMENTED_ROLE_ACTIONS: readonly string[] = [
  'logs:CreateLogDelivery',
  'logs:CreateLogStream',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutLogEvents',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

/** The two actions the 2023 guide and terraform-aws-step-functions 4.2.0 lack (issue #76). */
export const WRITE_ROLE_ACTIONS: readonly string[] = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** The principal that writes vended logs, and the Sid AWS uses when it adds the statement itself. */
export const DELIVERY_PRINCIPAL = 'delivery.logs.amazonaws.com';
export const DELIVERY_STATEMENT_SID = 'AWSLogDeliveryWrite20150319';
export const DELIVERY_ACTIONS: readonly string[] = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** A log group resource policy document may hold at most this many characters (bp-cwl). */
export const RESOURCE_POLICY_MAX_CHARS = 5120;
/** From this size on, a policy is "near the limit": one more state machine's statement may not fit. */
export const RESOURCE_POLICY_NEAR_CHARS = 4600;
/** Resource policies per Region per account (not adjustable). */
export const RESOURCE_POLICY_ACCOUNT_LIMIT = 10;

/** The stream CloudWatch Logs creates when it validates delivery; it holds no execution events. */
export const VALIDATION_STREAM_NAME = 'log_stream_created_by_aws_to_validate_log_delivery_subscriptions';

/**
 * AWS error names that refuse the caller's credentials themselves — unknown, expired or wrongly signed,
 * or a token of another partition sent to this endpoint (docs/aws-behaviour.md §11.10). They say
 * nothing about what sfn-lens, or a role it checks, is permitted to do.
 */
export const CREDENTIALS_REFUSED_ERRORS: ReadonlySet<string> = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'AuthFailure',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
]);

/** The AWS service of an IAM-style action (`iam:SimulatePrincipalPolicy` → `iam`). */
export function serviceOfAction(action: string): string {
  return action.split(':')[0] ?? action;
}
