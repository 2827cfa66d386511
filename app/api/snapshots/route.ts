import { NextResponse, type NextRequest } from 'next/server';
import { toErrorResponse } from '@/lib/server/errors';
import { createSnapshot } from '@/lib/snapshots/snapshot-service';
import { snapshotRequestBody } from '@/lib/snapshots/validate';

export const dynamic = 'force-dynamic';

/** Freezes the diagnosis of `executionArn` as seen now; input/output only with `includePayloads: true`. */
export async function POST(request: NextRequest) {
  try {
    const body = snapshotRequestBody(await request.text());
    const snapshot = await createSnapshot(body, Date.now());
    return NextResponse.json({ id: snapshot.id, url: `/d/${snapshot.id}`, takenAt: snapshot.takenAt, expiresAt: snapshot.expiresAt }, { status: 201 });
  } catch (e) {
    return toErrorResponse(e);
  }
}
