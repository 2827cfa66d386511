import { describe, expect, it } from 'vitest';
import { minutesOf, parseIsoInstant, parseTimeWindow, tableWindowFrom, toIso } from '@/lib/domain/time-window';
import { HOUR, MIN, NOW } from './builders';

function issues(r: ReturnType<typeof parseTimeWindow>): string[] {
  return r.ok ? [] : r.error.issues.map((i) => i.message);
}

describe('parseTimeWindow', () => {
  it('defaults to the last 3 hours', () => {
    expect(parseTimeWindow({}, NOW)).toEqual({ ok: true, value: { from: NOW - 3 * HOUR, to: NOW } });
  });

  it('treats empty query parameters as absent', () => {
    expect(parseTimeWindow({ from: '', to: null }, NOW)).toEqual({ ok: true, value: { from: NOW - 3 * HOUR, to: NOW } });
  });

  it('ends a window given only from at now', () => {
    expect(parseTimeWindow({ from: '2024-05-01T10:00:00Z' }, NOW)).toEqual({ ok: true, value: { from: NOW - 2 * HOUR, to: NOW } });
  });

  it('starts a window given only to the default length before it', () => {
    expect(parseTimeWindow({ to: '2024-05-01T11:00:00Z' }, NOW)).toEqual({ ok: true, value: { from: NOW - 4 * HOUR, to: NOW - HOUR } });
  });

  it('honours offsets and fractions', () => {
    expect(parseTimeWindow({ from: '2024-05-01T19:30:00.250+09:00', to: '2024-05-01T11:00:00Z' }, NOW)).toEqual({
      ok: true,
      value: { from: Date.UTC(2024, 4, 1, 10, 30, 0, 250), to: NOW - HOUR },
    });
  });

  it('takes the default and maximum lengths as options', () => {
    expect(parseTimeWindow({}, NOW, { defaultMs: 15 * MIN })).toEqual({ ok: true, value: { from: NOW - 15 * MIN, to: NOW } });
    expect(parseTimeWindow({ from: '2024-05-01T08:00:00Z' }, NOW, { maxMs: HOUR }).ok).toBe(false);
  });

  it('rejects a non-ISO-8601 time', () => {
    expect(issues(parseTimeWindow({ from: 'yesterday' }, NOW))).toEqual(['from: "yesterday" is not an ISO-8601 time such as 2024-05-01T10:00:00Z']);
  });

  it('rejects a date-time without a time zone rather than guessing the server\'s', () => {
    expect(issues(parseTimeWindow({ from: '2024-05-01T10:00:00' }, NOW))[0]).toContain('has no time zone');
  });

  it('hints at an unencoded "+" in a URL', () => {
    expect(issues(parseTimeWindow({ from: '2024-05-01T10:00:00 09:00' }, NOW))[0]).toContain('%2B');
  });

  it('rejects a date that does not exist', () => {
    expect(issues(parseTimeWindow({ from: '2024-02-30T00:00:00Z' }, NOW))[0]).toContain('not a real date');
  });

  it('rejects from after to', () => {
    expect(issues(parseTimeWindow({ from: '2024-05-01T11:00:00Z', to: '2024-05-01T10:00:00Z' }, NOW))).toEqual([
      'from (2024-05-01T11:00:00.000Z) is not before to (2024-05-01T10:00:00.000Z)',
    ]);
  });

  it('rejects a window over 7 days', () => {
    expect(issues(parseTimeWindow({ from: '2024-04-20T00:00:00Z' }, NOW))[0]).toContain('the longest allowed is 7 days');
  });

  it('rejects times in the future beyond a small clock skew, and accepts them within it', () => {
    expect(issues(parseTimeWindow({ to: '2024-05-01T12:10:00Z' }, NOW))[0]).toContain('is in the future');
    expect(parseTimeWindow({ to: '2024-05-01T12:01:00Z' }, NOW).ok).toBe(true);
  });

  it('lists every problem at once', () => {
    const r = parseTimeWindow({ from: 'nope', to: 'later' }, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-time-window');
      expect(r.error.issues.map((i) => i.param)).toEqual(['from', 'to']);
      expect(r.error.message).toMatch(/^Invalid time window: from: .*; to: .*\.$/);
    }
  });
});

describe('time helpers', () => {
  it('toIso renders UTC with milliseconds', () => {
    expect(toIso(NOW + 123)).toBe('2024-05-01T12:00:00.123Z');
  });

  it('parseIsoInstant reads a bare date as midnight UTC', () => {
    expect(parseIsoInstant('2024-05-01')).toEqual({ ok: true, ms: Date.UTC(2024, 4, 1) });
  });

  it('minutesOf lists the start of every minute overlapping the window', () => {
    expect(minutesOf({ from: NOW - 2 * MIN - 1, to: NOW })).toEqual([NOW - 3 * MIN, NOW - 2 * MIN, NOW - MIN]);
  });
});

describe('tableWindowFrom: the newest minutes one per-execution query can list', () => {
  const to = Date.UTC(2024, 4, 1, 12, 0);
  const window = { from: to - 60 * MIN, to };
  const perMinute = (n: number) => Array.from({ length: 60 }, (_, i) => ({ minute: window.from + i * MIN, started: n, succeeded: n, failed: 0, timedOut: 0, aborted: 0 }));

  it('keeps the whole window when the metrics count no more executions than the budget', () => {
    expect(tableWindowFrom(perMinute(100), window)).toBeNull();
    expect(tableWindowFrom(perMinute(150), window)).toBeNull(); // 9,000 ≤ the default budget of 9,500
  });

  it('keeps the whole window when the metrics were not read (the row limit then speaks)', () => {
    expect(tableWindowFrom(null, window)).toBeNull();
  });

  it('narrows to the newest whole minutes that fit, and says how many started in each', () => {
    // 60 × 1,000 = 60,000 started: 8 minutes of 1,000 fit in 8,000.
    expect(tableWindowFrom(perMinute(1_000), window, { budget: 8_000 })).toEqual({ from: to - 8 * MIN, startedInWindow: 60_000, startedShown: 8_000 });
  });

  it('counts the executions of the read-back before the table’s start against the budget', () => {
    // 5 minutes read back: 13 minutes of 600 are read for 8 shown (7,800 ≤ 8,000).
    expect(tableWindowFrom(perMinute(600), window, { budget: 8_000, readBackMs: 5 * MIN })).toEqual({ from: to - 8 * MIN, startedInWindow: 36_000, startedShown: 4_800 });
  });

  it('keeps at least the newest minute, even when that minute alone is over the budget', () => {
    expect(tableWindowFrom(perMinute(20_000), window)).toEqual({ from: to - MIN, startedInWindow: 1_200_000, startedShown: 20_000 });
  });
});
