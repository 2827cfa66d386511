// Parsed execution events → what CloudWatch Logs says about one execution.

import { isTerminalEventType, logStatusOf } from './logging-facts';
import type { ExecutionLogEvent, LogRecord, TerminalEventType } from './types';

/** The record of an execution none of whose events arrived. */
export function emptyLogRecord(executionArn: string): LogRecord {
  return {
    executionArn,
    status: 'UNKNOWN',
    eventCount: 0,
    idGaps: 0,
    hasStarted: false,
    terminalType: null,
    firstEventAt: null,
    lastEventAt: null,
    startedAt: null,
    stoppedAt: null,
    maxIngestionDelayMs: null,
    lastIngestedAt: null,
  };
}

/**
 * Status from the terminal event (none → UNKNOWN); a terminal event followed by `ExecutionRedriven`
 * no longer counts (the execution runs again). Id gaps are the ids missing between 1 and the highest
 * id seen, so a missing `ExecutionStarted` (id 1) counts; they only mean loss at level ALL.
 */
export function toLogRecord(executionArn: string, events: readonly ExecutionLogEvent[]): LogRecord {
  const mine = events.filter((e) => e.executionArn === executionArn);
  if (mine.length === 0) return emptyLogRecord(executionArn);

  const ids = new Set<number>();
  let maxId = 0;
  let lastRedrivenId = 0;
  let terminal: ExecutionLogEvent | null = null;
  let started: ExecutionLogEvent | null = null;
  let firstEventAt = Infinity;
  let lastEventAt = -Infinity;
  let lastIngestedAt = -Infinity;
  let maxDelay = 0;
  for (const e of mine) {
    ids.add(e.id);
    maxId = Math.max(maxId, e.id);
    firstEventAt = Math.min(firstEventAt, e.eventTimestamp);
    lastEventAt = Math.max(lastEventAt, e.eventTimestamp);
    lastIngestedAt = Math.max(lastIngestedAt, e.ingestionTime);
    // A clock ahead of CloudWatch's would give a negative delay; it is no delay at all.
    maxDelay = Math.max(maxDelay, e.ingestionTime - e.eventTimestamp);
    if (e.type === 'ExecutionRedriven') lastRedrivenId = Math.max(lastRedrivenId, e.id);
    if (e.type === 'ExecutionStarted' && (started === null || e.id < started.id)) started = e;
    if (isTerminalEventType(e.type) && (terminal === null || e.id > terminal.id)) terminal = e;
  }
  if (terminal !== null && terminal.id < lastRedrivenId) terminal = null;
  const terminalType = terminal ? (terminal.type as TerminalEventType) : null;
  return {
    executionArn,
    status: terminalType ? logStatusOf(terminalType) : 'UNKNOWN',
    eventCount: mine.length,
    idGaps: Math.max(0, maxId - ids.size),
    hasStarted: started !== null,
    terminalType,
    firstEventAt,
    lastEventAt,
    startedAt: started ? started.eventTimestamp : null,
    stoppedAt: terminal ? terminal.eventTimestamp : null,
    maxIngestionDelayMs: maxDelay,
    lastIngestedAt,
  };
}

/** One record per execution present in the events, newest first event first. */
export function toLogRecords(events: readonly ExecutionLogEvent[]): LogRecord[] {
  const arns = [...new Set(events.map((e) => e.executionArn))];
  return arns.map((arn) => toLogRecord(arn, events)).sort((a, b) => (b.firstEventAt ?? 0) - (a.firstEventAt ?? 0));
}

/** The ids missing from 1 to the highest id seen (for the timeline), at most `limit` of them. */
export function missingEventIds(events: readonly ExecutionLogEvent[], limit = 100): number[] {
  const ids = new Set(events.map((e) => e.id));
  const max = Math.max(0, ...ids);
  const out: number[] = [];
  for (let i = 1; i <= max && out.length < limit; i++) if (!ids.has(i)) out.push(i);
  return out;
}
