import 'server-only';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineCommand,
  paginateListExecutions,
  paginateListMapRuns,
  paginateListStateMachines,
  type DescribeExecutionOutput,
  type DescribeStateMachineOutput,
  type ExecutionListItem,
} from '@aws-sdk/client-sfn';
import type { LoggingConfig, MapRun, MapRunCounts, MapRunDetail, ServiceExecution, ServiceSource, ServiceStatus, StateMachine } from '@/lib/domain/types';
import type { Source } from '@/lib/sources';
import { getClients } from './clients';
import { AwsReadError, awsCall, awsPages } from './errors';

/** Pages of one listing read at most (1,000 items a page): a bound, not a budget (docs/aws-behaviour.md §11.9). */
const MAX_LIST_PAGES = 100;

// Step Functions readers. Read-only: states:List*/Describe* only.

function toLogging(out: DescribeStateMachineOutput): LoggingConfig {
  const lc = out.loggingConfiguration;
  const level = lc?.level ?? 'OFF';
  return {
    level: level === 'ALL' || level === 'ERROR' || level === 'FATAL' ? level : 'OFF',
    includeExecutionData: lc?.includeExecutionData ?? false,
    logGroupArn: lc?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn ?? null,
  };
}

export function toStateMachine(out: DescribeStateMachineOutput): StateMachine {
  return {
    arn: out.stateMachineArn ?? '',
    name: out.name ?? '',
    type: out.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
    roleArn: out.roleArn ?? null,
    createdAt: out.creationDate ? out.creationDate.getTime() : null,
    logging: toLogging(out),
    hasDistributedMap: hasDistributedMap(out.definition),
    definition: out.definition ?? null,
  };
}

/** Whether the definition has a Map state in DISTRIBUTED mode (its children are listed per Map Run). */
function hasDistributedMap(definition: string | undefined): boolean {
  if (!definition) return false;
  try {
    let found = false;
    JSON.parse(definition, (key, value: unknown) => {
      if (key === 'Mode' && value === 'DISTRIBUTED') found = true;
      return value;
    });
    return found;
  } catch {
    return /"DISTRIBUTED"/.test(definition);
  }
}

/** The state machines of one source (default: the source of the view being read, lib/aws/clients.ts). */
export async function listStateMachineArns(source?: Source): Promise<string[]> {
  const { sfn } = getClients(source);
  const arns: string[] = [];
  for await (const out of awsPages('states:ListStateMachines', paginateListStateMachines, sfn, { maxResults: 1000 }, MAX_LIST_PAGES)) {
    for (const sm of out.stateMachines ?? []) if (sm.stateMachineArn) arns.push(sm.stateMachineArn);
  }
  return arns;
}

/** What Step Functions answers when it may not decrypt a KMS-encrypted definition or record for sfn-lens (docs/aws-behaviour.md §11.7). */
const KMS_ERRORS = new Set(['KmsAccessDeniedException', 'KmsInvalidStateException', 'KmsThrottlingException']);
const isKmsError = (e: unknown): e is AwsReadError => e instanceof AwsReadError && KMS_ERRORS.has(e.awsName);

/** KmsThrottlingException is not in the SDK's retryable set: sfn-lens waits this long before each of its own retries. */
export const KMS_THROTTLE_RETRY_DELAYS_MS: readonly number[] = [250, 1_000];

export interface DescribeOptions {
  /** Waits before each retry of a KmsThrottlingException (tests pass zeros). */
  kmsThrottleRetryDelaysMs?: readonly number[];
}

/**
 * DescribeStateMachine. A definition encrypted with a customer-managed KMS key needs kms:Decrypt on
 * that key; without it (or with the key disabled, or KMS throttling past a couple of retries) the
 * state machine is read again with `includedData: METADATA_ONLY`, which returns everything but the
 * definition (`{}`). It keeps its row, health and executions; `definitionUnreadable` says why the
 * definition is missing and `hasDistributedMap` is then unknown (null).
 */
