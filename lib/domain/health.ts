// Logging health of a state machine: pure detectors produce findings as data, one aggregator
// dedupes and sorts them (the temporalio/ui habit). Evidence decides: when execution events are seen
// arriving, a role lacking documented actions is a warning, not a fault (terraform-aws-step-functions#76).
// Every finding is one of the catalog's (health-findings.ts), with a severity it allows; whether the
// resource policies let delivery write is judged beside the IAM evaluator (resource-policy.ts).

import { parseLogGroupArn, parseStateMachineArn } from './arn';
import {
  CREDENTIALS_REFUSED_ERRORS,
  DELIVERY_PRINCIPAL,
  DOCUMENTED_ROLE_ACTIONS,
  RESOURCE_POLICY_ACCOUNT_LIMIT,
  RESOURCE_POLICY_MAX_CHARS,
  RESOURCE_POLICY_NEAR_CHARS,
  VALIDATION_STREAM_NAME,
  WRITE_ROLE_ACTIONS,
} from './logging-facts';
import {
  consoleLoggingSteps,
  logGroupResourcePolicy,
  putIndexPolicyCommand,
  putResourcePolicyCommand,
  putRolePolicyCommand,
  roleLogsPolicy,
  terraformIndexPolicy,
  terraformLoggingChange,
  terraformModuleChange,
  unattributedEventsQueryCommand,
  updateLoggingCommand,
} from './remediation';
import { findingSpec, type FindingSeverityOf, type SingleSeverityFindingId } from './health-findings';
import type { UnattributedEvents } from './insights-queries';
import { resourcePolicyCoverage, type LogDestination, type PolicyCoverage } from './resource-policy';
import { estimateScanUsd, formatBytes, formatUsd, INSIGHTS_USD_PER_GB } from './scan-cost';
import { formatClock, formatUtc } from './format';
import { DAY_MS, type TimeWindow } from './time-window';
import type {
  DeliveryBlocker,
  FindingId,
  FindingSeverity,
  HealthFinding,
  HealthReport,
  HealthStatus,
  IndexedField,
  LogGroupInfo,
  LogStreamInfo,
  PartialRead,
  Remediation,
  ResourcePolicy,
  RolePermissions,
  StateMachine,
} from './types';

export interface HealthInput {
  stateMachine: StateMachine;
  /** DescribeLogGroups for the destination; null when not read (no destination, or the read failed). */
  logGroup: LogGroupInfo | null;
  /** The role's logs:* decisions; null when sfn-lens could not read them. */
  rolePermissions: RolePermissions | null;
  /** DescribeResourcePolicies (account-level); null when sfn-lens could not read them. */
  resourcePolicies: ResourcePolicy[] | null;
  /**
   * The destination log group's own resource policy (DescribeResourcePolicies with `policyScope:
   * RESOURCE` and its ARN), which the account listing leaves out; null/absent when not read: then no
   * policy is called missing (docs/aws-behaviour.md §11.5).
   */
  logGroupResourcePolicies?: ResourcePolicy[] | null;
  /** A few streams of the group (DescribeLogStreams); null/absent when not read. */
  logStreams?: LogStreamInfo[] | null;
  /** Whether any execution event was seen in the window (null: not known). */
  eventsArriving: boolean | null;
  /** ExecutionsStarted (metrics Sum) over the settled part of the window; null/absent when unknown. */
  executionsStarted?: number | null;
  /** The window being examined and the time of examination, for the retention check. */
  window?: TimeWindow;
  now?: number;
  /** Reads that failed while gathering the inputs, to name them in "could not read" findings. */
  partial?: readonly PartialRead[];
  /** Fields of the log group's field index policy (DescribeIndexPolicies), with when each index starts; null/absent when not read. */
  indexedFields?: readonly IndexedField[] | null;
  /** What a full-window scan of the group measured in this view, for the index advice's saving estimate. */
  scan?: IndexSavingBasis;
  /** Events of the log group without `execution_arn` a full-window query counted; null/absent when not known. */
  unattributedEvents?: UnattributedEvents | null;
}

