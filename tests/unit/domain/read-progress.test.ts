import { describe, expect, it } from 'vitest';
import { readProgressOf, readStateCellOf, RUNNING_FRACTION_MAX, windowBytesEstimate, type QueryProgressInput } from '@/lib/domain/read-progress';
import { estimateScanUsd } from '@/lib/domain/scan-cost';

const GiB = 1024 ** 3;
const q = (over: Partial<QueryProgressInput> & { bytes?: number }): QueryProgressInput => ({
  label: over.label ?? 'q',
  state: over.state ?? 'running',
  statistics: { recordsMatched: 0, recordsScanned: Math.round((over.bytes ?? 0) / 500), bytesScanned: over.bytes ?? 0 },
  expectedBytes: over.expectedBytes === undefined ? GiB : over.expectedBytes,
  expectedFrom: over.expectedFrom === undefined ? 'last-scan' : over.expectedFrom,
});

describe('readProgressOf', () => {
  it('shows the share of the expected bytes a running query has scanned, with elapsed time and the cost so far', () => {
    const p = readProgressOf([q({ bytes: GiB / 4 })], { startedAt: 1_000, now: 4_500, finished: null });
    expect(p.state).toBe('reading');
    expect(p.fraction).toBeCloseTo(0.25);
    expect(p.elapsedMs).toBe(3_500);
    expect(p.bytesScanned).toBe(GiB / 4);
    expect(p.usdSoFar).toBeCloseTo(estimateScanUsd(GiB / 4));
    expect(p.expectedFrom).toBe('last-scan');
  });

  it('never shows a running read as finished, even when it scanned more than expected', () => {
    const p = readProgressOf([q({ bytes: 3 * GiB })], { startedAt: 0, now: 1, finished: null });
    expect(p.fraction).toBe(RUNNING_FRACTION_MAX);
    expect(p.state).toBe('reading');
  });

  it('gives no share once a scan outgrows an estimate from stored bytes (the estimate is wrong), rather than a stuck 99 %', () => {
    const p = readProgressOf([q({ bytes: 2 * GiB, expectedBytes: GiB, expectedFrom: 'stored-bytes' })], { startedAt: 0, now: 1, finished: null });
    expect(p.fraction).toBeNull();
    expect(p.queries[0]?.fraction).toBeNull();
    expect(readProgressOf([q({ bytes: GiB / 2, expectedFrom: 'stored-bytes' })], { startedAt: 0, now: 1, finished: null }).fraction).toBeCloseTo(0.5);
  });

  it('weighs each query by what it is expected to scan, so a small query finishing does not jump the bar', () => {
    const p = readProgressOf(
      [q({ label: 'small', state: 'complete', bytes: GiB / 10, expectedBytes: GiB / 10 }), q({ label: 'big', bytes: 0, expectedBytes: 9 * GiB / 10 })],
      { startedAt: 0, now: 1, finished: null },
    );
    expect(p.fraction).toBeCloseTo(0.1);
    expect(p.queries.map((x) => x.fraction)).toEqual([1, 0]);
  });

  it('gives no share while a running query has nothing to measure it against', () => {
    const p = readProgressOf([q({ bytes: 5_000, expectedBytes: null, expectedFrom: null })], { startedAt: 0, now: 1, finished: null });
    expect(p.fraction).toBeNull();
    expect(p.bytesScanned).toBe(5_000);
  });

  it('says queued before any query started, stopped once a viewer stopped one, and done at 100 % when finished', () => {
    expect(readProgressOf([], { startedAt: 0, now: 1, finished: null }).state).toBe('queued');
    expect(readProgressOf([q({ state: 'queued' })], { startedAt: 0, now: 1, finished: null }).state).toBe('queued');
    expect(readProgressOf([q({ state: 'stopped', bytes: 10 })], { startedAt: 0, now: 1, finished: null }).state).toBe('stopped');
    const done = readProgressOf([q({ state: 'complete', bytes: 10 })], { startedAt: 0, now: 1, finished: 'done' });
    expect([done.state, done.fraction]).toEqual(['done', 1]);
  });
});

describe('windowBytesEstimate', () => {
  const now = Date.UTC(2026, 0, 10);
  const day = 86_400_000;

  it("is the window's share of the stored bytes kept since the group was created", () => {
    expect(windowBytesEstimate({ storedBytes: 10 * GiB, createdAt: now - 10 * day, retentionInDays: null }, day, now)).toBe(GiB);
  });

  it('counts only the days the retention keeps when the group is older', () => {
    expect(windowBytesEstimate({ storedBytes: 7 * GiB, createdAt: now - 100 * day, retentionInDays: 7 }, day, now)).toBe(GiB);
  });

  it('is unknown without stored bytes or any start to spread them over', () => {
    expect(windowBytesEstimate({ storedBytes: null, createdAt: now - day, retentionInDays: null }, day, now)).toBeNull();
    expect(windowBytesEstimate({ storedBytes: GiB, createdAt: null, retentionInDays: null }, day, now)).toBeNull();
  });
});

describe('readStateCellOf (the overview and /ops while a state machine is read)', () => {
  it('says queued when the read has not started or its queries all wait', () => {
    expect(readStateCellOf(null)).toEqual({ state: 'queued', percent: null, label: 'queued' });
    expect(readStateCellOf({ state: 'queued', fraction: 0 }).label).toBe('queued');
  });

  it('says reading with the whole percent scanned, never rounding up to a finish it has not reached', () => {
    expect(readStateCellOf({ state: 'reading', fraction: 0.426 })).toEqual({ state: 'reading', percent: 42, label: 'reading 42 %' });
    expect(readStateCellOf({ state: 'reading', fraction: RUNNING_FRACTION_MAX }).label).toBe('reading 99 %');
    // Every query complete, the read still joining them: not yet done.
    expect(readStateCellOf({ state: 'reading', fraction: 1 }).label).toBe('reading 99 %');
  });

  it('says reading without a figure when the share is unknown', () => {
    expect(readStateCellOf({ state: 'reading', fraction: null })).toEqual({ state: 'reading', percent: null, label: 'reading' });
  });

  it('says done, failed or stopped once the read ended', () => {
    expect(readStateCellOf({ state: 'done', fraction: 1 }).label).toBe('done');
    expect(readStateCellOf({ state: 'failed', fraction: null }).label).toBe('failed');
    expect(readStateCellOf({ state: 'stopped', fraction: 0.3 }).label).toBe('stopped');
  });
});
