import { formatCount } from '@/lib/domain/format';
import type { VerdictCause } from '@/lib/domain/types';
import { causeMeaning } from './causes';

/**
 * A verdict cause as a coloured badge: the same colour for the same cause on every page (the table,
 * the chart, the execution page, a shared diagnosis). `large` for the verdict of a page; `count` for
 * a filter chip or a tally.
 */
export function CauseBadge({ cause, count, suffix, large = false, testId }: { cause: VerdictCause; count?: number; suffix?: string; large?: boolean; testId?: string }) {
  return (
    <span className={`cause cause-${cause}${large ? ' cause-large' : ''}`} title={causeMeaning(cause)} data-cause={cause} data-testid={testId}>
      <span className="cause-dot" aria-hidden="true" />
      {cause}
      {count !== undefined ? (
        <span className="cause-count">
          {formatCount(count)}
          {suffix}
        </span>
      ) : null}
    </span>
  );
}