/** Measured by a view: one full-window scan's bytes, the executions in it, and the share of start/terminal records. */
export interface IndexSavingBasis {
  /** Bytes one scan of the whole window read (GetQueryResults `statistics.bytesScanned`). */
  windowBytes: number;
  /** Executions with events in that window. */
  executions: number;
  /** recordsMatched / recordsScanned of a `type in [start, terminal…]` query; null when not measured. */
  boundaryShare: number | null;
}

/** What the detectors share, derived once. */
export interface HealthContext {
  input: HealthInput;
  destination: LogDestination | null;
  missingRoleActions: string[] | null;
  deniedRoleActions: string[];
  /** Documented actions whose decision needs context keys sfn-lens cannot supply: neither allowed nor missing. */
  undeterminedRoleActions: Array<{ action: string; keys: string[] }>;
  coverage: PolicyCoverage | null;
}

export type Detector = (ctx: HealthContext) => HealthFinding[];

const SEVERITY_RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/** A finding as the catalog names it: its one severity and its title (health-findings.ts). */
function finding(id: SingleSeverityFindingId, description: string, remediation?: Remediation[]): HealthFinding {
  const spec = findingSpec(id);
  return findingTitled(id, spec.severities[0], spec.title, description, remediation);
}

/** A finding whose title carries counts or names, or whose severity the evidence decides (one the catalog allows). */
function findingTitled<I extends FindingId>(id: I, severity: FindingSeverityOf<I>, title: string, description: string, remediation?: Remediation[]): HealthFinding {
  return remediation && remediation.length > 0 ? { id, severity, title, description, remediation } : { id, severity, title, description };
}

function failedRead(input: HealthInput, prefix: string): PartialRead | undefined {
  return input.partial?.find((p) => p.action.startsWith(prefix));
}

function loggingFixes(ctx: HealthContext): Remediation[] {
  const sm = ctx.input.stateMachine;
  const out: Remediation[] = [];
  const include = sm.logging.includeExecutionData || sm.logging.level === 'OFF';
  if (sm.logging.logGroupArn) out.push(updateLoggingCommand({ stateMachineArn: sm.arn, logGroupArn: sm.logging.logGroupArn, includeExecutionData: include }));
  out.push(terraformLoggingChange({ includeExecutionData: include }));
  out.push(terraformModuleChange({ includeExecutionData: include, missingActions: ctx.missingRoleActions ?? WRITE_ROLE_ACTIONS }));
  out.push(consoleLoggingSteps(sm.name, ctx.destination?.name ?? null));
  return out;
}

// ---- detectors ------------------------------------------------------------------------------

export const detectLevel: Detector = (ctx) => {
  const { level } = ctx.input.stateMachine.logging;
  if (level === 'OFF') {
    return [finding('level-off', 'Step Functions writes no execution events, so every execution shows Unknown on the log side.', loggingFixes(ctx))];
  }
  if (level === 'ERROR' || level === 'FATAL') {
    const what = level === 'FATAL' ? 'only ExecutionFailed, ExecutionAborted and ExecutionTimedOut' : 'failures only';
    return [
      finding(
        level === 'FATAL' ? 'level-fatal' : 'level-error',
        `At ${level}, Step Functions logs ${what}; ExecutionStarted and ExecutionSucceeded are written only at ALL, so successful executions never get a log status.`,
        loggingFixes(ctx),
      ),
    ];
  }
  return [];
};

export const detectExecutionData: Detector = (ctx) => {
  const { level, includeExecutionData } = ctx.input.stateMachine.logging;
  if (level === 'OFF' || includeExecutionData) return [];
  return [finding('execution-data-excluded', 'includeExecutionData is false: events carry no input or output. Statuses and ids are unaffected.')];
};