export async function describeStateMachine(arn: string, opts: DescribeOptions = {}): Promise<StateMachine> {
  const { sfn } = getClients(arn);
  const delays = opts.kmsThrottleRetryDelaysMs ?? KMS_THROTTLE_RETRY_DELAYS_MS;
  let kmsError: AwsReadError;
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await awsCall('states:DescribeStateMachine', () => sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
      return toStateMachine(out);
    } catch (e) {
      if (!isKmsError(e)) throw e;
      kmsError = e;
      const delay = delays[attempt];
      if (e.awsName !== 'KmsThrottlingException' || delay === undefined) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  const out = await awsCall('states:DescribeStateMachine', () =>
    sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn, includedData: 'METADATA_ONLY' })),
  );
  // AWS documents only that the definition is withheld; should the logging configuration be missing
  // too, "logging OFF" would be a guess: the state machine is then named as unread, with the KMS error.
  if (!out.loggingConfiguration) throw kmsError;
  return {
    ...toStateMachine(out),
    hasDistributedMap: null,
    definition: null,
    definitionUnreadable: { error: kmsError.awsName, message: kmsError.message, kmsKeyId: out.encryptionConfiguration?.kmsKeyId ?? null },
  };
}

const STATUSES: ServiceStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
function toStatus(s: string | undefined): ServiceStatus {
  return STATUSES.includes(s as ServiceStatus) ? (s as ServiceStatus) : 'RUNNING';
}

function fromListItem(item: ExecutionListItem, source: ServiceSource): ServiceExecution {
  return {
    executionArn: item.executionArn ?? '',
    stateMachineArn: item.stateMachineArn ?? '',
    name: item.name ?? '',
    status: toStatus(item.status),
    startDate: item.startDate?.getTime() ?? 0,
    stopDate: item.stopDate?.getTime() ?? null,
    source,
    ...(item.mapRunArn ? { mapRunArn: item.mapRunArn } : {}),
  };
}

export function toServiceExecution(out: DescribeExecutionOutput): ServiceExecution {
  return {
    executionArn: out.executionArn ?? '',
    stateMachineArn: out.stateMachineArn ?? '',
    name: out.name ?? '',
    status: toStatus(out.status),
    startDate: out.startDate?.getTime() ?? 0,
    stopDate: out.stopDate?.getTime() ?? null,
    source: 'describe-execution',
    ...(out.mapRunArn ? { mapRunArn: out.mapRunArn } : {}),
    error: out.error ?? null,
    cause: out.cause ?? null,
    input: out.input ?? null,
    output: out.output ?? null,
  };
}

export interface ListedExecutions {
  executions: ServiceExecution[];
  /** True when `maxItems` stopped the listing before the window's start was reached. */
  truncated: boolean;
}

/**
 * Executions of a STANDARD state machine that started in [fromMs, toMs], newest first.
 * ListExecutions has no time filter: pages are read until an execution older than the window appears.
 * On an EXPRESS state machine AWS answers StateMachineTypeNotSupported (docs/aws-behaviour.md §1).
 */
export async function listExecutions(stateMachineArn: string, fromMs: number, toMs: number, maxItems = 10_000): Promise<ListedExecutions> {
  const { sfn } = getClients(stateMachineArn);
  const executions: ServiceExecution[] = [];
  for await (const out of awsPages('states:ListExecutions', paginateListExecutions, sfn, { stateMachineArn, maxResults: 1000 }, MAX_LIST_PAGES)) {
    for (const item of out.executions ?? []) {
      const start = item.startDate?.getTime() ?? 0;
      if (start < fromMs) return { executions, truncated: false };
      if (start > toMs) continue;
      if (executions.length >= maxItems) return { executions, truncated: true };
      executions.push(fromListItem(item, 'list-executions'));
    }
  }
  return { executions, truncated: false };
}

