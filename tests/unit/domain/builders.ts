// Override builders for domain inputs: a test states only what matters to it.
import { assessHealth, type HealthInput } from '@/lib/domain/health';
import type {
  ExecutionLogEvent,
  HealthReport,
  IndexedField,
  LogGroupInfo,
  LogRecord,
  LoggingConfig,
  NeighbourStats,
  PartialRead,
  RawLogEvent,
  ResourcePolicy,
  RolePermissions,
  ServiceExecution,
  StateMachine,
} from '@/lib/domain/types';
import { DOCUMENTED_ROLE_ACTIONS } from '@/lib/domain/logging-facts';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const SM_NAME = 'orders';
export const SM_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${SM_NAME}`;
export const LOG_GROUP_NAME = '/aws/vendedlogs/states/orders-Logs';
export const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP_NAME}`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service-role/orders-role`;

/** A fixed "now": 2024-05-01 12:00:00 UTC. */
export const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
export const SEC = 1_000;
export const MIN = 60_000;
export const HOUR = 3_600_000;

export function expressArn(name = 'run-1', id = '0f8b3c2e-1d4a-4b6c-9e7f-123456789abc'): string {
  return `arn:aws:states:${REGION}:${ACCOUNT}:express:${SM_NAME}:${name}:${id}`;
}

export function standardArn(name = 'run-1'): string {
  return `arn:aws:states:${REGION}:${ACCOUNT}:execution:${SM_NAME}:${name}`;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object | null ? DeepPartial<NonNullable<T[K]>> | T[K] : T[K] };

export function makeStateMachine(overrides: DeepPartial<StateMachine> = {}): StateMachine {
  const logging: LoggingConfig = {
    level: 'ALL',
    includeExecutionData: true,
    logGroupArn: `${LOG_GROUP_ARN}:*`,
    ...(overrides.logging as Partial<LoggingConfig> | undefined),
  };
  return {
    arn: SM_ARN,
    name: SM_NAME,
    type: 'EXPRESS',
    roleArn: ROLE_ARN,
    createdAt: NOW - 30 * 24 * HOUR,
    ...(overrides as Partial<StateMachine>),
    logging,
  };
}

export function makeServiceExecution(overrides: Partial<ServiceExecution> = {}): ServiceExecution {
  const executionArn = overrides.executionArn ?? standardArn();
  return {
    executionArn,
    stateMachineArn: SM_ARN,
    name: executionArn.split(':')[7] ?? 'run-1',
    status: 'SUCCEEDED',
    startDate: NOW - 2 * HOUR,
    stopDate: NOW - 2 * HOUR + 3 * SEC,
    source: 'list-executions',
    ...overrides,
  };
}

/** A complete, consistent record: 6 events, SUCCEEDED, delivered within a second. */
export function makeLogRecord(overrides: Partial<LogRecord> = {}): LogRecord {
  const startedAt = overrides.startedAt ?? NOW - 2 * HOUR;
  return {
    executionArn: expressArn(),
    status: 'SUCCEEDED',
    eventCount: 6,
    idGaps: 0,
    hasStarted: true,
    terminalType: 'ExecutionSucceeded',
    firstEventAt: startedAt,
    lastEventAt: startedAt + 3 * SEC,
    startedAt,
    stoppedAt: startedAt + 3 * SEC,
    maxIngestionDelayMs: 800,
    lastIngestedAt: startedAt + 3 * SEC + 800,
    ...overrides,
  };
}

/** A record with events but no terminal event (the log side says UNKNOWN). */
export function makeUnfinishedLogRecord(overrides: Partial<LogRecord> = {}): LogRecord {
  return makeLogRecord({ status: 'UNKNOWN', terminalType: null, stoppedAt: null, eventCount: 4, ...overrides });
}

export function makeEvent(overrides: Partial<ExecutionLogEvent> = {}): ExecutionLogEvent {
  const id = overrides.id ?? 1;
  const eventTimestamp = overrides.eventTimestamp ?? NOW - HOUR + id * 100;
  return {
    id,
    previousEventId: id - 1,
    type: 'PassStateEntered',
    executionArn: expressArn(),
    eventTimestamp,
    ingestionTime: eventTimestamp + 500,
    details: {},
    ...overrides,
  };
}

/** A raw CloudWatch event whose message is the Step Functions JSON (all values strings, as AWS writes them). */
export function makeRawEvent(
  fields: { id: number | string; type: string; executionArn?: string; ts?: number; previous?: number | string; details?: unknown },
  raw: Partial<RawLogEvent> = {},
): RawLogEvent {
  const ts = fields.ts ?? NOW - HOUR + Number(fields.id) * 100;
  const message = JSON.stringify({
    id: String(fields.id),
    type: fields.type,
    details: fields.details ?? {},
    previous_event_id: String(fields.previous ?? Number(fields.id) - 1),
    event_timestamp: String(ts),
    execution_arn: fields.executionArn ?? expressArn(),
  });
  return { eventId: `ev-${fields.executionArn ?? 'a'}-${fields.id}`, logStreamName: 'states/orders/2024-05-01-11-00/abcd1234', timestamp: ts, ingestionTime: ts + 700, message, ...raw };
}

export function makeNeighbours(overrides: Partial<NeighbourStats> = {}): NeighbourStats {
  return {
    executions: 200,
    fullyLogged: 198,
    fullyLoggedShare: 0.99,
    delayMs: { samples: 198, p50: 1_200, p95: 40_000, max: 90_000 },
    ...overrides,
  };
}

export function makeRolePermissions(missing: readonly string[] = [], overrides: Partial<RolePermissions> = {}, denied: readonly string[] = []): RolePermissions {
  return {
    roleArn: ROLE_ARN,
    method: 'simulate-principal-policy',
    results: DOCUMENTED_ROLE_ACTIONS.map((action) => ({
      action,
      decision: denied.includes(action) ? 'explicitDeny' : missing.includes(action) ? 'implicitDeny' : 'allowed',
    })),
    ...overrides,
  };
}

export function deliveryPolicyDocument(resource: string = `${LOG_GROUP_ARN}:log-stream:*`, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSLogDeliveryWrite20150319',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [resource],
        Condition: { StringEquals: { 'aws:SourceAccount': [ACCOUNT] }, ArnLike: { 'aws:SourceArn': [`arn:aws:logs:${REGION}:${ACCOUNT}:*`] } },
        ...extra,
      },
    ],
  });
}

export function makeResourcePolicy(overrides: Partial<ResourcePolicy> = {}): ResourcePolicy {
  return { name: 'AWSLogDeliveryWrite20150319', document: deliveryPolicyDocument(), lastUpdatedTime: NOW - 10 * 24 * HOUR, ...overrides };
}

/** A field of the group's index policy, indexed since `indexedSince` (a log-group-level policy: no name). */
export function makeIndexedField(name: string, indexedSince: number | null = NOW - 30 * 24 * HOUR): IndexedField {
  return { name, indexedSince, source: 'LOG_GROUP', policyName: null };
}

export function makeLogGroup(overrides: Partial<LogGroupInfo> = {}): LogGroupInfo {
  return { name: LOG_GROUP_NAME, arn: LOG_GROUP_ARN, exists: true, retentionInDays: 30, storedBytes: 1_000_000, logGroupClass: 'STANDARD', ...overrides };
}

/** A healthy configuration with events arriving; override any input. */
export function makeHealthInput(overrides: Partial<HealthInput> = {}): HealthInput {
  return {
    stateMachine: makeStateMachine(),
    logGroup: makeLogGroup(),
    rolePermissions: makeRolePermissions(),
    resourcePolicies: [makeResourcePolicy()],
    logGroupResourcePolicies: [],
    logStreams: [{ name: 'states/orders/2024-05-01-11-00/abcd1234', firstEventTimestamp: NOW - HOUR, lastEventTimestamp: NOW - 10 * MIN }],
    eventsArriving: true,
    executionsStarted: 200,
    window: { from: NOW - 3 * HOUR, to: NOW },
    now: NOW,
    ...overrides,
  };
}

export function makeHealthReport(overrides: Partial<HealthInput> = {}): HealthReport {
  return assessHealth(makeHealthInput(overrides));
}

export function makePartialRead(overrides: Partial<PartialRead> = {}): PartialRead {
  return {
    action: 'logs:StartQuery',
    error: 'AccessDeniedException',
    message: 'User is not authorized to perform: logs:StartQuery',
    what: 'the log side of the executions table',
    ...overrides,
  };
}