export const detectDestination: Detector = (ctx) => {
  const sm = ctx.input.stateMachine;
  const { level, logGroupArn } = sm.logging;
  if (level === 'OFF' && logGroupArn === null) return [];
  if (logGroupArn === null) {
    return [finding('no-destination', `Logging is ${level} but no log group is configured, so no event can be written.`, loggingFixes(ctx))];
  }
  const parsed = parseLogGroupArn(logGroupArn);
  if (!parsed.ok) {
    return [finding('destination-invalid', `${logGroupArn}: ${parsed.error.message}`, loggingFixes(ctx))];
  }
  const out: HealthFinding[] = [];
  if (!parsed.value.hadWildcardSuffix) {
    out.push(finding('destination-missing-wildcard', `AWS requires the destination ARN to end with ":*" (${logGroupArn}).`, loggingFixes(ctx)));
  }
  const smArn = parseStateMachineArn(sm.arn);
  if (smArn.ok && (smArn.value.region !== parsed.value.region || smArn.value.accountId !== parsed.value.accountId)) {
    out.push(
      finding(
        'destination-elsewhere',
        `The destination is in ${parsed.value.accountId}/${parsed.value.region}, the state machine in ${smArn.value.accountId}/${smArn.value.region}: sfn-lens reads logs where the state machine lives and cannot see these.`,
      ),
    );
  }
  return out;
};

export const detectLogGroup: Detector = (ctx) => {
  if (!ctx.destination) return [];
  const g = ctx.input.logGroup;
  if (g === null) {
    const read = failedRead(ctx.input, 'logs:DescribeLogGroups');
    return [
      finding(
        'log-group-unreadable',
        read ? `${read.action} failed (${read.error}); grant it to sfn-lens to check that ${ctx.destination.name} exists.` : `sfn-lens did not read ${ctx.destination.name}.`,
      ),
    ];
  }
  if (!g.exists) {
    return [
      finding(
        'log-group-missing',
        `${ctx.destination.name} is the configured destination but does not exist (deleted after logging was set up?); events have nowhere to go.`,
        [
          {
            kind: 'aws-cli',
            title: `Create ${ctx.destination.name}`,
            language: 'shell',
            text: `aws logs create-log-group --region ${ctx.destination.region} --log-group-name ${ctx.destination.name}`,
          },
        ],
      ),
    ];
  }
  return [];
};

export const detectRetention: Detector = (ctx) => {
  const g = ctx.input.logGroup;
  if (!g?.exists) return [];
  if (g.retentionInDays === null) {
    return [finding('retention-never-expires', `${g.name} keeps events forever; storage grows with every execution.`)];
  }
  const { window, now } = ctx.input;
  if (window && now !== undefined && window.from < now - g.retentionInDays * DAY_MS) {
    return [
      findingTitled(
        'retention-shorter-than-window',
        'warning',
        `Retention (${g.retentionInDays} day${g.retentionInDays === 1 ? '' : 's'}) is shorter than the window`,
        `Events older than ${g.retentionInDays} day${g.retentionInDays === 1 ? '' : 's'} are deleted, so executions at the start of the window have no log record at all.`,
      ),
    ];
  }
  return [];
};

