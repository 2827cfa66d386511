import { NextResponse, type NextRequest } from 'next/server';
import { toIso } from '@/lib/domain/time-window';
import { healthDto } from '@/lib/server/dto';
import { toErrorResponse } from '@/lib/server/errors';
import { readStateMachinesWithHealth } from '@/lib/server/state-machines';
import { onlyParams } from '@/lib/server/validate';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  try {
    onlyParams(request.nextUrl.searchParams, []);
    const {
      value: { machines, unread },
      readAt,
    } = await readStateMachinesWithHealth();
    return NextResponse.json({
      readAt: toIso(readAt),
      stateMachines: machines.map(({ stateMachine: sm, health, partial }) => ({
        arn: sm.arn,
        name: sm.name,
        type: sm.type,
        roleArn: sm.roleArn,
        logging: sm.logging,
        health: healthDto(health),
        partial,
      })),
      unread,
    });
  } catch (e) {
    return toErrorResponse(e);
  }
}
