import { NextResponse, type NextRequest } from 'next/server';
import { compareParams, readComparison } from '@/lib/server/compare';
import { toErrorResponse } from '@/lib/server/errors';

export const dynamic = 'force-dynamic';

/**
 * Two executions of one state machine side by side (docs/compare.md): `a` and `b` are execution
 * ARNs; without `b`, the nearest execution in the window that succeeded and was fully logged
 * (`baseline.chosen`). Executions of different state machines are a 400.
 */
export async function GET(request: NextRequest) {
  try {
    const body = await readComparison(compareParams(request.nextUrl.searchParams));
    return NextResponse.json(body, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
