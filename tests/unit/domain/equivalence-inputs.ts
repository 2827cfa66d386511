// Generated inputs for the verdict-equivalence test: thousands of executions of many shapes, built
// from a seeded generator so that every run (and every version of the domain code) sees the same ones.
// The shapes follow bench/domain-throughput.ts and widen it: dropped terminals, id gaps, running,
// log-lag, missing starts, Standard, Express and Distributed Map children, unparseable ARNs,
// service-only and logs-only executions, odd Insights values, failed reads and unhealthy configurations.

import type { HealthInput } from '@/lib/domain/health';
import type { InsightsRow } from '@/lib/domain/insights-queries';
import type { LogMinute, MetricMinute, PartialRead, ServiceExecution, ServiceStatus, StateMachine } from '@/lib/domain/types';
import {
  ACCOUNT,
  HOUR,
  makeHealthInput,
  makeHealthReport,
  makeLogGroup,
  makePartialRead,
  makeRolePermissions,
  makeStateMachine,
  MIN,
  NOW,
  REGION,
  SEC,
} from './builders';

/** mulberry32: a tiny seeded PRNG, enough to spread the shapes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const WINDOW = { from: NOW - 3 * HOUR, to: NOW };

export interface World {
  name: string;
  stateMachine: StateMachine;
  health: HealthInput;
  /** Whether the ending rows (a′) also hold redrives and earlier terminal events. */
  boundary: boolean;
}

const standard = (logging: Partial<StateMachine['logging']> = {}) => makeStateMachine({ type: 'STANDARD', logging });
const express = (logging: Partial<StateMachine['logging']> = {}) => makeStateMachine({ type: 'EXPRESS', logging });

function world(name: string, stateMachine: StateMachine, health: Partial<HealthInput> = {}, boundary = false): World {
  return {
    name,
    stateMachine,
    boundary,
    health: makeHealthInput({ stateMachine, window: WINDOW, ...health }),
  };
}

