'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { formatCount, formatDuration } from '@/lib/domain/format';
import { formatBytes, formatUsd } from '@/lib/domain/scan-cost';
import { progressOptions, stopRead } from '@/lib/query/options';
import { readRange } from '@/lib/query/time-range';
import styles from './read-progress.module.css';

const POLL_MS = 1_000;

const STATE_WORDS = { queued: 'Queued', reading: 'Reading', done: 'Done', failed: 'Failed', stopped: 'Stopped' } as const;
const EXPECTED_WORDS = { 'last-scan': 'against what the last scan of this window read', 'stored-bytes': "against the window's share of the log group's stored bytes (an estimate)" } as const;

/**
 * How far the Logs Insights queries of a cold view have got, from their own statistics (records and
 * bytes scanned so far), with the elapsed time, what the scan has cost so far and a way to stop it
 * (docs/cold-views.md). Shown while the view is not there yet.
 */
export function ReadProgress({ arn }: { arn: string }) {
  const range = readRange(useSearchParams());
  const query = useQuery({ ...progressOptions(arn, range), refetchInterval: POLL_MS });
  const stop = useMutation({ mutationFn: () => stopRead(arn, range), onSuccess: () => void query.refetch() });
  const p = query.data?.progress ?? null;
  if (!p) return <p className="muted" data-testid="read-progress-waiting">Starting the reads…</p>;
  const percent = p.fraction === null ? null : Math.round(p.fraction * 100);
  const running = p.state === 'reading' || p.state === 'queued';
  return (
    <section className={styles.box} data-testid="read-progress" aria-label="Logs Insights progress">
      <div className={styles.line}>
        <strong data-testid="read-progress-state">
          {STATE_WORDS[p.state]}
          {percent !== null && p.state === 'reading' ? ` ${percent} %` : ''}
        </strong>
        <span>{formatDuration(p.elapsedMs)} elapsed</span>
        <span data-testid="read-progress-scanned">
          {formatBytes(p.bytesScanned)} and {formatCount(p.recordsScanned)} records scanned
        </span>
        <span>{formatUsd(p.usdSoFar)} so far</span>
        {running ? (
          <button type="button" className="btn" onClick={() => stop.mutate()} disabled={stop.isPending || stop.isSuccess}>
            {stop.isPending || stop.isSuccess ? 'Stopping…' : 'Stop'}
          </button>
        ) : null}
      </div>
      <div
        className={styles.track}
        role="progressbar"
        aria-label="Logs Insights scan"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent !== null ? { 'aria-valuenow': percent, 'aria-valuetext': `${percent} %` } : { 'aria-valuetext': 'unknown' })}
      >
        <div className={`${styles.bar} ${percent === null ? styles.indeterminate : ''}`} style={percent !== null ? { width: `${percent}%` } : undefined} />
      </div>
      <p className="muted small">
        {p.expectedFrom ? `Bytes scanned ${EXPECTED_WORDS[p.expectedFrom]}.` : 'AWS gives no total: the share is unknown until a first scan of this window completes.'}
        {stop.isError ? ` The stop failed: ${stop.error.message}` : ''}
      </p>
      <ul className={styles.queries}>
        {p.queries.map((q) => (
          <li key={q.label}>
            {q.label}: {q.state === 'running' && q.fraction !== null ? `${Math.round(q.fraction * 100)} %` : q.state} ({formatBytes(q.bytesScanned)})
          </li>
        ))}
      </ul>
    </section>
  );
}
