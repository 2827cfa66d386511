import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotConfig } from '@/lib/snapshots/config';
import { newSnapshotId } from '@/lib/snapshots/ids';
import { isSnapshotId } from '@/lib/snapshots/snapshot';
import { openSnapshotStore, SNAPSHOT_DB_FILE } from '@/lib/snapshots/store';
import { describeSnapshotStore } from '../../support/snapshot-store-contract';
import { DAY } from './builders';

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

describeSnapshotStore('SQLite', {
  fresh: async () => path.join(mkdtempSync(path.join(tmpdir(), 'sfn-lens-snapshots-')), 'nested', 'data'),
  open: async (dir) => openSnapshotStore(dir),
  remove: async (dir) => rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true }),
});

describe('the SQLite snapshot store', () => {
  it('creates its data directory and database file when missing', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sfn-lens-snapshots-'));
    const dir = path.join(root, 'nested', 'data');
    const store = openSnapshotStore(dir);
    try {
      expect(existsSync(path.join(dir, SNAPSHOT_DB_FILE))).toBe(true);
    } finally {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    }
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

  it('keeps shared diagnoses in SQLite unless SFN_LENS_DATABASE_URL names a PostgreSQL (empty counts as unset)', () => {
    expect(snapshotConfig({} as NodeJS.ProcessEnv).databaseUrl).toBeUndefined();
    expect(snapshotConfig({ SFN_LENS_DATABASE_URL: '' } as unknown as NodeJS.ProcessEnv).databaseUrl).toBeUndefined();
    const url = 'postgres://sfn_lens:pw@db.internal:5432/sfn_lens';
    expect(snapshotConfig({ SFN_LENS_DATABASE_URL: url } as unknown as NodeJS.ProcessEnv).databaseUrl).toBe(url);
    expect(snapshotConfig({ SFN_LENS_DATABASE_URL: 'postgresql://db/x' } as unknown as NodeJS.ProcessEnv).databaseUrl).toBe('postgresql://db/x');
  });

  it('refuses a SFN_LENS_DATABASE_URL that is not a PostgreSQL URL', () => {
    expect(() => snapshotConfig({ SFN_LENS_DATABASE_URL: 'mysql://db/x' } as unknown as NodeJS.ProcessEnv)).toThrow(/SFN_LENS_DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it('names every bad setting at once', () => {
    expect(() => snapshotConfig({ SFN_LENS_DATA_DIR: '', SFN_LENS_SNAPSHOT_TTL_DAYS: '-1' } as unknown as NodeJS.ProcessEnv)).toThrow(/SFN_LENS_DATA_DIR[\s\S]*SFN_LENS_SNAPSHOT_TTL_DAYS/);
  });
});
