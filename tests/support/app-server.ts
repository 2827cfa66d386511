// Starts the built app (`next start`) against a simulated account, for integration and e2e tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port';

export const ROOT = path.resolve(__dirname, '..', '..');

export function simEnv(simUrl: string): Record<string, string> {
  return {
    SFN_LENS_SOURCE: 'sim',
    AWS_ENDPOINT_URL: simUrl,
    AWS_ACCESS_KEY_ID: 'AKIASIMULATED000000',
    AWS_SECRET_ACCESS_KEY: 'simulated-secret-key',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
  };
}

export interface StartedApp {
  url: string;
  /** The `next start` process (for RSS figures in bench/). */
  pid: number | undefined;
  /** Everything the app process has written to stdout and stderr so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the app as `npm start` does (scripts/start.mjs), keep-alive timeout included. */
export async function startApp(simUrl: string, extraEnv: Record<string, string> = {}): Promise<StartedApp> {
  if (!existsSync(path.join(ROOT, process.env.SFN_LENS_DIST_DIR ?? '.next', 'BUILD_ID'))) {
    throw new Error('The app is not built: run `npm run build` first (npm test does it).');
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...simEnv(simUrl) };
  // Stray credentials of the machine running the tests never reach the app; a test may set its own.
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  // Tests decide when a kept read expires (lib/server/clock.ts, /api/test-clock); a test may turn it off.
  env.SFN_LENS_TEST_CLOCK = '1';
  Object.assign(env, extraEnv);
  const child: ChildProcess = spawn(path.join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1', '--keepAliveTimeout', '65000'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${output}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/**
 * Holds the app's clock still (lib/server/clock.ts) while `body` runs, then lets it run on from where it
 * stands: reads kept by the app do not expire in between, however slowly the machine runs the test.
 */
export async function withAppClockHeld<T>(appUrl: string, body: () => Promise<T>): Promise<T> {
  const put = async (change: object) => {
    const r = await fetch(`${appUrl}/api/test-clock`, { method: 'PUT', body: JSON.stringify(change) });
    if (!r.ok) throw new Error(`test clock: ${r.status} ${await r.text()}`);
  };
  await put({ hold: true });
  try {
    return await body();
  } finally {
    await put({ hold: false });
  }
}
