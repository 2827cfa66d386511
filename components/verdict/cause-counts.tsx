import type { VerdictCause } from '@/lib/domain/types';
import { CauseBadge } from './cause-badge';
import { CAUSES } from './causes';

/** Counts by cause as badges, in the one cause order; causes with no count are left out. */
export function CauseCounts({ counts, omit = [], suffix, empty }: { counts: Partial<Record<VerdictCause, number>>; omit?: readonly VerdictCause[]; suffix?: string; empty?: React.ReactNode }) {
  const shown = CAUSES.filter(({ cause }) => !omit.includes(cause) && (counts[cause] ?? 0) > 0);
  if (shown.length === 0) return <>{empty ?? null}</>;
  return (
    <span className="cause-list">
      {shown.map(({ cause }) => (
        <CauseBadge key={cause} cause={cause} count={counts[cause] ?? 0} suffix={suffix} />
      ))}
    </span>
  );
}
