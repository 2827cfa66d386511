import type { VerdictCause } from '@/lib/domain/types';
import { causeMeaning } from './causes';

/** A verdict cause as a coloured badge: the same colour for the same cause on every page. */
export function CauseBadge({ cause, count, suffix }: { cause: VerdictCause; count?: number; suffix?: string }) {
  return (
    <span className={`cause cause-${cause}`} title={causeMeaning(cause)} data-cause={cause}>
      <span className="cause-dot" aria-hidden="true" />
      {cause}
      {count !== undefined ? <span className="cause-count">{count.toLocaleString('en-US')}{suffix}</span> : null}
    </span>
  );
}
