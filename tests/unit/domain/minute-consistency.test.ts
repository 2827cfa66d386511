// A minute and its executions agree (issue 13, "Consistency the users see"): a chart minute whose
// missing terminal event may belong to an execution the table still calls log-lag (or running) is
// not called best-effort-drop.
import { describe, expect, it } from 'vitest';
import { joinMinutes } from '@/lib/domain/join';
import { awaitedExecutions, awaitedIn, classifyMinute, diagnoseExecution } from '@/lib/domain/verdict';
import { expressArn, makeHealthReport, makeNeighbours, makeStateMachine, makeUnfinishedLogRecord, MIN, NOW, SEC } from './builders';

const M = NOW - 20 * MIN;
const stateMachine = makeStateMachine();
const health = makeHealthReport({ stateMachine });
const neighbours = makeNeighbours();

/** An Express execution that started 10 s into minute M, logged its start and nothing since: ended (metrics), terminal event not yet in. */
const arn = expressArn('late-1');
const logs = makeUnfinishedLogRecord({ executionArn: arn, startedAt: M + 10 * SEC, firstEventAt: M + 10 * SEC, lastEventAt: M + 12 * SEC, lastIngestedAt: M + 13 * SEC });
const minuteRow = () => joinMinutes([{ minute: M, started: 1, succeeded: 1, failed: 0, timedOut: 0, aborted: 0 }], [{ minute: M, started: 1, succeeded: 0, failed: 0, timedOut: 0, aborted: 0 }], { from: M, to: M + MIN })[0]!;

describe('a minute and its executions agree', () => {
  it('a settled minute whose only missing terminal event belongs to an execution the table calls log-lag is log-lag, not best-effort-drop', () => {
    const execution = diagnoseExecution({ stateMachine, health, executionArn: arn, service: null, logs, neighbours, partial: [], now: NOW });
    expect(execution.cause).toBe('log-lag');
    const minute = classifyMinute(minuteRow(), {
      stateMachine,
      health,
      now: NOW,
      neighbours,
      awaitedExecutions: [{ executionArn: arn, cause: execution.cause, recheckAt: execution.recheckAt }],
    });
    expect(minute.cause).toBe('log-lag');
    expect(minute.detail).toBe('awaiting-terminal-event');
    expect(minute.summary).toContain('still awaited');
  });

  it('without an awaited execution the same settled shortfall stays a (weak) best-effort-drop', () => {
    expect(classifyMinute(minuteRow(), { stateMachine, health, now: NOW, neighbours, awaitedExecutions: [] }).cause).toBe('best-effort-drop');
  });

  it('finds the awaited executions that may have ended in a minute: the known end, else from the start to the longest run', () => {
    const row = { executionArn: arn, startedAt: M + 10 * SEC, stoppedAt: null, logs };
    const lag = diagnoseExecution({ stateMachine, health, executionArn: arn, service: null, logs, neighbours, partial: [], now: NOW });
    const settled = { executionArn: expressArn('done'), startedAt: M, stoppedAt: M + 5 * SEC, logs: { terminalType: 'ExecutionSucceeded' } };
    const awaited = awaitedExecutions([{ row, verdict: lag }, { row: settled, verdict: { ...lag, cause: 'consistent' } }], NOW, 5 * MIN);
    expect(awaited.map((a) => a.executionArn)).toEqual([arn]);
    expect(awaitedIn(awaited, M, M + MIN).map((a) => a.executionArn)).toEqual([arn]);
    expect(awaitedIn(awaited, M + 4 * MIN, M + 5 * MIN)).toHaveLength(1);
    expect(awaitedIn(awaited, M + 6 * MIN, M + 7 * MIN)).toHaveLength(0);
    expect(awaitedIn(awaited, M - MIN, M)).toHaveLength(0);
  });
});
