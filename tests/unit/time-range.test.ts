import { describe, expect, it } from 'vitest';
import { describeRange, pinRange, rangeKey, rangeQuery, readRange, relativeOffsetMs, windowOfRange, writeRange } from '@/lib/query/time-range';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

function windowIso(range: { from?: string | null; to?: string | null }) {
  const r = windowOfRange(range, NOW);
  return r.ok ? { from: new Date(r.value.from).toISOString(), to: new Date(r.value.to).toISOString() } : r.error.message;
}

describe('time ranges in the URL', () => {
  it('reads rolling expressions the Grafana way', () => {
    expect(relativeOffsetMs('now')).toBe(0);
    expect(relativeOffsetMs('now-15m')).toBe(15 * 60_000);
    expect(relativeOffsetMs('now-24h')).toBe(24 * 3_600_000);
    expect(relativeOffsetMs('2024-05-01T10:00:00Z')).toBeNull();
  });

  it('gives the default one spelling, so it has one query key', () => {
    expect(readRange({ from: 'now-3h', to: 'now' })).toEqual({ from: null, to: null });
    expect(readRange(new URLSearchParams('from=now-3h'))).toEqual({ from: null, to: null });
    expect(readRange({ from: ['now-15m', 'now-1h'], to: ' ' })).toEqual({ from: 'now-15m', to: null });
    expect(rangeKey(readRange(new URLSearchParams('')))).toBe(rangeKey({ from: 'now-3h', to: null }));
  });

  it('writes a range into a URL, leaving other parameters alone and the default out', () => {
    const params = new URLSearchParams('cause=log-lag&from=now-1h&to=now');
    expect(writeRange(params, { from: '2024-05-01T10:00:00Z', to: null }).toString()).toBe('cause=log-lag&from=2024-05-01T10%3A00%3A00Z');
    expect(rangeQuery({ from: null, to: null })).toBe('');
    expect(rangeQuery({ from: 'now-15m', to: null })).toBe('?from=now-15m');
    expect(readRange(new URLSearchParams(rangeQuery({ from: '2024-05-01T10:00:00+09:00', to: '2024-05-01T11:00:00Z' }).slice(1)))).toEqual({ from: '2024-05-01T10:00:00+09:00', to: '2024-05-01T11:00:00Z' });
  });

  it('turns a rolling or absolute range into its window at now, the last 3 hours by default', () => {
    expect(windowIso({ from: null, to: null })).toEqual({ from: '2024-05-01T09:00:00.000Z', to: '2024-05-01T12:00:00.000Z' });
    expect(windowIso({ from: 'now-15m', to: 'now-5m' })).toEqual({ from: '2024-05-01T11:45:00.000Z', to: '2024-05-01T11:55:00.000Z' });
    expect(windowIso({ from: '2024-05-01T10:00:00Z', to: '2024-05-01T11:00:00Z' })).toEqual({ from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T11:00:00.000Z' });
  });

  it('refuses a range with what was wrong: every problem, an over-long value unechoed, a time before Step Functions existed', () => {
    expect(windowIso({ from: 'yesterday', to: 'tomorrow' })).toMatch(/^Invalid time window: from: "yesterday" is not an ISO-8601 time.*; to: "tomorrow" is not/);
    expect(windowIso({ from: 'now-8d' })).toBe('Invalid time window: the window is 8 days long; the longest allowed is 7 days.');
    expect(windowIso({ from: '2024-05-01T11:00:00Z', to: '2024-05-01T10:00:00Z' })).toContain('is not before to');
    const long = 'x'.repeat(65);
    const r = windowIso({ from: long });
    expect(r).toBe('Invalid time window: from is 65 characters long; an ISO-8601 time such as 2024-05-01T10:00:00Z is at most 64.');
    expect(windowOfRange({ from: '2016-11-30T00:00:00Z', to: '2016-12-02T00:00:00Z' }, NOW)).toMatchObject({ ok: false, error: { message: expect.stringContaining('when Step Functions launched') } });
  });

  it('pins a rolling range to its instants for an execution page, leaving `to` of now to the server', () => {
    expect(pinRange({ from: 'now-15m', to: null }, NOW)).toEqual({ from: '2024-05-01T11:45:00.000Z', to: null });
    expect(pinRange({ from: 'now-15m', to: 'now-5m' }, NOW)).toEqual({ from: '2024-05-01T11:45:00.000Z', to: '2024-05-01T11:55:00.000Z' });
    expect(pinRange({ from: '2024-05-01T10:00:00Z', to: '2024-05-01T11:00:00Z' }, NOW)).toEqual({ from: '2024-05-01T10:00:00Z', to: '2024-05-01T11:00:00Z' });
    expect(pinRange({ from: 'yesterday', to: null }, NOW)).toEqual({ from: 'yesterday', to: null });
  });

  it('says the range in words', () => {
    expect(describeRange({ from: null, to: null })).toBe('last 3 hours');
    expect(describeRange({ from: 'now-15m', to: null })).toBe('last 15 minutes');
    expect(describeRange({ from: 'now-90m', to: null })).toBe('last 90 minutes');
    expect(describeRange({ from: '2024-05-01T10:00:00Z', to: '2024-05-01T11:00:00Z' })).toBe('2024-05-01 10:00 UTC → 2024-05-01 11:00 UTC');
  });
});