export const detectRolePermissions: Detector = (ctx) => {
  const { input } = ctx;
  if (input.stateMachine.logging.level === 'OFF') return [];
  if (input.rolePermissions === null) {
    const read = failedRead(input, 'iam:');
    const refused = read !== undefined && CREDENTIALS_REFUSED_ERRORS.has(read.error);
    return [
      finding(
        'role-unreadable',
        read
          ? refused
            ? // A token refused by IAM (another partition's endpoint, say) is no missing permission (docs/aws-behaviour.md §11.10).
              `AWS did not accept sfn-lens's credentials for iam (${read.action}: ${read.error}): check that they belong to the partition of the configured region. Nothing is assumed about the role meanwhile.`
            : `${read.action} failed (${read.error}): grant iam:SimulatePrincipalPolicy (or iam:GetRolePolicy, iam:ListRolePolicies) to sfn-lens. Nothing is assumed about the role meanwhile.`
          : 'The role was not checked; nothing is assumed about it.',
      ),
    ];
  }
  const out: HealthFinding[] = [];
  const undetermined = ctx.undeterminedRoleActions;
  if (undetermined.length > 0) {
    const keys = [...new Set(undetermined.flatMap((u) => u.keys))];
    const actions = undetermined.map((u) => u.action);
    out.push(
      findingTitled(
        'role-conditions-unknown',
        'info',
        `Role permissions unknown for ${actions.length === 1 ? actions[0] : `${actions.length} of the 10 documented logs actions`}`,
        `Whether the role allows ${actions.join(', ')} could not be determined: the role's policy has conditions on ${keys.length > 0 ? keys.join(', ') : 'context keys'} that sfn-lens cannot supply. ${actions.length === 1 ? 'It is' : 'They are'} counted neither as allowed nor as missing.`,
      ),
    );
  }
  const missing = ctx.missingRoleActions ?? [];
  if (missing.length === 0) return out;
  const roleArn = input.rolePermissions.roleArn;
  const onlyWrite = missing.every((a) => WRITE_ROLE_ACTIONS.includes(a));
  const denied = ctx.deniedRoleActions.length > 0 ? ` ${ctx.deniedRoleActions.join(', ')} ${ctx.deniedRoleActions.length === 1 ? 'is' : 'are'} explicitly denied: an Allow cannot override that; remove the Deny.` : '';
  const method = input.rolePermissions.method === 'policy-documents' ? ' (from the role\'s own policy documents: SCPs and boundaries not included)' : '';
  const list = missing.join(', ');
  const remediation = [roleLogsPolicy(missing), putRolePolicyCommand(roleArn, missing), terraformModuleChange({ missingActions: missing, includeExecutionData: input.stateMachine.logging.includeExecutionData })];
  if (input.eventsArriving === true) {
    return [
      ...out,
      findingTitled(
        'role-missing-actions',
        'warning',
        `Role lacks ${missing.length} of the 10 documented logs actions, but logs arrive`,
        `${list} ${missing.length === 1 ? 'is' : 'are'} not allowed${method}. This differs from the AWS docs, yet execution events are arriving, so it is not why any event is missing${onlyWrite ? ' (the terraform-aws-step-functions #76 situation)' : ''}.${denied}`,
        remediation,
      ),
    ];
  }
  return [
    ...out,
    findingTitled(
      'role-missing-actions',
      input.eventsArriving === false ? 'error' : 'warning',
      `Role lacks ${missing.length} of the 10 documented logs actions`,
      `${list} ${missing.length === 1 ? 'is' : 'are'} not allowed${method}, ${input.eventsArriving === false ? 'and no execution events are arriving' : 'and sfn-lens cannot tell whether events arrive'}.${denied}`,
      remediation,
    ),
  ];
};

