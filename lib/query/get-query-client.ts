import 'server-only';
import { QueryClient } from '@tanstack/react-query';

/** A fresh QueryClient per server render, for prefetching into a HydrationBoundary. */
export function makeServerQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { staleTime: 15_000, retry: false } } });
}
