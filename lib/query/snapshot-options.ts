import { queryOptions } from '@tanstack/react-query';
import type { Snapshot, SnapshotRequest } from '@/lib/snapshots/snapshot';
import { fetchJson } from './fetch-json';

export interface CreatedSnapshot {
  id: string;
  /** The diagnosis link's path, `/d/<id>`. */
  url: string;
  takenAt: string;
  expiresAt: string;
}

// A snapshot never changes once taken: fetched once, kept as long as the page lives.
export const snapshotOptions = (id: string) =>
  queryOptions({
    queryKey: ['snapshot', id],
    queryFn: () => fetchJson<Snapshot>(`/api/snapshots/${encodeURIComponent(id)}`),
    staleTime: Infinity,
  });

export function createSnapshot(body: Omit<SnapshotRequest, 'from' | 'to'> & { from?: string | null; to?: string | null }): Promise<CreatedSnapshot> {
  return fetchJson<CreatedSnapshot>('/api/snapshots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
