import { describe, expect, it } from 'vitest';
import { EXECUTION_MARGIN_MS, executionWindow, EXPRESS_MAX_DURATION_MS } from '@/lib/domain/execution-window';

const T = Date.UTC(2026, 10, 29, 6, 0, 0);
const MIN = 60_000;

describe('the window around one execution', () => {
  it('spans a minute before the start to a minute after the stop', () => {
    expect(EXECUTION_MARGIN_MS).toBe(MIN);
    expect(executionWindow({ startedAt: T, stoppedAt: T + 2_000, express: false }, T + 3_600_000)).toEqual({ from: T - MIN, to: T + 2_000 + MIN });
  });

  it('never ends in the future: a stop less than a minute ago ends the window now', () => {
    expect(executionWindow({ startedAt: T, stoppedAt: T + 2_000, express: true }, T + 30_000)).toEqual({ from: T - MIN, to: T + 30_000 });
  });

  it('ends now for a Standard execution with no stop yet, and by the longest an Express one runs', () => {
    const now = T + 3 * 3_600_000;
    expect(executionWindow({ startedAt: T, stoppedAt: null, express: false }, now).to).toBe(now);
    expect(executionWindow({ startedAt: T, stoppedAt: null, express: true }, now).to).toBe(T + EXPRESS_MAX_DURATION_MS + MIN);
  });

  it('never ends before an event already seen, past a whole second (query bounds are seconds)', () => {
    expect(executionWindow({ startedAt: T, stoppedAt: T + 1_000, lastSeenAt: T + 1_500, express: false }, T + 1_200).to).toBe(T + 2_500);
  });

  it('is at least a minute long', () => {
    const w = executionWindow({ startedAt: T, stoppedAt: null, express: false }, T - 30_000);
    expect(w.to - w.from).toBe(MIN);
  });
});
