import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { OpsBoard } from '@/components/ops/ops-board';
import { getConfig } from '@/lib/config';
import { makeServerQueryClient, seedQuery } from '@/lib/query/get-query-client';
import { overviewOptions } from '@/lib/query/options';
import { readRange } from '@/lib/query/time-range';
import { loadOverview } from '@/lib/server/overview';
import { sourceFilterParams } from '@/lib/server/sources';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Ops view' };

/** The first paint waits this long for counts (slower state machines are sent `pending`); the rest arrive with the board's own polling. */
const FIRST_PAINT_WAIT_MS = 2_500;

export default async function OpsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const range = readRange(params);
  const queryClient = makeServerQueryClient();
  try {
    const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : null);
    const filter = sourceFilterParams({ account: one(params.account), region: one(params.region) });
    const overview = await loadOverview(range, { waitMs: FIRST_PAINT_WAIT_MS, filter });
    seedQuery(queryClient, overviewOptions(range, filter), overview, Date.parse(overview.generatedAt));
  } catch (e) {
    // The board asks the API itself and shows what failed.
    console.error('sfn-lens: ops prefetch failed', e);
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <OpsBoard simulated={getConfig().source === 'sim'} />
    </HydrationBoundary>
  );
}
