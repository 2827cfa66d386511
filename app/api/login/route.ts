import { NextResponse, type NextRequest } from 'next/server';
import { authConfig, issueSession, safeEqual, safeNext, SESSION_COOKIE } from '@/lib/auth';

export const dynamic = 'force-dynamic';

/** The login form posts here: the shared secret in, an HTTP-only session cookie out. */
export async function POST(request: NextRequest) {
  const cfg = authConfig();
  const form = await request.formData().catch(() => null);
  const next = safeNext(String(form?.get('next') ?? '/'));
  if (cfg.mode !== 'secret' || !cfg.secret) return NextResponse.redirect(new URL(next, request.url), 303);
  const given = String(form?.get('secret') ?? '');
  if (!safeEqual(given, cfg.secret)) {
    const back = new URL('/login', request.url);
    back.searchParams.set('error', '1');
    back.searchParams.set('next', next);
    return NextResponse.redirect(back, 303);
  }
  const session = await issueSession(cfg.secret, Date.now());
  const response = NextResponse.redirect(new URL(next, request.url), 303);
  response.cookies.set(SESSION_COOKIE, session.value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.nextUrl.protocol === 'https:',
    path: '/',
    maxAge: session.maxAge,
  });
  return response;
}
