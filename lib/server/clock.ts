import 'server-only';

// The server's now, for what it keeps: a shared read's age and when it expires. In production it is
// the wall clock. With SFN_LENS_TEST_CLOCK=1 (integration tests only) a test can hold it still or move it
// forward through /api/test-clock, so that whether a kept read has expired is decided by the test, not
// by how busy the machine running it is (docs/architecture.md, "Tests and time").

interface ClockState {
  /** Added to the wall clock. Only ever grows. */
  offsetMs: number;
  /** While held: the value `now()` returns. */
  heldAt: number | null;
}

// On globalThis: Next may load this module once per route bundle, and all of them must share one clock.
const CLOCK_KEY = Symbol.for('sfn-lens.clock');

function state(): ClockState {
  const g = globalThis as typeof globalThis & { [CLOCK_KEY]?: ClockState };
  g[CLOCK_KEY] ??= { offsetMs: 0, heldAt: null };
  return g[CLOCK_KEY];
}

/** The server's now (epoch ms). */
export function now(): number {
  const s = state();
  return s.heldAt ?? Date.now() + s.offsetMs;
}

/** Whether tests may move this server's clock (SFN_LENS_TEST_CLOCK=1). */
export function testClockEnabled(): boolean {
  return process.env.SFN_LENS_TEST_CLOCK === '1';
}

export interface ClockChange {
  /** Hold the clock still (true) or let it run again from where it stands (false). */
  hold?: boolean;
  /** Move it forward by this many milliseconds (≥ 0). */
  advanceMs?: number;
}

/** Applies a test's change; the clock never runs backwards. */
export function changeClock(change: ClockChange): { now: number; held: boolean } {
  const s = state();
  if (change.advanceMs !== undefined) {
    if (!Number.isFinite(change.advanceMs) || change.advanceMs < 0) throw new RangeError(`the clock only moves forward: advanceMs must be milliseconds ≥ 0, got ${change.advanceMs}`);
    if (s.heldAt !== null) s.heldAt += change.advanceMs;
    else s.offsetMs += change.advanceMs;
  }
  if (change.hold === true && s.heldAt === null) s.heldAt = Date.now() + s.offsetMs;
  if (change.hold === false && s.heldAt !== null) {
    // Released where it stands: the offset makes up for the time it was held, so now() does not jump back.
    s.offsetMs = Math.max(s.offsetMs, s.heldAt - Date.now());
    s.heldAt = null;
  }
  return { now: now(), held: s.heldAt !== null };
}
