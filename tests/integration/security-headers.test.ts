// Every page and API answer carries the security headers (issue: Reliability and security).
import { describe, expect, inject, it } from 'vitest';

const appUrl = inject('appUrl');

describe('security headers', () => {
  it.each(['/', '/api/health', '/api/state-machines'])('%s has a CSP without unsafe-inline scripts, nosniff, a referrer policy and frame protection', async (path) => {
    const r = await fetch(`${appUrl}${path}`);
    const csp = r.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).toContain("'nonce-");
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it('gives every page view a fresh nonce, and Next’s scripts carry it', async () => {
    const a = await fetch(`${appUrl}/`);
    const b = await fetch(`${appUrl}/`);
    const nonceOf = (h: Headers) => /'nonce-([^']+)'/.exec(h.get('content-security-policy') ?? '')?.[1];
    expect(nonceOf(a.headers)).not.toBe(nonceOf(b.headers));
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonceOf(a.headers)}"`);
  });
});
