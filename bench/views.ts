// Benchmark: what each view costs AWS and how long the server takes, on the bench profile of the
// simulated account (over 1,000,000 executions in the last 3 hours across the profile's nine state machines).
//   node --import tsx bench/views.ts [--sm payments-express-tf76] [--viewers 50] [--cold 2] [--warm 20]
//        [--exec-cold 5] [--exec-warm 10] [--samples 20] [--seed 42] [--no-build] [--max-minutes 25]
// Starts the simulated account on a loopback port (on a worker thread of this process: the simulator
// computes Logs Insights queries synchronously) and the built app (`next start`, build folder
// SFN_LENS_DIST_DIR, default .next-bench, built there when missing or older than the sources), then
// prints one table:
//   1. AWS requests (the simulator's request log, by action) and Logs Insights bytes scanned per view —
//      executions view, execution view, overview — beside two baselines the bench runs itself with the
//      AWS SDK: (a) one FilterLogEvents lookup per execution (sampled, extrapolated), (b) a console-style
//      full-window Logs Insights scan of the log group;
//   2. the execution and executions views with and without a field index on `execution_arn`;
//   3. server time (loopback request → full body) p50/p95, cold (first request for a window) and warm
//      (repeated within the 15 s shared-read TTL);
//   4. 1 vs N concurrent viewers of /api/overview and of /api/state-machines/{arn}/executions?from=now-3h;
//   5. the `next start` process's RSS at the end of the concurrency run.
// Timings are medians/percentiles of few runs on whatever machine this is: never asserted.

import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetQueryResultsCommand, StartQueryCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startApp } from '../tests/support/app-server';
import { APP_KEY, groundTruth, sdkClients } from '../tests/support/sim-client';
import { benchArgs, intOption } from './args';
import { startSimWorker, type SimWorker } from './sim-worker';
import type { ScanTotals } from './views-sim-worker';

// ---- arguments ----------------------------------------------------------------------------------

const args = benchArgs(
  'usage: node --import tsx bench/views.ts [--sm payments-express-tf76] [--viewers 50] [--cold 2] [--warm 20] [--exec-cold 5] [--exec-warm 10] [--samples 20] [--seed 42] [--no-build] [--max-minutes 25]',
  {
    sm: { type: 'string', default: 'payments-express-tf76' },
    seed: { type: 'string', default: '42' },
    viewers: { type: 'string', default: '50' },
    cold: { type: 'string', default: '2' },
    warm: { type: 'string', default: '20' },
    'exec-cold': { type: 'string', default: '5' },
    'exec-warm': { type: 'string', default: '10' },
    samples: { type: 'string', default: '20' },
    'max-minutes': { type: 'string', default: '25' },
    'no-build': { type: 'boolean', default: false },
  },
);
const SUBJECT = args.sm;
const SEED = intOption('seed', args.seed, 0, 2 ** 31);
const VIEWERS = intOption('viewers', args.viewers, 1, 500);
const COLD = intOption('cold', args.cold, 1, 10);
const WARM = intOption('warm', args.warm, 0, 200);
const EXEC_COLD = intOption('exec-cold', args['exec-cold'], 1, 50);
const EXEC_WARM = intOption('exec-warm', args['exec-warm'], 0, 200);
const SAMPLES = intOption('samples', args.samples, 1, 200);
const MAX_MINUTES = intOption('max-minutes', args['max-minutes'], 1, 120);
const BUILD = !args['no-build'];

const ROOT = path.resolve(__dirname, '..');
const HOUR = 3600_000;
const WINDOW_MS = 3 * HOUR;
/** The app's shared-read TTL (lib/server/shared-reads.ts) and its state machine list's. */
const SHARED_TTL_MS = 15_000;
const STATE_MACHINES_TTL_MS = 60_000;
const TERMINAL = ['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut'];
/**
 * The simulator answers nothing while it computes a query (a minute or more for a 3-hour scan of the
 * biggest group): with the default 10 s request timeout the app's other reads would time out meanwhile,
 * which real AWS does not cause. The bench raises both timeouts and says so in its output.
 */
const APP_ENV = { SFN_LENS_REQUEST_TIMEOUT_MS: '120000', SFN_LENS_QUERY_TIMEOUT_MS: '900000' };

process.env.SFN_LENS_DIST_DIR ??= '.next-bench';
const DIST = process.env.SFN_LENS_DIST_DIR;

const log = (msg: string) => process.stderr.write(`[bench/views ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- cleanup ------------------------------------------------------------------------------------

const cleanups: Array<() => Promise<void> | void> = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch {
        // best effort: the rest still runs
      }
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping children`);
    void cleanup().then(() => process.exit(130));
  });
}

// ---- the build ----------------------------------------------------------------------------------

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function ensureBuild(): Promise<string> {
  const buildId = path.join(ROOT, DIST, 'BUILD_ID');
  const sources = Math.max(...['app', 'components', 'lib'].map((d) => newestMtime(path.join(ROOT, d))), statSync(path.join(ROOT, 'package-lock.json')).mtimeMs, statSync(path.join(ROOT, 'proxy.ts')).mtimeMs);
  const fresh = existsSync(buildId) && statSync(buildId).mtimeMs >= sources;
  if (!fresh) {
    // Never into .next: another process may be serving it.
    if (!BUILD || path.normalize(DIST) === '.next') {
      if (!existsSync(buildId)) throw new Error(`No build in ${DIST}: run \`SFN_LENS_DIST_DIR=.next-bench npx next build\` first.`);
      log(`warning: the build in ${DIST} is older than the sources (measuring it anyway)`);
    } else {
      log(`building the app into ${DIST} (missing or older than the sources)…`);
      await new Promise<void>((resolve, reject) => {
        const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'next'), ['build'], {
          cwd: ROOT,
          env: { ...process.env, SFN_LENS_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: '1' },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        cleanups.push(() => {
          if (child.exitCode === null) child.kill('SIGTERM');
        });
        child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
      });
    }
  }
  return readFileSync(buildId, 'utf8').trim();
}

