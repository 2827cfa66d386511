import { NextResponse, type NextRequest } from 'next/server';
import { authConfig, isPublicPath, SESSION_COOKIE, verifySession } from '@/lib/auth';
import { METRICS_PATH, metricsTokenVerdict } from '@/lib/metrics-token';

// Security headers on every response. The Content-Security-Policy allows no inline script except
// Next's own, which carry this request's nonce (Next reads it from the request's CSP header).
// Styles may be inline: the chart library sets style attributes.

/** Opt-in access control (lib/auth.ts): a refusal, or null to let the request through. */
async function refusal(request: NextRequest): Promise<NextResponse | null> {
  const cfg = authConfig();
  const { pathname } = request.nextUrl;
  if (pathname === METRICS_PATH) {
    // A scraper's bearer token (SFN_LENS_METRICS_TOKEN); without one, the mode's own rules.
    const token = metricsTokenVerdict(request.headers.get('authorization'));
    if (token === 'valid') return null;
    if (token === 'invalid' || (token === 'missing' && cfg.mode === 'none')) {
      return NextResponse.json({ error: { code: 'unauthenticated', message: 'GET /metrics needs the scrape token: Authorization: Bearer <SFN_LENS_METRICS_TOKEN>.' } }, { status: 401, headers: { 'www-authenticate': 'Bearer realm="sfn-lens metrics"' } });
    }
  }
  if (cfg.mode === 'none' || isPublicPath(pathname)) return null;
  const api = pathname.startsWith('/api/') || pathname === METRICS_PATH;
  if (cfg.mode === 'proxy-header') {
    if ((request.headers.get(cfg.header) ?? '').trim() !== '') return null;
    return NextResponse.json({ error: { code: 'unauthenticated', message: `sfn-lens only answers requests that come through its authenticating proxy (no ${cfg.header} header).` } }, { status: 401 });
  }
  if (cfg.secret && (await verifySession(cfg.secret, request.cookies.get(SESSION_COOKIE)?.value, Date.now()))) return null;
  if (api) return NextResponse.json({ error: { code: 'unauthenticated', message: 'Sign in at /login first.' } }, { status: 401 });
  const login = new URL('/login', request.url);
  login.searchParams.set('next', `${pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login, 307);
}

export async function proxy(request: NextRequest) {
  const refused = await refusal(request);
  if (refused) return withSecurityHeaders(refused, cspFor(null));
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = cspFor(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

function cspFor(nonce: string | null): string {
  const dev = process.env.NODE_ENV !== 'production';
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}` : "script-src 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function withSecurityHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set('content-security-policy', csp);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'no-referrer');
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('cross-origin-opener-policy', 'same-origin');
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
