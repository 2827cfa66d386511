import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { getConfig } from '@/lib/config';
import { InsightsQueue, type InsightsQueueSnapshot } from '@/lib/domain/insights-queue';

// The process's budget of concurrent Logs Insights queries (SFN_LENS_INSIGHTS_CONCURRENCY) and its fair
// queue (lib/domain/insights-queue.ts; docs/aws-behaviour.md §11.12). Every StartQuery sfn-lens sends
// goes through it, from StartQuery until the query's end has been read (or it was stopped).

let queue: InsightsQueue | null = null;
let ids = 0;
const waiters = new Map<number, () => void>();
/** Whose query this is: the state machine a view reads (fairness is between them). */
const currentOwner = new AsyncLocalStorage<string>();

function theQueue(): InsightsQueue {
  queue ??= new InsightsQueue(getConfig().insightsConcurrency);
  return queue;
}

function startWhatMay(q: InsightsQueue): void {
  for (const next of q.next()) {
    const go = waiters.get(next.id);
    waiters.delete(next.id);
    go?.();
  }
}

/** Runs `read` with its Logs Insights queries counted as `owner`'s (a state machine's ARN). */
export function asInsightsOwner<T>(owner: string, read: () => T): T {
  return currentOwner.run(owner, read);
}

/** Waits for a place in the budget, runs `query`, and frees the place however it ends. */
export async function withInsightsPlace<T>(label: string, query: () => Promise<T>): Promise<T> {
  const q = theQueue();
  const id = ++ids;
  const started = new Promise<void>((resolve) => waiters.set(id, resolve));
  q.ask({ id, owner: currentOwner.getStore() ?? 'other', label, askedAt: Date.now() });
  startWhatMay(q);
  await started;
  try {
    return await query();
  } finally {
    q.done(id);
    startWhatMay(q);
  }
}

/** How many queries run and wait now, per state machine. */
export function insightsQueueSnapshot(): InsightsQueueSnapshot {
  return theQueue().snapshot(Date.now());
}