function gitState(): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('git', ['status', '--porcelain', '--', 'app', 'components', 'lib', 'proxy.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', () => {
      const head = spawn('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
      let sha = '';
      head.stdout.on('data', (c: Buffer) => (sha += c.toString()));
      head.once('exit', () => resolve(`${sha.trim() || 'unknown'}${out.trim() ? ' + uncommitted changes in app/lib/components' : ''}`));
      head.once('error', () => resolve('unknown'));
    });
    child.once('error', () => resolve('unknown'));
  });
}

// ---- measuring ----------------------------------------------------------------------------------

interface Counted {
  byAction: Record<string, number>;
  total: number;
  scan: ScanTotals;
}

let sim: SimWorker;
let appUrl = '';

/**
 * One HTTP request over loopback, without fetch's 300 s header timeout: while the simulator computes a
 * long query it answers nothing for minutes, and that is not an error here.
 */
function httpCall(url: string, opts: { method?: string; body?: string; timeoutMs?: number } = {}): Promise<{ status: number; text: string; contentType: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? '') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(opts.timeoutMs ?? 20 * 60_000, () => req.destroy(new Error(`no answer from ${url} within ${(opts.timeoutMs ?? 20 * 60_000) / 1000} s`)));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

async function simJson<T>(p: string, init: { method?: string; body?: string } = {}): Promise<T> {
  const r = await httpCall(`${sim.url}${p}`, init);
  if (r.status < 200 || r.status >= 300) throw new Error(`${p}: ${r.status} ${r.text}`);
  return JSON.parse(r.text) as T;
}

/** Starts counting from zero: the simulator's request log and its Insights totals. */
async function resetCounts(): Promise<void> {
  await simJson('/__sim/requests', { method: 'DELETE' });
  await sim.call({ type: 'scan', reset: true });
}

async function appCounts(): Promise<Record<string, number>> {
  // `counts` is everything since the last reset; `since` in the future keeps the request list empty.
  const r = await simJson<{ counts: Record<string, number> }>(`/__sim/requests?since=${Date.now() + 86_400_000}&accessKeyId=${APP_KEY}`);
  return r.counts;
}

async function counted(): Promise<Counted> {
  const byAction = await appCounts();
  const scan = await sim.call<ScanTotals>({ type: 'scan' });
  return { byAction, total: Object.values(byAction).reduce((a, b) => a + b, 0), scan };
}

/**
 * Waits until the app has made no AWS request for `quietMs` while the simulator answered promptly
 * (a busy simulator holds requests back, so its silence would mean nothing). Returns when the last
 * request was seen.
 */
async function quiesce(quietMs = 4_000, maxMs = 20 * 60_000): Promise<number> {
  const deadline = Date.now() + maxMs;
  let lastTotal = -1;
  let lastActivity = Date.now();
  for (;;) {
    const t0 = Date.now();
    const counts = await appCounts();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total !== lastTotal || Date.now() - t0 > 1_000) {
      lastTotal = total;
      lastActivity = Date.now();
    }
    if (Date.now() - lastActivity >= quietMs) return lastActivity;
    if (Date.now() > deadline) throw new Error('the app kept calling AWS past the deadline');
    await sleep(400);
  }
}

interface Response {
  ms: number;
  status: number;
  size: number;
  json: unknown;
}

async function get(p: string): Promise<Response> {
  const t0 = performance.now();
  const r = await httpCall(`${appUrl}${p}`);
  const ms = performance.now() - t0;
  let json: unknown = null;
  if (r.contentType.includes('json')) {
    try {
      json = JSON.parse(r.text);
    } catch {
      json = null;
    }
  }
  return { ms, status: r.status, size: r.text.length, json };
}

function partialCount(json: unknown): number {
  const j = json as { partial?: unknown[]; stateMachines?: Array<{ summary?: { partial?: unknown[] } }> } | null;
  if (!j) return 0;
  return (j.partial?.length ?? 0) + (j.stateMachines ?? []).reduce((a, e) => a + (e.summary?.partial?.length ?? 0), 0);
}

function pendingCount(json: unknown): number {
  const j = json as { stateMachines?: Array<{ state: string }> } | null;
  return (j?.stateMachines ?? []).filter((e) => e.state === 'pending').length;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

// ---- the table ----------------------------------------------------------------------------------

interface Row {
  section: string;
  view: string;
  run: string;
  n: number | null;
  requests: number | null;
  bytes: number | null;
  reqRatio: string;
  bytesRatio: string;
  p50: number | null;
  p95: number | null;
  detail: string;
}
const rows: Row[] = [];
const notes: string[] = [];

function add(r: Partial<Row> & Pick<Row, 'section' | 'view' | 'run'>): void {
  rows.push({ n: null, requests: null, bytes: null, reqRatio: '', bytesRatio: '', p50: null, p95: null, detail: '', ...r });
}

const fmtInt = (n: number | null) => (n === null || Number.isNaN(n) ? '—' : Math.round(n).toLocaleString('en-US'));
function fmtBytes(b: number | null): string {
  if (b === null) return '—';
  if (b < 1024) return `${b} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = b / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
function ratio(a: number | null, b: number | null): string {
  if (a === null || b === null || b === 0) return '—';
  const r = a / b;
  if (r === 0) return '0×';
  return r >= 100 ? `${Math.round(r).toLocaleString('en-US')}×` : r >= 0.01 ? `${r.toFixed(r < 1 ? 3 : 2)}×` : `${r.toExponential(1)}×`;
}
function byActionText(byAction: Record<string, number>): string {
  return Object.entries(byAction)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k.replace(/^(states|logs|cloudwatch|iam):/, '')} ${v}`)
    .join(', ');
}