export const detectResourcePolicy: Detector = (ctx) => {
  const { input, destination } = ctx;
  if (!destination || input.stateMachine.logging.level === 'OFF' || input.logGroup?.exists === false) return [];
  const policies = input.resourcePolicies;
  if (policies === null) {
    if (ctx.coverage?.covered) return [];
    const read = failedRead(input, 'logs:DescribeResourcePolicies');
    return [
      finding(
        'resource-policy-unreadable',
        read ? `${read.action} failed (${read.error}): grant it to sfn-lens to check delivery permissions.` : 'Resource policies were not checked; nothing is assumed about them.',
      ),
    ];
  }
  const out: HealthFinding[] = [];
  const delivery = policies.filter((p) => p.document.includes(DELIVERY_PRINCIPAL));
  for (const p of delivery) {
    if (p.document.length > RESOURCE_POLICY_MAX_CHARS) {
      out.push(findingTitled('resource-policy-over-limit', 'warning', `Resource policy ${p.name} is over 5,120 characters`, `${p.name} has ${p.document.length} characters; AWS cannot add another state machine's statement to it. Use /aws/vendedlogs/states/… group names (one wildcard statement) or merge statements.`));
    } else if (p.document.length >= RESOURCE_POLICY_NEAR_CHARS) {
      out.push(findingTitled('resource-policy-near-limit', 'warning', `Resource policy ${p.name} is near the 5,120-character limit`, `${p.name} has ${p.document.length} characters; the next state machine's statement may not fit. Consider a /aws/vendedlogs/* wildcard statement.`));
    }
  }
  // The limit of 10 counts account-level policies only; a log group's own policy is one per group.
  const accountLevel = policies.filter((p) => p.scope !== 'RESOURCE').length;
  if (accountLevel >= RESOURCE_POLICY_ACCOUNT_LIMIT) {
    out.push(findingTitled('resource-policy-count-at-limit', 'warning', `${accountLevel} resource policies: the account limit is 10`, 'With ten account-level resource policies in this Region, new or updated state machines cannot get a delivery policy. Merge policies (aws logs put-resource-policy) or delete unused ones.'));
  }
  const coverage = ctx.coverage;
  if (coverage && !coverage.covered && coverage.groupPolicyUnread) {
    const read = input.partial?.filter((p) => p.action.startsWith('logs:DescribeResourcePolicies')).at(-1);
    out.push(
      findingTitled(
        'resource-policy-group-unread',
        'info',
        `sfn-lens could not read ${destination.name}’s own resource policy`,
        `No account-level resource policy lets ${DELIVERY_PRINCIPAL} write to ${destination.name}; a policy of the log group itself (listed only with policyScope RESOURCE) may, and ${read ? `reading it failed (${read.error})` : 'it was not read'}: whether delivery is permitted is unknown.`,
      ),
    );
    return out;
  }
  if (coverage && !coverage.covered) {
    const limit = accountLevel >= RESOURCE_POLICY_ACCOUNT_LIMIT || out.length > 0 ? ' The policy limits above explain why AWS could not add it.' : '';
    const remediation = [logGroupResourcePolicy({ logGroupArn: destination.arn }), putResourcePolicyCommand({ logGroupArn: destination.arn })].filter((r): r is Remediation => r !== null);
    const severity: FindingSeverity = input.eventsArriving === true ? 'info' : input.eventsArriving === false ? 'error' : 'warning';
    out.push(
      findingTitled(
        'resource-policy-missing',
        severity,
        input.eventsArriving === true ? 'No delivery statement found, yet logs arrive' : `No resource policy lets ${DELIVERY_PRINCIPAL} write to ${destination.name}`,
        `${coverage.reason}${input.eventsArriving === true ? ' Events are arriving, so delivery is permitted some way sfn-lens did not recognise.' : ''}${limit}`,
        remediation,
      ),
    );
  }
  return out;
};

export const detectStreams: Detector = (ctx) => {
  const { input } = ctx;
  const streams = input.logStreams;
  if (!streams || !input.logGroup?.exists || input.eventsArriving === true) return [];
  const executionStreams = streams.filter((s) => s.name !== VALIDATION_STREAM_NAME);
  if (executionStreams.length > 0) return [];
  const started = input.executionsStarted ?? 0;
  const onlyValidation = streams.length > 0;
  const title = onlyValidation ? 'Only the delivery-validation stream exists' : 'The log group has no streams';
  const base = onlyValidation
    ? 'AWS validated delivery to this group once, but no execution has ever written to it.'
    : 'No execution has ever written to this group.';
  if (started > 0 && input.stateMachine.logging.level === 'ALL') {
    return [findingTitled('only-validation-stream', 'error', title, `${base} Metrics count ${started} executions started in the window.`)];
  }
  return [findingTitled('only-validation-stream', 'info', title, `${base} No executions are known to have run in the window, so this may simply be unused.`)];
};

export const detectSilence: Detector = (ctx) => {
  const { input } = ctx;
  const started = input.executionsStarted ?? 0;
  if (input.eventsArriving !== false || started <= 0 || input.stateMachine.logging.level !== 'ALL' || !ctx.destination) return [];
  return [
    finding(
      'no-events-delivered',
      `CloudWatch metrics count ${started} executions started in the settled part of the window, and not one execution event reached ${ctx.destination.name}.`,
    ),
  ];
};

