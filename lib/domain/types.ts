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
  /**
   * A Map state in DISTRIBUTED mode: its child executions are listed per Map Run. `null` when the
   * definition could not be read (`definitionUnreadable`): unknown, never assumed absent.
   */
  hasDistributedMap?: boolean | null;
  /**
   * The definition (Amazon States Language, JSON text) as DescribeStateMachine returned it; null
   * when it could not be read (`definitionUnreadable`). Drawn as the workflow graph (docs/workflow-graph.md).
   */
  definition?: string | null;
  /**
   * Set when DescribeStateMachine could not return the definition: a definition encrypted with a
   * customer-managed KMS key that sfn-lens may not decrypt (or whose key is disabled or throttled).
   * The rest was read with `includedData: METADATA_ONLY` (docs/aws-behaviour.md §11.7).
   */
  definitionUnreadable?: { error: string; message: string; kmsKeyId: string | null };
}

/** `ExecutionStatus` of DescribeExecution/ListExecutions (docs/aws-behaviour.md §1). */
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

/** A `MapRunListItem`: it carries no status (docs/aws-behaviour.md §11.11). */
export interface MapRun {
  mapRunArn: string;
  executionArn: string;
  startDate: number;
  stopDate: number | null;
}

/** A Map Run's counts by status, as DescribeMapRun gives them (`itemCounts`, `executionCounts`). */
export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
}

/** DescribeMapRun's answer: a Map Run's status and AWS's own counts (docs/map-run.md). */
export interface MapRunDetail {
  mapRunArn: string;
  executionArn: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startDate: number;
  stopDate: number | null;
  maxConcurrency: number | null;
  toleratedFailurePercentage: number | null;
  toleratedFailureCount: number | null;
  itemCounts: MapRunCounts | null;
  executionCounts: MapRunCounts | null;
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

/** Terminal event types of an execution (docs/aws-behaviour.md §2). */
export type TerminalEventType =
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut';

/** Log-derived status: the terminal event's status, or UNKNOWN when none arrived. */
export type LogStatus = 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT' | 'UNKNOWN';

/** One parsed Step Functions log event (message JSON with string values, docs/aws-behaviour.md §2). */
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
  /**
   * When CloudWatch Logs ingested the last of these events (ms). Optional: added for the Logs Insights
   * aggregate, which cannot compute `maxIngestionDelayMs` without arithmetic but can give this, so
   * `lastIngestedAt - lastEventAt` still measures how long the final events took to arrive.
   */
  lastIngestedAt?: number | null;
}

/** Per-period counts from CloudWatch metrics (AWS/States, Sum) for one state machine: 60 s unless the window's age needs more. */
export interface MetricMinute {
  /** Start of the minute, or of the period (ms). */
  minute: number;
  started: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
}

/**
 * One AWS/States metric series as read (docs/aws-behaviour.md §11.2, §11.3): the parent state machine's,
 * or the labelled `stateMachine:parent/label` series of a Distributed Map's children.
 */
export interface MetricSeries {
  stateMachineArn: string;
  /** The Period asked for (s): chosen from the window's age. */
  periodSeconds: number;
  /** Sums per period; null when a result was not Complete (then `incomplete` says which and why), never read as zeros. */
  bins: MetricMinute[] | null;
  /** The results that were not Complete (PartialData left unfinished, InternalError, Forbidden, missing, beyond retention). */
  incomplete: PartialRead[];
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
  /**
   * `unknown`: the decision rests on conditions whose context keys sfn-lens cannot supply (an Allow
   * conditioned on them: SimulatePrincipalPolicy answers implicitDeny with MissingContextValues),
   * so neither allowed nor denied (docs/aws-behaviour.md §11.6).
   */
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny' | 'unknown';
  /** The context keys the decision needed and did not get (set with `unknown`). */
  missingContextKeys?: string[];
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
  /**
   * ACCOUNT (absent: account-level) or RESOURCE: a log group's own policy, listed only when asked with
   * `policyScope: RESOURCE` and its `resourceArn` (docs/aws-behaviour.md §11.5).
   */
  scope?: 'ACCOUNT' | 'RESOURCE';
  /** The resource a RESOURCE-scoped policy is attached to (a log group ARN, maybe with `:*`). */
  resourceArn?: string | null;
}

