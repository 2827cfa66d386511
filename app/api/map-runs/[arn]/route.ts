import { NextResponse, type NextRequest } from 'next/server';
import { toIso } from '@/lib/domain/time-window';
import { readRange } from '@/lib/query/time-range';
import { toErrorResponse } from '@/lib/server/errors';
import { mapRunViewDto, readMapRun } from '@/lib/server/map-run';
import { mapRunArnParam, onlyParams } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

/**
 * One Distributed Map Run: its children, counts by status, failed children grouped by error and
 * cause, and each child's verdict. `from`/`to` (optional) widen the window the children's logs and
 * series are read over; the default is the run's own minutes.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ arn: string }> }) {
  try {
    const parsed = mapRunArnParam((await params).arn);
    const q = request.nextUrl.searchParams;
    onlyParams(q, ['from', 'to']);
    const { value, readAt } = await readMapRun(parsed, readRange(q));
    return NextResponse.json({ ...mapRunViewDto(value), readAt: toIso(readAt) }, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