/** The definition was withheld (KMS): nothing about logging depends on it, but what sfn-lens cannot tell from it is said. */
export const detectDefinitionUnreadable: Detector = (ctx) => {
  const sm = ctx.input.stateMachine;
  const d = sm.definitionUnreadable;
  if (!d) return [];
  const key = d.kmsKeyId ? ` ${d.kmsKeyId}` : '';
  const why =
    d.error === 'KmsAccessDeniedException'
      ? `sfn-lens may not decrypt it: grant kms:Decrypt on the key${key} to sfn-lens's role to read it`
      : d.error === 'KmsInvalidStateException'
        ? `its KMS key${key} is not usable (disabled or pending deletion?)`
        : d.error === 'KmsThrottlingException'
          ? `KMS throttled the decryption${key}; it is read again on the next refresh`
          : 'KMS did not decrypt it';
  const map = sm.type === 'STANDARD' ? ' Whether it has a Distributed Map is unknown, so the Map Runs of its executions are looked up anyway.' : '';
  return [
    finding(
      'definition-unreadable',
      `DescribeStateMachine answered ${d.error} (${d.message}): ${why}. The logging configuration, role and executions were read without it (includedData METADATA_ONLY).${map}`,
    ),
  ];
};

/** Fields whose index lets sfn-lens's and the console's queries skip events (docs/aws-behaviour.md §10). */
export const ADVISED_INDEX_FIELDS = ['execution_arn', 'type'] as const;

/**
 * A cost fix, never a delivery problem: without an index on `execution_arn`, every per-execution
 * Logs Insights lookup scans the whole window; without one on `type`, start/terminal-only counts do.
 * The saving is estimated from the bytes this view measured.
 */
export const detectFieldIndex: Detector = (ctx) => {
  const { input } = ctx;
  const g = input.logGroup;
  const fields = input.indexedFields;
  if (!ctx.destination || !g?.exists || fields == null || input.stateMachine.logging.level === 'OFF') return [];
  // Field index policies exist for the Standard log class only.
  if (g.logGroupClass !== null && g.logGroupClass !== 'STANDARD') return [];
  const names = fields.map((f) => f.name);
  const missing = ADVISED_INDEX_FIELDS.filter((f) => !names.includes(f));
  if (missing.length === 0) return indexStartsInWindow(ctx, fields);
  const scan = input.scan && input.scan.windowBytes > 0 ? input.scan : null;
  const parts: string[] = [];
  if (missing.includes('execution_arn')) {
    if (scan) {
      const perExecution = scan.executions > 0 ? scan.windowBytes / scan.executions : scan.windowBytes;
      parts.push(
        `A Logs Insights lookup of one execution over this window (what the console's execution page runs) scans ${formatBytes(scan.windowBytes)} (${formatUsd(estimateScanUsd(scan.windowBytes))}); ` +
          `with execution_arn indexed it reads about ${formatBytes(perExecution)}, that execution's share of the ${scan.executions.toLocaleString('en-US')} executions.`,
      );
    } else {
      parts.push('Every Logs Insights lookup of one execution scans the whole window of the group; with execution_arn indexed it reads only that execution\'s events.');
    }
  }
  if (missing.includes('type')) {
    if (scan && scan.boundaryShare !== null) {
      parts.push(
        `Start and terminal counts (the chart's log side) match ${(scan.boundaryShare * 100).toFixed(scan.boundaryShare < 0.1 ? 1 : 0)} % of the records: with type indexed they would scan about ${formatBytes(scan.windowBytes * scan.boundaryShare)} instead of ${formatBytes(scan.windowBytes)}.`,
      );
    } else {
      parts.push('Start and terminal counts would scan only those events with type indexed.');
    }
  }
  const wanted = [...names, ...missing];
  return [
    ...indexStartsInWindow(ctx, fields),
    findingTitled(
      'field-index-missing',
      'info',
      `No field index on ${missing.join(' or ')}: queries scan the whole window`,
      `${parts.join(' ')} Estimates from this view's measured scan at USD ${INSIGHTS_USD_PER_GB}/GB; indexes cover events ingested after the policy is set.`,
      [putIndexPolicyCommand({ region: ctx.destination.region, logGroupName: ctx.destination.name, fields: wanted }), terraformIndexPolicy({ fields: wanted })],
    ),
  ];
};

/**
 * An advised index that starts inside the window (or at an unknown time) covers only the events
 * ingested after its policy: executions before are read without it (docs/aws-behaviour.md §11.1).
 */
