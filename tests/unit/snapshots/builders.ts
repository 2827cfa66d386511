// Snapshot test inputs: a real execution view (captured from the simulated account's billing-standard)
// with overrides for what a test is about.
import type { ExecutionDto } from '@/lib/query/options';
import { freezeSnapshot, type Snapshot, type SnapshotRequest } from '@/lib/snapshots/snapshot';
import bestEffortDrop from './fixtures/execution.standard.best-effort-drop.json';

export const NOW = Date.UTC(2026, 10, 28, 4, 40, 0);
export const DAY = 24 * 60 * 60 * 1000;

export function makeExecutionDto(override: (dto: ExecutionDto) => void = () => {}): ExecutionDto {
  const dto = structuredClone(bestEffortDrop) as unknown as ExecutionDto;
  override(dto);
  return dto;
}

export function makeSnapshot(opts: { id?: string; takenAt?: number; ttlMs?: number; request?: Partial<SnapshotRequest>; execution?: ExecutionDto } = {}): Snapshot {
  const execution = opts.execution ?? makeExecutionDto();
  return freezeSnapshot({
    id: opts.id ?? 'AAAAAAAAAAAAAAAAAAAAAA',
    execution,
    request: { executionArn: execution.execution.executionArn, from: null, to: null, includePayloads: false, ...opts.request },
    takenAt: opts.takenAt ?? NOW,
    ttlMs: opts.ttlMs ?? 30 * DAY,
    account: 'simulated account',
    region: 'us-east-1',
  });
}
