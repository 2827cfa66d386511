import { describe, expect, it } from 'vitest';
import { describeRange, normalizeRange, rangeKey, readRange, relativeOffsetMs, resolveRange } from '@/lib/query/time-range';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('time ranges in the URL', () => {
  it('reads rolling expressions the Grafana way', () => {
    expect(relativeOffsetMs('now')).toBe(0);
    expect(relativeOffsetMs('now-15m')).toBe(15 * 60_000);
    expect(relativeOffsetMs('now-24h')).toBe(24 * 3_600_000);
    expect(relativeOffsetMs('2024-05-01T10:00:00Z')).toBeNull();
  });

  it('gives the default one spelling, so it has one query key', () => {
    expect(normalizeRange({ from: 'now-3h', to: 'now' })).toEqual({ from: null, to: null });
    expect(readRange(new URLSearchParams('from=now-3h'))).toEqual({ from: null, to: null });
    expect(rangeKey(readRange(new URLSearchParams('')))).toBe(rangeKey({ from: 'now-3h', to: null }));
  });

  it('resolves a rolling range to ISO at the time of the request, leaving `to` to the server', () => {
    expect(resolveRange({ from: 'now-15m', to: null }, NOW)).toEqual({ from: '2024-05-01T11:45:00.000Z', to: null });
    expect(resolveRange({ from: '2024-05-01T10:00:00Z', to: '2024-05-01T11:00:00Z' }, NOW)).toEqual({ from: '2024-05-01T10:00:00Z', to: '2024-05-01T11:00:00Z' });
  });

  it('says the range in words', () => {
    expect(describeRange({ from: null, to: null })).toBe('last 3 hours');
    expect(describeRange({ from: 'now-15m', to: null })).toBe('last 15 minutes');
    expect(describeRange({ from: 'now-90m', to: null })).toBe('last 90 minutes');
    expect(describeRange({ from: '2024-05-01T10:00:00Z', to: '2024-05-01T11:00:00Z' })).toBe('2024-05-01 10:00 UTC → 2024-05-01 11:00 UTC');
  });
});