function indexStartsInWindow(ctx: HealthContext, fields: readonly IndexedField[]): HealthFinding[] {
  const window = ctx.input.window;
  const late = fields.filter((f) => (ADVISED_INDEX_FIELDS as readonly string[]).includes(f.name) && (f.indexedSince === null || (window !== undefined && f.indexedSince > window.from)));
  if (late.length === 0 || !ctx.destination) return [];
  const when = (f: IndexedField) => (f.indexedSince === null ? 'since an unknown time' : `since ${formatUtc(f.indexedSince, 'minute')}`);
  return [
    findingTitled(
      'field-index-partial-window',
      'info',
      `The ${late.map((f) => f.name).join(' and ')} index covers only part of this window`,
      `${late.map((f) => `${f.name} is indexed ${when(f)}`).join('; ')}: a field index covers the events ingested after its policy was put, and the newest ones only after a later scan. sfn-lens reads older executions without the index (at the cost of a scan) rather than take the index's silence as proof that an event is missing.`,
    ),
  ];
}

/** Another writer shares the log group: its events are counted apart, never judged. */
export const detectUnattributedEvents: Detector = (ctx) => {
  const u = ctx.input.unattributedEvents;
  if (!u || u.events <= 0 || !ctx.destination) return [];
  const n = u.events.toLocaleString('en-US');
  const hhmm = (ms: number) => formatClock(ms, 'minute');
  const span = u.firstAt !== null && u.lastAt !== null ? ` between ${hhmm(u.firstAt)} and ${hhmm(u.lastAt)} UTC` : '';
  const window = ctx.input.window;
  const fix = window ? [unattributedEventsQueryCommand({ region: ctx.destination.region, logGroupName: ctx.destination.name, fromMs: u.firstAt ?? window.from, toMs: (u.lastAt ?? window.to) + 1 })] : [];
  return [
    findingTitled(
      'unattributed-events',
      'info',
      `${n} ${u.events === 1 ? 'event' : 'events'} in the log group ${u.events === 1 ? 'is' : 'are'} not from Step Functions`,
      `${n} ${u.events === 1 ? 'event' : 'events'}${span} in ${ctx.destination.name} carry no execution_arn: plain text, or JSON that another writer put there. ` +
        'They are counted here and left out of every verdict, but every query of this log group scans them (and is billed for them): Step Functions logs are cheaper to read in a log group of their own.',
      fix,
    ),
  ];
};

/** All detectors, in the order their findings are listed among equals. */
export const DETECTORS: readonly Detector[] = [
  detectLevel,
  detectDestination,
  detectLogGroup,
  detectSilence,
  detectStreams,
  detectResourcePolicy,
  detectRolePermissions,
  detectRetention,
  detectExecutionData,
  detectFieldIndex,
  detectUnattributedEvents,
  detectDefinitionUnreadable,
];

/** Dedupes by id (keeping the most severe), then sorts: errors, warnings, infos; detector order among equals. */
export function aggregateFindings(findings: readonly HealthFinding[]): HealthFinding[] {
  const byId = new Map<string, { f: HealthFinding; order: number }>();
  findings.forEach((f, order) => {
    const prev = byId.get(f.id);
    if (!prev || SEVERITY_RANK[f.severity] < SEVERITY_RANK[prev.f.severity]) byId.set(f.id, { f, order: prev?.order ?? order });
  });
  return [...byId.values()].sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.order - b.order).map((x) => x.f);
}

export function healthStatusOf(findings: readonly HealthFinding[]): HealthStatus {
  if (findings.some((f) => f.severity === 'error')) return 'broken';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return 'ok';
}

// ---- the report -----------------------------------------------------------------------------

