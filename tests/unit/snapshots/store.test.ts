import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotConfig } from '@/lib/snapshots/config';
import { newSnapshotId } from '@/lib/snapshots/ids';
import { isSnapshotId } from '@/lib/snapshots/snapshot';
import { openSnapshotStore, SNAPSHOT_DB_FILE, type SnapshotStore } from '@/lib/snapshots/store';
import { DAY, makeSnapshot, NOW } from './builders';

let dir: string;
let store: SnapshotStore;

beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'sfn-lens-snapshots-')), 'nested', 'data');
  store = openSnapshotStore(dir);
});

afterEach(() => {
  store.close();
  rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true });
});

describe('snapshot ids', () => {
  it('are 128 random bits as 22 base64url characters, and never repeat', () => {
    const ids = Array.from({ length: 2_000 }, newSnapshotId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isSnapshotId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses what sfn-lens never hands out', () => {
    for (const bad of ['', 'short', 'A'.repeat(21), 'has space in it 12345678', '../../etc/passwd_aaaaaa', 'A'.repeat(65), 'AAAAAAAAAAAAAAAAAAAAA=']) {
      expect(isSnapshotId(bad)).toBe(false);
    }
  });
});

describe('the snapshot store', () => {
  it('creates its data directory and database file when missing', () => {
    expect(existsSync(path.join(dir, SNAPSHOT_DB_FILE))).toBe(true);
  });

  it('gives back what was put, unchanged', () => {
    const snapshot = makeSnapshot({ id: newSnapshotId() });
    store.put(snapshot);
    expect(store.get(snapshot.id, NOW + 1_000)).toEqual(snapshot);
  });

  it('keeps snapshots across a restart (the database file is re-opened)', () => {
    const snapshot = makeSnapshot({ id: newSnapshotId() });
    store.put(snapshot);
    store.close();
    store = openSnapshotStore(dir);
    const back = store.get(snapshot.id, NOW + DAY);
    expect(back?.execution.verdict.cause).toBe('best-effort-drop');
    expect(back).toEqual(snapshot);
  });

  it('answers null for an unknown or malformed id', () => {
    expect(store.get(newSnapshotId(), NOW)).toBeNull();
    expect(store.get('not an id', NOW)).toBeNull();
    expect(store.get("x' OR '1'='1", NOW)).toBeNull();
  });

  it('treats an expired snapshot as gone and deletes it on read', () => {
    const snapshot = makeSnapshot({ id: newSnapshotId(), ttlMs: 7 * DAY });
    store.put(snapshot);
    expect(store.get(snapshot.id, NOW + 7 * DAY - 1)).not.toBeNull();
    expect(store.get(snapshot.id, NOW + 7 * DAY)).toBeNull();
    // Deleted, not just hidden: even a reader whose clock is behind no longer finds it.
    expect(store.get(snapshot.id, NOW)).toBeNull();
  });

  it('purges expired snapshots lazily when new ones are written', () => {
    const old = makeSnapshot({ id: newSnapshotId(), takenAt: NOW - 31 * DAY });
    store.put(old);
    const fresh = makeSnapshot({ id: newSnapshotId(), takenAt: NOW });
    store.put(fresh);
    expect(store.get(old.id, NOW - 31 * DAY + 1)).toBeNull();
    expect(store.get(fresh.id, NOW)).not.toBeNull();
  });

  it('purges on demand and says how many went', () => {
    store.put(makeSnapshot({ id: newSnapshotId(), takenAt: NOW, ttlMs: DAY }));
    store.put(makeSnapshot({ id: newSnapshotId(), takenAt: NOW, ttlMs: 2 * DAY }));
    expect(store.purgeExpired(NOW + DAY)).toBe(1);
    expect(store.purgeExpired(NOW + 3 * DAY)).toBe(1);
  });

  it('refuses a second snapshot with the same id', () => {
    const snapshot = makeSnapshot({ id: newSnapshotId() });
    store.put(snapshot);
    expect(() => store.put(snapshot)).toThrow();
  });
});

describe('snapshot configuration', () => {
  it('defaults to ./data and 30 days', () => {
    const cfg = snapshotConfig({} as NodeJS.ProcessEnv);
    expect(cfg.dataDir).toBe(path.resolve('data'));
    expect(cfg.ttlDays).toBe(30);
    expect(cfg.ttlMs).toBe(30 * DAY);
  });

  it('reads SFN_LENS_DATA_DIR and SFN_LENS_SNAPSHOT_TTL_DAYS', () => {
    const cfg = snapshotConfig({ SFN_LENS_DATA_DIR: '/var/lib/sfn-lens', SFN_LENS_SNAPSHOT_TTL_DAYS: '7' } as unknown as NodeJS.ProcessEnv);
    expect(cfg.dataDir).toBe('/var/lib/sfn-lens');
    expect(cfg.ttlMs).toBe(7 * DAY);
  });

  it('names every bad setting at once', () => {
    expect(() => snapshotConfig({ SFN_LENS_DATA_DIR: '', SFN_LENS_SNAPSHOT_TTL_DAYS: '-1' } as unknown as NodeJS.ProcessEnv)).toThrow(/SFN_LENS_DATA_DIR[\s\S]*SFN_LENS_SNAPSHOT_TTL_DAYS/);
  });
});
