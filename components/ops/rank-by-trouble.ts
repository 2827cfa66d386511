import type { OverviewEntryDto } from '@/lib/query/options';

/** Broken first, then state machines sfn-lens could not read, then by settled disagreements; still-loading last. */
function tier(e: OverviewEntryDto): number {
  if (e.state === 'pending') return 3;
  if (e.state === 'error') return 1;
  return e.summary.health.status === 'broken' ? 0 : 2;
}

export function rankByTrouble(entries: readonly OverviewEntryDto[]): OverviewEntryDto[] {
  const trouble = (e: OverviewEntryDto) => (e.state === 'ready' ? e.summary.trouble : 0);
  const warning = (e: OverviewEntryDto) => (e.state === 'ready' && e.summary.health.status === 'warning' ? 0 : 1);
  return [...entries].sort(
    (a, b) => tier(a) - tier(b) || trouble(b) - trouble(a) || warning(a) - warning(b) || a.stateMachine.name.localeCompare(b.stateMachine.name),
  );
}
