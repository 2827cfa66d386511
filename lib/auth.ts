// Opt-in access control for team deployments (README "Security"). Used by proxy.ts on every request
// and by the login route. Modes (SFN_LENS_AUTH):
//   none          — default; sfn-lens binds to 127.0.0.1, so only this machine reaches it.
//   secret        — a shared secret (SFN_LENS_AUTH_SECRET) entered on /login → HTTP-only session cookie.
//   proxy-header  — trust an identity header set by an authenticating reverse proxy (oauth2-proxy style;
//                   SFN_LENS_AUTH_HEADER, default x-forwarded-user). Only safe when nothing but the
//                   proxy can reach sfn-lens.

import { createHash, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'sfn_lens_session';
const SESSION_TTL_S = 12 * 3600;

export type AuthMode = 'none' | 'secret' | 'proxy-header';

export interface AuthConfig {
  mode: AuthMode;
  secret: string | null;
  header: string;
}

export function authConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const mode = (env.SFN_LENS_AUTH ?? 'none') as AuthMode;
  if (!['none', 'secret', 'proxy-header'].includes(mode)) {
    throw new Error(`SFN_LENS_AUTH must be none, secret or proxy-header; got "${mode}"`);
  }
  const secret = env.SFN_LENS_AUTH_SECRET ?? null;
  if (mode === 'secret' && (!secret || secret.length < 16)) {
    throw new Error('SFN_LENS_AUTH=secret needs SFN_LENS_AUTH_SECRET of at least 16 characters');
  }
  return { mode, secret, header: (env.SFN_LENS_AUTH_HEADER ?? 'x-forwarded-user').toLowerCase() };
}

async function hmac(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(data));
  return Buffer.from(sig).toString('base64url');
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether a given secret equals the expected one, in a time that tells an attacker nothing: their
 * SHA-256 digests, of one length whatever the inputs' lengths, are compared with timingSafeEqual.
 */
export function safeEqual(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/** `<expiry epoch s>.<HMAC of it>`: proves the secret was entered, expires, holds no secret. */
export async function issueSession(secret: string, nowMs: number): Promise<{ value: string; maxAge: number }> {
  const expiry = Math.floor(nowMs / 1000) + SESSION_TTL_S;
  return { value: `${expiry}.${await hmac(secret, `session:${expiry}`)}`, maxAge: SESSION_TTL_S };
}

export async function verifySession(secret: string, value: string | undefined, nowMs: number): Promise<boolean> {
  if (!value) return false;
  const [expiry, sig] = value.split('.');
  if (!expiry || !sig || !/^\d+$/.test(expiry) || Number(expiry) * 1000 < nowMs) return false;
  return safeEqual(sig, await hmac(secret, `session:${expiry}`));
}

/** A post-login destination that stays on this site. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}

/** Paths reachable without a session: the login itself and the liveness probe. */
export function isPublicPath(pathname: string): boolean {
  return pathname === '/login' || pathname === '/api/login' || pathname === '/api/health';
}