/**
 * A field of a log group's field index policy (DescribeIndexPolicies). An index covers only events
 * ingested after its policy was created, and the newest ones not until a later scan
 * (docs/aws-behaviour.md §11.1): `indexedSince` is the latest `lastUpdateTime` of the policies naming
 * the field — null when AWS did not give one, and then the index is not trusted for any window.
 */
export interface IndexedField {
  name: string;
  indexedSince: number | null;
  /** `ACCOUNT` or `LOG_GROUP` (IndexPolicy.source); null when not given. */
  source: string | null;
  /** Log-group-level policies have no name. */
  policyName: string | null;
}

export interface LogGroupInfo {
  name: string;
  arn: string;
  exists: boolean;
  retentionInDays: number | null;
  storedBytes: number | null;
  logGroupClass: string | null;
  /** When the group was created (epoch ms); null when not given. */
  creationTime?: number | null;
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

/** A state machine ListStateMachines names and DescribeStateMachine would not describe. */
export interface UnreadStateMachine {
  arn: string;
  name: string;
  /** The failed read (action, AWS error, message). */
  read: PartialRead;
}

/** Logs Insights query statistics (docs/aws-behaviour.md §10). */
export interface QueryStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
  estimatedRecordsSkipped?: number;
  estimatedBytesSkipped?: number;
}

// ---- Diagnosis (docs/diagnosis.md): verdicts, health findings and remediation are data. ----

/** Stable cause codes: the API, the UI, the tests and the links all use them. */
export type VerdictCause =
  | 'consistent'
  | 'running'
  | 'log-lag'
  | 'missing-permissions'
  | 'logging-config'
  | 'best-effort-drop'
  | 'insufficient-evidence';

/** Stable detail codes refining a cause (kebab-case; listed per cause in lib/domain/verdict-rules.ts). */
export type VerdictDetail =
  // consistent
  | 'terminal-event-present'
  | 'terminal-counts-match'
  // running
  | 'service-running'
  | 'within-max-duration'
  // log-lag (and best-effort-drop once settled)
  | 'awaiting-terminal-event'
  | 'awaiting-events'
  | 'awaiting-missing-ids'
  | 'minute-not-settled'
  | 'status-mismatch'
  // logging-config
  | 'level-off'
  | 'level-excludes-success'
  | 'level-excludes-started'
  | 'no-destination'
  | 'destination-elsewhere'
  | 'name-not-loggable'
  // missing-permissions
  | 'role-and-resource-policy'
  | 'no-resource-policy'
  | 'role-missing-actions'
  | 'resource-policy-limit'
  | 'log-group-missing'
  | 'only-validation-stream'
  | 'no-events-delivered'
  // best-effort-drop
  | 'id-chain-gap'
  | 'terminal-missing-after-settle'
  | 'all-events-missing-after-settle'
  | 'metrics-exceed-logs-after-settle'
  // insufficient-evidence
  | 'read-denied'
  | 'read-throttled'
  | 'read-failed'
  | 'no-evidence';

export type Confidence = 'high' | 'medium' | 'low';

export type EvidenceSource = 'step-functions' | 'cloudwatch-logs' | 'cloudwatch-metrics' | 'iam' | 'sfn-lens';

/** One fact a verdict rests on, as seen (times are ISO-8601 strings so a snapshot reads the same later). */
export interface Evidence {
  /** Stable kebab-case code, e.g. `log-status`, `neighbour-delay-p95`. */
  kind: string;
  label: string;
  value: string | number | boolean | null;
  source: EvidenceSource;
}

