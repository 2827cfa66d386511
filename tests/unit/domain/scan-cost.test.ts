// Whether a field index can answer for a window (docs/aws-behaviour.md §11.1).
import { describe, expect, it } from 'vitest';
import { indexCoverage } from '@/lib/domain/scan-cost';
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
