import { NextResponse, type NextRequest } from 'next/server';
import { executionViewDto } from '@/lib/server/dto';
import { toErrorResponse } from '@/lib/server/errors';
import { loadExecutionView } from '@/lib/server/execution-view';
import { executionArnParam, windowParams } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

/** `from`/`to` say where to look for the events of an async Express execution (default: the last 3 hours). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ arn: string }> }) {
  try {
    const now = Date.now();
    const parsed = executionArnParam((await params).arn);
    const hint = windowParams(request.nextUrl.searchParams, now);
    const view = await loadExecutionView(parsed, hint, now);
    return NextResponse.json(executionViewDto(view));
  } catch (e) {
    return toErrorResponse(e);
  }
}
