import { NextResponse } from 'next/server';
import { getConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

/** Liveness, and which account this instance looks at (never any credential). */
export function GET() {
  const cfg = getConfig();
  return NextResponse.json({ ok: true, source: cfg.source, region: cfg.region, account: cfg.accountLabel });
}
