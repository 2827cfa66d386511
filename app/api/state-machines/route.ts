import { NextResponse } from 'next/server';
import { toErrorResponse } from '@/lib/server/errors';
import { getStateMachines } from '@/lib/server/state-machines';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const machines = await getStateMachines();
    return NextResponse.json({
      stateMachines: machines.map((sm) => ({ arn: sm.arn, name: sm.name, type: sm.type, roleArn: sm.roleArn, logging: sm.logging })),
    });
  } catch (e) {
    return toErrorResponse(e);
  }
}
