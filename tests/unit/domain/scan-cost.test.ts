// Whether a field index can answer for a window (docs/aws-behaviour.md §11.1).
import { describe, expect, it } from 'vitest';
import { indexCoverage, minuteQueryPlan } from '@/lib/domain/scan-cost';
import { HOUR, makeIndexedField, MIN, NOW } from './builders';

describe('indexCoverage: an index answers only for windows that start after its policy', () => {
  const since = NOW - 2 * HOUR;
  const fields = [makeIndexedField('execution_arn', since)];

  it('answers for a window that starts after the policy', () => {
    expect(indexCoverage(fields, 'execution_arn', { from: since + MIN, to: NOW })).toEqual({ usable: true, since });
  });

  it('does not answer for a window that starts before the policy: older events are not indexed', () => {
    expect(indexCoverage(fields, 'execution_arn', { from: since - MIN, to: NOW - HOUR })).toEqual({ usable: false, reason: 'window-before-index', since });
  });

  it('does not answer when the field is not indexed, or when AWS gave no policy time', () => {
    expect(indexCoverage(fields, 'type', { from: since + MIN, to: NOW })).toMatchObject({ usable: false, reason: 'not-indexed' });
    expect(indexCoverage(null, 'execution_arn', { from: since + MIN, to: NOW })).toMatchObject({ usable: false, reason: 'not-indexed' });
    expect(indexCoverage([makeIndexedField('execution_arn', null)], 'execution_arn', { from: since + MIN, to: NOW })).toMatchObject({ usable: false, reason: 'since-unknown' });
  });
});

describe('minuteQueryPlan: the per-minute counts read through filterIndex only where a type index covers them', () => {
  const bins = { from: NOW - 3 * HOUR, to: NOW, stepMs: MIN };

  it('with a type index older than the window, reads the settled bins with filterIndex and the newest hour with a plain filter', () => {
    const fields = [makeIndexedField('type', NOW - 4 * HOUR)];
    expect(minuteQueryPlan(fields, bins, NOW, HOUR)).toEqual([
      { from: bins.from, to: NOW - HOUR, useFilterIndex: true },
      { from: NOW - HOUR, to: NOW, useFilterIndex: false },
    ]);
  });

  it('reads a window that ended long ago through filterIndex alone, and one inside the newest hour with a plain filter alone', () => {
    const fields = [makeIndexedField('type', NOW - 30 * HOUR)];
    expect(minuteQueryPlan(fields, { from: NOW - 26 * HOUR, to: NOW - 24 * HOUR, stepMs: MIN }, NOW, HOUR)).toEqual([{ from: NOW - 26 * HOUR, to: NOW - 24 * HOUR, useFilterIndex: true }]);
    expect(minuteQueryPlan(fields, { from: NOW - 30 * MIN, to: NOW, stepMs: MIN }, NOW, HOUR)).toEqual([{ from: NOW - 30 * MIN, to: NOW, useFilterIndex: false }]);
  });

  it('never uses filterIndex when the type index starts inside the window, is unknown, or missing: one plain query', () => {
    for (const fields of [[makeIndexedField('type', NOW - 2 * HOUR)], [makeIndexedField('type', null)], [makeIndexedField('execution_arn', NOW - 4 * HOUR)], null]) {
      expect(minuteQueryPlan(fields, bins, NOW, HOUR)).toEqual([{ from: bins.from, to: NOW, useFilterIndex: false }]);
    }
  });

  it('splits on a bin boundary, so that no bin is counted by both queries', () => {
    const fields = [makeIndexedField('type', NOW - 4 * HOUR)];
    const [first, second] = minuteQueryPlan(fields, { from: NOW - 3 * HOUR, to: NOW, stepMs: 5 * MIN }, NOW - 2 * MIN, HOUR);
    expect((first!.to - (NOW - 3 * HOUR)) % (5 * MIN)).toBe(0);
    expect(second!.from).toBe(first!.to);
  });
});