function printTable(header: string[]): void {
  const cols: Array<[string, (r: Row) => string, 'l' | 'r']> = [
    ['§', (r) => r.section, 'l'],
    ['view', (r) => r.view, 'l'],
    ['run', (r) => r.run, 'l'],
    ['n', (r) => (r.n === null ? '' : String(r.n)), 'r'],
    ['AWS requests', (r) => fmtInt(r.requests), 'r'],
    ['Insights scanned', (r) => fmtBytes(r.bytes), 'r'],
    ['req ÷ (a)', (r) => r.reqRatio, 'r'],
    ['bytes ÷ (b)', (r) => r.bytesRatio, 'r'],
    ['p50 ms', (r) => (r.p50 === null ? '' : fmtInt(r.p50)), 'r'],
    ['p95 ms', (r) => (r.p95 === null ? '' : fmtInt(r.p95)), 'r'],
    ['requests by action / notes', (r) => r.detail, 'l'],
  ];
  const widths = cols.map(([h, f]) => Math.max(h.length, ...rows.map((r) => f(r).length)));
  const line = (cells: string[]) => cells.map((c, i) => (cols[i]?.[2] === 'r' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const out: string[] = [...header, ''];
  out.push(line(cols.map(([h]) => h)));
  out.push(line(widths.map((w) => '-'.repeat(w))));
  let prev = '';
  for (const r of rows) {
    if (prev && r.section !== prev) out.push('');
    prev = r.section;
    out.push(line(cols.map(([, f]) => f(r))));
  }
  if (notes.length) out.push('', ...notes.map((n, i) => `(${i + 1}) ${n}`));
  console.log(out.join('\n'));
}

// ---- machine ------------------------------------------------------------------------------------

function machine(): string {
  let model = 'unknown CPU';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    model = os.cpus()[0]?.model ?? model;
  }
  return `${model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

function rssOf(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rssKb: Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? NaN), hwmKb: Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? NaN) };
  } catch {
    return null;
  }
}
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) {
      if (pp !== p) continue;
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

// ---- baselines (the bench's own SDK calls, signed with the harness key) ---------------------------

async function insightsScan(logs: ReturnType<typeof sdkClients>['logs'], group: string, query: string, from: number, to: number) {
  const t0 = performance.now();
  const started = await logs.send(new StartQueryCommand({ logGroupNames: [group], queryString: query, startTime: Math.floor(from / 1000), endTime: Math.ceil(to / 1000), limit: 10_000 }));
  let requests = 1;
  for (;;) {
    await sleep(250);
    const out = await logs.send(new GetQueryResultsCommand({ queryId: started.queryId }));
    requests++;
    if (out.status === 'Complete' || out.status === 'Failed' || out.status === 'Cancelled' || out.status === 'Timeout') {
      return { status: out.status, requests, bytes: out.statistics?.bytesScanned ?? 0, skipped: out.statistics?.estimatedBytesSkipped ?? 0, rows: out.results?.length ?? 0, ms: performance.now() - t0 };
    }
  }
}

async function filterLookup(logs: ReturnType<typeof sdkClients>['logs'], group: string, arn: string, from: number, to: number) {
  let pages = 0;
  let events = 0;
  let nextToken: string | undefined;
  const t0 = performance.now();
  do {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: `{ $.execution_arn = "${arn}" }`, startTime: from, endTime: to, nextToken }));
    pages++;
    events += out.events?.length ?? 0;
    nextToken = out.nextToken;
  } while (nextToken && pages < 1_000);
  return { pages, events, ms: performance.now() - t0 };
}

// ---- main ---------------------------------------------------------------------------------------

async function main() {
  const startedAt = Date.now();
  const deadline = setTimeout(() => {
    log(`stopped: the bench ran over --max-minutes ${MAX_MINUTES}`);
    if (rows.length) printTable(['(incomplete: the bench hit its deadline)']);
    else if (coldRows.length) console.log(['(incomplete: the bench hit its deadline)', ...coldViewsTable()].join('\n'));
    void cleanup().then(() => process.exit(1));
  }, MAX_MINUTES * 60_000);
  deadline.unref();

  const loadStart = loadavg();
  const buildId = await ensureBuild();
  const git = await gitState();

  log('starting the simulated account (bench profile)…');
  sim = await startSimWorker({ seed: SEED, profile: 'bench' });
  cleanups.push(() => sim.stop());
  const subject = sim.stateMachines.find((s) => s.name === SUBJECT);
  if (!subject?.logGroupName) throw new Error(`--sm ${SUBJECT}: no such state machine with a log group (${sim.stateMachines.map((s) => s.name).join(', ')})`);
  const group = subject.logGroupName;

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sfn-lens-bench-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  log(`starting the app (${DIST}) against ${sim.url}…`);
  const app = await startApp(sim.url, { ...APP_ENV, SFN_LENS_DATA_DIR: dataDir });
  cleanups.push(() => app.stop());
  appUrl = app.url;

  const now0 = Date.now();
  const perSm = await sim.call<Record<string, number>>({ type: 'count', from: now0 - WINDOW_MS, to: now0 });
  const totalExecutions = Object.values(perSm).reduce((a, b) => a + b, 0);
  const subjectExecutions = perSm[SUBJECT] ?? 0;
  const loggedExecutions = sim.stateMachines.filter((s) => s.logGroupName).reduce((a, s) => a + (perSm[s.name] ?? 0), 0);

  const { logs } = sdkClients(sim.url);
  cleanups.push(() => logs.destroy());
  const encSm = encodeURIComponent(subject.arn);
  const execUrl = (arn: string, qs = '') => `/api/executions/${encodeURIComponent(arn)}${qs}`;
  const listUrl = (qs = '') => `/api/state-machines/${encSm}/executions${qs}`;
  const iso = (ms: number) => new Date(ms).toISOString();

  // Executions to open: spread over the window, settled (logs delivered) and away from its edges.
  const samples: string[] = [];
  for (let i = 0; i < SAMPLES && samples.length < SAMPLES; i++) {
    const t = now0 - WINDOW_MS + 10 * 60_000 + Math.floor(((WINDOW_MS - 25 * 60_000) * i) / SAMPLES);
    const truth = await groundTruth(sim.url, SUBJECT, t, t + 5_000, 5);
    const pick = truth.find((x) => x.loggedEvents > 0 && x.dropMode === 'none' && !x.parentArn);
    if (pick) samples.push(pick.executionArn);
  }
  if (samples.length === 0) throw new Error(`no settled executions of ${SUBJECT} to open`);
  // One execution whose terminal event was dropped: the sources disagree, so the view reads neighbours.
  let disagreeing: string | null = null;
  for (let i = 0; i < SAMPLES && !disagreeing; i++) {
    const t = now0 - WINDOW_MS + 20 * 60_000 + Math.floor(((WINDOW_MS - 40 * 60_000) * i) / SAMPLES);
    const truth = await groundTruth(sim.url, SUBJECT, t, t + 60_000, 2_000);
    disagreeing = truth.find((x) => x.dropMode === 'terminal' && !x.parentArn)?.executionArn ?? null;
  }

  // Warm-up: load the routes' code and the SDK clients (not counted).
  log('warming up the app…');
  await get(`/api/executions/${encodeURIComponent(samples[0] ?? '')}`);
  await get(listUrl(`?from=${iso(now0 - 10 * 60_000)}&to=${iso(now0 - 5 * 60_000)}`));
  await quiesce(2_000);

  // ---- §1 baselines -------------------------------------------------------------------------------
  log(`baseline (a): FilterLogEvents per execution, ${samples.length} sampled executions of ${SUBJECT}…`);
  await resetCounts();
  const lookups = [];
  for (const arn of samples) lookups.push(await filterLookup(logs, group, arn, now0 - WINDOW_MS, now0));
  const meanPages = lookups.reduce((a, l) => a + l.pages, 0) / lookups.length;
  const lookupMs = lookups.map((l) => l.ms);
  const aExecutions = Math.round(subjectExecutions * meanPages);
  const aOverview = Math.round(loggedExecutions * meanPages);

  log(`baseline (b): console-style full-window Logs Insights scan of ${group}…`);
  const bList = await insightsScan(logs, group, `fields @timestamp, @message | filter type in ["ExecutionStarted", ${TERMINAL.map((t) => `"${t}"`).join(', ')}] | sort @timestamp desc | limit 10000`, now0 - WINDOW_MS, now0);
  const consoleExec = (arn: string) => `fields @timestamp, @message | filter execution_arn = "${arn}" | sort @timestamp desc | limit 10000`;
  const bExec = await insightsScan(logs, group, consoleExec(samples[0] ?? ''), now0 - WINDOW_MS, now0);

  // ---- §1/§3 executions view, no index -------------------------------------------------------------
  const coldListMs: number[] = [];
  log(`executions view of ${SUBJECT}, default window (last 3 h), cold…`);
  await quiesce(1_000);
  await resetCounts();
  const list0 = await get(listUrl());
  await quiesce(1_500);
  const listCost = await counted();
  coldListMs.push(list0.ms);
  const listRows = (list0.json as { executions?: unknown[] } | null)?.executions?.length ?? 0;
  log(`  → ${list0.status}, ${fmtInt(list0.ms)} ms, ${listCost.total} AWS requests, ${fmtBytes(listCost.scan.bytesScanned)} scanned`);
  const listLimitReached = Boolean((list0.json as { limits?: { logRowsLimitReached?: boolean } } | null)?.limits?.logRowsLimitReached);

  log(`executions view: ${WARM} warm repeats within the ${SHARED_TTL_MS / 1000} s shared-read TTL…`);
  await resetCounts();
  const warmListMs: number[] = [];
  const warmStart = Date.now();
  for (let i = 0; i < WARM && Date.now() - warmStart < SHARED_TTL_MS - 4_000; i++) warmListMs.push((await get(listUrl())).ms);
  const warmListCost = await counted();

  for (let i = 1; i < COLD; i++) {
    log(`executions view cold #${i + 1} (distinct 3 h window)…`);
    await quiesce(1_000);
    const to = Date.now() - i * 60_000;
    coldListMs.push((await get(listUrl(`?from=${iso(to - WINDOW_MS)}&to=${iso(to)}`))).ms);
  }

  // ---- §1/§3 execution view, no index ---------------------------------------------------------------
  log(`execution view: ${EXEC_COLD} cold (distinct executions), ${EXEC_WARM} warm…`);
  await quiesce(1_000);
  const coldOneMs: number[] = [];
  let oneCost: Counted | null = null;
  let onePartial = 0;
  for (let i = 0; i < EXEC_COLD; i++) {
    const arn = samples[(i + 1) % samples.length] ?? '';
    await resetCounts();
    const r = await get(execUrl(arn));
    coldOneMs.push(r.ms);
    if (i === 0) {
      await quiesce(1_000);
      oneCost = await counted();
      onePartial = partialCount(r.json);
    }
  }
  let dropCost: Counted | null = null;
  let dropCause = '';
  if (disagreeing) {
    await resetCounts();
    const r = await get(execUrl(disagreeing));
    await quiesce(1_000);
    dropCost = await counted();
    dropCause = (r.json as { verdict?: { cause?: string } } | null)?.verdict?.cause ?? `status ${r.status}`;
  }
  await resetCounts();
  const warmOneMs: number[] = [];
  const warmOneStart = Date.now();
  for (let i = 0; i < EXEC_WARM && Date.now() - warmOneStart < SHARED_TTL_MS - 2_000; i++) warmOneMs.push((await get(execUrl(samples[1 % samples.length] ?? ''))).ms);
  const warmOneCost = await counted();
  log(`  → cold ${coldOneMs.map((x) => fmtInt(x)).join(', ')} ms; ${oneCost?.total ?? '?'} AWS requests, ${fmtBytes(oneCost?.scan.bytesScanned ?? null)} scanned`);

  // ---- §2 with a field index on execution_arn ----------------------------------------------------------
  log(`field index on execution_arn for ${group}…`);
  await simJson('/__sim/index-policies', { method: 'PUT', body: JSON.stringify({ logGroupName: group, fields: ['execution_arn'] }) });
  const bExecIndexed = await insightsScan(logs, group, consoleExec(samples[0] ?? ''), Date.now() - WINDOW_MS, Date.now());
  await quiesce(1_000);
  await resetCounts();
  const toIdx = Date.now() - 30_000;
  const listIdx = await get(listUrl(`?from=${iso(toIdx - WINDOW_MS)}&to=${iso(toIdx)}`));
  await quiesce(1_500);
  const listIdxCost = await counted();
  await resetCounts();
  const oneIdx = await get(execUrl(samples[2 % samples.length] ?? ''));
  await quiesce(1_000);
  const oneIdxCost = await counted();
  let dropIdxCost: Counted | null = null;
  if (disagreeing) {
    await resetCounts();
    // Its own window hint, so the shared read of the unindexed view does not answer.
    await get(execUrl(disagreeing, `?from=${iso(now0 - WINDOW_MS - 60_000)}&to=${iso(now0 - 60_000)}`));
    await quiesce(1_000);
    dropIdxCost = await counted();
  }
  await simJson('/__sim/index-policies', { method: 'PUT', body: JSON.stringify({ logGroupName: group, fields: [] }) });

  // ---- §0 with a `type` index whose policy predates the window (issue #18) ---------------------------
  // Put an hour before the window: every event of it is indexed (docs/aws-behaviour.md §11.1), so the
  // per-minute counts read the settled minutes through filterIndex.
  log(`field index on execution_arn and type for ${group}, its policy older than the window…`);
  await simJson('/__sim/index-policies', { method: 'PUT', body: JSON.stringify({ logGroupName: group, fields: ['execution_arn', 'type'], lastUpdateTime: now0 - WINDOW_MS - HOUR }) });
  await quiesce(1_000);
  await resetCounts();
  const toType = Date.now() - 90_000;
  const listType = await get(listUrl(`?from=${iso(toType - WINDOW_MS)}&to=${iso(toType)}`));
  await quiesce(1_500);
  const listTypeCost = await counted();
  log(`  → ${listType.status}, ${fmtInt(listType.ms)} ms, ${listTypeCost.total} AWS requests, ${fmtBytes(listTypeCost.scan.bytesScanned)} scanned`);
  await simJson('/__sim/index-policies', { method: 'PUT', body: JSON.stringify({ logGroupName: group, fields: [] }) });

  // A shared read is kept for the TTL or as long as it took, whichever is longer (lib/server/shared-reads.ts):
  // a "cold" run waits that long after the last activity.
  let longestReadMs = Math.max(SHARED_TTL_MS, ...coldListMs);
  const coldAfter = (last: number) => sleep(Math.max(0, last + longestReadMs + 2_000 - Date.now()));

  // ---- §1/§3 overview (1 viewer, cold) = §4's one viewer ----------------------------------------------
  const overviewRun = async (viewers: number, label: string) => {
    log(`overview, ${label}: ${viewers} viewer(s)…`);
    const last = await quiesce(2_000);
    // Cold: no state machine's shared read of this range may still be fresh.
    await coldAfter(last);
    await resetCounts();
    const t0 = Date.now();
    const responses = await Promise.all(Array.from({ length: viewers }, () => get('/api/overview')));
    const lastActivity = await quiesce(4_000);
    const cost = await counted();
    const check = await get('/api/overview');
    return { responses, completeMs: lastActivity - t0, cost, check, t0 };
  };
  const ov1 = await overviewRun(1, 'cold');
  longestReadMs = Math.max(longestReadMs, ov1.completeMs);
  log(`  → answered ${fmtInt(ov1.responses[0]?.ms ?? null)} ms, all read after ${fmtInt(ov1.completeMs)} ms, ${ov1.cost.total} AWS requests, ${fmtBytes(ov1.cost.scan.bytesScanned)} scanned`);
  // Issue #18's figures as soon as they are all measured: a run cut by --max-minutes still prints them.
  coldRows.push(
    { view: `executions (${SUBJECT}, 3 h)`, run: 'no index', firstMs: list0.ms, completeMs: list0.ms, requests: listCost.total, bytes: listCost.scan.bytesScanned, consoleBytes: bList.bytes, perMinute: perMinuteBytes(list0.json) },
    { view: `executions (${SUBJECT}, 3 h)`, run: 'type + execution_arn index, older than the window', firstMs: listType.ms, completeMs: listType.ms, requests: listTypeCost.total, bytes: listTypeCost.scan.bytesScanned, consoleBytes: bList.bytes, perMinute: perMinuteBytes(listType.json) },
    { view: 'overview (all state machines, 3 h)', run: 'no index, 1 viewer', firstMs: ov1.responses[0]?.ms ?? null, completeMs: ov1.completeMs, requests: ov1.cost.total, bytes: ov1.cost.scan.bytesScanned, consoleBytes: null, perMinute: null },
  );
  for (const l of coldViewsTable()) log(l);
  log(`overview: ${WARM} warm repeats…`);
  await resetCounts();
  const warmOvMs: number[] = [];
  const warmOvStart = Date.now();
  for (let i = 0; i < WARM && Date.now() - warmOvStart < 6_000; i++) warmOvMs.push((await get('/api/overview')).ms);
  const warmOvCost = await counted();

  // ---- §4 one executions page, 1 vs N viewers ----------------------------------------------------------
  const pageRun = async (viewers: number) => {
    log(`executions page ?from=now-3h: ${viewers} viewer(s)…`);
    const last = await quiesce(2_000);
    // A cold read: the shared entry of this range must have expired.
    await coldAfter(last);
    await resetCounts();
    const responses = await Promise.all(Array.from({ length: viewers }, () => get(listUrl('?from=now-3h'))));
    await quiesce(1_500);
    return { responses, cost: await counted() };
  };
  const page1 = await pageRun(1);
  const pageN = await pageRun(VIEWERS);
  log(`  → page: 1 viewer ${page1.cost.total} AWS requests, ${VIEWERS} viewers ${pageN.cost.total}`);

  // The state machine list is shared for 60 s: the N-viewer overview starts with it expired, like the first.
  await sleep(Math.max(0, ov1.t0 + STATE_MACHINES_TTL_MS + 2_000 - Date.now()));
  const ovN = await overviewRun(VIEWERS, 'cold');
  const rss = app.pid ? rssOf(app.pid) : null;
  const kids = app.pid ? descendants(app.pid) : [];
  const kidsRss = kids.map((k) => rssOf(k)?.rssKb ?? 0).reduce((a, b) => a + b, 0);

  // ---- the table -----------------------------------------------------------------------------------
  // The executions API answers once, whole: its first useful answer is its answer (the page shows the
  // read's progress meanwhile). The cold rows were filled in after the cold overview, above.
  const S1 = '1 cost';
  const S2 = '2 index';
  const S3 = '3 time';
  const S4 = '4 viewers';
  const S5 = '5 memory';
  const smLabel = SUBJECT;
  const execLabel = `execution view (${smLabel})`;
  const listLabel = `executions view (${smLabel}, 3 h)`;
  add({
    section: S1,
    view: listLabel,
    run: 'sfn-lens, cold',
    n: 1,
    requests: listCost.total,
    bytes: listCost.scan.bytesScanned,
    reqRatio: ratio(listCost.total, aExecutions),
    bytesRatio: ratio(listCost.scan.bytesScanned, bList.bytes),
    detail: `${byActionText(listCost.byAction)}; ${listRows.toLocaleString('en-US')} rows${listLimitReached ? ' (10,000-row limit reached)' : ''}; partial reads ${partialCount(list0.json)}; status ${list0.status}`,
  });
  add({
    section: S1,
    view: listLabel,
    run: '(a) FilterLogEvents per execution',
    n: lookups.length,
    requests: aExecutions,
    detail: `${subjectExecutions.toLocaleString('en-US')} executions × ${meanPages.toFixed(2)} pages (mean of ${lookups.length} sampled lookups, ${fmtInt(percentile(lookupMs, 50))} ms each); at the 5 TPS FilterLogEvents quota: ${(aExecutions / 5 / 3600).toFixed(1)} h`,
  });
  add({
    section: S1,
    view: listLabel,
    run: '(b) console full-window Insights scan',
    n: 1,
    requests: bList.requests,
    bytes: bList.bytes,
    p50: bList.ms,
    detail: `StartQuery 1, GetQueryResults ${bList.requests - 1}; fields @timestamp, @message | filter type in [start+terminal] | sort @timestamp desc; ${bList.status}`,
  });
  if (oneCost) {
    add({
      section: S1,
      view: execLabel,
      run: 'sfn-lens, cold',
      n: 1,
      requests: oneCost.total,
      bytes: oneCost.scan.bytesScanned,
      reqRatio: ratio(oneCost.total, lookups[1 % lookups.length]?.pages ?? null),
      bytesRatio: ratio(oneCost.scan.bytesScanned, bExec.bytes),
      detail: `${byActionText(oneCost.byAction)}; partial reads ${onePartial}`,
    });
  }
  if (dropCost) {
    add({
      section: S1,
      view: execLabel,
      run: 'sfn-lens, cold, a disagreeing execution',
      n: 1,
      requests: dropCost.total,
      bytes: dropCost.scan.bytesScanned,
      bytesRatio: ratio(dropCost.scan.bytesScanned, bExec.bytes),
      detail: `terminal event dropped (verdict ${dropCause}): neighbours read around it; ${byActionText(dropCost.byAction)}`,
    });
  }
  add({ section: S1, view: execLabel, run: '(a) one FilterLogEvents lookup', n: lookups.length, requests: meanPages, p50: percentile(lookupMs, 50), p95: percentile(lookupMs, 95), detail: `pages per lookup over the 3 h window (mean); ${fmtInt(lookups.reduce((a, l) => a + l.events, 0) / lookups.length)} events each` });
  add({ section: S1, view: execLabel, run: '(b) console Insights scan for one ARN', n: 1, requests: bExec.requests, bytes: bExec.bytes, p50: bExec.ms, detail: `fields @timestamp, @message | filter execution_arn = "…" | sort @timestamp desc, 3 h, no index; ${bExec.status}` });
  add({
    section: S1,
    view: 'overview (all state machines, 3 h)',
    run: 'sfn-lens, cold, 1 viewer',
    n: 1,
    requests: ov1.cost.total,
    bytes: ov1.cost.scan.bytesScanned,
    reqRatio: ratio(ov1.cost.total, aOverview),
    detail: `${byActionText(ov1.cost.byAction)}; ${ov1.cost.scan.queries} queries; answered in ${fmtInt(ov1.responses[0]?.ms ?? null)} ms with ${pendingCount(ov1.responses[0]?.json)} pending, all read after ${fmtInt(ov1.completeMs)} ms; partial reads ${partialCount(ov1.check.json)}, pending at the check ${pendingCount(ov1.check.json)}`,
  });
  add({ section: S1, view: 'overview (all state machines, 3 h)', run: '(a) FilterLogEvents per execution', requests: aOverview, detail: `${loggedExecutions.toLocaleString('en-US')} executions of state machines with a log group × ${meanPages.toFixed(2)} pages; (b) not run (it would scan every group)` });

  add({ section: S2, view: listLabel, run: 'no index (above)', n: 1, requests: listCost.total, bytes: listCost.scan.bytesScanned, detail: `DescribeIndexPolicies ${listCost.byAction['logs:DescribeIndexPolicies'] ?? 0}` });
  add({
    section: S2,
    view: listLabel,
    run: 'index on execution_arn',
    n: 1,
    requests: listIdxCost.total,
    bytes: listIdxCost.scan.bytesScanned,
    bytesRatio: `${ratio(listIdxCost.scan.bytesScanned, listCost.scan.bytesScanned)} of no-index`,
    p50: listIdx.ms,
    detail: `skipped ${fmtBytes(listIdxCost.scan.estimatedBytesSkipped)}; DescribeIndexPolicies ${listIdxCost.byAction['logs:DescribeIndexPolicies'] ?? 0}; ${byActionText(listIdxCost.byAction)}`,
  });
  if (oneCost) add({ section: S2, view: execLabel, run: 'no index (above)', n: 1, requests: oneCost.total, bytes: oneCost.scan.bytesScanned, detail: `DescribeIndexPolicies ${oneCost.byAction['logs:DescribeIndexPolicies'] ?? 0}` });
  add({
    section: S2,
    view: execLabel,
    run: 'index on execution_arn',
    n: 1,
    requests: oneIdxCost.total,
    bytes: oneIdxCost.scan.bytesScanned,
    bytesRatio: `${ratio(oneIdxCost.scan.bytesScanned, bExec.bytes)} of (b) unindexed`,
    p50: oneIdx.ms,
    detail: `events read through the index (filterIndex); skipped ${fmtBytes(oneIdxCost.scan.estimatedBytesSkipped)}; DescribeIndexPolicies ${oneIdxCost.byAction['logs:DescribeIndexPolicies'] ?? 0}; ${byActionText(oneIdxCost.byAction)}`,
  });
  if (dropIdxCost) {
    add({
      section: S2,
      view: execLabel,
      run: 'index on execution_arn, a disagreeing execution',
      n: 1,
      requests: dropIdxCost.total,
      bytes: dropIdxCost.scan.bytesScanned,
      bytesRatio: `${ratio(dropIdxCost.scan.bytesScanned, bExec.bytes)} of (b) unindexed`,
      detail: `its events through the index + neighbours around it (no index helps those); ${byActionText(dropIdxCost.byAction)}`,
    });
  }
  add({ section: S2, view: execLabel, run: '(b) console scan for one ARN, indexed', n: 1, requests: bExecIndexed.requests, bytes: bExecIndexed.bytes, bytesRatio: `${ratio(bExecIndexed.bytes, bExec.bytes)} of no-index`, p50: bExecIndexed.ms, detail: `skipped ${fmtBytes(bExecIndexed.skipped)}` });

  add({ section: S3, view: listLabel, run: 'cold (distinct 3 h windows)', n: coldListMs.length, p50: percentile(coldListMs, 50), p95: percentile(coldListMs, 95) });
  add({ section: S3, view: listLabel, run: 'warm (same window, within TTL)', n: warmListMs.length, requests: warmListCost.total, p50: percentile(warmListMs, 50), p95: percentile(warmListMs, 95), detail: `AWS requests of all ${warmListMs.length} warm requests: ${byActionText(warmListCost.byAction) || 'none'}` });
  add({ section: S3, view: execLabel, run: 'cold (distinct executions)', n: coldOneMs.length, p50: percentile(coldOneMs, 50), p95: percentile(coldOneMs, 95) });
  add({ section: S3, view: execLabel, run: 'warm (same execution, within 15 s)', n: warmOneMs.length, requests: warmOneCost.total, p50: percentile(warmOneMs, 50), p95: percentile(warmOneMs, 95), detail: `AWS requests of all ${warmOneMs.length} warm requests: ${byActionText(warmOneCost.byAction) || 'none'}` });
  add({ section: S3, view: 'overview (3 h)', run: 'cold: answer (pending after 8 s)', n: 1, p50: ov1.responses[0]?.ms ?? null, p95: ov1.responses[0]?.ms ?? null });
  add({ section: S3, view: 'overview (3 h)', run: 'cold: until every state machine read', n: 1, p50: ov1.completeMs, p95: ov1.completeMs, detail: `the simulator spent ${fmtInt(ov1.cost.scan.computeMs)} ms computing ${ov1.cost.scan.queries} Insights queries` });
  add({ section: S3, view: 'overview (3 h)', run: 'warm (within TTL)', n: warmOvMs.length, requests: warmOvCost.total, p50: percentile(warmOvMs, 50), p95: percentile(warmOvMs, 95), detail: `AWS requests of all ${warmOvMs.length} warm requests: ${byActionText(warmOvCost.byAction) || 'none'}` });

  const statuses = (rs: Response[]) => {
    const m = new Map<number, number>();
    for (const r of rs) m.set(r.status, (m.get(r.status) ?? 0) + 1);
    return [...m].map(([s, n]) => `${n}×${s}`).join(' ');
  };
  const ms = (rs: Response[]) => rs.map((r) => r.ms);
  add({ section: S4, view: 'overview (default 3 h)', run: '1 viewer, cold', n: 1, requests: ov1.cost.total, bytes: ov1.cost.scan.bytesScanned, p50: percentile(ms(ov1.responses), 50), p95: percentile(ms(ov1.responses), 95), detail: `${statuses(ov1.responses)}; ${byActionText(ov1.cost.byAction)}` });
  add({
    section: S4,
    view: 'overview (default 3 h)',
    run: `${VIEWERS} viewers at once, cold`,
    n: VIEWERS,
    requests: ovN.cost.total,
    bytes: ovN.cost.scan.bytesScanned,
    reqRatio: `${ratio(ovN.cost.total, ov1.cost.total)} of 1`,
    bytesRatio: `${ratio(ovN.cost.scan.bytesScanned, ov1.cost.scan.bytesScanned)} of 1`,
    p50: percentile(ms(ovN.responses), 50),
    p95: percentile(ms(ovN.responses), 95),
    detail: `${statuses(ovN.responses)}; all read after ${fmtInt(ovN.completeMs)} ms; partial reads ${partialCount(ovN.check.json)}; ${byActionText(ovN.cost.byAction)}`,
  });
  const pageLabel = `executions ?from=now-3h (${smLabel})`;
  add({ section: S4, view: pageLabel, run: '1 viewer, cold', n: 1, requests: page1.cost.total, bytes: page1.cost.scan.bytesScanned, p50: percentile(ms(page1.responses), 50), p95: percentile(ms(page1.responses), 95), detail: `${statuses(page1.responses)}; ${byActionText(page1.cost.byAction) || 'none'}` });
  add({
    section: S4,
    view: pageLabel,
    run: `${VIEWERS} viewers at once, cold`,
    n: VIEWERS,
    requests: pageN.cost.total,
    bytes: pageN.cost.scan.bytesScanned,
    reqRatio: `${ratio(pageN.cost.total, page1.cost.total)} of 1`,
    bytesRatio: `${ratio(pageN.cost.scan.bytesScanned, page1.cost.scan.bytesScanned)} of 1`,
    p50: percentile(ms(pageN.responses), 50),
    p95: percentile(ms(pageN.responses), 95),
    detail: `${statuses(pageN.responses)}; partial reads ${pageN.responses.reduce((a, r) => a + partialCount(r.json), 0)}; ${byActionText(pageN.cost.byAction) || 'none'}`,
  });
  add({
    section: S5,
    view: 'next start process',
    run: `after ${VIEWERS}-viewer runs`,
    detail: rss
      ? `VmRSS ${(rss.rssKb / 1024).toFixed(0)} MiB, peak (VmHWM) ${(rss.hwmKb / 1024).toFixed(0)} MiB, pid ${app.pid}${kids.length ? `; ${kids.length} child process(es) ${(kidsRss / 1024).toFixed(0)} MiB more` : ', no child processes'}`
      : 'RSS not readable (no /proc?)',
  });

  notes.push(
    `"AWS requests" are what the simulated account logged for sfn-lens's access key (${APP_KEY}), retries included; "Insights scanned" is the bytesScanned the simulator reported for the Logs Insights queries it ran in that step.`,
    `(a) FilterLogEvents: the simulator answers an equality on $.execution_arn from its index of executions in one page; real CloudWatch may page through the window (empty pages with a nextToken), so (a) is a floor. It needs the execution list first, which it does not count.`,
    `(b) is what the console's Express view does on every view (docs/aws-behaviour.md §3, §10): every event of the group in the window is scanned.`,
    `Times are loopback round trips measured by the bench (request → full body), on ${os.cpus().length} cores shared with other jobs (load average ${loadStart} at start, ${loadavg()} at the end): noisy; p50/p95 of n ≤ ${Math.max(WARM, EXEC_WARM)} runs, nearest rank.`,
    `The simulator computes each Insights query synchronously on its thread and answers nothing meanwhile; the app ran with ${Object.entries(APP_ENV).map(([k, v]) => `${k}=${v}`).join(', ')} so its other reads wait instead of timing out (real AWS answers while a query runs). Cold times are dominated by the simulator's scan speed, not by sfn-lens.`,
    `Overview: /api/overview answers after at most 8 s, naming slow state machines "pending"; their reads go on in the background. "All read" is when the app's AWS requests stopped (4 s of quiet). A shared read is kept for 15 s or as long as it took, whichever is longer, so a slow state machine is not re-read back to back; faster ones read early may still have expired by the time the slowest is done, and the check and "warm" requests then re-read them (their AWS requests are shown). "Cold" runs wait out the longest read first.`,
  );
  if (totalExecutions < 1_000_000) notes.push(`The bench profile's window holds ${totalExecutions.toLocaleString('en-US')} executions: FEWER than 1,000,000.`);

  const header = [
    `sfn-lens views bench — ${new Date(startedAt).toISOString()}, took ${((Date.now() - startedAt) / 60_000).toFixed(1)} min`,
    `machine: ${machine()}`,
    `app: next start, build ${DIST} (${buildId}), sources at ${git}; loopback ${appUrl}`,
    `simulated account: profile bench, seed ${SEED}, ${sim.url}; executions started in the last 3 h: ${totalExecutions.toLocaleString('en-US')} (${Object.entries(perSm)
      .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
      .join(', ')})`,
    `subject of the per-state-machine views: ${SUBJECT} (log group ${group}); --sm orders-express for the biggest (a cold 3 h read of it takes the simulator minutes)`,
  ];
  printTable([...header, '', ...coldViewsTable(), '']);
}

