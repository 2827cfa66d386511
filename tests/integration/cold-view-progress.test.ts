// A cold view's progress over HTTP (docs/cold-views.md): while the executions view's Logs Insights
// queries run, GET …/progress answers their statistics as they grow, and DELETE …/progress stops them,
// after which the view answers with the stopped queries named as a partial read. The simulated
// account's queries stay Running (fault `queryRunningMs`) until the test moves its clock, so nothing
// here depends on how fast the machine is. An account of its own: the clock only moves forward.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../sim/server';
import { startApp, type StartedApp } from '../support/app-server';
import { setFaults, simNow, setSimNow, smArn } from '../support/sim-client';

const MIN = 60_000;
/** Far longer than the test: a query is Running until the test moves the account's clock past it. */
const RUNNING_MS = 60 * MIN;
const SM = smArn('orders-express');

interface Progress {
  state: string;
  fraction: number | null;
  bytesScanned: number;
  recordsScanned: number;
  elapsedMs: number;
  usdSoFar: number;
  queries: Array<{ label: string; state: string }>;
}

let sim: SimServer;
let app: StartedApp;

beforeAll(async () => {
  sim = await startSimServer({ seed: 42, profile: 'demo' });
  // The app's own query timeout is longer than the test: the query ends because the test says so.
  app = await startApp(sim.url, { SFN_LENS_QUERY_TIMEOUT_MS: String(10 * MIN) });
  await setFaults(sim.url, { queryRunningMs: RUNNING_MS });
});

afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

const viewUrl = (path: string, range: string) => `${app.url}/api/state-machines/${encodeURIComponent(SM)}${path}?${range}`;

async function progressOf(range: string): Promise<Progress | null> {
  const r = await fetch(viewUrl('/progress', range));
  expect(r.status).toBe(200);
  return ((await r.json()) as { progress: Progress | null }).progress;
}

/** Polls the view's progress until `ok` holds (the app polls GetQueryResults about once a second). */
async function progressWhen(range: string, ok: (p: Progress) => boolean, what: string): Promise<Progress> {
  let last: Progress | null = null;
  for (let i = 0; i < 300; i++) {
    last = await progressOf(range);
    if (last && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: the progress never got there; last seen ${JSON.stringify(last)}`);
}

async function advanceSim(ms: number): Promise<void> {
  await setSimNow(sim.url, (await simNow(sim.url)) + ms);
}

describe('a cold view’s progress, over HTTP', () => {
  for (const [name, range] of [
    ['the default range (no from/to), as the state machine page asks it', ''],
    ['a rolling range written out (from=now-1h)', 'from=now-1h'],
  ] as const) {
    it(`answers the running queries' growing bytes and elapsed time for ${name}, and Stop ends the view with the stopped queries named`, async () => {
      const view = fetch(viewUrl('/executions', range)).then(async (r) => ({ status: r.status, body: (await r.json()) as { partial: Array<{ error: string; action: string; message: string }>; executions: unknown[] } }));
      const first = await progressWhen(range, (p) => p.state === 'reading' && p.bytesScanned > 0 && p.queries.some((q) => q.state === 'running'), 'queries running');
      expect(first.usdSoFar).toBeGreaterThan(0);

      // Half the queries' running time later (the account's clock), more has been scanned.
      await advanceSim(RUNNING_MS / 2);
      const later = await progressWhen(range, (p) => p.bytesScanned > first.bytesScanned, 'bytes growing');
      expect(later.state).toBe('reading');
      expect(later.recordsScanned).toBeGreaterThanOrEqual(first.recordsScanned);
      expect(later.usdSoFar).toBeGreaterThan(first.usdSoFar);
      if (first.fraction !== null && later.fraction !== null) expect(later.fraction).toBeGreaterThan(first.fraction);

      const stop = await fetch(viewUrl('/progress', range), { method: 'DELETE' });
      expect(stop.status).toBe(200);
      expect(((await stop.json()) as { stopped: number }).stopped).toBeGreaterThan(0);

      const answered = await view;
      expect(answered.status).toBe(200);
      const stopped = answered.body.partial.find((p) => p.error === 'StoppedByViewer');
      expect(stopped?.message).toContain('per-execution aggregates');
      const done = await progressWhen(range, (p) => p.state === 'stopped', 'stopped');
      expect(done.queries.some((q) => q.state === 'stopped')).toBe(true);
    });
  }
});
