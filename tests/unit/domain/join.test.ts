import { describe, expect, it } from 'vitest';
import { cutToWindow, joinExecutions, joinMinutes } from '@/lib/domain/join';
import type { LogMinute, MetricMinute } from '@/lib/domain/types';
import { expressArn, HOUR, makeLogRecord, makeServiceExecution, MIN, NOW, standardArn } from './builders';

const minute = (m: number, c: Partial<MetricMinute> = {}): MetricMinute & LogMinute => ({ minute: m, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, ...c });

describe('joinExecutions', () => {
  it('is the union of both sides, newest first, with null where a side has nothing', () => {
    const both = standardArn('both');
    const serviceOnly = standardArn('service-only');
    const logsOnly = expressArn('logs-only');
    const rows = joinExecutions({
      service: [makeServiceExecution({ executionArn: both, startDate: NOW - 3 * HOUR }), makeServiceExecution({ executionArn: serviceOnly, startDate: NOW - HOUR, stopDate: null, status: 'RUNNING' })],
      logs: [makeLogRecord({ executionArn: both, startedAt: NOW - 3 * HOUR }), makeLogRecord({ executionArn: logsOnly, startedAt: NOW - 2 * HOUR })],
    });
    expect(rows.map((r) => [r.name, r.service !== null, r.logs !== null])).toEqual([
      ['service-only', true, false],
      ['logs-only', false, true],
      ['both', true, true],
    ]);
    expect(rows[1]).toMatchObject({ kind: 'express', startedAt: NOW - 2 * HOUR, stoppedAt: NOW - 2 * HOUR + 3000 });
  });

  it('keeps the stopped copy when the same execution was listed twice', () => {
    const arn = standardArn('x');
    const rows = joinExecutions({ service: [makeServiceExecution({ executionArn: arn, status: 'RUNNING', stopDate: null }), makeServiceExecution({ executionArn: arn })], logs: [] });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.service?.status).toBe('SUCCEEDED');
  });

  it('keeps the first log record of an execution read twice, and fills only the times the service record leaves open', () => {
    const arn = standardArn('x');
    const rows = joinExecutions({
      service: [makeServiceExecution({ executionArn: arn, status: 'RUNNING', startDate: NOW - HOUR, stopDate: null })],
      logs: [makeLogRecord({ executionArn: arn, startedAt: NOW - 2 * HOUR, stoppedAt: NOW - MIN, eventCount: 7 }), makeLogRecord({ executionArn: arn, eventCount: 9 })],
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ startedAt: NOW - HOUR, stoppedAt: NOW - MIN, logs: { eventCount: 7 } });
  });

  it('keeps a row for an ARN that does not parse, named by the ARN, and orders rows without a time last', () => {
    const rows = joinExecutions({ service: [], logs: [makeLogRecord({ executionArn: 'not-an-arn', startedAt: null, firstEventAt: null, stoppedAt: null }), makeLogRecord({ executionArn: standardArn('y') })] });
    expect(rows.map((r) => [r.name, r.kind, r.parsedArn === null])).toEqual([
      ['y', 'standard', false],
      ['not-an-arn', null, true],
    ]);
  });
});

describe('joinMinutes', () => {
  const window = { from: NOW - 3 * MIN, to: NOW };

  it('makes one row per minute with the terminal gap (metrics − logs)', () => {
    const rows = joinMinutes([minute(NOW - 3 * MIN, { started: 5, succeeded: 5 })], [minute(NOW - 3 * MIN, { started: 5, succeeded: 4 })], window);
    expect(rows.map((r) => r.minute)).toEqual([NOW - 3 * MIN, NOW - 2 * MIN, NOW - MIN]);
    expect(rows[0]).toMatchObject({ gap: 1, startedGap: 0, metrics: { terminal: 5 }, logs: { terminal: 4 } });
    expect(rows[1]).toMatchObject({ gap: 0, metrics: { terminal: 0 }, logs: { terminal: 0 } });
  });

  it('leaves the gap unknown (null) when a side was not read, rather than inventing zeros', () => {
    const rows = joinMinutes(null, [minute(NOW - 3 * MIN, { succeeded: 2 })], window);
    expect(rows[0]).toMatchObject({ metrics: null, gap: null, logs: { succeeded: 2 } });
  });

  it('buckets into wider bins when asked, and ignores data outside the window', () => {
    const rows = joinMinutes(
      [minute(NOW - 3 * MIN, { failed: 1 }), minute(NOW - MIN, { failed: 2 }), minute(NOW + MIN, { failed: 9 })],
      [],
      { from: NOW - 5 * MIN, to: NOW },
      { stepMs: 5 * MIN },
    );
    expect(rows).toEqual([expect.objectContaining({ minute: NOW - 5 * MIN, stepMs: 5 * MIN, gap: 3 })]);
  });
});

describe('cutToWindow', () => {
  const window = { from: NOW - HOUR, to: NOW };
  const midLog = (arn: string, startedAt: number | null) =>
    makeLogRecord({ executionArn: arn, startedAt, hasStarted: startedAt !== null, firstEventAt: NOW - HOUR + 2 * MIN });

  it('drops a Standard execution seen only by its later events when Step Functions listed the whole window', () => {
    const earlier = standardArn('started-before-window');
    const listed = standardArn('listed');
    const rows = joinExecutions({
      service: [makeServiceExecution({ executionArn: listed, startDate: NOW - 30 * MIN })],
      logs: [midLog(earlier, null), makeLogRecord({ executionArn: listed, startedAt: NOW - 30 * MIN })],
    });
    expect(cutToWindow(rows, window, { serviceListComplete: true }).map((r) => r.name)).toEqual(['listed']);
  });

  it('keeps it, as seen in the logs only, when the listing was denied or truncated', () => {
    const earlier = standardArn('started-before-window');
    const rows = joinExecutions({ service: [], logs: [midLog(earlier, null)] });
    expect(cutToWindow(rows, window, { serviceListComplete: false }).map((r) => r.name)).toEqual(['started-before-window']);
  });

  it('keeps an unlisted Standard execution whose ExecutionStarted is in the window (a real disagreement)', () => {
    const rows = joinExecutions({ service: [], logs: [midLog(standardArn('unlisted'), NOW - 20 * MIN)] });
    expect(cutToWindow(rows, window, { serviceListComplete: true })).toHaveLength(1);
  });

  it('keeps Express executions without a start event (no service listing exists for them) and cuts by start time', () => {
    const rows = joinExecutions({
      service: [makeServiceExecution({ executionArn: standardArn('too-old'), startDate: NOW - 2 * HOUR })],
      logs: [midLog(expressArn('no-start', '1f8b3c2e-1d4a-4b6c-9e7f-123456789abc'), null), makeLogRecord({ executionArn: expressArn('too-new', '2f8b3c2e-1d4a-4b6c-9e7f-123456789abc'), startedAt: NOW + MIN })],
    });
    expect(cutToWindow(rows, window, { serviceListComplete: true }).map((r) => r.name)).toEqual(['no-start']);
  });
});
