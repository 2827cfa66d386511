import 'server-only';
import { executionViewDto } from '@/lib/server/dto';
import { RequestError } from '@/lib/server/errors';
import { loadExecutionDetail } from '@/lib/server/execution-detail';
import { sourceLabel, sourceOf } from '@/lib/server/sources';
import { executionArnParam, windowParam } from '@/lib/server/validate';
import { snapshotConfig } from './config';
import { newSnapshotId } from './ids';
import { freezeSnapshot, type Snapshot, type SnapshotRequest } from './snapshot';
import { getSnapshotStore } from './store';
import { snapshotIdParam } from './validate';

/** Diagnoses the execution now, on the server (the client sends only what to look at), and freezes it. */
export async function createSnapshot(request: SnapshotRequest, now: number): Promise<Snapshot> {
  const parsed = executionArnParam(request.executionArn);
  const view = await loadExecutionDetail(parsed, windowParam(request, now), now);
  // The account and Region the execution was read in (the only source when there is no configuration file).
  const source = sourceOf(parsed.arn);
  const snapshot = freezeSnapshot({
    id: newSnapshotId(),
    execution: executionViewDto(view),
    request: { ...request, executionArn: parsed.arn },
    takenAt: now,
    ttlMs: snapshotConfig().ttlMs,
    account: sourceLabel(source),
    region: source.region,
  });
  await (await getSnapshotStore()).put(snapshot);
  return snapshot;
}

export async function readSnapshot(id: string, now: number): Promise<Snapshot> {
  const snapshot = await (await getSnapshotStore()).get(snapshotIdParam(id), now);
  if (!snapshot) throw new RequestError(404, 'snapshot-not-found', 'There is no snapshot with this id: it was mistyped or has expired.');
  return snapshot;
}
