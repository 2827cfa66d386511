import { NextResponse, type NextRequest } from 'next/server';
import { readRange } from '@/lib/query/time-range';
import { toErrorResponse } from '@/lib/server/errors';
import { executionsBodyOf } from '@/lib/server/dto';
import { sharedBodyStream } from '@/lib/server/shared-body';
import { readStateMachineExecutions } from '@/lib/server/state-machine-executions';
import { onlyParams, stateMachineArnParam, windowParam } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

/**
 * The executions of a state machine in `?from&to` (ISO-8601, or rolling such as `now-15m`; default the
 * last 3 hours), both sides joined with a verdict each. Reads are shared between callers for 15 s, so
 * fifty viewers of one table cost AWS what one does; `readAt` says how old the answer is.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ arn: string }> }) {
  try {
    const sm = stateMachineArnParam((await params).arn);
    const q = request.nextUrl.searchParams;
    const range = readRange(q);
    windowParam(range, Date.now());
    onlyParams(q, ['from', 'to']);
    const { value, readAt } = await readStateMachineExecutions(sm.arn, range);
    return new NextResponse(sharedBodyStream(executionsBodyOf(value, readAt)), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
