import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { snapshotConfig } from './config';
import { isSnapshotId, type Snapshot } from './snapshot';

export interface SnapshotStore {
  put(snapshot: Snapshot): void;
  /** The snapshot, or null when the id is unknown, malformed or expired (an expired one is deleted). */
  get(id: string, now: number): Snapshot | null;
  /** Deletes every expired snapshot; returns how many. */
  purgeExpired(now: number): number;
  close(): void;
}

interface Row {
  json: string;
  expires_at: number;
}

export const SNAPSHOT_DB_FILE = 'snapshots.sqlite';

/** Opens (creating when missing) the snapshot database in `dataDir`. */
export function openSnapshotStore(dataDir: string): SnapshotStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SNAPSHOT_DB_FILE), { timeout: 5_000 });
  // WAL: readers never block the writer, and several server processes can share the file.
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

  return {
    put(s) {
      const createdAt = Date.parse(s.takenAt);
      // Expired snapshots are purged lazily, on writes (cheap: indexed), not by a timer.
      purge.run(createdAt);
      insert.run(s.id, createdAt, Date.parse(s.expiresAt), s.request.executionArn, JSON.stringify(s));
    },
    get(id, now) {
      if (!isSnapshotId(id)) return null;
      const row = select.get(id);
      if (!row) return null;
      if (row.expires_at <= now) {
        remove.run(id);
        return null;
      }
      return JSON.parse(row.json) as Snapshot;
    },
    purgeExpired(now) {
      return purge.run(now).changes;
    },
    close() {
      db.close();
    },
  };
}

let shared: SnapshotStore | null = null;

/** The store of this server process, opened on first use in `SFN_LENS_DATA_DIR`. */
export function getSnapshotStore(): SnapshotStore {
  shared ??= openSnapshotStore(snapshotConfig().dataDir);
  return shared;
}
