import { describe, expect, it } from 'vitest';
import { formatAge, formatApproxDuration, formatClock, formatCount, formatCountdown, formatDate, formatDuration, formatUtc } from '@/lib/domain/format';

const T = Date.UTC(2024, 4, 1, 4, 29, 15, 123);

describe('times are written in UTC, one way, to the precision asked', () => {
  it('writes a date and time with "UTC", from epoch ms or any ISO-8601 instant', () => {
    expect(formatUtc(T)).toBe('2024-05-01 04:29:15 UTC');
    expect(formatUtc(T, 'minute')).toBe('2024-05-01 04:29 UTC');
    expect(formatUtc(T, 'ms')).toBe('2024-05-01 04:29:15.123 UTC');
    expect(formatUtc('2024-05-01T13:29:15+09:00')).toBe('2024-05-01 04:29:15 UTC');
  });

  it('writes the time of day alone and the date alone', () => {
    expect(formatClock(T)).toBe('04:29:15');
    expect(formatClock(T, 'minute')).toBe('04:29');
    expect(formatClock('2024-05-01T04:29:15.123Z', 'ms')).toBe('04:29:15.123');
    expect(formatDate('2024-05-01T23:59:59.999Z')).toBe('2024-05-01');
  });

  it('shows a dash for no time and unreadable text as it came', () => {
    expect(formatUtc(null)).toBe('—');
    expect(formatClock(undefined)).toBe('—');
    expect(formatUtc('not a time')).toBe('not a time');
  });
});

describe('durations, ages and counts', () => {
  it('writes a duration at the precision its size deserves', () => {
    expect(formatDuration(45)).toBe('45 ms');
    expect(formatDuration(1_413)).toBe('1.41 s');
    expect(formatDuration(5_000)).toBe('5 s');
    expect(formatDuration(40_000)).toBe('40 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(59_990)).toBe('1 min');
    expect(formatDuration(150_000)).toBe('2 min 30 s');
    expect(formatDuration(300_000)).toBe('5 min');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
    expect(formatDuration(-2_500)).toBe('-2.5 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('rounds a duration in a sentence as a person would say it', () => {
    expect(formatApproxDuration(4_321)).toBe('4 s');
    expect(formatApproxDuration(75_000)).toBe('75 s');
    expect(formatApproxDuration(192_000)).toBe('3 min');
    expect(formatApproxDuration(5_400_000)).toBe('1.5 h');
    expect(formatApproxDuration(-1)).toBe('0 s');
  });

  it('writes an age, in days past two of them', () => {
    expect(formatAge(-500)).toBe('0 s ago');
    expect(formatAge(12_000)).toBe('12 s ago');
    expect(formatAge(3 * 60_000)).toBe('3 min ago');
    expect(formatAge(125 * 60_000)).toBe('2 h 5 min ago');
    expect(formatAge(4 * 24 * 3_600_000)).toBe('4 days ago');
  });

  it('writes a countdown and a count', () => {
    expect(formatCountdown(65_000)).toBe('1:05');
    expect(formatCountdown(-1)).toBe('0:00');
    expect(formatCount(12_345)).toBe('12,345');
  });
});
