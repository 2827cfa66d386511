import { NextResponse, type NextRequest } from 'next/server';
import { readRange } from '@/lib/query/time-range';
import { toIso } from '@/lib/domain/time-window';
import { healthDto } from '@/lib/server/dto';
import { toErrorResponse } from '@/lib/server/errors';
import { loadStateMachinesHealth } from '@/lib/server/state-machines-health';
import { onlyParams, windowParam } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

/** How long the answer waits for state machines whose view is being read before naming them `pending`. */
const WAIT_MS = 15_000;

/**
 * Every state machine with its data-aware logging health for `?from&to` (as /api/overview; default
 * the last 3 hours): the same health the overview, the ops view and the state machine page show for
 * that range, from the same shared reads.
 */
export async function GET(request: NextRequest) {
  try {
    const q = request.nextUrl.searchParams;
    const range = readRange(q);
    windowParam(range, Date.now());
    onlyParams(q, ['from', 'to']);
    const r = await loadStateMachinesHealth(range, { waitMs: WAIT_MS });
    return NextResponse.json(
      {
        readAt: toIso(r.listedAt),
        window: r.window,
        stateMachines: r.stateMachines.map((entry) => {
          const sm = entry.stateMachine;
          const base = { arn: sm.arn, name: sm.name, type: sm.type, roleArn: sm.roleArn, logging: sm.logging, state: entry.state };
          if (entry.state === 'ready') return { ...base, health: healthDto(entry.health), healthReadAt: toIso(entry.readAt), partial: entry.partial };
          if (entry.state === 'error') return { ...base, health: null, error: entry.error, partial: [] };
          return { ...base, health: null, partial: [] };
        }),
        unread: r.unread,
        failedSources: r.failedSources,
      },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (e) {
    return toErrorResponse(e);
  }
}