export const WORLDS: World[] = [
  world('standard-all-healthy', standard()),
  world('express-all-healthy', express(), {}, true),
  world('standard-all-boundary', standard(), {}, true),
  world('express-error', express({ level: 'ERROR' })),
  world('standard-fatal', standard({ level: 'FATAL' }), {}, true),
  world('express-off', express({ level: 'OFF' }), { eventsArriving: false }),
  world('standard-no-destination', standard({ logGroupArn: null }), { logGroup: null, eventsArriving: null }),
  world('express-invalid-destination', express({ logGroupArn: 'not-a-log-group' }), { logGroup: null, eventsArriving: null }),
  world('standard-destination-elsewhere', standard({ logGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/vendedlogs/states/orders-Logs:*` }), { eventsArriving: null }),
  world('express-log-group-missing', express(), { logGroup: makeLogGroup({ exists: false }), eventsArriving: false }),
  world('standard-role-and-policy', standard(), { rolePermissions: makeRolePermissions(['logs:PutLogEvents', 'logs:CreateLogStream']), resourcePolicies: [], eventsArriving: false }),
  world('express-no-events-delivered', express(), { eventsArriving: false, executionsStarted: 500 }, true),
  world('standard-config-unreadable', standard(), { rolePermissions: null, resourcePolicies: null, eventsArriving: true }),
  world('express-delivery-unknown', express(), { eventsArriving: null, logStreams: null }),
];

const read = (action: string, error: string, message = `${error} for ${action}`): PartialRead => makePartialRead({ action, error, message, what: `the ${action} read` });

/** Failed reads, as a view passes them to every verdict it computes. */
export const PARTIAL_SETS: Array<{ name: string; partial: PartialRead[] }> = [
  { name: 'none', partial: [] },
  { name: 'logs-denied', partial: [read('logs:StartQuery', 'AccessDeniedException')] },
  { name: 'logs-throttled-and-denied', partial: [read('logs:GetQueryResults', 'ThrottlingException'), read('logs:FilterLogEvents', 'AccessDeniedException')] },
  { name: 'service-throttled', partial: [read('states:ListExecutions', 'ThrottlingException', 'Rate exceeded')] },
  { name: 'config-denied', partial: [read('iam:SimulatePrincipalPolicy', 'AccessDenied'), read('logs:DescribeResourcePolicies', 'InternalFailure', 'boom')] },
  { name: 'metrics-failed', partial: [read('cloudwatch:GetMetricData', 'InternalServiceError', 'oops')] },
  { name: 'describe-state-machine-failed', partial: [read('states:DescribeStateMachine', 'ServiceUnavailable', 'try later')] },
];

const SERVICE_STATUSES: ServiceStatus[] = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING', 'PENDING_REDRIVE'];
const TERMINAL_OF: Partial<Record<ServiceStatus, string>> = {
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  TIMED_OUT: 'ExecutionTimedOut',
  ABORTED: 'ExecutionAborted',
  PENDING_REDRIVE: 'ExecutionFailed',
};
const OTHER_TYPES = ['TaskStateExited', 'ExecutionStarted', 'PassStateEntered', 'ExecutionRedriven', 'ExecutionSucceeded', 'ExecutionFailed'];

/** Times as Logs Insights may render them, and some it should not. */
function timeString(ms: number, variant: number): string | undefined {
  const iso = new Date(ms).toISOString();
  switch (variant) {
    case 0:
    case 1:
    case 2:
    case 3:
      return iso.replace('T', ' ').replace('Z', '');
    case 4:
      return iso;
    case 5:
      return iso.slice(0, 19).replace('T', ' ');
    case 6:
      return `${iso.slice(0, 19).replace('T', ' ')}.${String(ms % 1000).padStart(3, '0')}417`;
    case 7:
      return String(ms);
    case 8:
      return (ms / 1000).toFixed(3);
    case 9:
      return `  ${iso.replace('T', ' ').replace('Z', '')} `;
    case 10:
      return `${iso.slice(0, 19)}.${String(ms % 1000).padStart(3, '0').slice(0, 1)}Z`;
    case 11:
      return 'n/a';
    case 12:
      return '';
    default:
      return undefined;
  }
}

function countString(n: number, variant: number): string | undefined {
  switch (variant) {
    case 0:
      return `${n}.0`;
    case 1:
      return ` ${n} `;
    case 2:
      return n === 0 ? '0e0' : `${n / 10}e1`;
    case 3:
      return '-3';
    case 4:
      return 'x';
    case 5:
      return undefined;
    default:
      return String(n);
  }
}

function executionArnFor(i: number, r: () => number, sm: StateMachine): { arn: string; name: string } {
  const id = `${i.toString(36).padStart(6, '0')}`;
  const uuid = `0f8b3c2e-1d4a-4b6c-9e7f-${i.toString(16).padStart(12, '0')}`;
  const pick = r();
  const smName = sm.name;
  if (pick < 0.42) return { arn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${smName}:run-${id}`, name: `run-${id}` };
  if (pick < 0.82) return { arn: `arn:aws:states:${REGION}:${ACCOUNT}:express:${smName}:run-${id}:${uuid}`, name: `run-${id}` };
  if (pick < 0.87) return { arn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${smName}/Charge:child-${id}`, name: `child-${id}` };
  if (pick < 0.9) return { arn: `arn:aws:states:${REGION}:${ACCOUNT}:express:${smName}/Charge:child-${id}:${uuid}`, name: `child-${id}` };
  if (pick < 0.93) return { arn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${smName}:run.${id}`, name: `run.${id}` };
  if (pick < 0.95) return { arn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${smName}:run-${id}:extra`, name: `run-${id}` };
  if (pick < 0.96) return { arn: `arn:aws-cn:states:cn-north-1:${ACCOUNT}:execution:${smName}:run-${id}`, name: `run-${id}` };
  if (pick < 0.97) return { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:f-${id}`, name: `f-${id}` };
  if (pick < 0.98) return { arn: `not-an-arn-${id}`, name: `not-an-arn-${id}` };
  if (pick < 0.99) return { arn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${smName}:run"${id}`, name: `run"${id}` };
  return { arn: `arn:aws:states:${REGION}:${ACCOUNT}:execution::run-${id}`, name: `run-${id}` };
}

export interface WorldInputs {
  rows: InsightsRow[];
  boundaryRows: InsightsRow[] | undefined;
  service: ServiceExecution[];
  metrics: MetricMinute[];
  logs: LogMinute[];
}

/** One world's Insights rows, service records and minute counts. */
export function makeWorldInputs(w: World, seed: number, n: number): WorldInputs {
  const r = rng(seed);
  const int = (max: number) => Math.floor(r() * max);
  const rows: InsightsRow[] = [];
  const boundaryRows: InsightsRow[] = [];
  const service: ServiceExecution[] = [];
  for (let i = 0; i < n; i++) {
    const { arn, name } = executionArnFor(i, r, w.stateMachine);
    // Mostly inside the window, some before it and some in its last minutes (still running, lagging).
    const start = r() < 0.15 ? NOW - int(6 * MIN) : WINDOW.from - 10 * MIN + int(3 * HOUR);
    const duration = r() < 0.8 ? 200 + int(20 * SEC) : int(30 * MIN);
    const end = start + duration;
    const status = SERVICE_STATUSES[int(SERVICE_STATUSES.length)] ?? 'SUCCEEDED';
    const sides = r();
    const hasService = sides < 0.85;
    const hasLogs = sides >= 0.15;
    const tv = () => (r() < 0.7 ? 0 : int(14));
    const cv = () => (r() < 0.85 ? 9 : int(6));

    if (hasService) {
      const running = status === 'RUNNING';
      const rec: ServiceExecution = {
        executionArn: arn,
        stateMachineArn: w.stateMachine.arn,
        name: r() < 0.05 ? '' : name,
        status,
        startDate: start,
        stopDate: running ? null : end,
        source: r() < 0.9 ? 'list-executions' : 'describe-execution',
      };
      service.push(rec);
      // A second page read at another moment: a RUNNING copy before or after the stopped one.
      if (r() < 0.05) service.push({ ...rec, status: 'RUNNING', stopDate: null });
      if (r() < 0.03) service.unshift({ ...rec, status: 'RUNNING', stopDate: null });
    }
    if (hasLogs) {
      const shape = r();
      let events = 6 + int(14);
      let distinctIds = events;
      let minId = 1;
      let maxId = events;
      let lastAt = end;
      let lastType = TERMINAL_OF[status] ?? 'TaskStateExited';
      if (shape < 0.1) {
        // Terminal event dropped.
        lastType = 'TaskStateExited';
        maxId -= 1;
        events -= 1;
        distinctIds -= 1;
        lastAt = end - 2;
      } else if (shape < 0.18) {
        // Id gaps.
        const gaps = 1 + int(3);
        distinctIds -= gaps;
        events -= gaps;
      } else if (shape < 0.24) {
        // ExecutionStarted missing.
        minId = 2;
        distinctIds -= 1;
        events -= 1;
      } else if (shape < 0.3) {
        // The logs name another ending than Step Functions.
        lastType = OTHER_TYPES[int(OTHER_TYPES.length)] ?? 'ExecutionFailed';
      } else if (shape < 0.32) {
        events = 0;
        distinctIds = 0;
      } else if (shape < 0.35) {
        // Duplicated deliveries.
        events += 2;
      }
      const delay = r() < 0.1 ? int(40 * MIN) : 300 + int(5 * SEC);
      const cells: Array<{ field: string; value: string }> = [];
      const push = (field: string, value: string | undefined) => {
        if (value !== undefined) cells.push({ field, value });
      };
      if (r() < 0.1) push('@ptr', 'CmAKJgoiMTIzNDU2Nzg5MDEyOi9hd3MvdmVuZGVkbG9ncy9zdGF0ZXMvb3JkZXJz');
      if (r() > 0.01) push('execution_arn', arn);
      // Ids come zero-padded (min/max of the padded id key, docs/aws-behaviour.md §11.4), or as
      // another rendering.
      const id = (n: number, v: number) => {
        const text = countString(n, v);
        return text !== undefined && /^\d+$/.test(text) && i % 2 === 0 ? text.padStart(10, '0') : text;
      };
      push('events', countString(events, cv()));
      // The draw that rendered distinctIds: count_distinct() is no longer read, the worlds stay the same.
      void cv();
      void distinctIds;
      push('minId', id(minId, cv()));
      push('maxId', id(maxId, cv()));
      push('firstAt', timeString(start, tv()));
      push('lastAt', timeString(lastAt, tv()));
      // Whether the execution's ending came back (it was latest(type); now its terminal row of (a′)).
      const endingRead = r() > 0.03;
      if (r() > 0.1) push('lastIngestedAt', timeString(lastAt + delay, tv()));
      if (r() < 0.2) push('maxIngestionDelay', countString(delay, cv()));
      // A repeated field: the first occurrence wins.
      if (r() < 0.03) push('maxId', '0000000001');
      if (r() < 0.2) {
        for (let k = cells.length - 1; k > 0; k--) {
          const j = int(k + 1);
          const a = cells[k];
          const b = cells[j];
          if (a && b) [cells[k], cells[j]] = [b, a];
        }
      }
      rows.push(cells);
      if (r() < 0.02) rows.push(cells);

      // The ending rows of (a′): one per terminal or redrive event, by its id.
      const b = (type: string, last: number, eventId: number) =>
        boundaryRows.push([
          { field: 'execution_arn', value: arn },
          { field: 'type', value: type },
          { field: 'id', value: String(eventId) },
          { field: 'events', value: '1' },
          { field: 'lastAt', value: timeString(last, 0) ?? '' },
        ]);
      const terminal = lastType.startsWith('Execution') && lastType !== 'ExecutionStarted' && lastType !== 'ExecutionRedriven';
      if (endingRead && terminal) b(lastType, lastAt, maxId);
      if (w.boundary && r() < 0.8) {
        if (r() < 0.08) b('ExecutionRedriven', lastAt + 1, maxId + (r() < 0.5 ? 1 : -1));
        if (r() < 0.04) b('ExecutionFailed', lastAt - 5, maxId - 2);
      }
    }
  }
  // Rows without a usable ARN, and an odd cell.
  rows.push([{ field: 'events', value: '3' }]);
  rows.push([{ field: 'execution_arn', value: '' }]);
  rows.push([
    { field: 'execution_arn', value: `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:numbers` },
    { field: 'events', value: 7 as unknown as string },
    { field: 'lastType', value: 'ExecutionSucceeded' },
    { field: 'lastAt', value: null as unknown as string },
  ]);

  const metrics: MetricMinute[] = [];
  const logs: LogMinute[] = [];
  for (let m = WINDOW.from; m < WINDOW.to; m += MIN) {
    if (r() < 0.05) continue;
    const started = int(8);
    const succeeded = int(6);
    const failed = r() < 0.2 ? int(3) : 0;
    const timedOut = r() < 0.05 ? 1 : 0;
    const aborted = r() < 0.05 ? 1 : 0;
    metrics.push({ minute: m + (r() < 0.02 ? 7 * SEC : 0), started, succeeded, failed, timedOut, aborted });
    if (r() < 0.05) continue;
    const less = (x: number) => Math.max(0, x - (r() < 0.25 ? int(3) : 0) + (r() < 0.05 ? 1 : 0));
    logs.push({ minute: m, started: less(started), succeeded: less(succeeded), failed: less(failed), timedOut: less(timedOut), aborted: less(aborted) });
  }
  return { rows, boundaryRows, service, metrics, logs };
}

export { makeHealthReport };

/** Insights time values beyond what the generator renders: every branch of the parser. */
export const TIME_STRINGS: Array<string | undefined> = [
  undefined,
  '',
  '   ',
  '2024-05-01 10:00:00.000',
  '2024-05-01 10:00:00.999',
  '2024-05-01 10:00:00.1',
  '2024-05-01 10:00:00.12',
  '2024-05-01 10:00:00.123456789',
  '2024-05-01 10:00:00.1234567890',
  '2024-05-01 10:00:00',
  '2024-05-01T10:00:00.123Z',
  '2024-05-01T10:00:00Z',
  '2024-05-01T10:00:00.123',
  '2024-05-01 10:00:00.123Z',
  '2024-05-01 10:00:00.123z',
  '2024-02-30 10:00:00.000',
  '2023-02-29 23:59:59.999',
  '2024-02-29 23:59:59.999',
  '2024-13-01 00:00:00.000',
  '2024-00-01 00:00:00.000',
  '2024-05-00 00:00:00.000',
  '2024-05-01 24:00:00.000',
  '2024-05-01 99:99:99.999',
  '0000-01-01 00:00:00.000',
  '0099-12-31 23:59:59.999',
  '0100-01-01 00:00:00.000',
  '1969-12-31 23:59:59.999',
  '1970-01-01 00:00:00.000',
  '9999-12-31 23:59:59.999',
  '2024-5-01 10:00:00.000',
  '2024-05-01  10:00:00.000',
  '2024-05-01 10:00:00.',
  '2024-05-01 10:00:00.12a',
  '2024-05-01 10:00',
  '2024-05-01',
  '2024-05-01T10:00:00+09:00',
  '2024-05-01T10:00+09:00',
  '2024-05-01T10:00:00.5-0130',
  '2024-05-01T10:00:00',
  '１２３',
  '2024-05-01 10:00:00.000\n',
  '\t2024-05-01 10:00:00.000',
  '1714557600',
  '1714557600.5',
  '1714557600.123456',
  '1714557600000',
  '1714557600000.7',
  '0',
  '99999999999',
  '100000000000',
  '-1714557600',
  '1e12',
  '.5',
  '12.',
  'NaN',
  'Infinity',
  'yesterday',
];

/** ARNs for the parser: every branch of parseExecutionArn, kept in its ParsedExecutionArn shape. */
export const ARN_STRINGS: string[] = [
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:run-1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:express:orders:run-1:0f8b3c2e-1d4a-4b6c-9e7f-123456789abc`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders/Charge:child-1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:express:orders/Charge:child-1:0f8b3c2e`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders/:child-1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:/Charge:child-1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:a/b/c:child-1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:run-1:extra`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders`,
  `arn:aws:states:${REGION}:${ACCOUNT}:express:orders:run-1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:express:orders:run-1:`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution::run-1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:`,
  `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:orders`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution/orders/run-1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution`,
  `arn:aws:states:${REGION}:${ACCOUNT}:`,
  `arn:aws:states::${ACCOUNT}:execution:orders:run-1`,
  `arn:aws:states:${REGION}::execution:orders:run-1`,
  `arn:aws:states:${REGION}:aws:execution:orders:run-1`,
  `arn:aws:states:${REGION}:12345:execution:orders:run-1`,
  `arn:aws:states:eu:${ACCOUNT}:execution:orders:run-1`,
  `arn:aws-us-gov:states:us-gov-west-1:${ACCOUNT}:execution:orders:run-1`,
  `arn:aws-cn:states:cn-north-1:${ACCOUNT}:express:orders:run-1:id`,
  `arn:awsx:states:${REGION}:${ACCOUNT}:execution:orders:run-1`,
  `arn:aws:States:${REGION}:${ACCOUNT}:execution:orders:run-1`,
  `arn:aws:lambda:${REGION}:${ACCOUNT}:function:f`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:run"1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:run 1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:run.1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:rün-1`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:${'x'.repeat(220)}`,
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:${'x'.repeat(2100)}`,
  'ARN:aws:states:us-east-1:123456789012:execution:orders:run-1',
  'arn:aws:states',
  'not-an-arn',
  '',
];

/** Epoch milliseconds for toIso, around every boundary of its rendering. */
export const ISO_TIMES: number[] = [
  0, 1, 999, 1000, -1, -999, -1000, -86_400_000, -86_400_001, NOW, NOW + 0.5, NOW - 0.5, NOW + 123.999, 951_782_400_000, 4_107_542_400_000,
  253_402_300_799_999, 253_402_300_800_000, -62_135_596_800_000, -62_135_596_800_001, -62_198_755_200_000, 8.64e15, -8.64e15,
];
