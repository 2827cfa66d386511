import { toErrorResponse } from '@/lib/server/errors';
import { renderMetrics } from '@/lib/server/metrics';

export const dynamic = 'force-dynamic';

/**
 * Prometheus metrics (text format 0.0.4) from the overview's shared reads: a scrape adds no AWS reads
 * of its own (lib/server/metrics.ts). Access follows SFN_LENS_AUTH, plus SFN_LENS_METRICS_TOKEN as a
 * bearer token for scrapers (proxy.ts, lib/metrics-token.ts).
 */
export async function GET() {
  try {
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
  } catch (e) {
    return toErrorResponse(e);
  }
}
