import pLimit from 'p-limit';

/**
 * A limiter: every task given to it runs with at most `limit` others in flight, the rest waiting in
 * the order they came (AWS quotas are per account, not per request). Shared by everything that
 * holds it: one per process bounds the reads of every viewer together.
 */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  return pLimit(limit);
}

/** Maps with at most `limit` calls in flight. */
export function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const run = limiter(limit);
  return Promise.all(items.map((item, i) => run(() => fn(item, i))));
}

/**
 * Waits for `work` at most `ms`, then returns either way: the work goes on, and what it settles later
 * lands where it puts it (a slow state machine is answered `pending`, not waited for by every other one).
 */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
