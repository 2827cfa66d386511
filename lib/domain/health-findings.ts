// Every logging-health finding sfn-lens can report, as data: the detectors (health.ts) emit only
// these ids, with one of these severities; the verdict rules, the UI, `/metrics` and `sfn-lens check`
// name findings by these ids. Like the causes and details of docs/diagnosis.md, an id is a stable
// API, named in `FindingId` (types.ts) and described here: the compiler holds the two to the same ids.

import type { EvidenceSource, FindingId, FindingSeverity } from './types';

export interface FindingSpec {
  /** The severities it is reported with: one, or those the evidence chooses from (the detector says which). */
  severities: readonly [FindingSeverity, ...FindingSeverity[]];
  /** What it says, in a title fit for a list of rules; a finding's own title may add counts and names. */
  title: string;
  /** Where its evidence comes from, when a verdict cites it. */
  source: EvidenceSource;
  /**
   * About what sfn-lens could not read, not about the state machine: a verdict that assumes the
   * configuration is healthy has low confidence while one stands.
   */
  configUnread?: true;
}

export const FINDINGS = {
  // The logging configuration (DescribeStateMachine).
  'level-off': { severities: ['error'], title: 'Logging is OFF', source: 'step-functions' },
  'level-error': { severities: ['warning'], title: 'Log level ERROR: successful executions leave no events', source: 'step-functions' },
  'level-fatal': { severities: ['warning'], title: 'Log level FATAL: successful executions leave no events', source: 'step-functions' },
  'execution-data-excluded': { severities: ['info'], title: 'Execution data is not logged', source: 'step-functions' },
  'no-destination': { severities: ['error'], title: 'No log destination', source: 'step-functions' },
  'destination-invalid': { severities: ['error'], title: 'The log destination is not a log group ARN', source: 'step-functions' },
  'destination-missing-wildcard': { severities: ['warning'], title: 'The destination ARN does not end with :*', source: 'step-functions' },
  'destination-elsewhere': { severities: ['warning'], title: 'Logs go to another region or account', source: 'step-functions' },
  'definition-unreadable': { severities: ['info'], title: 'The definition could not be read (KMS)', source: 'step-functions' },
  // The destination log group.
  'log-group-unreadable': { severities: ['info'], title: 'sfn-lens could not check the log group', source: 'cloudwatch-logs', configUnread: true },
  'log-group-missing': { severities: ['error'], title: 'The log group does not exist', source: 'cloudwatch-logs' },
  'retention-never-expires': { severities: ['info'], title: 'Log events never expire', source: 'cloudwatch-logs' },
  'retention-shorter-than-window': { severities: ['warning'], title: 'Retention is shorter than the window', source: 'cloudwatch-logs' },
  'only-validation-stream': { severities: ['error', 'info'], title: 'No execution has ever written to the log group', source: 'cloudwatch-logs' },
  // The execution role (docs/aws-behaviour.md §4).
  'role-unreadable': { severities: ['info'], title: "sfn-lens could not read the execution role's permissions", source: 'iam', configUnread: true },
  'role-conditions-unknown': { severities: ['info'], title: 'Role permissions unknown: conditions on context keys sfn-lens cannot supply', source: 'iam' },
  'role-missing-actions': { severities: ['warning', 'error'], title: 'Role lacks documented logs actions', source: 'iam' },
  // The log resource policies (docs/aws-behaviour.md §4, §11.5).
  'resource-policy-unreadable': { severities: ['info'], title: 'sfn-lens could not read the log resource policies', source: 'cloudwatch-logs', configUnread: true },
  'resource-policy-over-limit': { severities: ['warning'], title: 'A resource policy is over 5,120 characters', source: 'cloudwatch-logs' },
  'resource-policy-near-limit': { severities: ['warning'], title: 'A resource policy is near the 5,120-character limit', source: 'cloudwatch-logs' },
  'resource-policy-count-at-limit': { severities: ['warning'], title: 'The account has 10 resource policies, its limit', source: 'cloudwatch-logs' },
  'resource-policy-group-unread': { severities: ['info'], title: "sfn-lens could not read the log group's own resource policy", source: 'cloudwatch-logs' },
  'resource-policy-missing': { severities: ['warning', 'error', 'info'], title: 'No resource policy lets delivery.logs.amazonaws.com write to the log group', source: 'cloudwatch-logs' },
  // What the window shows.
  'no-events-delivered': { severities: ['error'], title: 'Executions ran, no events arrived', source: 'cloudwatch-logs' },
  'unattributed-events': { severities: ['info'], title: 'Events in the log group are not from Step Functions', source: 'cloudwatch-logs' },
  // Cost (docs/aws-behaviour.md §10, §11.1).
  'field-index-missing': { severities: ['info'], title: 'No field index on execution_arn or type: queries scan the whole window', source: 'cloudwatch-logs' },
  'field-index-partial-window': { severities: ['info'], title: 'A field index covers only part of the window', source: 'cloudwatch-logs' },
} as const satisfies Record<FindingId, FindingSpec>;

/** The severities a finding is reported with. */
export type FindingSeverityOf<I extends FindingId> = (typeof FINDINGS)[I]['severities'][number];

/** Findings with one severity, which the evidence does not choose. */
export type SingleSeverityFindingId = { [I in FindingId]: (typeof FINDINGS)[I]['severities'] extends readonly [FindingSeverity] ? I : never }[FindingId];

export const FINDING_IDS = Object.keys(FINDINGS) as FindingId[];

/** What the catalog says of a finding. */
export function findingSpec(id: FindingId): FindingSpec {
  return FINDINGS[id];
}

/** Findings about what sfn-lens could not read of the configuration. */
export const CONFIG_UNREAD_FINDINGS: readonly FindingId[] = FINDING_IDS.filter((id) => findingSpec(id).configUnread === true);
