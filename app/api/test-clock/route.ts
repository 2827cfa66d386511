import { NextResponse, type NextRequest } from 'next/server';
import { changeClock, testClockEnabled } from '@/lib/server/clock';
import { RequestError, toErrorResponse } from '@/lib/server/errors';

export const dynamic = 'force-dynamic';

// Tests only: present when the server runs with SFN_LENS_TEST_CLOCK=1, a 404 everywhere else
// (lib/server/clock.ts).
function enabled() {
  if (!testClockEnabled()) throw new RequestError(404, 'not-found', 'Not found.');
}

/** The server's now, and whether it is held. */
export function GET() {
  try {
    enabled();
    return NextResponse.json(changeClock({}), { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}

/** `{"hold": true|false, "advanceMs": n}`: holds, releases or moves the server's clock forward. */
export async function PUT(request: NextRequest) {
  try {
    enabled();
    let change: unknown;
    try {
      change = JSON.parse(await request.text());
    } catch {
      throw new RequestError(400, 'bad-request', 'The clock takes JSON: {"hold": true|false, "advanceMs": milliseconds}.');
    }
    const { hold, advanceMs, ...rest } = (change ?? {}) as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || (hold !== undefined && typeof hold !== 'boolean') || (advanceMs !== undefined && typeof advanceMs !== 'number')) {
      throw new RequestError(400, 'bad-request', 'The clock takes {"hold": true|false, "advanceMs": milliseconds}; nothing else.');
    }
    try {
      return NextResponse.json(changeClock({ hold, advanceMs }), { headers: { 'cache-control': 'no-store' } });
    } catch (e) {
      throw new RequestError(400, 'bad-request', e instanceof Error ? e.message : String(e));
    }
  } catch (e) {
    return toErrorResponse(e);
  }
}
