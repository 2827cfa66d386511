import { NextResponse, type NextRequest } from 'next/server';
import { readRange } from '@/lib/query/time-range';
import { RequestError, toErrorResponse } from '@/lib/server/errors';
import { executionsProgress, stopExecutionsRead } from '@/lib/server/state-machine-executions';
import { onlyParams, stateMachineArnParam, windowParam } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

function params(request: NextRequest) {
  const q = request.nextUrl.searchParams;
  const range = readRange(q);
  windowParam(range, Date.now());
  onlyParams(q, ['from', 'to']);
  return range;
}

/**
 * How far the read of the executions view for `?from&to` has got: its Logs Insights queries' records
 * and bytes scanned, elapsed time and cost so far (docs/cold-views.md). `progress` is null when no read
 * of that view is running or just finished.
 */
export async function GET(request: NextRequest, { params: p }: { params: Promise<{ arn: string }> }) {
  try {
    const sm = stateMachineArnParam((await p).arn);
    const progress = executionsProgress(sm.arn, params(request));
    return NextResponse.json({ progress }, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}

/** Stops that read (StopQuery): the view then finishes with its unfinished queries named as stopped. 404 when none runs. */
export async function DELETE(request: NextRequest, { params: p }: { params: Promise<{ arn: string }> }) {
  try {
    const sm = stateMachineArnParam((await p).arn);
    const stopped = await stopExecutionsRead(sm.arn, params(request));
    if (stopped === null) throw new RequestError(404, 'not-running', 'No read of this view is running: there is nothing to stop.');
    return NextResponse.json({ stopped }, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
