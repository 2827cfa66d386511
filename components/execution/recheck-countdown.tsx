'use client';

import { useEffect, useRef } from 'react';
import { useNow } from './use-now';
import styles from './execution.module.css';
import { formatCountdown, formatUtc } from '@/lib/domain/format';

interface Props {
  recheckAt: string;
  /** The server's clock when the verdict was computed: the countdown runs on that clock, not the browser's. */
  generatedAt: string;
  /** When this browser received the verdict (ms). */
  receivedAt: number;
  checking: boolean;
  onDue: () => void;
}

/** Counts down to the verdict's `recheckAt` and asks for a fresh verdict when it reaches zero. */
export function RecheckCountdown({ recheckAt, generatedAt, receivedAt, checking, onDue }: Props) {
  const now = useNow();
  const waitMs = Date.parse(recheckAt) - Date.parse(generatedAt);
  const dueAt = receivedAt + waitMs;
  const firedFor = useRef<number | null>(null);

  useEffect(() => {
    // A re-check time not after the verdict itself would re-fire at once, forever: the 15 s refresh covers it.
    if (now === null || waitMs <= 0 || now < dueAt || firedFor.current === dueAt) return;
    firedFor.current = dueAt;
    onDue();
  }, [now, dueAt, waitMs, onDue]);

  const remaining = now === null ? waitMs : dueAt - now;
  const progress = waitMs > 0 ? Math.min(100, Math.max(0, 100 - (remaining / waitMs) * 100)) : 100;
  return (
    <div className={styles.recheck} data-testid="recheck">
      <div className={styles.recheckText}>
        {checking ? (
          <strong>Re-checking now…</strong>
        ) : remaining > 0 ? (
          <>
            Re-checking in <strong className={styles.countdown} data-testid="recheck-countdown">{formatCountdown(remaining)}</strong>
          </>
        ) : (
          <strong>Re-check due</strong>
        )}{' '}
        <span className="muted">
          at {formatUtc(recheckAt, 'ms')}, when the neighbours’ observed delivery delay has passed. The verdict updates here by itself.
        </span>
      </div>
      <div className={styles.recheckTrack} aria-hidden="true">
        <div className={styles.recheckBar} style={{ width: `${progress}%` }} />
      </div>
    </div>
  );
}
