import { describe, expect, it } from 'vitest';
import { SimAccount, levelIncludes } from '../../../sim/model';
import { profileByName } from '../../../sim/scenarios';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const account = () => new SimAccount(profileByName('demo'), 42, T0);
const sm = (a: SimAccount, name: string) => a.stateMachineByName(name)!;

describe('the simulated account model', () => {
  it('derives the same executions from the same seed and start, and other ones from another seed', () => {
    const a = [...account().executions(sm(account(), 'orders-express'), T0 - 60_000, T0)].map((e) => e.arn);
    const b = [...account().executions(sm(account(), 'orders-express'), T0 - 60_000, T0)].map((e) => e.arn);
    const other = new SimAccount(profileByName('demo'), 7, T0);
    const c = [...other.executions(sm(other, 'orders-express'), T0 - 60_000, T0)].map((e) => e.arn);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(60);
    expect(c).not.toEqual(a);
  });

  it('backfills three hours and nothing before', () => {
    const a = account();
    expect([...a.executions(sm(a, 'orders-express'), T0 - 4 * 3600_000, T0 - 3 * 3600_000 - 1000)]).toHaveLength(0);
    expect([...a.executions(sm(a, 'orders-express'), T0 - 3 * 3600_000, T0 - 3 * 3600_000 + 60_000)].length).toBeGreaterThan(0);
  });

  it('resolves every execution ARN back to the same execution, and rejects altered ones', () => {
    const a = account();
    for (const name of ['orders-express', 'billing-standard']) {
      for (const e of [...a.executions(sm(a, name), T0 - 600_000, T0)].slice(0, 50)) {
        expect(a.executionByArn(e.arn, T0)?.arn).toBe(e.arn);
        expect(a.executionByArn(`${e.arn.slice(0, -1)}${e.arn.endsWith('0') ? '1' : '0'}`, T0)).toBeUndefined();
      }
    }
  });

  it('resolves Map Run children ARNs through their parent', () => {
    const a = account();
    const parent = [...a.executions(sm(a, 'batch-standard-dmap'), T0 - 3 * 3600_000, T0 - 600_000)][0]!;
    const child = a.mapChildren(parent)[2]!;
    expect(child.arn).toContain(':express:batch-standard-dmap/ProcessItems:');
    expect(a.executionByArn(child.arn, T0)?.parent?.arn).toBe(parent.arn);
  });

  it('gives every history an unbroken id chain ending in the terminal event', () => {
    const a = account();
    for (const e of [...a.executions(sm(a, 'orders-express'), T0 - 600_000, T0)].slice(0, 100)) {
      const h = a.history(e);
      expect(h.map((ev) => ev.id)).toEqual(h.map((_, i) => i + 1));
      expect(h[0]?.type).toBe('ExecutionStarted');
      expect(h.at(-1)?.type).toBe(e.finalStatus === 'SUCCEEDED' ? 'ExecutionSucceeded' : 'ExecutionFailed');
      expect(h.every((ev) => ev.ingestionTime > ev.timestamp)).toBe(true);
    }
  });

  it('logs an input over 248 KiB cut, with inputDetails.truncated, as Step Functions does', () => {
    const a = account();
    const large = [...a.executions(sm(a, 'orders-express'), T0 - 3 * 3600_000, T0)].filter((e) => e.largeInput);
    expect(large.length).toBeGreaterThan(0);
    const e = large[0]!;
    expect(e.input.length).toBeGreaterThan(256 * 1024);
    const started = a.history(e)[0]!;
    expect(started.details).toMatchObject({ inputDetails: { truncated: true } });
    expect((started.details.input as string).length).toBe(248 * 1024);
    const small = [...a.executions(sm(a, 'orders-express'), T0 - 600_000, T0)].find((x) => !x.largeInput)!;
    expect(a.history(small)[0]!.details).toMatchObject({ input: small.input, inputDetails: { truncated: false } });
  });

  it('at level ERROR logs no start or success, a retried TaskFailed for some successes, and the failure events', () => {
    const a = account();
    const execs = [...a.executions(sm(a, 'ingest-express-error-level'), T0 - 3600_000, T0)];
    const ok = execs.filter((e) => e.finalStatus === 'SUCCEEDED').map((e) => a.loggedEvents(e).map((ev) => ev.type).join(','));
    expect(new Set(ok)).toEqual(new Set(['', 'TaskFailed']));
    const failed = execs.find((e) => e.finalStatus === 'FAILED')!;
    expect(a.loggedEvents(failed).map((e) => e.type)).toContain('ExecutionFailed');
    expect(a.loggedEvents(failed).map((e) => e.type)).not.toContain('ExecutionStarted');
  });

  it('writes nothing when delivery is broken or logging is OFF', () => {
    const a = account();
    for (const name of ['notify-express-undeliverable', 'audit-express-logging-off']) {
      const e = [...a.executions(sm(a, name), T0 - 600_000, T0)][0]!;
      expect(a.history(e).length).toBeGreaterThan(2);
      expect(a.loggedEvents(e)).toHaveLength(0);
    }
  });

  it('drops events for a small share of healthy executions, in the modes best-effort delivery shows', () => {
    const a = account();
    const execs = [...a.executions(sm(a, 'orders-express'), T0 - 3 * 3600_000, T0)];
    const dropped = execs.filter((e) => e.dropMode !== 'none');
    expect(dropped.length / execs.length).toBeGreaterThan(0.002);
    expect(dropped.length / execs.length).toBeLessThan(0.02);
    expect(new Set(dropped.map((e) => e.dropMode))).toEqual(new Set(['all', 'terminal', 'middle']));
  });

  it('follows the documented level table: ExecutionStarted and ExecutionSucceeded only at ALL', () => {
    expect(levelIncludes('ALL', 'ExecutionSucceeded')).toBe(true);
    expect(levelIncludes('ERROR', 'ExecutionSucceeded')).toBe(false);
    expect(levelIncludes('ERROR', 'ExecutionStarted')).toBe(false);
    expect(levelIncludes('ERROR', 'TaskFailed')).toBe(true);
    expect(levelIncludes('FATAL', 'TaskFailed')).toBe(false);
    expect(levelIncludes('FATAL', 'ExecutionFailed')).toBe(true);
    expect(levelIncludes('OFF', 'ExecutionFailed')).toBe(false);
  });

  it('holds over a million executions in the bench profile’s window without storing them', () => {
    const a = new SimAccount(profileByName('bench'), 42, T0);
    let count = 0;
    const before = process.memoryUsage().heapUsed;
    for (const m of a.stateMachines) for (const e of a.executions(m, T0 - 3 * 3600_000, T0)) count += e.startMs >= 0 ? 1 : 0;
    expect(count).toBeGreaterThan(1_000_000);
    // Iterating derives executions on the fly; the heap does not grow with their number.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
    // Deriving 1.1M executions takes seconds (7.5 s on a busy 2-core machine): a count, not a timing.
  }, 60_000);
});

