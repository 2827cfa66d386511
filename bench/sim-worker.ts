// Starts bench/views-sim-worker.ts: the simulated account on a worker thread of the bench's process,
// so that its synchronous Logs Insights scans freeze neither the bench's clocks nor its HTTP client.

import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerCall, WorkerMessage } from './views-sim-worker';

export interface SimWorker {
  url: string;
  stateMachines: Array<{ name: string; arn: string; type: string; logGroupName: string | null; rate: number }>;
  call<T>(req: WorkerCall): Promise<T>;
  stop(): Promise<void>;
}

export function startSimWorker(input: { seed: number; profile: 'bench' | 'demo' }): Promise<SimWorker> {
  const tsxCjs = require.resolve('tsx/cjs');
  const file = path.join(__dirname, 'views-sim-worker.ts');
  const worker = new Worker(`require(${JSON.stringify(tsxCjs)}); require(${JSON.stringify(file)});`, { eval: true, workerData: input });
  const pending = new Map<number, (v: unknown) => void>();
  let nextId = 1;
  return new Promise<SimWorker>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'error') reject(new Error(`simulated account: ${m.message}`));
      else if (m.type === 'reply') pending.get(m.id)?.(m.result);
      else if (m.type === 'ready') {
        resolve({
          url: m.url,
          stateMachines: m.stateMachines,
          call: <T>(req: WorkerCall) =>
            new Promise<T>((res) => {
              const id = nextId++;
              pending.set(id, (v) => {
                pending.delete(id);
                res(v as T);
              });
              worker.postMessage({ ...req, id });
            }),
          stop: async () => {
            await worker.terminate();
          },
        });
      }
    });
  });
}
