import { NextResponse, type NextRequest } from 'next/server';
import { readRange } from '@/lib/query/time-range';
import { toErrorResponse } from '@/lib/server/errors';
import { readStateMachineGraph, stateMachineGraphDto } from '@/lib/server/state-machine-graph';
import { onlyParams, stateMachineArnParam, windowParam } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

/**
 * The state machine's workflow graph with per-state counts over `?from&to` (default the last 3 hours):
 * how many executions entered each state, failed in it, were dropped after it (docs/workflow-graph.md).
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ arn: string }> }) {
  try {
    const sm = stateMachineArnParam((await params).arn);
    const q = request.nextUrl.searchParams;
    onlyParams(q, ['from', 'to']);
    const range = readRange(q);
    windowParam(range, Date.now());
    const { value, readAt } = await readStateMachineGraph(sm.arn, range);
    return NextResponse.json(stateMachineGraphDto(value, readAt), { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
