import type { HealthStatus } from '@/lib/domain/types';

const WORDS: Record<HealthStatus, string> = { ok: 'ok', warning: 'warning', broken: 'broken' };

/** Logging health of a state machine: ok / warning / broken. */
export function HealthBadge({ status, large = false }: { status: HealthStatus; large?: boolean }) {
  return (
    <span className={`health health-${status}${large ? ' health-large' : ''}`} data-health={status}>
      <span className="health-dot" aria-hidden="true" />
      {WORDS[status]}
    </span>
  );
}
