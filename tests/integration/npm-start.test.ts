// `npm start` (scripts/start.mjs) as the README gives it to a new user: with no AWS configured it
// starts the simulated account and the dashboard on PORT, on loopback; it keeps idle connections
// long enough for a reverse proxy; Ctrl-C (SIGTERM) stops both processes; bad settings are refused
// with a message rather than started with a guess.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/app-server';
import { freePort } from '../support/free-port';

const START = path.join(ROOT, 'scripts', 'start.mjs');

/** The environment of a machine with nothing configured: no AWS credentials, region or endpoint. */
function bareEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && !k.startsWith('SFN_LENS_')) env[k] = v;
  // The build this run made (CI: .next; a bench or helper build: its own folder).
  if (process.env.SFN_LENS_DIST_DIR) env.SFN_LENS_DIST_DIR = process.env.SFN_LENS_DIST_DIR;
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(args: string[], env: NodeJS.ProcessEnv): Started {
  // Its own process group: a failed test can kill the simulator and the server along with it.
  const child = spawn(process.execPath, [START, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = pattern.exec(started.output());
    if (m) return m;
    if (started.child.exitCode !== null) throw new Error(`npm start exited (${started.child.exitCode}) before ${pattern}:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`npm start did not print ${pattern} within ${ms} ms:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * One GET on a fresh connection, headers as the server sent them; `untilText` stops reading once the
 * body holds it (the overview streams its rows as they are read, its frame comes first).
 */
function get(url: string, untilText?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: new http.Agent({ keepAlive: true }) }, (res) => {
      let body = '';
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
        if (untilText !== undefined && body.includes(untilText)) {
          done();
          req.destroy();
        }
      });
      res.on('end', done);
    });
    req.on('error', reject);
  });
}

async function refusesConnections(url: string): Promise<boolean> {
  try {
    await get(url);
    return false;
  } catch (e) {
    return /ECONNREFUSED|ECONNRESET/.test(String((e as NodeJS.ErrnoException).code ?? e));
  }
}

const running: Started[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    if (s.child.pid === undefined) continue;
    try {
      process.kill(-s.child.pid, 'SIGKILL');
    } catch {
      // the whole group has exited
    }
    if (s.child.exitCode === null && s.child.signalCode === null) await s.exited;
  }
});

describe('npm start', () => {
  it('with no AWS configured, serves the dashboard on PORT against the simulated account, keeps idle connections 65 s, and stops both processes on SIGTERM', async () => {
    const port = await freePort();
    const started = run(['--no-build'], bareEnv({ PORT: String(port), SIM_PORT: '0' }));
    running.push(started);
    const simUrl = (await waitFor(started, /SIM_READY (http:\/\/127\.0\.0\.1:\d+)/, 60_000))[1]!;
    await waitFor(started, new RegExp(`sfn-lens is up: http://127\\.0\\.0\\.1:${port} +\\(simulated account\\)`), 60_000);

    const health = await get(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true, source: 'sim', region: 'us-east-1' });
    // A proxy's idle timeout (60 s on AWS load balancers) must run out before the server's.
    expect(health.headers['keep-alive']).toMatch(/timeout=65\b/);

    const page = await get(`http://127.0.0.1:${port}/`, 'data-name="orders-express"');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>State machines</h1>');

    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(await refusesConnections(`http://127.0.0.1:${port}/api/health`)).toBe(true);
    expect(await refusesConnections(`${simUrl}/__sim/requests`)).toBe(true);
  }, 120_000);

  it.each([
    [{ SFN_LENS_SOURCE: 'prod' }, /SFN_LENS_SOURCE must be "sim" or "aws", got "prod"/],
    [{ SFN_LENS_KEEP_ALIVE_MS: '65s' }, /SFN_LENS_KEEP_ALIVE_MS must be a whole number of milliseconds .* got "65s"/],
  ])('refuses %o with a message and exit code 2, starting nothing', async (env, message) => {
    const started = run(['--no-build'], bareEnv({ PORT: String(await freePort()), ...env }));
    running.push(started);
    expect(await started.exited).toBe(2);
    expect(started.output()).toMatch(message);
    expect(started.output()).not.toContain('SIM_READY');
  });
});
