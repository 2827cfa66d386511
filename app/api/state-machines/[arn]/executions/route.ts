import { NextResponse, type NextRequest } from 'next/server';
import { executionsViewDto } from '@/lib/server/dto';
import { toErrorResponse } from '@/lib/server/errors';
import { loadExecutionsView } from '@/lib/server/executions-view';
import { stateMachineArnParam, windowParams } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ arn: string }> }) {
  try {
    const now = Date.now();
    const sm = stateMachineArnParam((await params).arn);
    const window = windowParams(request.nextUrl.searchParams, now);
    const view = await loadExecutionsView(sm.arn, window, now);
    return NextResponse.json(executionsViewDto(view));
  } catch (e) {
    return toErrorResponse(e);
  }
}
