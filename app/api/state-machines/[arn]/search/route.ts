import { NextResponse, type NextRequest } from 'next/server';
import { readRange } from '@/lib/query/time-range';
import { RequestError, toErrorResponse } from '@/lib/server/errors';
import { searchExecutions } from '@/lib/server/search';
import { onlyParams, stateMachineArnParam, windowParam } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

/**
 * Executions of a state machine whose input, output or failure carried `?q` (`key=value` or text) in
 * `?from&to` (docs/search.md). 409 `confirmation-required` with the estimate when the search is
 * expected to scan more than the threshold (send `confirmAbove=<bytes>` to run it anyway), 409
 * `search-unavailable` with the reason when the logs carry no execution data.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ arn: string }> }) {
  try {
    const sm = stateMachineArnParam((await params).arn);
    const q = request.nextUrl.searchParams;
    onlyParams(q, ['q', 'from', 'to', 'confirmAbove']);
    const range = readRange(q);
    windowParam(range, Date.now());
    const text = q.get('q');
    if (text === null) throw new RequestError(400, 'invalid-search', 'The search is missing: add ?q=key=value (orderId=4711), a piece of text or an error name.');
    const rawConfirm = q.get('confirmAbove');
    if (rawConfirm !== null && !/^\d{1,16}$/.test(rawConfirm)) throw new RequestError(400, 'invalid-parameter', `confirmAbove must be a whole number of bytes; got ${JSON.stringify(rawConfirm.slice(0, 40))}.`);
    const result = await searchExecutions({ stateMachineArn: sm.arn, q: text, range, confirmAbove: rawConfirm === null ? null : Number(rawConfirm) });
    if (result.refused) {
      return NextResponse.json({ error: { code: result.code, message: result.message }, estimate: result.estimate }, { status: 409, headers: { 'cache-control': 'no-store' } });
    }
    const body: Omit<typeof result, 'refused'> & { refused?: boolean } = { ...result };
    delete body.refused;
    return NextResponse.json(body, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
