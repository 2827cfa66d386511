// Step Functions, AWS JSON 1.0 (`X-Amz-Target: AWSStepFunctions.<Op>`), read-only calls only.
// Express refusals follow docs/aws-behaviour.md §1.

import type { SimAccount, SimEvent, SimExecution, SimStateMachine } from './model';
import type { StateStep } from './scenarios';
import {
  AwsError,
  checkRange,
  decodeToken,
  encodeToken,
  epochSeconds,
  jsonError,
  jsonReply,
  num,
  parseJsonBody,
  str,
  bool,
  type SimResponse,
} from './protocol';

const CT = 'application/x-amz-json-1.0';

export function handleSfnRequest(op: string, body: string, account: SimAccount, now: number): SimResponse {
  try {
    const p = parseJsonBody(body);
    const handler = OPS[op];
    if (!handler) throw new AwsError(400, 'UnknownOperationException', `Operation ${op} is not supported by this endpoint.`);
    return jsonReply(CT, handler(p, account, now));
  } catch (e) {
    if (e instanceof AwsError) return jsonError(CT, e);
    throw e;
  }
}

type Op = (p: Record<string, unknown>, account: SimAccount, now: number) => unknown;

const OPS: Record<string, Op> = {
  ListStateMachines(p, account) {
    const max = num(p, 'maxResults');
    checkRange('maxResults', max, 0, 1000);
    const pageSize = !max ? 100 : max;
    const start = decodeToken<{ o: number }>(str(p, 'nextToken'), 'InvalidToken')?.o ?? 0;
    const all = account.stateMachines;
    const page = all.slice(start, start + pageSize);
    return {
      stateMachines: page.map((sm) => ({
        stateMachineArn: sm.arn,
        name: sm.name,
        type: sm.type,
        creationDate: epochSeconds(sm.createdAt),
      })),
      nextToken: start + pageSize < all.length ? encodeToken({ o: start + pageSize }) : undefined,
    };
  },

  DescribeStateMachine(p, account) {
    const sm = stateMachine(account, str(p, 'stateMachineArn', true) ?? '');
    const s = sm.scenario;
    const metadataOnly = includedData(p);
    // An encrypted definition needs kms:Decrypt, which the sfn-lens caller never has here;
    // METADATA_ONLY answers without it, the definition then `{}` (docs/aws-behaviour.md §11.7).
    if (s.kmsKeyArn && !metadataOnly) throw kmsAccessDenied(s.kmsKeyArn);
    return {
      stateMachineArn: sm.arn,
      name: sm.name,
      status: 'ACTIVE',
      definition: s.kmsKeyArn ? '{}' : definitionOf(sm),
      roleArn: sm.roleArn,
      type: sm.type,
      creationDate: epochSeconds(sm.createdAt),
      loggingConfiguration: {
        level: s.logging.level,
        includeExecutionData: s.logging.includeExecutionData,
        ...(sm.logGroupArn ? { destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: sm.logGroupArn } }] } : {}),
      },
      tracingConfiguration: { enabled: false },
      encryptionConfiguration: s.kmsKeyArn ? { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: s.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 } : { type: 'AWS_OWNED_KEY' },
    };
  },

  ListExecutions(p, account, now) {
    const smArn = str(p, 'stateMachineArn');
    const mapRunArn = str(p, 'mapRunArn');
    if ((smArn === undefined) === (mapRunArn === undefined)) {
      throw new AwsError(400, 'ValidationException', 'You must specify exactly one of stateMachineArn or mapRunArn.');
    }
    const max = num(p, 'maxResults');
    checkRange('maxResults', max, 0, 1000);
    const pageSize = !max ? 100 : max;
    const statusFilter = str(p, 'statusFilter');
    if (statusFilter && !['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'].includes(statusFilter)) {
      throw new AwsError(400, 'ValidationException', `1 validation error detected: Value '${statusFilter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]`);
    }
    const token = decodeToken<{ t: number; s: number; i: number }>(str(p, 'nextToken'), 'InvalidToken');

    if (mapRunArn !== undefined) {
      const parent = mapRun(account, mapRunArn, now);
      const children = account.mapChildren(parent).filter((c) => c.startMs <= now);
      const offset = token?.i ?? 0;
      const matching = children.filter((c) => !statusFilter || account.status(c, now) === statusFilter);
      const page = matching.slice(offset, offset + pageSize);
      return {
        executions: page.map((c) => executionItem(account, c, now)),
        nextToken: offset + pageSize < matching.length ? encodeToken({ t: 0, s: 0, i: offset + pageSize }) : undefined,
      };
    }

    const sm = stateMachine(account, smArn ?? '');
    if (sm.type === 'EXPRESS') {
      throw new AwsError(400, 'StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
    }
    // The token pins the listing's moment, so later pages neither repeat nor skip executions.
    const asOf = token?.t ?? now;
    const items: unknown[] = [];
    let last: SimExecution | undefined;
    let more = false;
    for (const e of account.executionsNewestFirst(sm, token ? token.s + 1 : asOf + 1)) {
      if (token && e.startMs === token.s && e.index >= token.i) continue;
      if (statusFilter && account.status(e, now) !== statusFilter) continue;
      if (items.length === pageSize) {
        more = true;
        break;
      }
      items.push(executionItem(account, e, now));
      last = e;
    }
    return {
      executions: items,
      nextToken: more && last ? encodeToken({ t: asOf, s: last.startMs, i: last.index }) : undefined,
    };
  },

  DescribeExecution(p, account, now) {
    const e = executionFor(account, str(p, 'executionArn', true) ?? '', now, true);
    const status = account.status(e, now);
    const kmsKeyArn = e.sm.scenario.kmsKeyArn;
    if (kmsKeyArn) {
      if (!includedData(p)) throw kmsAccessDenied(kmsKeyArn);
      // Without decryption: no input, output, error or cause (AWS does not say which fields stay; the least).
      return executionItem(account, e, now);
    }
    return {
      executionArn: e.arn,
      stateMachineArn: e.sm.arn,
      name: e.name,
      status,
      startDate: epochSeconds(e.startMs),
      ...(status !== 'RUNNING' ? { stopDate: epochSeconds(e.endMs) } : {}),
      input: e.input,
      inputDetails: { included: true },
      ...(status === 'SUCCEEDED' ? { output: e.output ?? '{}', outputDetails: { included: true } } : {}),
      ...(status === 'FAILED' ? { error: e.error, cause: e.cause } : {}),
      ...(e.parent ? { mapRunArn: account.mapRunArn(e.parent) } : {}),
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: status === 'RUNNING' ? 'Execution is RUNNING and cannot be redriven' : 'Execution was not redriven',
    };
  },

  GetExecutionHistory(p, account, now) {
    const e = executionFor(account, str(p, 'executionArn', true) ?? '', now, false);
    if (e.sm.scenario.kmsKeyArn) throw kmsAccessDenied(e.sm.scenario.kmsKeyArn);
    const max = num(p, 'maxResults');
    checkRange('maxResults', max, 0, 1000);
    const pageSize = !max ? 100 : max;
    const reverse = bool(p, 'reverseOrder') ?? false;
    const includeData = bool(p, 'includeExecutionData') ?? true;
    const happened = account.history(e).filter((ev) => ev.timestamp <= now);
    if (reverse) happened.reverse();
    const offset = decodeToken<{ o: number }>(str(p, 'nextToken'), 'InvalidToken')?.o ?? 0;
    const page = happened.slice(offset, offset + pageSize);
    return {
      events: page.map((ev) => historyEvent(ev, includeData)),
      nextToken: offset + pageSize < happened.length ? encodeToken({ o: offset + pageSize }) : undefined,
    };
  },

  ListMapRuns(p, account, now) {
    const e = executionFor(account, str(p, 'executionArn', true) ?? '', now, false);
    const max = num(p, 'maxResults');
    checkRange('maxResults', max, 0, 1000);
    const runs = e.sm.scenario.mapChildren && account.mapRunStartMs(e) <= now ? [e] : [];
    return {
      mapRuns: runs.map((parent) => ({
        executionArn: parent.arn,
        mapRunArn: account.mapRunArn(parent),
        stateMachineArn: parent.sm.arn,
        startDate: epochSeconds(account.mapRunStartMs(parent)),
        ...(mapRunStop(account, parent, now) !== null ? { stopDate: epochSeconds(mapRunStop(account, parent, now) ?? 0) } : {}),
      })),
    };
  },

  DescribeMapRun(p, account, now) {
    const parent = mapRun(account, str(p, 'mapRunArn', true) ?? '', now);
    const children = account.mapChildren(parent);
    const counts = { pending: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: children.length, resultsWritten: 0, failuresNotRedrivable: 0, pendingRedrive: 0 };
    for (const c of children) {
      if (c.startMs > now) counts.pending++;
      else {
        const s = account.status(c, now);
        if (s === 'RUNNING') counts.running++;
        else if (s === 'SUCCEEDED') counts.succeeded++;
        else if (s === 'FAILED') counts.failed++;
        else if (s === 'TIMED_OUT') counts.timedOut++;
        else counts.aborted++;
      }
    }
    const stop = mapRunStop(account, parent, now);
    return {
      mapRunArn: account.mapRunArn(parent),
      executionArn: parent.arn,
      status: stop === null ? 'RUNNING' : counts.failed > 0 && counts.failed / counts.total > 0.5 ? 'FAILED' : 'SUCCEEDED',
      startDate: epochSeconds(account.mapRunStartMs(parent)),
      ...(stop !== null ? { stopDate: epochSeconds(stop) } : {}),
      maxConcurrency: 0,
      toleratedFailurePercentage: 50,
      toleratedFailureCount: 0,
      itemCounts: { ...counts },
      executionCounts: counts,
      redriveCount: 0,
    };
  },

  ListTagsForResource(p, account) {
    const arn = str(p, 'resourceArn', true) ?? '';
    const sm = account.stateMachineByArn(arn);
    if (!sm) throw new AwsError(400, 'ResourceNotFound', `Resource not found: '${arn}'`);
    return { tags: [{ key: 'team', value: 'platform' }, { key: 'scenario', value: sm.name }] };
  },
};

