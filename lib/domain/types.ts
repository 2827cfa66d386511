// The app's own shapes. lib/aws reshapes AWS responses into these; everything else reads only these.
// Times are epoch milliseconds (numbers) inside the domain and ISO-8601 strings at the JSON API edge.

export type StateMachineType = 'STANDARD' | 'EXPRESS';
export type LogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

export interface LoggingConfig {
  level: LogLevel;
  includeExecutionData: boolean;
  /** The destination as configured (AWS requires it to end with `:*`), or null when none is set. */
  logGroupArn: string | null;
}

export interface StateMachine {
  arn: string;
  name: string;
  type: StateMachineType;
  roleArn: string | null;
  createdAt: number | null;
  logging: LoggingConfig;
}

/** `ExecutionStatus` of DescribeExecution/ListExecutions (AWS-FACTS §1). */
export type ServiceStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** Where a service-side record came from; async Express executions have none at all. */
export type ServiceSource = 'list-executions' | 'describe-execution' | 'map-run' | 'none';

export interface ServiceExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ServiceStatus;
  startDate: number;
  stopDate: number | null;
  source: ServiceSource;
  /** Set for children of a Distributed Map run. */
  mapRunArn?: string;
  error?: string | null;
  cause?: string | null;
  input?: string | null;
  output?: string | null;
}

export interface MapRun {
  mapRunArn: string;
  executionArn: string;
  status: string;
  startDate: number;
  stopDate: number | null;
  executionCounts?: Record<string, number>;
}

/** One CloudWatch Logs event as delivered (FilterLogEvents/GetLogEvents), before parsing its message. */
export interface RawLogEvent {
  eventId?: string;
  logStreamName?: string;
  /** The event's own timestamp (ms). */
  timestamp: number;
  /** When CloudWatch Logs ingested it (ms). */
  ingestionTime: number;
  message: string;
}

/** Terminal event types of an execution (AWS-FACTS §2). */
export type TerminalEventType =
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut';

/** Log-derived status: the terminal event's status, or UNKNOWN when none arrived. */
export type LogStatus = 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT' | 'UNKNOWN';

/** One parsed Step Functions log event (message JSON with string values, AWS-FACTS §2). */
export interface ExecutionLogEvent {
  id: number;
  previousEventId: number | null;
  type: string;
  executionArn: string;
  /** `event_timestamp` from the message (ms), falling back to the CloudWatch timestamp. */
  eventTimestamp: number;
  ingestionTime: number;
  details: Record<string, unknown>;
  redriveCount?: number;
  logStreamName?: string;
  eventId?: string;
}

/** What CloudWatch Logs says about one execution, whether from raw events or a Logs Insights aggregate. */
export interface LogRecord {
  executionArn: string;
  status: LogStatus;
  eventCount: number;
  /** Missing ids in the id chain (only meaningful at level ALL: ERROR/FATAL skip ids by design). */
  idGaps: number;
  hasStarted: boolean;
  terminalType: TerminalEventType | null;
  firstEventAt: number | null;
  lastEventAt: number | null;
  /** Timestamp of ExecutionStarted when seen. */
  startedAt: number | null;
  /** Timestamp of the terminal event when seen. */
  stoppedAt: number | null;
  maxIngestionDelayMs: number | null;
}

/** Per-minute counts from CloudWatch metrics (AWS/States, Sum, 60 s) for one state machine. */
export interface MetricMinute {
  /** Start of the minute (ms). */
  minute: number;
  started: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
}

/** Per-minute counts of terminal log events, as aggregated by Logs Insights. */
export interface LogMinute {
  minute: number;
  started: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
}

export interface IamSimulationResult {
  action: string;
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
}

/** How the execution role's logs:* permissions were determined. */
export interface RolePermissions {
  roleArn: string;
  method: 'simulate-principal-policy' | 'policy-documents';
  results: IamSimulationResult[];
}

export interface ResourcePolicy {
  name: string;
  document: string;
  lastUpdatedTime: number | null;
}

export interface LogGroupInfo {
  name: string;
  arn: string;
  exists: boolean;
  retentionInDays: number | null;
  storedBytes: number | null;
  logGroupClass: string | null;
}

export interface LogStreamInfo {
  name: string;
  firstEventTimestamp: number | null;
  lastEventTimestamp: number | null;
}

/** A read sfn-lens could not complete: it is listed, never silently dropped. */
export interface PartialRead {
  /** The AWS action, e.g. `logs:StartQuery`. */
  action: string;
  /** The AWS error name, e.g. `AccessDeniedException`, `ThrottlingException`. */
  error: string;
  message: string;
  /** What could not be read, in words. */
  what: string;
}

/** Logs Insights query statistics (AWS-FACTS §10). */
export interface QueryStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
  estimatedRecordsSkipped?: number;
  estimatedBytesSkipped?: number;
}
