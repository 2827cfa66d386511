import { NextResponse, type NextRequest } from 'next/server';
import { toErrorResponse } from '@/lib/server/errors';
import { readSnapshot } from '@/lib/snapshots/snapshot-service';

export const dynamic = 'force-dynamic';

export async function GET(_request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    return NextResponse.json(readSnapshot((await params).id, Date.now()));
  } catch (e) {
    return toErrorResponse(e);
  }
}
