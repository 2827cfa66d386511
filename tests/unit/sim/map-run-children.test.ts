import { describe, expect, it } from 'vitest';
import { SimAccount } from '../../../sim/model';
import { profileByName } from '../../../sim/scenarios';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('the simulated Map Run of batch-standard-dmap', () => {
  const a = new SimAccount(profileByName('demo'), 42, T0);
  const parent = a.stateMachineByName('batch-standard-dmap')!;
  const children = [...a.executions(parent, T0 - 3 * 3600_000, T0 - 600_000)].flatMap((p) => a.mapChildren(p));

  it('fails about one child in twelve, for a few errors in their shares', () => {
    expect(children.length).toBeGreaterThan(2_000);
    const failed = children.filter((c) => c.finalStatus === 'FAILED');
    expect(failed.length / children.length).toBeGreaterThan(0.06);
    expect(failed.length / children.length).toBeLessThan(0.1);
    const share = (error: string) => failed.filter((c) => c.error === error).length / failed.length;
    expect(share('States.TaskFailed')).toBeGreaterThan(0.45);
    expect(share('Lambda.Unknown')).toBeGreaterThan(0.2);
    expect(share('States.Timeout')).toBeGreaterThan(0.08);
    expect(failed.every((c) => c.cause && c.cause.length > 0)).toBe(true);
  });

  it('drops a few children’s log events, a terminal event, a middle one or all of them', () => {
    const dropped = children.filter((c) => c.dropMode !== 'none');
    expect(dropped.length / children.length).toBeGreaterThan(0.015);
    expect(dropped.length / children.length).toBeLessThan(0.045);
    expect(new Set(dropped.map((c) => c.dropMode))).toEqual(new Set(['all', 'terminal', 'middle']));
    const middle = dropped.find((c) => c.dropMode === 'middle')!;
    expect(a.loggedEvents(middle).length).toBe(a.history(middle).length - 1);
  });

  it('leaves the other Distributed Map’s children as they were: one TaskFailed, terminal drops only', () => {
    const ledger = a.stateMachineByName('ledger-standard-kms')!;
    const kids = [...a.executions(ledger, T0 - 3 * 3600_000, T0 - 600_000)].flatMap((p) => a.mapChildren(p));
    expect(new Set(kids.filter((c) => c.error).map((c) => c.error))).toEqual(new Set(['States.TaskFailed']));
    expect(kids.every((c) => c.dropMode === 'none' || c.dropMode === 'terminal')).toBe(true);
  });
});
