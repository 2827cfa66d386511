import { NextResponse, type NextRequest } from 'next/server';
import { toIso } from '@/lib/domain/time-window';
import { readRange } from '@/lib/query/time-range';
import { executionViewDto } from '@/lib/server/dto';
import { readExecutionDetail } from '@/lib/server/execution-detail';
import { isUnknownExecution } from '@/lib/server/exists';
import { RequestError, toErrorResponse } from '@/lib/server/errors';
import { executionArnParam, onlyParams, windowParam } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

/**
 * An execution neither Step Functions nor its log group knows is a 404.
 * `from`/`to` say where to look for the events of an async Express execution (default: the last 3 hours).
 * Viewers of the same link share one read for 15 s (never past the verdict's re-check); `readAt` says when.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ arn: string }> }) {
  try {
    const parsed = executionArnParam((await params).arn);
    const q = request.nextUrl.searchParams;
    const range = readRange(q);
    windowParam(range, Date.now());
    onlyParams(q, ['from', 'to']);
    const { value, readAt } = await readExecutionDetail(parsed, range);
    // Neither source knows it (the execution page answers 404 by the same test).
    if (isUnknownExecution(value)) {
      throw new RequestError(404, 'execution-not-found', `Step Functions has no execution ${parsed.arn}, and its log group holds no event of it in the window.`);
    }
    return NextResponse.json({ ...executionViewDto(value), readAt: toIso(readAt) }, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
