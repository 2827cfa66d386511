import 'server-only';
import { QueryClient, type InferDataFromTag, type QueryKey } from '@tanstack/react-query';

// How pages load data: docs/architecture.md, "How pages load data".

/** A fresh QueryClient per server render, for seeding into a HydrationBoundary. */
export function makeServerQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}

/**
 * Seeds a polled view's query with what the server render read through the data function (never this
 * app's own HTTP API), dated when it was read, so the browser shows it at once and polls from there.
 */
export function seedQuery<K extends QueryKey>(client: QueryClient, options: { queryKey: K }, data: InferDataFromTag<unknown, K>, readAt: number): void {
  client.setQueryData(options.queryKey, data, { updatedAt: readAt });
}
