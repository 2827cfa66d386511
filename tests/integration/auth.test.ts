// Opt-in access control for team deployments: a shared secret with a login page and an HTTP-only
// session cookie, or trust of an authenticating proxy's identity header. Nothing without it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp } from '../support/app-server';

const simUrl = inject('simUrl');
const SECRET = 'correct-horse-battery-staple';
const PROTECTED = ['/', '/ops', '/api/state-machines', '/api/snapshots/AAAAAAAAAAAAAAAAAAAAAA', '/d/AAAAAAAAAAAAAAAAAAAAAA'];
/**
 * What an authenticated request is served with: a quarter of an hour, since who may read does not
 * depend on the range, and each app of this file reads it cold (the default 3 hours cost a full scan).
 */
const RANGE = '?from=now-15m';

describe('shared-secret mode', () => {
  let app: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    app = await startApp(simUrl, { SFN_LENS_AUTH: 'secret', SFN_LENS_AUTH_SECRET: SECRET });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it.each(PROTECTED)('refuses %s without a session: pages go to /login, the API answers 401', async (path) => {
    const r = await fetch(`${app.url}${path}`, { redirect: 'manual' });
    if (path.startsWith('/api/')) {
      expect(r.status).toBe(401);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    } else {
      expect(r.status).toBe(307);
      expect(r.headers.get('location')).toContain(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('keeps a wrong secret out and sets no cookie', async () => {
    const r = await fetch(`${app.url}/api/login`, { method: 'POST', body: new URLSearchParams({ secret: 'wrong', next: '/' }), redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toContain('/login?error=1');
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('lets the right secret in with an HTTP-only cookie that holds no secret, and only back to this site', async () => {
    const r = await fetch(`${app.url}/api/login`, { method: 'POST', body: new URLSearchParams({ secret: SECRET, next: '//evil.example/' }), redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(new URL(r.headers.get('location') ?? '', app.url).pathname).toBe('/');
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).not.toContain(SECRET);
    const session = cookie.split(';')[0] ?? '';
    const api = await fetch(`${app.url}/api/state-machines${RANGE}`, { headers: { cookie: session } });
    expect(api.status).toBe(200);
    const page = await fetch(`${app.url}/${RANGE}`, { headers: { cookie: session } });
    expect(page.status).toBe(200);
  });

  it('refuses a forged or altered session cookie', async () => {
    const forged = `sfn_lens_session=${Math.floor(Date.now() / 1000) + 3600}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    expect((await fetch(`${app.url}/api/state-machines`, { headers: { cookie: forged } })).status).toBe(401);
  });
});

describe('trusted proxy header mode', () => {
  let app: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    // Started as a deployment is: without the tests' clock.
    app = await startApp(simUrl, { SFN_LENS_AUTH: 'proxy-header', SFN_LENS_AUTH_HEADER: 'X-Forwarded-User', SFN_LENS_TEST_CLOCK: '0' });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it.each(PROTECTED)('refuses %s without the identity header', async (path) => {
    expect((await fetch(`${app.url}${path}`, { redirect: 'manual' })).status).toBe(401);
  });

  it('serves pages and the API to requests the proxy authenticated', async () => {
    const headers = { 'x-forwarded-user': 'alice@example.com' };
    expect((await fetch(`${app.url}/api/state-machines${RANGE}`, { headers })).status).toBe(200);
    expect((await fetch(`${app.url}/${RANGE}`, { headers })).status).toBe(200);
  });

  it('has no clock a request could move, unless started for tests', async () => {
    const headers = { 'x-forwarded-user': 'alice@example.com' };
    expect((await fetch(`${app.url}/api/test-clock`, { headers })).status).toBe(404);
    expect((await fetch(`${app.url}/api/test-clock`, { method: 'PUT', headers, body: JSON.stringify({ advanceMs: 3_600_000 }) })).status).toBe(404);
  });
});
