// The simulated account's state machines. Each one reproduces a cause of docs/diagnosis.md with the
// behaviour docs/aws-behaviour.md documents; the names say which.

export type LogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

/** A state in the (linear) workflow every execution of a scenario walks through. */
export interface StateStep {
  name: string;
  kind: 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Map' | 'Parallel';
  /** For Task states: the resource ARN. */
  resource?: string;
  /** For Parallel states: each branch's (linear) states, run side by side. */
  branches?: StateStep[][];
}

export interface DelayProfile {
  /** Share of events ingested within `fastMaxMs`. */
  fastShare: number;
  fastMinMs: number;
  fastMaxMs: number;
  /** Share (of the rest) ingested within `slowMaxMs`; what remains is the long tail up to `tailMaxMs`. */
  slowShare: number;
  slowMaxMs: number;
  tailMaxMs: number;
}

export interface Scenario {
  /** State machine name. */
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  /** What this scenario reproduces, for humans (README, sim info endpoint). */
  purpose: string;
  /** Mean executions started per second. */
  rate: number;
  logging: { level: LogLevel; includeExecutionData: boolean; logGroupName: string | null };
  /** Whether the log group exists at all. */
  logGroupExists: boolean;
  /** Whether Step Functions can deliver to the log group (resource policy / permissions in place). */
  deliveryWorks: boolean;
  /** `region-conditioned`: the 10 logs actions allowed only when aws:RequestedRegion is the account's region. */
  role: 'full' | 'tf-module-4.2.0' | 'no-logs' | 'region-conditioned';
  /**
   * The definition and execution data are encrypted with this customer-managed KMS key, and sfn-lens's
   * caller has no kms:Decrypt on it (docs/aws-behaviour.md §11.7).
   */
  kmsKeyArn?: string;
  failRate: number;
  /** Probability that an execution loses log events (best-effort delivery). */
  dropRate: number;
  durationMs: { min: number; max: number; tailShare: number; tailMaxMs: number };
  delays: DelayProfile;
  steps: StateStep[];
  /** Standard parent with a Distributed Map: children per parent execution (Express). */
  mapChildren?: {
    label: string;
    min: number;
    max: number;
    childSteps: StateStep[];
    childDurationMs: { min: number; max: number };
    /** Share of children that fail (default: the parent's `failRate`). */
    failRate?: number;
    /** Share of children that lose log events (default: the parent's `dropRate`, terminal events only). */
    dropRate?: number;
    /** What a failing child fails with, by share (default: one TaskFailed). */
    failures?: Array<{ share: number; error: string; cause: string }>;
  };
  /** Share of executions whose first Task fails once and succeeds on retry (logged as TaskFailed at ERROR). */
  retryShare?: number;
  /** Executions carry hostile-looking input (HTML, script) to prove the UI renders it as text. */
  hostileInputShare?: number;
  /**
   * Executions whose input is over the 256 KB event size: Step Functions logs it cut at 248 KiB with
   * `inputDetails.truncated: true` (docs/aws-behaviour.md §2), making ~250 KB events.
   */
  largeInputShare?: number;
  /** Executions carry a business key, `orderId` (unique per execution), to be searched for (docs/search.md). */
  orderIds?: boolean;
  /**
   * Another writer shares the log group (an application pointed at it): every `everyMs` it writes a
   * line to its own stream `stream` — plain text, or JSON with no `execution_arn`. Not Step Functions events.
   */
  foreignLines?: { everyMs: number; stream: string };
  /**
   * The log group has a field index policy on these fields, put `putBeforeStartMs` before the simulated
   * account started: events ingested earlier are not indexed (docs/aws-behaviour.md §11.1).
   */
  indexPolicy?: { fields: string[]; putBeforeStartMs: number };
  /**
   * Delivery to the log group is allowed by the group's own resource policy (PutResourcePolicy with
   * resourceArn), listed only with `policyScope: RESOURCE` (docs/aws-behaviour.md §11.5).
   */
  groupResourcePolicy?: boolean;
}

