import { NextResponse } from 'next/server';
import { getConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

/** Liveness, which account this instance looks at (never any credential), and its memory. */
export function GET() {
  const cfg = getConfig();
  const mem = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  // The heap in use beside the process's RSS: V8 keeps heap it grew into under load, so a high RSS
  // after a burst is not by itself a leak; a heap in use that keeps growing is.
  return NextResponse.json({ ok: true, source: cfg.source, region: cfg.region, account: cfg.accountLabel, memory: { rssMb: mb(mem.rss), heapUsedMb: mb(mem.heapUsed), heapTotalMb: mb(mem.heapTotal), externalMb: mb(mem.external), arrayBuffersMb: mb(mem.arrayBuffers) } });
}