/** The per-minute counts' own bytes, as the executions API reports them (`scanned.perMinute`). */
function perMinuteBytes(json: unknown): number | null {
  const b = (json as { scanned?: { perMinute?: { bytesScanned?: number } } } | null)?.scanned?.perMinute?.bytesScanned;
  return typeof b === 'number' ? b : null;
}

interface ColdRow {
  view: string;
  run: string;
  firstMs: number | null;
  completeMs: number | null;
  requests: number;
  bytes: number;
  consoleBytes: number | null;
  perMinute: number | null;
}
const coldRows: ColdRow[] = [];

/** Issue #18's figures side by side: cold time to a first useful answer and to the whole view, bytes against a console-style scan, requests. */
function coldViewsTable(): string[] {
  const cols: Array<[string, (r: ColdRow) => string]> = [
    ['cold view', (r) => r.view],
    ['run', (r) => r.run],
    ['first answer ms', (r) => fmtInt(r.firstMs)],
    ['complete ms', (r) => fmtInt(r.completeMs)],
    ['AWS requests', (r) => fmtInt(r.requests)],
    ['Insights scanned', (r) => fmtBytes(r.bytes)],
    ['÷ console full-window (b)', (r) => ratio(r.bytes, r.consoleBytes)],
    ['per-minute counts', (r) => fmtBytes(r.perMinute)],
    ['per-minute ÷ (b)', (r) => ratio(r.perMinute, r.consoleBytes)],
  ];
  const widths = cols.map(([h, f]) => Math.max(h.length, ...coldRows.map((r) => f(r).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [
    'cold views (issue #18): targets — per-minute counts with a type index ≤ 0.25× (b), the executions view without one ≤ 1.0× (b)',
    line(cols.map(([h]) => h)),
    line(widths.map((w) => '-'.repeat(w))),
    ...coldRows.map((r) => line(cols.map(([, f]) => f(r)))),
  ];
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch(async (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    if (rows.length) printTable(['(incomplete: the bench failed, see stderr)']);
    await cleanup();
    process.exit(1);
  });
