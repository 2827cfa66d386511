// Soak: 100 concurrent clients over the API and the pages for 60 s, on loopback, bounded.
//   npx tsx bench/soak.ts [--seconds 60] [--clients 100]    (needs a build: `npm run build`, or SFN_LENS_DIST_DIR=<dir>)
// Starts the simulated account (demo profile, on a worker thread) and `next start`, then every client loops over a fixed
// mix of requests (overview, ops, state machine pages and their JSON, execution pages and JSON) until
// the time is up. Prints: requests and statuses (any 5xx is listed with its body's message), latency
// p50/p95 overall and per path (whole body and first byte), the server's RSS (process tree) sampled every 5 s, and the AWS requests the app made per
// second (from the simulated account's request log), which the shared reads keep bounded.

import { readdirSync, readFileSync } from 'node:fs';
import { startApp } from '../tests/support/app-server';
import { benchArgs, intOption } from './args';
import { startSimWorker } from './sim-worker';

const args = benchArgs('usage: npx tsx bench/soak.ts [--seconds 60] [--clients 100]', {
  seconds: { type: 'string', default: '60' },
  clients: { type: 'string', default: '100' },
});
const SECONDS = intOption('seconds', args.seconds, 1, 600);
const CLIENTS = intOption('clients', args.clients, 1, 500);
const APP_KEY = 'AKIASIMULATED000000';

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
function treeRssMb(root: number): number {
  const parents = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(d), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let kb = 0;
  for (const pid of tree) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

/** A path without its ARNs, so that the five execution pages count as one kind. */
function pathKind(path: string): string {
  return path.replace(/arn%3Aaws%3Astates%3A[^/?]*%3A(stateMachine|execution)%3A([^/?%]+)(%3A[^/?]*)?/g, (_m, kind: string, name: string) => (kind === 'execution' ? `<${name} execution>` : name));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

async function main() {
  // On a worker thread: its synchronous Insights scans must not stall the clients' own clocks and sockets.
  const sim = await startSimWorker({ seed: 42, profile: 'demo' });
  const app = await startApp(sim.url);
  if (!app.pid) throw new Error('no pid for the app');
  try {
    const sm = (name: string) => encodeURIComponent(`arn:aws:states:us-east-1:123456789012:stateMachine:${name}`);
    const listed = (await (await fetch(`${app.url}/api/state-machines/${sm('billing-standard')}/executions?from=now-1h`)).json()) as { executions: Array<{ executionArn: string }> };
    const executions = listed.executions.slice(0, 5).map((e) => encodeURIComponent(e.executionArn));
    const paths = [
      '/',
      '/ops',
      '/api/overview?from=now-3h',
      '/api/state-machines',
      `/state-machines/${sm('orders-express')}`,
      `/api/state-machines/${sm('orders-express')}/executions?from=now-3h`,
      `/api/state-machines/${sm('billing-standard')}/executions?from=now-3h`,
      ...executions.flatMap((e) => [`/executions/${e}`, `/api/executions/${e}`]),
    ];

    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const latencies: number[] = [];
    const byPath = new Map<string, { ms: number[]; headersMs: number[]; bytes: number }>();
    const rss: Array<[number, number]> = [];
    const t0 = Date.now();
    const deadline = t0 + SECONDS * 1000;
    rss.push([0, treeRssMb(app.pid)]);
    const heap: Array<[number, number, number]> = [];
    const sampler = setInterval(() => {
      const t = Math.round((Date.now() - t0) / 1000);
      rss.push([t, treeRssMb(app.pid!)]);
      fetch(`${app.url}/api/health`)
        .then((r) => r.json() as Promise<{ memory?: { heapUsedMb: number; externalMb: number } }>)
        .then((j) => j.memory && heap.push([t, j.memory.heapUsedMb, j.memory.externalMb]))
        .catch(() => undefined);
    }, 5_000);

    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = c; Date.now() < deadline; i++) {
          const path = paths[i % paths.length]!;
          const started = Date.now();
          let lastBytes = 0;
          let headersAt = NaN;
          try {
            const r = await fetch(`${app.url}${path}`, { signal: AbortSignal.timeout(60_000) });
            headersAt = Date.now();
            const body = await r.text();
            lastBytes = Buffer.byteLength(body);
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            if (r.status >= 500 && failures.length < 20) failures.push(`${r.status} ${path}: ${body.slice(0, 200)}`);
          } catch (e) {
            statuses.set(0, (statuses.get(0) ?? 0) + 1);
            if (failures.length < 20) failures.push(`network error ${path}: ${(e as Error).message} (${String((e as Error & { cause?: unknown }).cause ?? '')})`);
          }
          const ms = Date.now() - started;
          latencies.push(ms);
          const kind = pathKind(path);
          const entry = byPath.get(kind) ?? { ms: [], headersMs: [], bytes: 0 };
          entry.ms.push(ms);
          if (Number.isFinite(headersAt)) entry.headersMs.push(headersAt - started);
          entry.bytes = Math.max(entry.bytes, lastBytes);
          byPath.set(kind, entry);
        }
      }),
    );
    clearInterval(sampler);
    const elapsed = (Date.now() - t0) / 1000;
    rss.push([Math.round(elapsed), treeRssMb(app.pid)]);

    // Idle for 20 s: memory a leak holds stays, memory the load held is given back (or kept by V8's heap).
    await new Promise((r) => setTimeout(r, 20_000));
    const idleRss = treeRssMb(app.pid);
    // What of it is heap still in use (after V8's own collections while idle), by the app's own account.
    const idleMemory = ((await (await fetch(`${app.url}/api/health`)).json()) as { memory?: { heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number } }).memory;
    const log = (await (await fetch(`${sim.url}/__sim/requests?since=${t0}&accessKeyId=${APP_KEY}`)).json()) as { requests: Array<{ action: string; at: number }> };
    const during = log.requests.filter((r) => r.at <= t0 + elapsed * 1000);
    const aws = during.length;
    const byAction = new Map<string, number>();
    for (const r of during) byAction.set(r.action, (byAction.get(r.action) ?? 0) + 1);

    const total = latencies.length;
    console.log(`soak: ${CLIENTS} clients × ${elapsed.toFixed(0)} s over ${paths.length} paths (pages and API), loopback; node ${process.version}`);
    console.log(`  requests        ${total.toLocaleString('en-US')} (${(total / elapsed).toFixed(1)}/s)`);
    console.log(`  statuses        ${[...statuses].map(([s, n]) => `${s || 'network error'}: ${n}`).join(', ')}`);
    console.log(`  latency         p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms, max ${Math.max(...latencies)} ms`);
    console.log(
      `  by path         whole body p50 / p95, first byte p50 (a streamed page sends its frame first), largest body:\n${[...byPath]
        .map(([k, v]) => `    ${k.padEnd(38)} ${pct(v.ms, 50)} / ${pct(v.ms, 95)} ms, first byte ${pct(v.headersMs, 50)} ms  (${(v.bytes / 1024).toFixed(0)} KiB) × ${v.ms.length}`)
        .join('\n')}`,
    );
    console.log(`  server RSS MB   ${rss.map(([t, mb]) => `${t}s ${mb.toFixed(0)}`).join(' · ')} · after 20 s idle ${idleRss.toFixed(0)}`);
    if (heap.length > 0) console.log(`  server heap MB  in use (+ outside the heap): ${heap.map(([t, mb, ext]) => `${t}s ${mb} (+${ext})`).join(' · ')}`);
    if (idleMemory) {
      console.log(
        `  server heap MB  after 20 s idle: ${idleMemory.heapUsedMb} in use of ${idleMemory.heapTotalMb}; outside the heap ${idleMemory.externalMb} (array buffers ${idleMemory.arrayBuffersMb}), freed at V8's next collection`,
      );
    }
    console.log(`  AWS requests    ${aws} in ${elapsed.toFixed(0)} s (${(aws / elapsed).toFixed(1)}/s, ${((aws / total) * 100).toFixed(2)} per 100 dashboard requests)`);
    console.log(`  by action       ${[...byAction].sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a} ${n}`).join(', ')}`);
    if (failures.length) {
      console.log(`  5xx / errors (first ${failures.length}):\n    ${failures.join('\n    ')}`);
      const logged = app.output().split('\n').filter((l) => /error|fail|warn/i.test(l) && !/NodeVersionSupportWarning/.test(l));
      console.log(`  the server's own log: ${logged.length === 0 ? 'no error lines' : `\n    ${logged.slice(-20).join('\n    ')}`}`);
    }
  } finally {
    await app.stop();
    await sim.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
