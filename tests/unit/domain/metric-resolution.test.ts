// GetMetricData's period depends on the age of the window's start (docs/aws-behaviour.md §11.2).
import { describe, expect, it } from 'vitest';
import { metricsPeriodSeconds, metricsRetained, resolutionWords } from '@/lib/domain/metric-resolution';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('the metrics period of a window, from the age of its start', () => {
  it('reads 1-minute data for a window that starts less than 15 days ago', () => {
    expect(metricsPeriodSeconds(NOW - 3 * HOUR, NOW)).toBe(60);
    expect(metricsPeriodSeconds(NOW - 14 * DAY, NOW)).toBe(60);
  });

  it('reads 5-minute data from 15 days on (taking it an hour early, so the request cannot cross the limit on its way)', () => {
    expect(metricsPeriodSeconds(NOW - 15 * DAY + 30 * 60_000, NOW)).toBe(300);
    expect(metricsPeriodSeconds(NOW - 16 * DAY, NOW)).toBe(300);
    expect(metricsPeriodSeconds(NOW - 62 * DAY, NOW)).toBe(300);
  });

  it('reads 1-hour data from 63 days on, and nothing past 455 days', () => {
    expect(metricsPeriodSeconds(NOW - 64 * DAY, NOW)).toBe(3600);
    expect(metricsRetained(NOW - 400 * DAY, NOW)).toBe(true);
    expect(metricsRetained(NOW - 456 * DAY, NOW)).toBe(false);
  });

  it('names the resolution in words', () => {
    expect([60, 300, 3600].map(resolutionWords)).toEqual(['1-minute', '5-minute', '1-hour']);
  });
});
