// Two sfn-lens processes behind one address (README "For a team", docs/replicas.md): one PostgreSQL
// (SFN_LENS_DATABASE_URL) and one session secret, on one simulated account. A link made on one opens on
// the other, a session from one is good on the other, expired snapshots are removed by one replica only,
// and a database that goes away is a 503 that names it, not a crash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type StartedApp } from '../support/app-server';
import { startPostgres, type StartedPostgres } from '../support/postgres';
import { groundTruth } from '../support/sim-client';
import { DAY, makeSnapshot } from '../unit/snapshots/builders';

const simUrl = inject('simUrl');
const SECRET = 'replicas-share-this-secret';
const MIN = 60_000;
const DATABASE = 'sfn_lens';

let postgres: StartedPostgres;
let a: StartedApp;
let b: StartedApp;
let session = '';
const dataDirs: string[] = [];

async function login(app: StartedApp): Promise<string> {
  const r = await fetch(`${app.url}/api/login`, { method: 'POST', body: new URLSearchParams({ secret: SECRET, next: '/' }), redirect: 'manual' });
  expect(r.status).toBe(303);
  return (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function share(app: StartedApp, executionArn: string): Promise<{ status: number; id: string }> {
  const to = Date.now();
  const r = await fetch(`${app.url}/api/snapshots`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session },
    body: JSON.stringify({ executionArn, from: new Date(to - 180 * MIN).toISOString(), to: new Date(to).toISOString() }),
  });
  const body = (await r.json()) as { id: string };
  return { status: r.status, id: body.id };
}

beforeAll(async () => {
  postgres = await startPostgres();
  const url = await postgres.createDatabase(DATABASE);
  // Each replica has its own data directory, as on separate machines: nothing is shared through SQLite.
  const replica = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sfn-lens-replica-'));
    dataDirs.push(dir);
    return { SFN_LENS_DATABASE_URL: url, SFN_LENS_DATA_DIR: dir, SFN_LENS_AUTH: 'secret', SFN_LENS_AUTH_SECRET: SECRET };
  };
  // Started together: both apply the migrations at once (one does, under an advisory lock).
  [a, b] = await Promise.all([startApp(simUrl, replica()), startApp(simUrl, replica())]);
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await postgres?.stop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('two replicas on one PostgreSQL', () => {
  let executionArn = '';
  let made: string[] = [];

  it('accept one session: signed in on A, signed in on B', async () => {
    session = await login(a);
    expect(session).toMatch(/^sfn_lens_session=/);
    expect((await fetch(`${b.url}/api/snapshots/AAAAAAAAAAAAAAAAAAAAAA`, { headers: { cookie: session } })).status).toBe(404);
  });

  it('remove expired snapshots once: the first writes on both replicas sweep them in one sweep', async () => {
    const now = Date.now();
    const truth = await groundTruth(simUrl, 'billing-standard', now - 180 * MIN, now, 5_000);
    const settled = truth.find((t) => !t.parentArn && t.dropMode === 'none' && t.endMs < now - 70 * MIN && t.endMs > now - 150 * MIN);
    if (!settled) throw new Error('no settled execution of billing-standard in the ground truth');
    executionArn = settled.executionArn;
    // Left behind by replicas long gone: three snapshots that expired a week ago.
    for (let i = 0; i < 3; i++) {
      const s = makeSnapshot({ id: `expiredSnapshot${String(i).padStart(6, '0')}x`, takenAt: now - 38 * DAY, ttlMs: 30 * DAY });
      await postgres.query(DATABASE, 'INSERT INTO snapshots (id, created_at, expires_at, execution_arn, json) VALUES ($1, $2, $3, $4, $5)', [s.id, Date.parse(s.takenAt), Date.parse(s.expiresAt), s.request.executionArn, JSON.stringify(s)]);
    }
    const created = await Promise.all([share(a, executionArn), share(b, executionArn), share(a, executionArn), share(b, executionArn)]);
    expect(created.map((c) => c.status)).toEqual([201, 201, 201, 201]);
    made = created.map((c) => c.id);

    const sweeps = await postgres.query<{ replica: string; removed: number }>(DATABASE, 'SELECT replica, removed FROM snapshot_sweeps');
    expect(sweeps.rows).toHaveLength(1);
    expect(sweeps.rows[0]?.removed).toBe(3);
    const left = await postgres.query<{ id: string }>(DATABASE, 'SELECT id FROM snapshots ORDER BY id');
    expect(left.rows.map((r) => r.id)).toEqual([...made].sort());
  });

  it('open a link made on A on B, page and API, unchanged', async () => {
    const id = made[0] ?? '';
    const onA = await fetch(`${a.url}/api/snapshots/${id}`, { headers: { cookie: session } });
    const onB = await fetch(`${b.url}/api/snapshots/${id}`, { headers: { cookie: session } });
    expect(onA.status).toBe(200);
    expect(onB.status).toBe(200);
    const snapshot = (await onB.json()) as { id: string; request: { executionArn: string } };
    expect(snapshot).toEqual(await onA.json());
    expect(snapshot.request.executionArn).toBe(executionArn);

    const page = await fetch(`${b.url}/d/${id}`, { headers: { cookie: session } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Shared diagnosis');
    expect(html).toContain(executionArn.split(':').pop() ?? '');
  });

  it('answer 503 snapshot-store-unavailable while the database is gone, and keep serving everything else', async () => {
    await postgres.stop();
    for (const app of [a, b]) {
      const read = await fetch(`${app.url}/api/snapshots/${made[1]}`, { headers: { cookie: session } });
      expect(read.status).toBe(503);
      const body = (await read.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('snapshot-store-unavailable');
      expect(body.error.message).toContain('SFN_LENS_DATABASE_URL');
      const write = await share(app, executionArn);
      expect(write.status).toBe(503);
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    }
  });
});
