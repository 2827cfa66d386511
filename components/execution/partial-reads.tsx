import type { PartialRead } from '@/lib/domain/types';
import { FailedRead } from '../failed-read';
import styles from './execution.module.css';

/** Reads that failed: each named, so a partial view is never mistaken for a whole one. */
export function PartialReads({ partial }: { partial: PartialRead[] }) {
  if (partial.length === 0) return null;
  return (
    <div className={styles.partial} role="status" data-testid="partial-reads">
      <strong>Partial result: {partial.length === 1 ? 'one read' : `${partial.length} reads`} failed, the rest of this page still stands.</strong>
      <ul>
        {partial.map((p, i) => (
          <li key={`${p.action}-${i}`}>
            Could not read {p.what}: <FailedRead read={p} />
          </li>
        ))}
      </ul>
    </div>
  );
}
