#!/usr/bin/env node
// `npm start`: the dashboard on the simulated account (default) or on real AWS (`--aws` or SFN_LENS_SOURCE=aws).
// In sim mode it starts sim/ on loopback and points the AWS SDK at it with AWS_ENDPOINT_URL: the app itself
// has no idea it is talking to a simulator. It builds the app first when the build is missing or stale
// (`--no-build`: never; the build must exist, e.g. made when an image was built).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm start -- [--sim | --aws] [--no-build] [--dev]';
let flags;
try {
  ({ values: flags } = parseArgs({
    options: { sim: { type: 'boolean' }, aws: { type: 'boolean' }, 'no-build': { type: 'boolean' }, dev: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  }));
} catch (e) {
  console.error(`sfn-lens: ${e.message} (${USAGE})`);
  process.exit(2);
}
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
if (flags.sim && flags.aws) {
  console.error(`sfn-lens: --sim and --aws cannot both be given (${USAGE})`);
  process.exit(2);
}
const dev = flags.dev === true;
const source = flags.aws ? 'aws' : flags.sim ? 'sim' : (process.env.SFN_LENS_SOURCE ?? 'sim');
if (source !== 'sim' && source !== 'aws') {
  console.error(`SFN_LENS_SOURCE must be "sim" or "aws", got "${source}"`);
  process.exit(2);
}
const port = process.env.PORT ?? '3000';
const keepAliveMs = process.env.SFN_LENS_KEEP_ALIVE_MS ?? '65000';
if (!/^[1-9]\d{0,6}$/.test(keepAliveMs)) {
  console.error(`SFN_LENS_KEEP_ALIVE_MS must be a whole number of milliseconds (1 to 9999999), got "${keepAliveMs}"`);
  process.exit(2);
}
const host = process.env.HOST ?? '127.0.0.1';
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const children = [];

function stopAll(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const buildId = path.join(root, process.env.SFN_LENS_DIST_DIR ?? '.next', 'BUILD_ID');
  const sources = Math.max(...['app', 'components', 'lib'].map((d) => newestMtime(path.join(root, d))), statSync(path.join(root, 'package-lock.json')).mtimeMs);
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= sources) return;
  console.log('sfn-lens: building the app (first start or sources changed)…');
  const r = spawnSync(bin('next'), ['build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) {
    console.error('sfn-lens: the build failed; see above.');
    process.exit(r.status ?? 1);
  }
}

function startSim() {
  return new Promise((resolve, reject) => {
    const sim = spawn(bin('tsx'), [path.join(root, 'sim', 'main.ts'), '--port', process.env.SIM_PORT ?? '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(sim);
    let buffer = '';
    sim.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      process.stdout.write(text);
      buffer += text;
      const m = /SIM_READY (\S+)/.exec(buffer);
      if (m) resolve(m[1]);
    });
    sim.on('exit', (code) => {
      reject(new Error(`the simulated account exited (code ${code})`));
      stopAll(code ?? 1);
    });
  });
}

async function main() {
  if (!dev && !flags['no-build']) buildIfStale();
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', SFN_LENS_SOURCE: source };
  if (source === 'sim') {
    const url = await startSim();
    // Explicit, never guessed: in sim mode stray credentials and profiles are replaced, not used.
    Object.assign(env, {
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: 'AKIASIMULATED000000',
      AWS_SECRET_ACCESS_KEY: 'simulated-secret-key',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_PROFILE']) delete env[k];
  }
  // Idle keep-alive connections are kept 65 s rather than Node's 5 s: a reverse proxy (oauth2-proxy,
  // a load balancer with a 60 s idle timeout) reusing a connection the server has just closed answers
  // its user 502; the client, not the server, should be the one to close an idle connection.
  const keepAlive = dev ? [] : ['--keepAliveTimeout', keepAliveMs];
  const next = spawn(bin('next'), [dev ? 'dev' : 'start', '-p', port, '-H', host, ...keepAlive], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env });
  children.push(next);
  let announced = false;
  next.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (!announced && /Ready|ready|started server/.test(chunk.toString())) {
      announced = true;
      console.log(`\nsfn-lens is up: http://${host}:${port}  (${source === 'sim' ? 'simulated account' : 'AWS'})\n`);
    }
  });
  next.on('exit', (code) => stopAll(code ?? 0));
}

main().catch((e) => {
  console.error(`sfn-lens: ${e.message}`);
  stopAll(1);
});
