'use client';

import { useQuery } from '@tanstack/react-query';
import { insightsQueueOptions } from '@/lib/query/options';

/** Polled often while queries wait, rarely when none does. */
const BUSY_REFRESH_MS = 2_000;
const IDLE_REFRESH_MS = 10_000;

/**
 * The server's Logs Insights queries: how many run against its budget (SFN_LENS_INSIGHTS_CONCURRENCY,
 * the account's quota being shared: docs/aws-behaviour.md §11.13), how many wait, for which state machines.
 */
export function InsightsQueue() {
  const query = useQuery({
    ...insightsQueueOptions(),
    refetchInterval: (q) => ((q.state.data?.running ?? 0) + (q.state.data?.waiting ?? 0) > 0 ? BUSY_REFRESH_MS : IDLE_REFRESH_MS),
    refetchIntervalInBackground: true,
  });
  const q = query.data;
  if (!q) return null;
  return (
    <section className="ops-queue" aria-label="Logs Insights queries" data-testid="insights-queue">
      <span className="ops-queue-figure">
        <strong>{q.running}</strong> of {q.budget} Logs Insights queries running
      </span>
      <span className="ops-queue-figure">
        <strong>{q.waiting}</strong> waiting
      </span>
      {q.stateMachines.length > 0 ? (
        <ul className="ops-queue-list">
          {q.stateMachines.map((s) => (
            <li key={s.stateMachineArn ?? s.name}>
              <span className="ops-queue-name">{s.name}</span> {s.running} running
              {s.waiting > 0 ? `, ${s.waiting} waiting (longest ${Math.max(1, Math.round(s.longestWaitMs / 1000))} s)` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <span className="muted">idle</span>
      )}
    </section>
  );
}