const LAMBDA = (fn: string) => `arn:aws:lambda:us-east-1:123456789012:function:${fn}`;

const TYPICAL_DELAYS: DelayProfile = {
  fastShare: 0.93,
  fastMinMs: 150,
  fastMaxMs: 4_000,
  slowShare: 0.8,
  slowMaxMs: 45_000,
  tailMaxMs: 150_000,
};

const EXPRESS_DURATION = { min: 80, max: 2_500, tailShare: 0.03, tailMaxMs: 40_000 };

export interface Profile {
  name: string;
  scenarios: Scenario[];
  /** How far back the account is backfilled at start. */
  backfillMs: number;
}

export function demoScenarios(rateScale = 1): Scenario[] {
  return [
    {
      name: 'orders-express',
      type: 'EXPRESS',
      purpose: 'Healthy Express: level ALL with execution data, realistic ingestion delays, a few best-effort drops.',
      rate: 2 * rateScale,
      logging: { level: 'ALL', includeExecutionData: true, logGroupName: '/aws/vendedlogs/states/orders-express-Logs' },
      logGroupExists: true,
      deliveryWorks: true,
      role: 'full',
      failRate: 0.04,
      dropRate: 0.006,
      durationMs: EXPRESS_DURATION,
      delays: TYPICAL_DELAYS,
      steps: [
        { name: 'ValidateOrder', kind: 'Task', resource: LAMBDA('validate-order') },
        { name: 'ReserveStock', kind: 'Task', resource: LAMBDA('reserve-stock') },
        { name: 'IsPriority', kind: 'Choice' },
        { name: 'ChargeCard', kind: 'Task', resource: LAMBDA('charge-card') },
      ],
      hostileInputShare: 0.02,
      largeInputShare: 0.0005,
      orderIds: true,
    },
    {
      name: 'payments-express-tf76',
      type: 'EXPRESS',
      purpose:
        'terraform-aws-step-functions 4.2.0 role: 8 of the 10 documented logs:* actions (no CreateLogStream/PutLogEvents) while delivery still works (issue #76). A reconciler application writes its own lines (plain text and JSON, no execution_arn) to the same log group.',
      rate: 1 * rateScale,
      logging: { level: 'ALL', includeExecutionData: true, logGroupName: '/aws/vendedlogs/states/payments-express-tf76-Logs' },
      logGroupExists: true,
      deliveryWorks: true,
      role: 'tf-module-4.2.0',
      foreignLines: { everyMs: 60_000, stream: 'payments-reconciler/worker-1' },
      failRate: 0.03,
      dropRate: 0.003,
      durationMs: EXPRESS_DURATION,
      delays: TYPICAL_DELAYS,
      steps: [
        { name: 'Authorize', kind: 'Task', resource: LAMBDA('authorize-payment') },
        { name: 'Capture', kind: 'Task', resource: LAMBDA('capture-payment') },
      ],
    },
    {
      name: 'notify-express-undeliverable',
      type: 'EXPRESS',
      purpose:
        'Logs cannot be delivered: the role lacks the logs:* actions and the log group has no resource policy for delivery.logs.amazonaws.com; only the validation stream exists.',
      rate: 1 * rateScale,
      logging: { level: 'ALL', includeExecutionData: false, logGroupName: '/aws/states/notify-express-undeliverable' },
      logGroupExists: true,
      deliveryWorks: false,
      role: 'no-logs',
      failRate: 0.02,
      dropRate: 0,
      durationMs: EXPRESS_DURATION,
      delays: TYPICAL_DELAYS,
      steps: [
        { name: 'RenderTemplate', kind: 'Pass' },
        { name: 'SendEmail', kind: 'Task', resource: LAMBDA('send-email') },
      ],
    },
    {
      name: 'ingest-express-error-level',
      type: 'EXPRESS',
      purpose:
        'Level ERROR (the CDK default): successes leave no ExecutionStarted/ExecutionSucceeded; failures are logged. The log group is outside /aws/vendedlogs/: delivery is allowed by its own resource-scoped policy, not an account-level one.',
      rate: 1.5 * rateScale,
      logging: { level: 'ERROR', includeExecutionData: false, logGroupName: '/aws/states/ingest-express-error-level' },
      groupResourcePolicy: true,
      logGroupExists: true,
      deliveryWorks: true,
      role: 'full',
      failRate: 0.12,
      retryShare: 0.2,
      dropRate: 0,
      durationMs: EXPRESS_DURATION,
      delays: TYPICAL_DELAYS,
      steps: [
        { name: 'Parse', kind: 'Task', resource: LAMBDA('parse-record') },
        { name: 'Store', kind: 'Task', resource: LAMBDA('store-record') },
      ],
    },
    {
      name: 'audit-express-logging-off',
      type: 'EXPRESS',
      purpose: 'Logging OFF: no destination, nothing is ever written.',
      rate: 0.5 * rateScale,
      logging: { level: 'OFF', includeExecutionData: false, logGroupName: null },
      logGroupExists: false,
      deliveryWorks: false,
      role: 'full',
      failRate: 0.02,
      dropRate: 0,
      durationMs: EXPRESS_DURATION,
      delays: TYPICAL_DELAYS,
      steps: [{ name: 'WriteAudit', kind: 'Task', resource: LAMBDA('write-audit') }],
    },
    {
      name: 'billing-standard',
      type: 'STANDARD',
      purpose:
        'Standard, level ALL: DescribeExecution is authoritative; some executions lost their log events. An execution_arn field index policy was put 90 minutes before the account started: older events are not indexed.',
      rate: 0.2 * rateScale,
      logging: { level: 'ALL', includeExecutionData: true, logGroupName: '/aws/vendedlogs/states/billing-standard-Logs' },
      logGroupExists: true,
      deliveryWorks: true,
      role: 'full',
      failRate: 0.05,
      dropRate: 0.05,
      indexPolicy: { fields: ['execution_arn'], putBeforeStartMs: 90 * 60_000 },
      durationMs: { min: 2_000, max: 60_000, tailShare: 0.05, tailMaxMs: 600_000 },
      delays: TYPICAL_DELAYS,
      steps: [
        { name: 'LoadInvoices', kind: 'Task', resource: LAMBDA('load-invoices') },
        { name: 'WaitForSettlement', kind: 'Wait' },
        { name: 'PostLedger', kind: 'Task', resource: LAMBDA('post-ledger') },
      ],
    },
    {
      name: 'batch-standard-dmap',
      type: 'STANDARD',
      purpose: 'Standard parent with a Distributed Map whose children are Express: their status comes from the Map Run.',
      rate: 0.02 * rateScale,
      logging: { level: 'ALL', includeExecutionData: true, logGroupName: '/aws/vendedlogs/states/batch-standard-dmap-Logs' },
      logGroupExists: true,
      deliveryWorks: true,
      role: 'full',
      failRate: 0.03,
      dropRate: 0.01,
      durationMs: { min: 20_000, max: 90_000, tailShare: 0, tailMaxMs: 90_000 },
      delays: TYPICAL_DELAYS,
      steps: [
        { name: 'ListObjects', kind: 'Task', resource: LAMBDA('list-objects') },
        { name: 'ProcessItems', kind: 'Map' },
        { name: 'Summarize', kind: 'Pass' },
      ],
      mapChildren: {
        label: 'ProcessItems',
        min: 5,
        max: 25,
        childSteps: [{ name: 'ResizeImage', kind: 'Task', resource: LAMBDA('resize-image') }],
        childDurationMs: { min: 100, max: 4_000 },
        // A batch with bad items: about one child in twelve fails, for one of a few reasons, and
        // best-effort delivery loses some children's events (a terminal event, a middle one, or all).
        failRate: 0.08,
        dropRate: 0.03,
        failures: [
          { share: 0.55, error: 'States.TaskFailed', cause: 'ResizeImage failed: image too large' },
          { share: 0.3, error: 'Lambda.Unknown', cause: 'The cause could not be determined because Lambda did not return an error type. Returned payload: {"errorMessage":"Task timed out after 3.00 seconds"}' },
          { share: 0.15, error: 'States.Timeout', cause: 'State ResizeImage timed out after 5 seconds' },
        ],
      },
    },
    {
      name: 'ledger-standard-kms',
      type: 'STANDARD',
      purpose:
        'Standard with a Distributed Map, encrypted with a customer-managed KMS key sfn-lens may not decrypt: DescribeStateMachine and DescribeExecution answer KmsAccessDeniedException unless called with includedData METADATA_ONLY. Its role allows the logs actions only in its own Region (aws:RequestedRegion).',
      rate: 0.01 * rateScale,
      logging: { level: 'ALL', includeExecutionData: false, logGroupName: '/aws/vendedlogs/states/ledger-standard-kms-Logs' },
      logGroupExists: true,
      deliveryWorks: true,
      role: 'region-conditioned',
      kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/5f1c2d3e-8a9b-4c7d-9e0f-112233445566',
      failRate: 0.03,
      dropRate: 0,
      durationMs: { min: 10_000, max: 60_000, tailShare: 0, tailMaxMs: 60_000 },
      delays: TYPICAL_DELAYS,
      steps: [
        { name: 'LoadEntries', kind: 'Task', resource: LAMBDA('load-entries') },
        { name: 'PostEntries', kind: 'Map' },
      ],
      mapChildren: {
        label: 'PostEntries',
        min: 2,
        max: 6,
        childSteps: [{ name: 'PostEntry', kind: 'Task', resource: LAMBDA('post-entry') }],
        childDurationMs: { min: 100, max: 2_000 },
      },
    },
    {
      name: 'fulfil-standard-parallel',
      type: 'STANDARD',
      purpose:
        'Standard, level ALL, with a Parallel state: a failing execution fails inside one of its branches (ParallelStateFailed), and some executions lost log events, so their record stops inside a branch.',
      rate: 0.05 * rateScale,
      logging: { level: 'ALL', includeExecutionData: true, logGroupName: '/aws/vendedlogs/states/fulfil-standard-parallel-Logs' },
      logGroupExists: true,
      deliveryWorks: true,
      role: 'full',
      failRate: 0.1,
      dropRate: 0.1,
      durationMs: { min: 1_000, max: 20_000, tailShare: 0, tailMaxMs: 20_000 },
      delays: TYPICAL_DELAYS,
      steps: [
        { name: 'ReceiveOrder', kind: 'Task', resource: LAMBDA('receive-order') },
        {
          name: 'FulfilInParallel',
          kind: 'Parallel',
          branches: [
            [
              { name: 'PickItems', kind: 'Task', resource: LAMBDA('pick-items') },
              { name: 'PackParcel', kind: 'Task', resource: LAMBDA('pack-parcel') },
            ],
            [{ name: 'NotifyCustomer', kind: 'Task', resource: LAMBDA('notify-customer') }],
          ],
        },
        { name: 'CloseOrder', kind: 'Pass' },
      ],
    },
  ];
}

/** The bench profile: the same scenarios, scaled so the 3-hour window holds well over 1,000,000 executions. */
export function benchScenarios(): Scenario[] {
  return demoScenarios(1).map((s) => {
    // Large inputs stay a demo feature: at 60/s they would add gigabytes to every scan of the bench.
    if (s.name === 'orders-express') return { ...s, rate: 60, largeInputShare: 0 };
    if (s.name === 'payments-express-tf76') return { ...s, rate: 20 };
    if (s.name === 'ingest-express-error-level') return { ...s, rate: 20 };
    return s;
  });
}

export function profileByName(name: string): Profile {
  if (name === 'bench') return { name: 'bench', scenarios: benchScenarios(), backfillMs: 3 * 3600_000 };
  if (name === 'demo') return { name: 'demo', scenarios: demoScenarios(1), backfillMs: 3 * 3600_000 };
  throw new Error(`unknown sim profile "${name}" (expected demo or bench)`);
}