export type RemediationKind = 'iam-policy' | 'resource-policy' | 'terraform' | 'terraform-module' | 'aws-cli' | 'console';

/** Text a user can paste (a copy button in the UI). */
export interface Remediation {
  kind: RemediationKind;
  title: string;
  language: 'json' | 'hcl' | 'shell' | 'text';
  text: string;
}

export interface Verdict {
  cause: VerdictCause;
  detail: VerdictDetail;
  confidence: Confidence;
  /** One plain sentence an on-call engineer can act on. */
  summary: string;
  evidence: Evidence[];
  remediation: Remediation[];
  /** When a re-check may change the verdict (log-lag), from observed ingestion delays; else null. */
  recheckAt: number | null;
}

export type HealthStatus = 'ok' | 'warning' | 'broken';

/**
 * Stable finding ids (kebab-case): the API, the UI's `data-finding`, the metrics' `finding` label,
 * SARIF rule ids. Each has its entry (severities, title, evidence source) in lib/domain/health-findings.ts.
 */
export type FindingId =
  | 'level-off'
  | 'level-error'
  | 'level-fatal'
  | 'execution-data-excluded'
  | 'no-destination'
  | 'destination-invalid'
  | 'destination-missing-wildcard'
  | 'destination-elsewhere'
  | 'definition-unreadable'
  | 'log-group-unreadable'
  | 'log-group-missing'
  | 'retention-never-expires'
  | 'retention-shorter-than-window'
  | 'only-validation-stream'
  | 'role-unreadable'
  | 'role-conditions-unknown'
  | 'role-missing-actions'
  | 'resource-policy-unreadable'
  | 'resource-policy-over-limit'
  | 'resource-policy-near-limit'
  | 'resource-policy-count-at-limit'
  | 'resource-policy-group-unread'
  | 'resource-policy-missing'
  | 'no-events-delivered'
  | 'unattributed-events'
  | 'field-index-missing'
  | 'field-index-partial-window';
export type FindingSeverity = 'info' | 'warning' | 'error';

/** One logging-health finding about a state machine (detectors are pure functions: lib/domain/health.ts). */
export interface HealthFinding {
  /** Stable kebab-case id from the catalog (lib/domain/health-findings.ts), e.g. `level-off`, `role-missing-actions`. */
  id: FindingId;
  severity: FindingSeverity;
  title: string;
  description: string;
  remediation?: Remediation[];
}

/** Whether events demonstrably reach the log group: `working` is evidence (events seen), never a guess. */
export type DeliveryState = 'working' | 'broken' | 'unknown';

/** Why delivery is broken, as the verdict's `missing-permissions` detail. */
export type DeliveryBlocker =
  | 'log-group-missing'
  | 'role-and-resource-policy'
  | 'no-resource-policy'
  | 'role-missing-actions'
  | 'resource-policy-limit'
  | 'only-validation-stream'
  | 'no-events-delivered';

export interface HealthReport {
  status: HealthStatus;
  /** Deduplicated, most severe first. */
  findings: HealthFinding[];
  delivery: DeliveryState;
  /** Most decisive first; empty unless `delivery` is `broken` for a reason other than the logging configuration. */
  deliveryBlockers: DeliveryBlocker[];
  /** Role actions of the 10 documented (docs/aws-behaviour.md §4) that are not allowed; null when unread. */
  missingRoleActions: string[] | null;
  /** Whether execution events were seen in the window (null: not known). */
  eventsArriving: boolean | null;
}

/** What the other executions of the window say about delivery (lib/domain/neighbour-stats.ts). */
export interface NeighbourStats {
  /** Executions considered (this one excluded). */
  executions: number;
  /** Of those, how many have a terminal event (and, at level ALL, a complete id chain). */
  fullyLogged: number;
  /** fullyLogged / executions, null when there are none. */
  fullyLoggedShare: number | null;
  /** Observed delivery delays of neighbours' final events (ms), null when none could be measured. */
  delayMs: { samples: number; p50: number; p95: number; max: number } | null;
}
