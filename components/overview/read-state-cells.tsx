'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { readStateCellOf } from '@/lib/domain/read-progress';
import { progressOptions } from '@/lib/query/options';
import { readRange } from '@/lib/query/time-range';

const POLL_MS = 1_000;
/**
 * One refresh of the page at a time for every row: a refresh waits for the rows still being read (up
 * to 1.5 s each, on the server), and a newer refresh cancels the one in flight, so rows refreshing
 * each on their own would never let one finish.
 */
const REFRESH_EVERY_MS = 5_000;
let lastRefreshAt = 0;

function refreshPage(refresh: () => void): void {
  const now = Date.now();
  if (now - lastRefreshAt < REFRESH_EVERY_MS) return;
  lastRefreshAt = now;
  refresh();
}
const WORDS = { queued: 'Queued', reading: 'Reading', done: 'Done', failed: 'Failed', stopped: 'Stopped' } as const;

/**
 * A state machine's row while its executions view is read (docs/cold-views.md): queued, reading n %,
 * done or failed, from the read's own progress; when the read ends, the page is rendered again and the
 * row gets its health and counts from the shared read, now kept.
 */
export function ReadStateCells({ arn, colSpan }: { arn: string; colSpan: number }) {
  const range = readRange(useSearchParams());
  const router = useRouter();
  // Polled in the background too: a finished read's progress is kept only briefly (30 s).
  const query = useQuery({ ...progressOptions(arn, range), refetchInterval: POLL_MS, refetchIntervalInBackground: true });
  const progress = query.data?.progress ?? null;
  const cell = readStateCellOf(progress);
  const ended = cell.state === 'done' || cell.state === 'failed' || cell.state === 'stopped';
  useEffect(() => {
    if (!ended) return;
    refreshPage(router.refresh);
    // Until the row has its counts (this cell then leaves): a refresh that raced the end of the read
    // rendered this cell again.
    const again = setInterval(() => refreshPage(router.refresh), 1_000);
    return () => clearInterval(again);
  }, [ended, router]);
  return (
    <td colSpan={colSpan} className="muted" data-testid="read-state-cell" data-read-state={cell.state} role="status" aria-busy={!ended}>
      {WORDS[cell.state]}
      {cell.percent !== null ? ` ${cell.percent} %` : ''}
      <span className="small">{cell.state === 'queued' ? ' · waiting for a free read' : ended ? ' · showing the counts…' : ' · Logs Insights is scanning the window'}</span>
    </td>
  );
}
