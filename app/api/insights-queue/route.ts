import { NextResponse, type NextRequest } from 'next/server';
import { toErrorResponse } from '@/lib/server/errors';
import { readInsightsQueue } from '@/lib/server/insights-queue';
import { onlyParams } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

/** The Logs Insights queries this process runs and queues now, per state machine (budget: SFN_LENS_INSIGHTS_CONCURRENCY). */
export function GET(request: NextRequest) {
  try {
    onlyParams(request.nextUrl.searchParams, []);
    return NextResponse.json(readInsightsQueue(), { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
