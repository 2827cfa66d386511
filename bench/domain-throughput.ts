// Benchmark: the pure reconciliation core on one core, against the domain throughput target
// (docs/architecture.md): 100,000 executions — the most one Logs Insights query returns
// (docs/aws-behaviour.md §11.8) — parsed, joined and judged in under 0.5 s.
//   npm run bench:domain [-- --sizes 10000,100000 --runs 7]
// Path measured = what GET /api/state-machines/{arn}/executions does after its AWS reads:
// parse the Logs Insights per-execution rows → join with service records → neighbour stats → one
// verdict per execution, plus the per-minute join and classification. Also the raw-event path
// (parse CloudWatch events → log records) used by the execution view.
// Prints medians of --runs runs (wall and CPU time) and the heap each size took. Inputs are generated
// before timing.
// Exits with 1 when the median CPU time at 100,000 executions misses the target.

import { parseArgs } from 'node:util';
import { assessHealth } from '../lib/domain/health';
import { parseExecutionAggregateRows, type InsightsRow } from '../lib/domain/insights-queries';
import { joinExecutions, joinMinutes } from '../lib/domain/join';
import { parseLogEvents, groupByExecution } from '../lib/domain/log-events';
import { toLogRecord } from '../lib/domain/log-record';
import { DOCUMENTED_ROLE_ACTIONS } from '../lib/domain/logging-facts';
import { summarizeNeighbours } from '../lib/domain/neighbour-stats';
import type { LogMinute, MetricMinute, RawLogEvent, ServiceExecution, StateMachine } from '../lib/domain/types';
import { classifyMinute, diagnoseExecution } from '../lib/domain/verdict';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    runs: { type: 'string', default: '7' },
    'no-raw': { type: 'boolean', default: false },
  },
});
const sizes = args.sizes.split(',').map(Number);
const runs = Number(args.runs);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
  throw new Error(`--sizes takes positive integers separated by commas and --runs a positive integer; got --sizes ${args.sizes} --runs ${args.runs}`);
}
/** The domain throughput target (docs/architecture.md). */
const TARGET = { executions: 100_000, ms: 500 };
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const ACCOUNT = '123456789012';
const SM_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:orders`;
const sm: StateMachine = {
  arn: SM_ARN,
  name: 'orders',
  type: 'STANDARD',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/orders-role`,
  createdAt: NOW - 86400_000,
  logging: { level: 'ALL', includeExecutionData: true, logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/vendedlogs/states/orders-Logs:*` },
};

function fmtTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** Insights rows as AWS returns them (all strings), and the matching service records. */
function makeInputs(n: number) {
  const windowMs = 3 * 3600_000;
  const from = NOW - windowMs;
  const rows: InsightsRow[] = [];
  const boundaryRows: InsightsRow[] = [];
  const service: ServiceExecution[] = [];
  for (let i = 0; i < n; i++) {
    const start = from + Math.floor((i / n) * windowMs);
    const end = start + 200 + (i % 900);
    const arn = `arn:aws:states:us-east-1:${ACCOUNT}:execution:orders:run-${i.toString(36).padStart(8, '0')}`;
    const dropped = i % 200 === 0;
    const gap = i % 333 === 0 ? 1 : 0;
    rows.push([
      { field: 'execution_arn', value: arn },
      { field: 'events', value: String(19 - gap - (dropped ? 1 : 0)) },
      { field: 'minId', value: '0000000001' },
      { field: 'maxId', value: dropped ? '0000000018' : '0000000019' },
      { field: 'firstAt', value: fmtTime(start) },
      { field: 'lastAt', value: fmtTime(dropped ? end - 2 : end) },
      { field: 'lastIngestedAt', value: fmtTime(end + 800 + (i % 5000)) },
    ]);
    // The endings query's row: one per terminal event that arrived (none for a dropped one).
    if (!dropped) {
      boundaryRows.push([
        { field: 'execution_arn', value: arn },
        { field: 'type', value: 'ExecutionSucceeded' },
        { field: 'id', value: '19' },
        { field: 'events', value: '1' },
        { field: 'lastAt', value: fmtTime(end) },
      ]);
    }
    service.push({ executionArn: arn, stateMachineArn: SM_ARN, name: `run-${i}`, status: 'SUCCEEDED', startDate: start, stopDate: end, source: 'list-executions' });
  }
  const metrics: MetricMinute[] = [];
  const logs: LogMinute[] = [];
  for (let m = from; m < NOW; m += 60_000) {
    const c = Math.round(n / 180);
    metrics.push({ minute: m, started: c, succeeded: c, failed: 0, timedOut: 0, aborted: 0 });
    logs.push({ minute: m, started: c, succeeded: c - 1, failed: 0, timedOut: 0, aborted: 0 });
  }
  return { rows, boundaryRows, service, metrics, logs, window: { from, to: NOW } };
}

function makeRawEvents(n: number): RawLogEvent[] {
  const out: RawLogEvent[] = [];
  for (let i = 0; i < n; i++) {
    const arn = `arn:aws:states:us-east-1:${ACCOUNT}:express:orders:${i}:0f8b3c2e-1d4a-4b6c-9e7f-${i.toString(16).padStart(12, '0')}`;
    const types = ['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded'];
    types.forEach((type, k) => {
      const ts = NOW - 3600_000 + i * 10 + k;
      out.push({
        timestamp: ts,
        ingestionTime: ts + 1500,
        message: JSON.stringify({ id: String(k + 1), type, details: { name: 'Charge' }, previous_event_id: String(k), event_timestamp: String(ts), execution_arn: arn }),
      });
    });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const health = assessHealth({
  stateMachine: sm,
  logGroup: { name: '/aws/vendedlogs/states/orders-Logs', arn: '', exists: true, retentionInDays: 30, storedBytes: 1, logGroupClass: 'STANDARD' },
  rolePermissions: { roleArn: sm.roleArn ?? '', method: 'simulate-principal-policy', results: DOCUMENTED_ROLE_ACTIONS.map((action) => ({ action, decision: 'allowed' as const })) },
  resourcePolicies: [],
  eventsArriving: true,
});

/** Where a run's time goes (ms, wall, one thread: the stages are synchronous), summed over the runs of a size. */
const STAGES = ['parse rows', 'join', 'neighbours', 'verdicts', 'minutes'] as const;
type Stage = (typeof STAGES)[number];
let stageMs: Record<Stage, number> = { 'parse rows': 0, join: 0, neighbours: 0, verdicts: 0, minutes: 0 };

function stage<T>(name: Stage, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  stageMs[name] += performance.now() - t0;
  return out;
}

function reconcile(input: ReturnType<typeof makeInputs>): number {
  const records = stage('parse rows', () => parseExecutionAggregateRows(input.rows, { boundaryRows: input.boundaryRows, limit: Number.MAX_SAFE_INTEGER, boundaryLimit: Number.MAX_SAFE_INTEGER }).records);
  const joined = stage('join', () => joinExecutions({ service: input.service, logs: records }));
  const neighbours = stage('neighbours', () => summarizeNeighbours(records, { level: 'ALL' }));
  const n = stage('verdicts', () => {
    let k = 0;
    for (const row of joined) {
      const v = diagnoseExecution({ stateMachine: sm, health, executionArn: row.executionArn, parsedArn: row.parsedArn ?? undefined, service: row.service, logs: row.logs, neighbours, partial: [], now: NOW });
      if (v.cause) k++;
    }
    return k;
  });
  stage('minutes', () => {
    for (const row of joinMinutes(input.metrics, input.logs, input.window)) classifyMinute(row, { stateMachine: sm, health, now: NOW, neighbours });
  });
  return n;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Wall and CPU milliseconds of one call. CPU time (this process's) is what the code costs; on a busy machine wall time also counts the waits for a core. */
function timed<T>(f: () => T): { result: T; wallMs: number; cpuMs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = f();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { result, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function line(path: string, n: number, wall: number[], cpu: number[], heapMb: string): number {
  const cpuMs = median(cpu);
  console.log(`${path.padEnd(34)} ${String(n).padStart(10)}   ${median(wall).toFixed(0).padStart(7)}   ${cpuMs.toFixed(0).padStart(6)}   ${((cpuMs * 1000) / n).toFixed(2).padStart(9)} µs   ${heapMb.padStart(7)}`);
  return cpuMs;
}

console.log(`node ${process.version}, ${runs} runs per size, medians; heap = heap growth while the result is alive${gc ? '' : ' (run with --expose-gc for steadier heap figures)'}`);
console.log('');
console.log('path                               executions   wall ms   cpu ms   cpu per execution   heap MB');
let targetCpuMs: number | null = null;
for (const n of sizes) {
  const input = makeInputs(n);
  const wall: number[] = [];
  const cpu: number[] = [];
  let heap = 0;
  for (let r = 0; r < runs; r++) {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const t = timed(() => reconcile(input));
    wall.push(t.wallMs);
    cpu.push(t.cpuMs);
    heap = Math.max(heap, process.memoryUsage().heapUsed - before);
    if (t.result !== n) throw new Error(`expected ${n} verdicts, got ${t.result}`);
  }
  const cpuMs = line('insights rows → join → verdicts', n, wall, cpu, (heap / 1048576).toFixed(0));
  console.log(`${''.padEnd(34)} stages, mean wall ms per run: ${STAGES.map((k) => `${k} ${(stageMs[k] / runs).toFixed(0)}`).join(' · ')}`);
  stageMs = { 'parse rows': 0, join: 0, neighbours: 0, verdicts: 0, minutes: 0 };
  if (n === TARGET.executions) targetCpuMs = cpuMs;
}
// The execution view parses one execution's events, at most one query's 10,000 rows: 10,000
// executions of 7 events each are seven times that.
for (const n of args['no-raw'] ? [] : sizes.filter((size) => size <= 10_000)) {
  const raw = makeRawEvents(n);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = timed(() => {
      const parsed = parseLogEvents(raw);
      let k = 0;
      for (const [arn, evs] of groupByExecution(parsed.events)) if (toLogRecord(arn, evs).status) k++;
      return k;
    });
    wall.push(t.wallMs);
    cpu.push(t.cpuMs);
    if (t.result !== n) throw new Error(`expected ${n} records, got ${t.result}`);
  }
  line('raw events (7 each) → log records', n, wall, cpu, '-');
}
console.log('');
const target = `${TARGET.executions.toLocaleString('en-US')} executions parsed, joined and judged in under ${TARGET.ms} ms of CPU`;
if (targetCpuMs === null) {
  console.log(`target: ${target}: not measured (add ${TARGET.executions} to --sizes)`);
} else {
  const met = targetCpuMs < TARGET.ms;
  console.log(`target: ${target}: ${met ? 'met' : 'MISSED'} (median ${targetCpuMs.toFixed(0)} ms)`);
  if (!met) process.exitCode = 1;
}