export function deriveHealthContext(input: HealthInput): HealthContext {
  const logGroupArn = input.stateMachine.logging.logGroupArn;
  const parsed = logGroupArn ? parseLogGroupArn(logGroupArn) : null;
  const destination = parsed?.ok ? parsed.value : null;
  let missingRoleActions: string[] | null = null;
  let deniedRoleActions: string[] = [];
  const undeterminedRoleActions: HealthContext['undeterminedRoleActions'] = [];
  if (input.rolePermissions) {
    const byAction = new Map(input.rolePermissions.results.map((r) => [r.action.toLowerCase(), r]));
    // An action absent from the results was not evaluated, and one whose decision needs context sfn-lens
    // cannot supply was not decided (docs/aws-behaviour.md §11.6): neither is reported missing.
    missingRoleActions = DOCUMENTED_ROLE_ACTIONS.filter((a) => {
      const d = byAction.get(a.toLowerCase())?.decision;
      return d === 'implicitDeny' || d === 'explicitDeny';
    });
    deniedRoleActions = DOCUMENTED_ROLE_ACTIONS.filter((a) => byAction.get(a.toLowerCase())?.decision === 'explicitDeny');
    for (const a of DOCUMENTED_ROLE_ACTIONS) {
      const r = byAction.get(a.toLowerCase());
      if (r?.decision === 'unknown') undeterminedRoleActions.push({ action: a, keys: r.missingContextKeys ?? [] });
    }
  }
  let coverage: PolicyCoverage | null = null;
  const own = input.logGroupResourcePolicies ?? null;
  if (destination && input.resourcePolicies) {
    coverage = resourcePolicyCoverage([...input.resourcePolicies, ...(own ?? [])], destination);
    if (!coverage.covered && own === null) coverage = { ...coverage, groupPolicyUnread: true };
  } else if (destination && own) {
    // The account's policies unread: the group's own policy can still prove delivery is allowed, never that it is not.
    const ownCoverage = resourcePolicyCoverage(own, destination);
    if (ownCoverage.covered) coverage = ownCoverage;
  }
  return { input, destination, missingRoleActions, deniedRoleActions, undeterminedRoleActions, coverage };
}

function deliveryOf(ctx: HealthContext, findings: readonly HealthFinding[]): { delivery: HealthReport['delivery']; blockers: DeliveryBlocker[] } {
  const { input } = ctx;
  const has = (id: FindingId, severity?: FindingSeverity) => findings.some((f) => f.id === id && (severity === undefined || f.severity === severity));
  if (has('log-group-missing')) return { delivery: 'broken', blockers: ['log-group-missing'] };
  if (input.eventsArriving === true) return { delivery: 'working', blockers: [] };
  const { level, logGroupArn } = input.stateMachine.logging;
  // No pipe at all: the verdict names it as logging-config, not as a permission problem.
  if (level === 'OFF' || logGroupArn === null || !ctx.destination) return { delivery: 'broken', blockers: [] };
  if (input.eventsArriving !== false) return { delivery: 'unknown', blockers: [] };

  const blockers: DeliveryBlocker[] = [];
  const roleLacks = (ctx.missingRoleActions?.length ?? 0) > 0;
  if (ctx.coverage && !ctx.coverage.covered && !ctx.coverage.groupPolicyUnread) {
    const limited = has('resource-policy-count-at-limit') || has('resource-policy-over-limit') || has('resource-policy-near-limit');
    blockers.push(roleLacks ? 'role-and-resource-policy' : limited ? 'resource-policy-limit' : 'no-resource-policy');
  } else if (roleLacks) {
    blockers.push('role-missing-actions');
  }
  if (has('only-validation-stream', 'error')) blockers.push('only-validation-stream');
  if (has('no-events-delivered')) blockers.push('no-events-delivered');
  return { delivery: blockers.length > 0 ? 'broken' : 'unknown', blockers };
}

/** Runs every detector and aggregates: status, findings, and the delivery state the verdict rules use. */
export function assessHealth(input: HealthInput, detectors: readonly Detector[] = DETECTORS): HealthReport {
  const ctx = deriveHealthContext(input);
  const findings = aggregateFindings(detectors.flatMap((d) => d(ctx)));
  const { delivery, blockers } = deliveryOf(ctx, findings);
  return {
    status: healthStatusOf(findings),
    findings,
    delivery,
    deliveryBlockers: blockers,
    missingRoleActions: ctx.missingRoleActions,
    eventsArriving: input.eventsArriving,
  };
}