/** Child executions of a Distributed Map run (Express children included: AWS lists those). */
export async function listMapRunExecutions(mapRunArn: string, maxItems = 10_000): Promise<ListedExecutions> {
  const { sfn } = getClients(mapRunArn);
  const executions: ServiceExecution[] = [];
  for await (const out of awsPages('states:ListExecutions', paginateListExecutions, sfn, { mapRunArn, maxResults: 1000 }, MAX_LIST_PAGES)) {
    for (const item of out.executions ?? []) {
      if (executions.length >= maxItems) return { executions, truncated: true };
      executions.push({ ...fromListItem(item, 'map-run'), mapRunArn });
    }
  }
  return { executions, truncated: false };
}

export async function listMapRuns(executionArn: string): Promise<MapRun[]> {
  const { sfn } = getClients(executionArn);
  const runs: MapRun[] = [];
  for await (const out of awsPages('states:ListMapRuns', paginateListMapRuns, sfn, { executionArn, maxResults: 1000 }, MAX_LIST_PAGES)) {
    for (const r of out.mapRuns ?? []) {
      // A MapRunListItem has no status (MapRunStatus is only in DescribeMapRun): none is invented here.
      runs.push({
        mapRunArn: r.mapRunArn ?? '',
        executionArn: r.executionArn ?? executionArn,
        startDate: r.startDate?.getTime() ?? 0,
        stopDate: r.stopDate?.getTime() ?? null,
      });
    }
  }
  return runs;
}

/** DescribeExecution; `null` when AWS keeps no record (async Express: InvalidArn or StateMachineTypeNotSupported). */
export async function describeExecution(executionArn: string): Promise<ServiceExecution | null> {
  const { sfn } = getClients(executionArn);
  try {
    const out = await awsCall('states:DescribeExecution', () => sfn.send(new DescribeExecutionCommand({ executionArn })));
    return toServiceExecution(out);
  } catch (e) {
    if (e instanceof AwsReadError && e.kind === 'express-unsupported') return null;
    if (!isKmsError(e)) throw e;
  }
  // A KMS-encrypted execution sfn-lens may not decrypt: its status and dates without input and output.
  const out = await awsCall('states:DescribeExecution', () => sfn.send(new DescribeExecutionCommand({ executionArn, includedData: 'METADATA_ONLY' })));
  return { ...toServiceExecution(out), input: null, output: null };
}

const MAP_RUN_STATUSES: ReadonlyArray<MapRunDetail['status']> = ['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED'];

function toCounts(c: Partial<Record<keyof MapRunCounts, number>> | undefined): MapRunCounts | null {
  if (!c) return null;
  const n = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    pending: n(c.pending), running: n(c.running), succeeded: n(c.succeeded), failed: n(c.failed), timedOut: n(c.timedOut), aborted: n(c.aborted),
    total: n(c.total), resultsWritten: n(c.resultsWritten),
  };
}

/** DescribeMapRun: the run's status, its tolerance and AWS's own counts of its items and child executions. */
export async function describeMapRun(mapRunArn: string): Promise<MapRunDetail> {
  const { sfn } = getClients(mapRunArn);
  const out = await awsCall('states:DescribeMapRun', () => sfn.send(new DescribeMapRunCommand({ mapRunArn })));
  const status = MAP_RUN_STATUSES.includes(out.status as MapRunDetail['status']) ? (out.status as MapRunDetail['status']) : 'RUNNING';
  return {
    mapRunArn: out.mapRunArn ?? mapRunArn,
    executionArn: out.executionArn ?? '',
    status,
    startDate: out.startDate?.getTime() ?? 0,
    stopDate: out.stopDate?.getTime() ?? null,
    maxConcurrency: out.maxConcurrency ?? null,
    toleratedFailurePercentage: out.toleratedFailurePercentage ?? null,
    toleratedFailureCount: out.toleratedFailureCount ?? null,
    itemCounts: toCounts(out.itemCounts),
    executionCounts: toCounts(out.executionCounts),
  };
}
