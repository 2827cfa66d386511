import { NextResponse, type NextRequest } from 'next/server';
import { toIso } from '@/lib/domain/time-window';
import { executionViewDto } from '@/lib/server/dto';
import { toErrorResponse } from '@/lib/server/errors';
import { readExecutionView } from '@/lib/server/execution-view';
import { executionArnParam, onlyParams, windowParams } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

/**
 * `from`/`to` say where to look for the events of an async Express execution (default: the last 3 hours).
 * Viewers of the same link share one read for 15 s (never past the verdict's re-check); `readAt` says when.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ arn: string }> }) {
  try {
    const parsed = executionArnParam((await params).arn);
    const q = request.nextUrl.searchParams;
    windowParams(q, Date.now());
    onlyParams(q, ['from', 'to']);
    const { value, readAt } = await readExecutionView(parsed, { from: q.get('from'), to: q.get('to') });
    return NextResponse.json({ ...executionViewDto(value), readAt: toIso(readAt) }, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
