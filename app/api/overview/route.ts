import { NextResponse, type NextRequest } from 'next/server';
import { readRange } from '@/lib/query/time-range';
import { toErrorResponse } from '@/lib/server/errors';
import { loadOverview } from '@/lib/server/overview';
import { sourceFilterParams } from '@/lib/server/sources';
import { onlyParams, windowParam } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

/** How long the answer waits for slow state machines before naming them `pending`. */
const WAIT_MS = 8_000;

/**
 * Every state machine with its counts for `?from&to` (ISO-8601, or rolling such as `now-15m`; default
 * the last 3 hours), of the sources `?account&region` keep (docs/sources.md). Reads are shared between callers: a wall screen per team costs AWS one viewer.
 */
export async function GET(request: NextRequest) {
  try {
    const q = request.nextUrl.searchParams;
    const range = readRange(q);
    windowParam(range, Date.now());
    onlyParams(q, ['from', 'to', 'account', 'region']);
    const filter = sourceFilterParams({ account: q.get('account'), region: q.get('region') });
    const overview = await loadOverview(range, { waitMs: WAIT_MS, filter });
    return NextResponse.json(overview, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
