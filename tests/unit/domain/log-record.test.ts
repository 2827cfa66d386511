import { describe, expect, it } from 'vitest';
import { parseLogEvents } from '@/lib/domain/log-events';
import { missingEventIds, toLogRecord, toLogRecords } from '@/lib/domain/log-record';
import type { RawLogEvent } from '@/lib/domain/types';
import { expressArn, makeEvent, makeRawEvent, NOW, standardArn } from './builders';
import expressSucceeded from './fixtures/express.succeeded.raw.json';
import expressWithGap from './fixtures/express.succeeded-with-id-gap.raw.json';
import expressFailedAtError from './fixtures/express.failed-at-level-error.raw.json';

const A = expressArn();

function recordOf(raw: unknown, arn = A) {
  return toLogRecord(arn, parseLogEvents(raw as RawLogEvent[]).events);
}

describe('toLogRecord', () => {
  it('a complete Express execution: SUCCEEDED, 6 events, no gaps, times and ingestion delay', () => {
    expect(recordOf(expressSucceeded)).toEqual({
      executionArn: A,
      status: 'SUCCEEDED',
      eventCount: 6,
      idGaps: 0,
      hasStarted: true,
      terminalType: 'ExecutionSucceeded',
      firstEventAt: 1714561200000,
      lastEventAt: 1714561200411,
      startedAt: 1714561200000,
      stoppedAt: 1714561200411,
      maxIngestionDelayMs: 900,
      lastIngestedAt: 1714561201311,
    });
  });

  it('counts the ids missing between 1 and the highest id', () => {
    expect(recordOf(expressWithGap)).toMatchObject({ status: 'SUCCEEDED', eventCount: 4, idGaps: 2 });
  });

  it('counts a missing ExecutionStarted as a gap and reports hasStarted false', () => {
    const r = toLogRecord(A, [makeEvent({ id: 2 }), makeEvent({ id: 3, type: 'ExecutionSucceeded' })]);
    expect(r).toMatchObject({ idGaps: 1, hasStarted: false, startedAt: null, status: 'SUCCEEDED' });
  });

  it('a failure at level ERROR: FAILED with the ids it skips by design', () => {
    const FARN = 'arn:aws:states:us-east-1:123456789012:express:orders:run-7:7a1c9d00-2b3e-4f50-8a6b-0c1d2e3f4a5b';
    expect(recordOf(expressFailedAtError, FARN)).toMatchObject({ status: 'FAILED', terminalType: 'ExecutionFailed', hasStarted: false, idGaps: 3, eventCount: 3 });
  });

  it.each([
    ['ExecutionSucceeded', 'SUCCEEDED'],
    ['ExecutionFailed', 'FAILED'],
    ['ExecutionAborted', 'ABORTED'],
    ['ExecutionTimedOut', 'TIMED_OUT'],
  ])('maps the terminal event %s to %s', (type, status) => {
    expect(toLogRecord(A, [makeEvent({ id: 1, type: 'ExecutionStarted' }), makeEvent({ id: 2, type })]).status).toBe(status);
  });

  it('is UNKNOWN without a terminal event', () => {
    expect(toLogRecord(A, [makeEvent({ id: 1, type: 'ExecutionStarted' })])).toMatchObject({ status: 'UNKNOWN', terminalType: null, stoppedAt: null });
  });

  it('is UNKNOWN again after a redrive until the new terminal event arrives', () => {
    const events = [
      makeEvent({ id: 1, type: 'ExecutionStarted' }),
      makeEvent({ id: 2, type: 'ExecutionFailed' }),
      makeEvent({ id: 3, type: 'ExecutionRedriven' }),
    ];
    expect(toLogRecord(A, events).status).toBe('UNKNOWN');
    expect(toLogRecord(A, [...events, makeEvent({ id: 4, type: 'ExecutionSucceeded' })]).status).toBe('SUCCEEDED');
  });

  it('is an empty UNKNOWN record when none of the events belong to the execution', () => {
    expect(toLogRecord(A, [makeEvent({ executionArn: expressArn('other') })])).toMatchObject({ status: 'UNKNOWN', eventCount: 0, firstEventAt: null, maxIngestionDelayMs: null });
  });

  it('never reports a negative ingestion delay when clocks disagree', () => {
    expect(toLogRecord(A, [makeEvent({ eventTimestamp: NOW, ingestionTime: NOW - 50 })]).maxIngestionDelayMs).toBe(0);
  });
});

describe('toLogRecords and missingEventIds', () => {
  it('makes one record per execution, newest first', () => {
    const B = expressArn('run-2');
    const records = toLogRecords([makeEvent({ eventTimestamp: NOW - 100 }), makeEvent({ executionArn: B, eventTimestamp: NOW })]);
    expect(records.map((r) => r.executionArn)).toEqual([B, A]);
  });

  it('lists the missing ids for the timeline', () => {
    expect(missingEventIds([makeEvent({ id: 2 }), makeEvent({ id: 5 })])).toEqual([1, 3, 4]);
  });
});

describe('previous_event_id "0" on a Standard state entered after the start (docs/aws-behaviour.md §11.11)', () => {
  it('is no gap and no drop: ids 1..n all present make a whole record, whatever previous_event_id says', () => {
    const arn = standardArn();
    // As a real Standard capture has it: {"id":"2","type":"TaskStateEntered","previous_event_id":"0"}.
    const raw = [
      makeRawEvent({ id: 1, type: 'ExecutionStarted', executionArn: arn, previous: 0 }),
      makeRawEvent({ id: 2, type: 'TaskStateEntered', executionArn: arn, previous: 0 }),
      makeRawEvent({ id: 3, type: 'TaskStateExited', executionArn: arn }),
      makeRawEvent({ id: 4, type: 'PassStateEntered', executionArn: arn, previous: 0 }),
      makeRawEvent({ id: 5, type: 'PassStateExited', executionArn: arn }),
      makeRawEvent({ id: 6, type: 'ExecutionSucceeded', executionArn: arn }),
    ];
    const parsed = parseLogEvents(raw, { executionArn: arn });
    expect(parsed.problems).toMatchObject({ invalidValues: 0, missingFields: 0 });
    expect(parsed.events.map((e) => e.previousEventId)).toEqual([0, 0, 2, 0, 4, 5]);
    expect(toLogRecord(arn, parsed.events)).toMatchObject({ status: 'SUCCEEDED', idGaps: 0, hasStarted: true, eventCount: 6 });
    expect(missingEventIds(parsed.events)).toEqual([]);
  });
});
