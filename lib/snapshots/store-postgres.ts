import 'server-only';
import { readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { UnavailableError } from '@/lib/server/errors';
import { isSnapshotId, type Snapshot } from './snapshot';
import type { SnapshotStore } from './store';

/** The versioned schema, applied in order of the file names' numbers (001_…, 002_…). */
export const MIGRATIONS_DIR = path.join(process.cwd(), 'lib', 'snapshots', 'migrations');

// Advisory lock keys, one per kind of work that only one replica may do at a time.
const MIGRATION_LOCK = 1_936_090_725_001;
const SWEEP_LOCK = 1_936_090_725_002;

/** How often expired snapshots are swept; between sweeps an expired one is still never shown (get checks). */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** How long the sweep log (`snapshot_sweeps`) keeps its rows. */
const SWEEP_LOG_MS = 7 * 24 * 60 * 60 * 1000;

const UNIQUE_VIOLATION = '23505';

export interface PostgresStoreOptions {
  /** Names this process in the sweep log; host and pid by default. */
  replica?: string;
}

interface Migration {
  version: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), sql: readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * A failure of the database itself (unreachable, restarting, refusing the login) is a 503 that names the
 * setting, never a crash and never "not found": the link may well exist. The details go to the server log.
 */
function unavailable(e: unknown): unknown {
  if ((e as { code?: unknown } | null)?.code === UNIQUE_VIOLATION) return e;
  return new UnavailableError(
    'snapshot-store-unavailable',
    'sfn-lens cannot reach its shared-diagnosis database (SFN_LENS_DATABASE_URL); the server log has the details. Nothing was stored or lost: try again shortly.',
    { cause: e },
  );
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw unavailable(e);
  }
}

/**
 * Several replicas may start together: the migrations run under a session advisory lock, so one applies
 * them and the others find them recorded in `schema_migrations`.
 */
async function migrate(pool: pg.Pool, migrations: Migration[]): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const applied = new Set((await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const m of migrations) {
        if (applied.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK').catch(() => {});
          throw e;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } catch (e) {
    broken = e as Error;
    throw e;
  } finally {
    // A client that failed mid-way is discarded rather than handed to the next query.
    client.release(broken);
  }
}

/** Connects to `url`, applies the migrations not yet applied, and answers as a SnapshotStore. */
export async function openPostgresSnapshotStore(url: string, options: PostgresStoreOptions = {}): Promise<SnapshotStore> {
  const replica = options.replica ?? `${hostname()}:${process.pid}`;
  const pool = new pg.Pool({
    connectionString: url,
    max: 5,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    query_timeout: 10_000,
    application_name: 'sfn-lens',
  });
  // An idle connection the server closed (restart, failover) must not crash the process.
  pool.on('error', (e) => console.error('sfn-lens: snapshot database connection lost', e.message));
  try {
    await migrate(pool, readMigrations());
  } catch (e) {
    await pool.end().catch(() => {});
    throw unavailable(e);
  }

  /**
   * Removes expired snapshots, at most once an hour across all replicas (unless `always`): under a
   * transaction-scoped advisory lock a replica that finds another sweeping skips, and the sweep log says
   * when the last sweep ran.
   */
  async function sweep(now: number, always: boolean): Promise<number> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [SWEEP_LOCK]);
      if (!rows[0]?.got) {
        await client.query('COMMIT');
        return 0;
      }
      if (!always) {
        const last = (await client.query<{ last: string | null }>('SELECT max(swept_at) AS last FROM snapshot_sweeps')).rows[0]?.last;
        if (last !== null && last !== undefined && Number(last) > now - SWEEP_EVERY_MS) {
          await client.query('COMMIT');
          return 0;
        }
      }
      const removed = (await client.query('DELETE FROM snapshots WHERE expires_at <= $1', [now])).rowCount ?? 0;
      await client.query('DELETE FROM snapshot_sweeps WHERE swept_at < $1', [now - SWEEP_LOG_MS]);
      await client.query('INSERT INTO snapshot_sweeps (swept_at, replica, removed) VALUES ($1, $2, $3)', [now, replica, removed]);
      await client.query('COMMIT');
      return removed;
    } catch (e) {
      broken = e as Error;
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release(broken);
    }
  }

  return {
    put: (s) =>
      guarded(async () => {
        const createdAt = Date.parse(s.takenAt);
        await pool.query('INSERT INTO snapshots (id, created_at, expires_at, execution_arn, json) VALUES ($1, $2, $3, $4, $5)', [
          s.id,
          createdAt,
          Date.parse(s.expiresAt),
          s.request.executionArn,
          JSON.stringify(s),
        ]);
        // The snapshot is stored; a sweep that fails now is tried again by the next write.
        await sweep(createdAt, false).catch((e: unknown) => console.error('sfn-lens: sweeping expired snapshots failed', e));
      }),
    get: (id, now) =>
      guarded(async () => {
        if (!isSnapshotId(id)) return null;
        const { rows } = await pool.query<{ json: string; expires_at: string }>('SELECT json, expires_at FROM snapshots WHERE id = $1', [id]);
        const row = rows[0];
        if (!row) return null;
        if (Number(row.expires_at) <= now) {
          await pool.query('DELETE FROM snapshots WHERE id = $1 AND expires_at <= $2', [id, now]);
          return null;
        }
        return JSON.parse(row.json) as Snapshot;
      }),
    purgeExpired: (now) => guarded(() => sweep(now, true)),
    close: () => pool.end(),
  };
}
