// The snapshot store tests against a real PostgreSQL (tests/support/postgres.ts; the embedded SQLite
// runs the same ones in tests/unit/snapshots/store.test.ts), then what only a store shared by several
// replicas has to get right: migrations applied once when replicas start together, one sweep of
// expired snapshots, and a clear 503 when the database is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapError } from '@/lib/server/errors';
import { newSnapshotId } from '@/lib/snapshots/ids';
import { openPostgresSnapshotStore, readMigrations } from '@/lib/snapshots/store-postgres';
import { freePort } from '../support/free-port';
import { startPostgres, type StartedPostgres } from '../support/postgres';
import { describeSnapshotStore } from '../support/snapshot-store-contract';
import { DAY, makeSnapshot, NOW } from '../unit/snapshots/builders';

let postgres: StartedPostgres;
let databases = 0;
const newDatabase = () => postgres.createDatabase(`store_${++databases}`);
const dbName = (url: string) => new URL(url).pathname.slice(1);

beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);

afterAll(async () => {
  await postgres?.stop();
});

describeSnapshotStore('PostgreSQL', {
  fresh: newDatabase,
  open: (url) => openPostgresSnapshotStore(url),
});

describe('PostgreSQL shared by several replicas', () => {
  it('applies each migration once when replicas start together, and every replica can use the schema', async () => {
    const url = await newDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, (_, i) => openPostgresSnapshotStore(url, { replica: `r${i}` })));
    try {
      const { rows } = await postgres.query<{ version: string }>(dbName(url), 'SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
      expect(rows[0]?.version).toBe('001_snapshots');
      const snapshot = makeSnapshot({ id: newSnapshotId() });
      await stores[0]?.put(snapshot);
      expect(await stores[3]?.get(snapshot.id, NOW)).toEqual(snapshot);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('removes expired snapshots once: one replica sweeps, the others find the sweep done', async () => {
    const url = await newDatabase();
    const [a, b] = await Promise.all([openPostgresSnapshotStore(url, { replica: 'a' }), openPostgresSnapshotStore(url, { replica: 'b' })]);
    try {
      const expired = Array.from({ length: 5 }, (_, i) => makeSnapshot({ id: newSnapshotId(), takenAt: NOW - 40 * DAY + i }));
      for (const s of expired) await postgres.query(dbName(url), 'INSERT INTO snapshots (id, created_at, expires_at, execution_arn, json) VALUES ($1, $2, $3, $4, $5)', [s.id, Date.parse(s.takenAt), Date.parse(s.expiresAt), s.request.executionArn, JSON.stringify(s)]);
      // Both replicas write at the same moment, and again a minute later: each write may sweep.
      await Promise.all([a.put(makeSnapshot({ id: newSnapshotId(), takenAt: NOW })), b.put(makeSnapshot({ id: newSnapshotId(), takenAt: NOW }))]);
      await Promise.all([a.put(makeSnapshot({ id: newSnapshotId(), takenAt: NOW + 60_000 })), b.put(makeSnapshot({ id: newSnapshotId(), takenAt: NOW + 60_000 }))]);
      const sweeps = await postgres.query<{ replica: string; removed: number }>(dbName(url), 'SELECT replica, removed FROM snapshot_sweeps');
      expect(sweeps.rows).toHaveLength(1);
      expect(sweeps.rows[0]?.removed).toBe(5);
      const left = await postgres.query<{ n: string }>(dbName(url), 'SELECT count(*) AS n FROM snapshots');
      expect(Number(left.rows[0]?.n)).toBe(4);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('an unreachable PostgreSQL', () => {
  it('is a 503 snapshot-store-unavailable naming the setting, never a crash or "not found"', async () => {
    const port = await freePort();
    const failure = await openPostgresSnapshotStore(`postgres://sfnlens@127.0.0.1:${port}/nothing`).then(
      () => null,
      (e: unknown) => e,
    );
    const mapped = mapError(failure);
    expect(mapped.status).toBe(503);
    expect(mapped.body.error.code).toBe('snapshot-store-unavailable');
    expect(mapped.body.error.message).toContain('SFN_LENS_DATABASE_URL');
  });

  it('fails the reads and writes of an open store with the same 503 once its database is gone', async () => {
    const url = await newDatabase();
    const store = await openPostgresSnapshotStore(url);
    try {
      const snapshot = makeSnapshot({ id: newSnapshotId() });
      await store.put(snapshot);
      // The database refuses new connections and drops this store's: as when it is restarted or fails over.
      await postgres.query('postgres', `ALTER DATABASE ${dbName(url)} ALLOW_CONNECTIONS false`);
      await postgres.query('postgres', 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [dbName(url)]);
      // Thunks, so that each call starts only when awaited: no rejection is left unhandled meanwhile.
      for (const attempt of [() => store.get(snapshot.id, NOW), () => store.put(makeSnapshot({ id: newSnapshotId() }))]) {
        const e = await attempt().then(
          () => null,
          (err: unknown) => err,
        );
        expect(mapError(e)).toMatchObject({ status: 503, body: { error: { code: 'snapshot-store-unavailable' } } });
      }
      // Back again, nothing was lost.
      await postgres.query('postgres', `ALTER DATABASE ${dbName(url)} ALLOW_CONNECTIONS true`);
      expect(await store.get(snapshot.id, NOW)).toEqual(snapshot);
    } finally {
      await store.close();
    }
  });
});