describe('Distributed Map children in the metrics (docs/aws-behaviour.md §11.3)', () => {
  const PARENT = 'arn:aws:states:us-east-1:123456789012:stateMachine:batch-standard-dmap';
  const LABELLED = `${PARENT}/ProcessItems`;
  const sum = (points: Array<{ value: number }>) => points.reduce((a, p) => a + p.value, 0);

  it('counts the children under the labelled state machine ARN only, never under the parent', () => {
    const a = account();
    const parentSm = a.stateMachineByArn(PARENT)!;
    const childSm = a.labelledStateMachineByArn(LABELLED)!;
    expect(childSm.parent).toBe(parentSm);
    expect(a.labelledStateMachineByArn(PARENT)).toBeUndefined();
    const from = T0 - 2 * 3600_000;
    const to = T0 - 3600_000;
    const parents = [...a.executions(parentSm, from - a.maxDurationMs(parentSm), to)];
    const children = parents.flatMap((p) => a.mapChildren(p)).filter((c) => c.startMs >= from && c.startMs < to);
    const ownStarted = parents.filter((p) => p.startMs >= from).length;
    expect(children.length).toBeGreaterThan(ownStarted);
    expect(sum(a.metric(parentSm, 'ExecutionsStarted', from, to, 60_000, T0))).toBe(ownStarted);
    expect(sum(a.metric(childSm, 'ExecutionsStarted', from, to, 60_000, T0))).toBe(children.length);
  });

  it('sums to the period asked, from the start asked', () => {
    const a = account();
    const childSm = a.labelledStateMachineByArn(LABELLED)!;
    const from = T0 - 2 * 3600_000 + 30_000;
    const to = from + 3600_000;
    const perMinute = a.metric(childSm, 'ExecutionsStarted', from, to, 60_000, T0);
    const perFive = a.metric(childSm, 'ExecutionsStarted', from, to, 300_000, T0);
    expect(perFive.every((p) => (p.timestampMs - from) % 300_000 === 0)).toBe(true);
    expect(sum(perFive)).toBe(sum(perMinute));
  });
});

describe('log event shapes seen in real captures (docs/aws-behaviour.md §11.4, §11.11)', () => {
  it('Standard executions log previous_event_id "0" for a state entered after the start; Express ones id − 1', () => {
    const a = account();
    const standard = [...a.executions(sm(a, 'billing-standard'), T0 - 3 * 3600_000, T0)].slice(0, 40).map((e) => a.history(e));
    const entered = standard.flat().filter((ev) => ev.type.endsWith('StateEntered'));
    expect(entered.filter((ev) => ev.id === 2).every((ev) => ev.previousEventId === 0)).toBe(true);
    expect(entered.some((ev) => ev.id > 2 && ev.previousEventId === 0)).toBe(true);
    const express = [...a.executions(sm(a, 'orders-express'), T0 - 600_000, T0)].slice(0, 40).flatMap((e) => a.history(e));
    expect(express.every((ev) => ev.previousEventId === ev.id - 1)).toBe(true);
  });

  it('some executions end in the millisecond their last state exits', () => {
    const a = account();
    const histories = [...a.executions(sm(a, 'orders-express'), T0 - 600_000, T0)].slice(0, 200).map((e) => a.history(e));
    const tied = histories.filter((h) => h.length > 1 && h[h.length - 1]!.timestamp === h[h.length - 2]!.timestamp);
    expect(tied.length).toBeGreaterThan(0);
    expect(tied.length).toBeLessThan(histories.length);
  });
});
