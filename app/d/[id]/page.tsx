import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SnapshotView } from '@/components/execution/snapshot-view';
import { isSnapshotId, liveWindowOf } from '@/lib/snapshots/snapshot';
import { getSnapshotStore } from '@/lib/snapshots/store';

export const metadata: Metadata = { title: 'Shared diagnosis', robots: { index: false } };

/** The live snapshot and where its "verdict now" looks, or null when the id is unknown or expired. */
async function readSnapshotPage(id: string) {
  const now = Date.now();
  const snapshot = isSnapshotId(id) ? await (await getSnapshotStore()).get(id, now) : null;
  return snapshot ? { snapshot, live: liveWindowOf(snapshot, now) } : null;
}

/** A snapshot never changes: it is rendered from the server's read, only "the verdict now" is a client query. */
export default async function SnapshotPage({ params }: { params: Promise<{ id: string }> }) {
  const found = await readSnapshotPage((await params).id);
  if (!found) notFound();
  return <SnapshotView snapshot={found.snapshot} live={found.live} />;
}
