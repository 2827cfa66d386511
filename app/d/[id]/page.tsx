import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SnapshotView } from '@/components/execution/snapshot-view';
import { makeServerQueryClient } from '@/lib/query/get-query-client';
import { snapshotOptions } from '@/lib/query/snapshot-options';
import { isSnapshotId, liveWindowOf } from '@/lib/snapshots/snapshot';
import { getSnapshotStore } from '@/lib/snapshots/store';

export const metadata: Metadata = { title: 'Shared diagnosis', robots: { index: false } };

/** The live snapshot and where its "verdict now" looks, or null when the id is unknown or expired. */
function readSnapshotPage(id: string) {
  const now = Date.now();
  const snapshot = isSnapshotId(id) ? getSnapshotStore().get(id, now) : null;
  return snapshot ? { snapshot, live: liveWindowOf(snapshot, now) } : null;
}

export default async function SnapshotPage({ params }: { params: Promise<{ id: string }> }) {
  const id = (await params).id;
  const found = readSnapshotPage(id);
  if (!found) notFound();

  const client = makeServerQueryClient();
  client.setQueryData(snapshotOptions(id).queryKey, found.snapshot);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <SnapshotView id={id} live={found.live} />
    </HydrationBoundary>
  );
}
