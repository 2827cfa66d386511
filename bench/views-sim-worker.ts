// The simulated account of bench/views.ts and bench/soak.ts, on its own thread of the bench's process
// (started by bench/sim-worker.ts).
// The simulator computes a Logs Insights query synchronously (a full 3-hour scan of the bench
// profile's biggest log group takes a minute or more); on the bench's main thread that would freeze
// the bench's own clocks and its HTTP client. Here only the simulator waits.
//
// Messages (request → reply, matched by `id`):
//   { type: 'count', from, to }        → executions that started in [from, to) per state machine (Map children included)
//   { type: 'scan', reset? }           → Insights work the simulator did since the last reset: queries, records, bytes
// The simulator's own /__sim/ HTTP API (request log, faults, index policies, ground truth) works as usual.

import { parentPort, workerData } from 'node:worker_threads';
import { startSimServer } from '../sim/server';
import { freePort } from '../tests/support/free-port';

interface WorkerInput {
  seed: number;
  profile: 'bench' | 'demo';
}

export interface ScanTotals {
  queries: number;
  recordsScanned: number;
  bytesScanned: number;
  estimatedBytesSkipped: number;
  /** Wall time the simulator spent computing queries (it blocks its thread meanwhile). */
  computeMs: number;
}

export type WorkerCall = { type: 'count'; from: number; to: number } | { type: 'scan'; reset?: boolean };
export type WorkerRequest = WorkerCall & { id: number };

export type WorkerMessage =
  | { type: 'ready'; url: string; startedAt: number; stateMachines: Array<{ name: string; arn: string; type: string; logGroupName: string | null; rate: number }> }
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'error'; message: string };

async function main() {
  const port = parentPort;
  if (!port) throw new Error('bench/views-sim-worker.ts runs as a worker thread of bench/views.ts');
  const input = workerData as WorkerInput;
  const sim = await startSimServer({ seed: input.seed, profile: input.profile, host: '127.0.0.1', port: await freePort() });
  const { account, logs } = sim.world;

  // Count what the account's Insights engine scanned: every query StartQuery accepted goes through runQuery.
  const totals: ScanTotals = { queries: 0, recordsScanned: 0, bytesScanned: 0, estimatedBytesSkipped: 0, computeMs: 0 };
  const runQuery = logs.runQuery.bind(logs);
  logs.runQuery = (...args: Parameters<typeof runQuery>) => {
    const t0 = performance.now();
    const r = runQuery(...args);
    totals.computeMs += performance.now() - t0;
    totals.queries++;
    totals.recordsScanned += r.statistics.recordsScanned;
    totals.bytesScanned += r.statistics.bytesScanned;
    totals.estimatedBytesSkipped += r.statistics.estimatedBytesSkipped ?? 0;
    return r;
  };

  port.on('message', (m: WorkerRequest) => {
    if (m.type === 'count') {
      const counts: Record<string, number> = {};
      for (const sm of account.stateMachines) {
        let n = 0;
        for (const e of account.executions(sm, m.from, m.to)) {
          n++;
          if (sm.scenario.mapChildren) n += account.mapChildren(e).filter((c) => c.startMs <= m.to).length;
        }
        counts[sm.name] = n;
      }
      port.postMessage({ type: 'reply', id: m.id, result: counts } satisfies WorkerMessage);
    } else if (m.type === 'scan') {
      const result = { ...totals };
      if (m.reset) Object.assign(totals, { queries: 0, recordsScanned: 0, bytesScanned: 0, estimatedBytesSkipped: 0, computeMs: 0 });
      port.postMessage({ type: 'reply', id: m.id, result } satisfies WorkerMessage);
    }
  });

  port.postMessage({
    type: 'ready',
    url: sim.url,
    startedAt: account.createdAt,
    stateMachines: account.stateMachines.map((sm) => ({ name: sm.name, arn: sm.arn, type: sm.type, logGroupName: sm.scenario.logging.logGroupName, rate: sm.scenario.rate })),
  } satisfies WorkerMessage);
}

main().catch((e: unknown) => {
  parentPort?.postMessage({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerMessage);
});
