// The snapshot store tests every store answers the same way: the embedded SQLite (tests/unit/snapshots)
// and PostgreSQL (tests/integration/snapshot-store.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newSnapshotId } from '@/lib/snapshots/ids';
import type { SnapshotStore } from '@/lib/snapshots/store';
import { DAY, makeSnapshot, NOW } from '../unit/snapshots/builders';

export interface StoreUnderTest {
  /** A new, empty place to keep snapshots (a directory, a database): what `open` takes. */
  fresh: () => Promise<string>;
  open: (where: string) => Promise<SnapshotStore>;
  remove?: (where: string) => Promise<void>;
}

export function describeSnapshotStore(name: string, kind: StoreUnderTest): void {
  describe(`the snapshot store (${name})`, () => {
    let where: string;
    let store: SnapshotStore;

    beforeEach(async () => {
      where = await kind.fresh();
      store = await kind.open(where);
    });

    afterEach(async () => {
      await store.close();
      await kind.remove?.(where);
    });

    it('gives back what was put, unchanged', async () => {
      const snapshot = makeSnapshot({ id: newSnapshotId() });
      await store.put(snapshot);
      expect(await store.get(snapshot.id, NOW + 1_000)).toEqual(snapshot);
    });

    it('keeps snapshots across a restart (the store is opened again)', async () => {
      const snapshot = makeSnapshot({ id: newSnapshotId() });
      await store.put(snapshot);
      await store.close();
      store = await kind.open(where);
      const back = await store.get(snapshot.id, NOW + DAY);
      expect(back?.execution.verdict.cause).toBe('best-effort-drop');
      expect(back).toEqual(snapshot);
    });

    it('answers null for an unknown or malformed id', async () => {
      expect(await store.get(newSnapshotId(), NOW)).toBeNull();
      expect(await store.get('not an id', NOW)).toBeNull();
      expect(await store.get("x' OR '1'='1", NOW)).toBeNull();
    });

    it('treats an expired snapshot as gone and deletes it on read', async () => {
      const snapshot = makeSnapshot({ id: newSnapshotId(), ttlMs: 7 * DAY });
      await store.put(snapshot);
      expect(await store.get(snapshot.id, NOW + 7 * DAY - 1)).not.toBeNull();
      expect(await store.get(snapshot.id, NOW + 7 * DAY)).toBeNull();
      // Deleted, not just hidden: even a reader whose clock is behind no longer finds it.
      expect(await store.get(snapshot.id, NOW)).toBeNull();
    });

    it('purges expired snapshots lazily when new ones are written', async () => {
      const old = makeSnapshot({ id: newSnapshotId(), takenAt: NOW - 31 * DAY });
      await store.put(old);
      const fresh = makeSnapshot({ id: newSnapshotId(), takenAt: NOW });
      await store.put(fresh);
      expect(await store.get(old.id, NOW - 31 * DAY + 1)).toBeNull();
      expect(await store.get(fresh.id, NOW)).not.toBeNull();
    });

    it('purges on demand and says how many went', async () => {
      await store.put(makeSnapshot({ id: newSnapshotId(), takenAt: NOW, ttlMs: DAY }));
      await store.put(makeSnapshot({ id: newSnapshotId(), takenAt: NOW, ttlMs: 2 * DAY }));
      expect(await store.purgeExpired(NOW + DAY)).toBe(1);
      expect(await store.purgeExpired(NOW + 3 * DAY)).toBe(1);
    });

    it('refuses a second snapshot with the same id and keeps the first', async () => {
      const snapshot = makeSnapshot({ id: newSnapshotId() });
      await store.put(snapshot);
      await expect(store.put(makeSnapshot({ id: snapshot.id, takenAt: NOW + 1 }))).rejects.toThrow();
      expect(await store.get(snapshot.id, NOW + 1)).toEqual(snapshot);
    });
  });
}
