import { NextResponse, type NextRequest } from 'next/server';
import { toErrorResponse } from '@/lib/server/errors';
import { readSnapshot } from '@/lib/snapshots/snapshot-service';
import { onlyParams } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    onlyParams(request.nextUrl.searchParams, []);
    return NextResponse.json(await readSnapshot((await params).id, Date.now()));
  } catch (e) {
    return toErrorResponse(e);
  }
}
