import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { snapshotConfig } from './config';
import { isSnapshotId, type Snapshot } from './snapshot';

/**
 * Where shared diagnoses are kept: SQLite in `SFN_LENS_DATA_DIR` (the embedded default) or PostgreSQL
 * shared by several replicas (`SFN_LENS_DATABASE_URL`, docs/replicas.md). Both answer the same store
 * tests (tests/support/snapshot-store-contract.ts).
 */
export interface SnapshotStore {
  /** Resolves once the snapshot is stored for good; a duplicate id rejects. */
  put(snapshot: Snapshot): Promise<void>;
  /** The snapshot, or null when the id is unknown, malformed or expired (an expired one is deleted). */
  get(id: string, now: number): Promise<Snapshot | null>;
  /** Deletes every expired snapshot; returns how many. */
  purgeExpired(now: number): Promise<number>;
  close(): Promise<void>;
}

interface Row {
  json: string;
  expires_at: number;
}

export const SNAPSHOT_DB_FILE = 'snapshots.sqlite';

/** Opens (creating when missing) the SQLite snapshot database in `dataDir`. */
export function openSnapshotStore(dataDir: string): SnapshotStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SNAPSHOT_DB_FILE), { timeout: 5_000 });
  // WAL: readers never block the writer, and several server processes on one machine can share the file.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS snapshots (
      id TEXT PRIMARY KEY,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      execution_arn TEXT NOT NULL,
      json TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS snapshots_expires_at ON snapshots (expires_at);
  `);
  const insert = db.prepare<[string, number, number, string, string]>('INSERT INTO snapshots (id, created_at, expires_at, execution_arn, json) VALUES (?, ?, ?, ?, ?)');
  const select = db.prepare<[string], Row>('SELECT json, expires_at FROM snapshots WHERE id = ?');
  const remove = db.prepare<[string]>('DELETE FROM snapshots WHERE id = ?');
  const purge = db.prepare<[number]>('DELETE FROM snapshots WHERE expires_at <= ?');

  // better-sqlite3 is synchronous: each method runs at once and hands back a settled promise.
  return {
    async put(s) {
      const createdAt = Date.parse(s.takenAt);
      // Expired snapshots are purged lazily, on writes (cheap: indexed), not by a timer.
      purge.run(createdAt);
      insert.run(s.id, createdAt, Date.parse(s.expiresAt), s.request.executionArn, JSON.stringify(s));
    },
    async get(id, now) {
      if (!isSnapshotId(id)) return null;
      const row = select.get(id);
      if (!row) return null;
      if (row.expires_at <= now) {
        remove.run(id);
        return null;
      }
      return JSON.parse(row.json) as Snapshot;
    },
    async purgeExpired(now) {
      return purge.run(now).changes;
    },
    async close() {
      db.close();
    },
  };
}

let shared: Promise<SnapshotStore> | null = null;

/**
 * The store of this server process, opened on first use: PostgreSQL when `SFN_LENS_DATABASE_URL` is set,
 * else SQLite in `SFN_LENS_DATA_DIR`. A store that could not be opened (database unreachable) is not
 * kept: the next request tries again.
 */
export function getSnapshotStore(): Promise<SnapshotStore> {
  if (!shared) {
    const config = snapshotConfig();
    const opening: Promise<SnapshotStore> = config.databaseUrl
      ? import('./store-postgres').then((m) => m.openPostgresSnapshotStore(config.databaseUrl as string))
      : Promise.resolve().then(() => openSnapshotStore(config.dataDir));
    shared = opening;
    opening.catch(() => {
      if (shared === opening) shared = null;
    });
  }
  return shared;
}