/** `includedData`: true for METADATA_ONLY, false for ALL_DATA or none; anything else is refused. */
function includedData(p: Record<string, unknown>): boolean {
  const v = str(p, 'includedData');
  if (v !== undefined && v !== 'ALL_DATA' && v !== 'METADATA_ONLY') {
    throw new AwsError(400, 'ValidationException', `1 validation error detected: Value '${v}' at 'includedData' failed to satisfy constraint: Member must satisfy enum value set: [ALL_DATA, METADATA_ONLY]`);
  }
  return v === 'METADATA_ONLY';
}

function kmsAccessDenied(keyArn: string): AwsError {
  return new AwsError(
    400,
    'KmsAccessDeniedException',
    `User: arn:aws:sts::123456789012:assumed-role/sfn-lens-readonly/session is not authorized to perform: kms:Decrypt on resource: ${keyArn} because no identity-based policy allows the kms:Decrypt action`,
  );
}

function validArn(arn: string, kinds: string[]): void {
  const parts = arn.split(':');
  if (arn.length > 256 || parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'states' || !kinds.includes(parts[5] ?? '')) {
    throw new AwsError(400, 'InvalidArn', `Invalid Arn: '${arn}'`);
  }
}

function stateMachine(account: SimAccount, arn: string): SimStateMachine {
  validArn(arn, ['stateMachine']);
  const sm = account.stateMachineByArn(arn);
  if (!sm) throw new AwsError(400, 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  return sm;
}

function executionFor(account: SimAccount, arn: string, now: number, allowMapChildren: boolean): SimExecution {
  validArn(arn, ['execution', 'express']);
  if (arn.split(':')[5] === 'express') {
    // AWS keeps no record of async Express executions; only Map Run children can be described.
    const e = allowMapChildren ? account.executionByArn(arn, now) : undefined;
    if (!e || !e.parent) throw new AwsError(400, 'InvalidArn', `Invalid Arn: 'Resource type not valid in this context: express'`);
    return e;
  }
  const e = account.executionByArn(arn, now);
  if (!e) throw new AwsError(400, 'ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  return e;
}

function mapRun(account: SimAccount, arn: string, now: number): SimExecution {
  validArn(arn, ['mapRun']);
  const parent = account.findMapRun(arn, now);
  if (!parent) throw new AwsError(400, 'ResourceNotFound', `Resource not found: '${arn}'`);
  return parent;
}

function mapRunStop(account: SimAccount, parent: SimExecution, now: number): number | null {
  const children = account.mapChildren(parent);
  const end = Math.max(...children.map((c) => c.endMs)) + 50;
  return end <= now ? end : null;
}

function executionItem(account: SimAccount, e: SimExecution, now: number) {
  const status = account.status(e, now);
  return {
    executionArn: e.arn,
    stateMachineArn: e.sm.arn,
    name: e.name,
    status,
    startDate: epochSeconds(e.startMs),
    ...(status !== 'RUNNING' ? { stopDate: epochSeconds(e.endMs) } : {}),
    ...(e.parent ? { mapRunArn: account.mapRunArn(e.parent) } : {}),
    redriveCount: 0,
  };
}

function historyEvent(ev: SimEvent, includeData: boolean) {
  const details: Record<string, unknown> = { ...ev.details };
  if (!includeData) {
    delete details.input;
    delete details.output;
  }
  for (const k of Object.keys(details)) if (details[k] === undefined) delete details[k];
  let key: string;
  if (ev.type.endsWith('StateEntered')) key = 'stateEnteredEventDetails';
  else if (ev.type.endsWith('StateExited')) key = 'stateExitedEventDetails';
  else key = `${ev.type.charAt(0).toLowerCase()}${ev.type.slice(1)}EventDetails`;
  return {
    timestamp: epochSeconds(ev.timestamp),
    type: ev.type,
    id: ev.id,
    previousEventId: ev.previousEventId,
    ...(Object.keys(details).length > 0 ? { [key]: details } : {}),
  };
}

function definitionOf(sm: SimStateMachine): string {
  const steps = sm.scenario.steps;
  return JSON.stringify({ Comment: sm.scenario.purpose, StartAt: steps[0]?.name, States: statesOf(sm, steps) }, null, 2);
}

/** The ASL `States` of a linear list of steps (a Parallel state's branches are lists of their own). */
function statesOf(sm: SimStateMachine, steps: StateStep[]): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  steps.forEach((step, i) => {
    const next = steps[i + 1] ? { Next: steps[i + 1]?.name } : { End: true };
    if (step.kind === 'Task') states[step.name] = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: step.resource, 'Payload.$': '$' }, ...next };
    else if (step.kind === 'Choice') states[step.name] = { Type: 'Choice', Choices: [{ Variable: '$.priority', BooleanEquals: true, Next: steps[i + 1]?.name ?? step.name }], Default: steps[i + 1]?.name ?? step.name };
    else if (step.kind === 'Wait') states[step.name] = { Type: 'Wait', Seconds: 5, ...next };
    else if (step.kind === 'Parallel') {
      states[step.name] = { Type: 'Parallel', Branches: (step.branches ?? []).map((b) => ({ StartAt: b[0]?.name, States: statesOf(sm, b) })), ...next };
    } else if (step.kind === 'Map') {
      const m = sm.scenario.mapChildren;
      states[step.name] = {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: m?.childSteps[0]?.name ?? 'Item',
          States: Object.fromEntries((m?.childSteps ?? []).map((c) => [c.name, { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: c.resource }, End: true }])),
        },
        Label: m?.label,
        ...next,
      };
    } else states[step.name] = { Type: 'Pass', ...next };
  });
  return states;
}
