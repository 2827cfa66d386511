import { safeEqual } from './auth';

// The scrape token of GET /metrics (README "Prometheus"): Prometheus sends it as
// `Authorization: Bearer <token>` (scrape_config `authorization: { credentials_file: … }`), which
// works in every access mode, where a browser session (secret mode) or an authenticating proxy's
// header (proxy-header mode) would not. When set, /metrics needs it in mode `none` too.

export const METRICS_PATH = '/metrics';

export type MetricsTokenVerdict = 'unset' | 'valid' | 'invalid' | 'missing';

export function metricsToken(env: Record<string, string | undefined> = process.env): string | null {
  const token = env.SFN_LENS_METRICS_TOKEN;
  if (token === undefined || token === '') return null;
  if (token.length < 16) throw new Error('SFN_LENS_METRICS_TOKEN must be at least 16 characters');
  return token;
}

export function metricsTokenVerdict(authorization: string | null, env: Record<string, string | undefined> = process.env): MetricsTokenVerdict {
  const token = metricsToken(env);
  if (token === null) return 'unset';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return 'missing';
  return safeEqual(m[1] ?? '', token) ? 'valid' : 'invalid';
}
