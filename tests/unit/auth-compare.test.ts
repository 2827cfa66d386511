import { describe, expect, it } from 'vitest';
import { issueSession, safeEqual, verifySession } from '@/lib/auth';
import { metricsTokenVerdict } from '@/lib/metrics-token';

const SECRET = 'correct horse battery staple';

describe('comparing a given secret with the expected one', () => {
  it('accepts the same text and refuses any other, whatever its length (timingSafeEqual throws on unequal lengths; digests have one length)', () => {
    expect(safeEqual(SECRET, SECRET)).toBe(true);
    expect(safeEqual(`${SECRET.slice(0, -1)}E`, SECRET)).toBe(false);
    expect(safeEqual(SECRET.slice(0, -1), SECRET)).toBe(false);
    expect(safeEqual(`${SECRET}!`, SECRET)).toBe(false);
    expect(safeEqual('', SECRET)).toBe(false);
    expect(safeEqual('é'.repeat(14), 'e'.repeat(14))).toBe(false);
    expect(safeEqual('🔑 clé secrète 🔑', '🔑 clé secrète 🔑')).toBe(true);
  });

  it('a session cookie verifies against its own secret only, and not once tampered with', async () => {
    const now = Date.UTC(2026, 0, 1);
    const { value } = await issueSession(SECRET, now);
    expect(await verifySession(SECRET, value, now)).toBe(true);
    expect(await verifySession(`${SECRET}x`, value, now)).toBe(false);
    expect(await verifySession(SECRET, `${value}A`, now)).toBe(false);
    expect(await verifySession(SECRET, value.slice(0, -2), now)).toBe(false);
  });

  it('a metrics scrape token of another length is invalid, not an error', () => {
    const env = { SFN_LENS_METRICS_TOKEN: 'scrape-token-0123456789' };
    expect(metricsTokenVerdict('Bearer scrape-token-0123456789', env)).toBe('valid');
    expect(metricsTokenVerdict('Bearer scrape-token', env)).toBe('invalid');
    expect(metricsTokenVerdict('Bearer scrape-token-0123456789-and-more', env)).toBe('invalid');
  });
});
