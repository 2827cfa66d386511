import { NextResponse, type NextRequest } from 'next/server';
import { toErrorResponse } from '@/lib/server/errors';
import { searchExecutions, searchParams } from '@/lib/server/search';

export const dynamic = 'force-dynamic';

/**
 * Executions of a state machine whose input, output or failure carried `?q` (`key=value` or text) in
 * `?from&to` (docs/search.md). 409 `confirmation-required` with the estimate when the search is
 * expected to scan more than the threshold (send `confirmAbove=<bytes>` to run it anyway), 409
 * `search-unavailable` with the reason when the logs carry no execution data.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ arn: string }> }) {
  try {
    const result = await searchExecutions(searchParams((await params).arn, request.nextUrl.searchParams));
    if (result.refused) {
      return NextResponse.json({ error: { code: result.code, message: result.message }, estimate: result.estimate }, { status: 409, headers: { 'cache-control': 'no-store' } });
    }
    // `refused` is the server's switch, not part of the answer (JSON leaves an undefined field out).
    return NextResponse.json({ ...result, refused: undefined }, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
