import { describe, expect, it } from 'vitest';
import { joinMinutes } from '@/lib/domain/join';
import { observedDelayMs, summarizeNeighbours } from '@/lib/domain/neighbour-stats';
import type { HealthInput } from '@/lib/domain/health';
import type { LogMinute, MetricMinute, StateMachine, Verdict } from '@/lib/domain/types';
import { classifyMinute, diagnoseExecution, type VerdictInput } from '@/lib/domain/verdict';
import {
  expressArn,
  HOUR,
  makeHealthReport,
  makeLogGroup,
  makeLogRecord,
  makeNeighbours,
  makePartialRead,
  makeResourcePolicy,
  makeRolePermissions,
  makeServiceExecution,
  makeStateMachine,
  makeUnfinishedLogRecord,
  MIN,
  NOW,
  SEC,
  standardArn,
  ACCOUNT,
} from './builders';

const EXPRESS = expressArn();
const STANDARD = standardArn();
const standardMachine = (logging: Partial<StateMachine['logging']> = {}) => makeStateMachine({ type: 'STANDARD', logging });

/** A verdict for an Express execution whose events all arrived two hours ago, unless overridden. */
function diagnose(overrides: Partial<VerdictInput> & { healthInput?: Partial<HealthInput> } = {}): Verdict {
  const { healthInput, ...rest } = overrides;
  const stateMachine = rest.stateMachine ?? makeStateMachine();
  return diagnoseExecution({
    stateMachine,
    health: rest.health ?? makeHealthReport({ stateMachine, ...healthInput }),
    executionArn: EXPRESS,
    service: null,
    logs: makeLogRecord(),
    neighbours: makeNeighbours(),
    partial: [],
    now: NOW,
    ...rest,
  });
}

/** A Standard execution that SUCCEEDED per Step Functions at `stopAt`. */
function standardSucceeded(stopAt: number, logs: VerdictInput['logs'], more: Partial<VerdictInput> & { healthInput?: Partial<HealthInput> } = {}): Verdict {
  const stateMachine = more.stateMachine ?? standardMachine();
  return diagnose({
    stateMachine,
    executionArn: STANDARD,
    service: makeServiceExecution({ executionArn: STANDARD, startDate: stopAt - 5 * SEC, stopDate: stopAt }),
    logs,
    ...more,
  });
}

const unfinished = (arn: string, startedAt: number) => makeUnfinishedLogRecord({ executionArn: arn, startedAt, firstEventAt: startedAt, lastEventAt: startedAt + SEC });

describe('consistent', () => {
  it('an Express execution with its terminal event is consistent (terminal-event-present), and says AWS keeps no service record', () => {
    const v = diagnose();
    expect(v).toMatchObject({ cause: 'consistent', detail: 'terminal-event-present', confidence: 'high', recheckAt: null });
    expect(v.summary).toContain('AWS keeps no service-side record of async Express executions');
  });

  it('a Standard execution whose log status matches DescribeExecution is consistent', () => {
    const v = standardSucceeded(NOW - HOUR, makeLogRecord({ executionArn: STANDARD }));
    expect(v).toMatchObject({ cause: 'consistent', summary: 'Step Functions and CloudWatch Logs agree: SUCCEEDED.' });
  });

  it('a failed execution at level ERROR is consistent: its missing ExecutionStarted and skipped ids are expected', () => {
    const stateMachine = standardMachine({ level: 'ERROR' });
    const v = diagnose({
      stateMachine,
      executionArn: STANDARD,
      service: makeServiceExecution({ executionArn: STANDARD, status: 'FAILED' }),
      logs: makeLogRecord({ executionArn: STANDARD, status: 'FAILED', terminalType: 'ExecutionFailed', hasStarted: false, startedAt: null, idGaps: 5, eventCount: 3 }),
    });
    expect(v).toMatchObject({ cause: 'consistent', detail: 'terminal-event-present' });
    expect(v.summary).toContain('at level ERROR ExecutionStarted is not logged');
  });

  it('PENDING_REDRIVE agrees with a logged failure', () => {
    const v = standardSucceeded(NOW - HOUR, makeLogRecord({ executionArn: STANDARD, status: 'FAILED', terminalType: 'ExecutionFailed' }), {
      service: makeServiceExecution({ executionArn: STANDARD, status: 'PENDING_REDRIVE' }),
    });
    expect(v.cause).toBe('consistent');
  });
});

describe('running', () => {
  it('Step Functions says RUNNING and there is no terminal event: running (service-running)', () => {
    const v = diagnose({
      stateMachine: standardMachine(),
      executionArn: STANDARD,
      service: makeServiceExecution({ executionArn: STANDARD, status: 'RUNNING', startDate: NOW - HOUR, stopDate: null }),
      logs: unfinished(STANDARD, NOW - HOUR),
    });
    expect(v).toMatchObject({ cause: 'running', detail: 'service-running', confidence: 'high' });
  });

  it('an Express execution started 2 minutes ago may still be running (within-max-duration), with a re-check from observed delays', () => {
    const startedAt = NOW - 2 * MIN;
    const v = diagnose({ logs: unfinished(EXPRESS, startedAt) });
    expect(v).toMatchObject({ cause: 'running', detail: 'within-max-duration', confidence: 'medium' });
    // start + 5 min + neighbours' p95 (40 s) + margin (30 s)
    expect(v.recheckAt).toBe(startedAt + 5 * MIN + 40 * SEC + 30 * SEC);
    expect(v.summary).toContain('Express executions run at most 5 min');
  });
});

describe('log-lag', () => {
  it('an Express execution just past 5 minutes without its terminal event is log-lag (awaiting-terminal-event), re-checked at end + observed p95', () => {
    const startedAt = NOW - 5 * MIN - 10 * SEC;
    const v = diagnose({ logs: unfinished(EXPRESS, startedAt) });
    expect(v).toMatchObject({ cause: 'log-lag', detail: 'awaiting-terminal-event', confidence: 'high', recheckAt: NOW + 60 * SEC });
    expect(v.summary).toContain("neighbours' events took up to 40 s (p95) to arrive");
    expect(v.evidence).toContainEqual(expect.objectContaining({ kind: 'neighbour-delay-p95', value: '40000 ms' }));
  });

  it('recheckAt comes from the delays observed on neighbours, not from a constant', () => {
    const logs = unfinished(EXPRESS, NOW - 5 * MIN - 10 * SEC);
    const fast = diagnose({ logs, neighbours: makeNeighbours({ delayMs: { samples: 50, p50: 500, p95: 2_000, max: 3_000 } }) });
    const slow = diagnose({ logs, neighbours: makeNeighbours({ delayMs: { samples: 50, p50: 60_000, p95: 180_000, max: 240_000 } }) });
    expect(fast.recheckAt).toBe(NOW - 10 * SEC + 2_000 + 30 * SEC);
    expect(slow.recheckAt).toBe(NOW - 10 * SEC + 180_000 + 30 * SEC);
  });

  it('recheckAt is capped at the settle horizon', () => {
    const v = diagnose({ logs: unfinished(EXPRESS, NOW - 5 * MIN - 10 * SEC), neighbours: makeNeighbours({ delayMs: { samples: 5, p50: HOUR, p95: 3 * HOUR, max: 3 * HOUR } }) });
    expect(v.recheckAt).toBe(NOW - 10 * SEC + HOUR);
  });

  it('with no delays observed anywhere, it waits for the settle horizon and says so', () => {
    const logs = { ...unfinished(EXPRESS, NOW - 5 * MIN - 10 * SEC), maxIngestionDelayMs: null, lastIngestedAt: null };
    const v = diagnose({ logs, neighbours: makeNeighbours({ delayMs: null }) });
    expect(v).toMatchObject({ cause: 'log-lag', confidence: 'medium', recheckAt: NOW - 10 * SEC + HOUR });
    expect(v.summary).toContain('no delivery delays were observed');
  });

  it("falls back on this execution's own observed delay when neighbours have none", () => {
    const logs = { ...unfinished(EXPRESS, NOW - 5 * MIN - 10 * SEC), maxIngestionDelayMs: 5_000 };
    const v = diagnose({ logs, neighbours: makeNeighbours({ delayMs: null }) });
    expect(v.recheckAt).toBe(NOW - 10 * SEC + 5_000 + 30 * SEC);
    expect(v.summary).toContain("this execution's own events took 5 s");
  });

  it('later than the neighbours\' p95 but before settling: still log-lag, low confidence, re-check at the settle horizon', () => {
    const v = diagnose({ logs: unfinished(EXPRESS, NOW - 10 * MIN) });
    expect(v).toMatchObject({ cause: 'log-lag', detail: 'awaiting-terminal-event', confidence: 'low', recheckAt: NOW - 5 * MIN + HOUR });
    expect(v.summary).toContain('probably lost');
  });

  it('a Standard execution SUCCEEDED per DescribeExecution whose logs lack the terminal event is log-lag before the settle window', () => {
    const v = standardSucceeded(NOW - 30 * SEC, unfinished(STANDARD, NOW - 35 * SEC));
    expect(v).toMatchObject({ cause: 'log-lag', detail: 'awaiting-terminal-event', recheckAt: NOW + 40 * SEC });
    expect(v.summary).toMatch(/^Step Functions says SUCCEEDED \(ended at 2024-05-01 11:59:30 UTC\)/);
  });

  it('an ended execution with no event at all yet is log-lag (awaiting-events)', () => {
    expect(standardSucceeded(NOW - 30 * SEC, null).detail).toBe('awaiting-events');
  });

  it('a terminal event with missing ids shortly after the end is log-lag (awaiting-missing-ids): the console shows Unknown for now', () => {
    const stop = NOW - 20 * SEC;
    const v = diagnose({ logs: makeLogRecord({ startedAt: stop - 3 * SEC, stoppedAt: stop, lastEventAt: stop, idGaps: 2, eventCount: 4 }) });
    expect(v).toMatchObject({ cause: 'log-lag', detail: 'awaiting-missing-ids', recheckAt: stop + 70 * SEC });
    expect(v.summary).toContain('the console would show this execution as Unknown for now');
  });

  it('Step Functions RUNNING while the logs hold a terminal event is a status mismatch, re-checked before it is judged', () => {
    const stop = NOW - 20 * SEC;
    const v = diagnose({
      stateMachine: standardMachine(),
      executionArn: STANDARD,
      service: makeServiceExecution({ executionArn: STANDARD, status: 'RUNNING', stopDate: null }),
      logs: makeLogRecord({ executionArn: STANDARD, status: 'FAILED', terminalType: 'ExecutionFailed', stoppedAt: stop, lastEventAt: stop }),
    });
    expect(v).toMatchObject({ cause: 'log-lag', detail: 'status-mismatch', confidence: 'medium', recheckAt: stop + 70 * SEC });
    expect(v.summary).toContain('Step Functions says RUNNING but the logs end with ExecutionFailed');
  });
});

describe('best-effort-drop', () => {
  it('a Standard execution SUCCEEDED per DescribeExecution whose terminal event never arrived is best-effort-drop after the settle window', () => {
    const v = standardSucceeded(NOW - 2 * HOUR, unfinished(STANDARD, NOW - 2 * HOUR - 5 * SEC));
    expect(v).toMatchObject({ cause: 'best-effort-drop', detail: 'terminal-missing-after-settle', confidence: 'high', recheckAt: null });
    expect(v.summary).toContain('99% of the 200 neighbouring executions are fully logged');
  });

  it('a log status SUCCEEDED with id gaps at level ALL is the console\'s "Succeeded here, Unknown there" case (id-chain-gap)', () => {
    const v = diagnose({ logs: makeLogRecord({ idGaps: 2, eventCount: 4 }) });
    expect(v).toMatchObject({ cause: 'best-effort-drop', detail: 'id-chain-gap', confidence: 'high' });
    expect(v.summary).toContain('"Succeeded in the list, Unknown in the detail"');
    expect(v.summary).toContain('not by configuration');
    expect(v.evidence).toContainEqual({ kind: 'id-gaps', label: 'Missing event ids', value: 2, source: 'cloudwatch-logs' });
  });

  it('a missing ExecutionStarted at level ALL is an id-chain gap too', () => {
    const v = diagnose({ logs: makeLogRecord({ idGaps: 1, hasStarted: false, startedAt: null }) });
    expect(v.detail).toBe('id-chain-gap');
    expect(v.summary).toContain('including ExecutionStarted');
  });

  it('an execution SUCCEEDED per Step Functions with not one event after settling is all-events-missing-after-settle', () => {
    expect(standardSucceeded(NOW - 2 * HOUR, null)).toMatchObject({ cause: 'best-effort-drop', detail: 'all-events-missing-after-settle' });
  });

  it('an Express execution without a terminal event long after its 5 minutes is terminal-missing-after-settle', () => {
    expect(diagnose({ logs: unfinished(EXPRESS, NOW - 2 * HOUR) })).toMatchObject({ cause: 'best-effort-drop', detail: 'terminal-missing-after-settle' });
  });

  it('a status mismatch that outlives the settle window is a best-effort-drop: trust Step Functions', () => {
    const v = standardSucceeded(NOW - 2 * HOUR, makeLogRecord({ executionArn: STANDARD, status: 'FAILED', terminalType: 'ExecutionFailed' }));
    expect(v).toMatchObject({ cause: 'best-effort-drop', detail: 'status-mismatch' });
    expect(v.summary).toContain('trust Step Functions');
  });

  it.each([
    [0.99, 'high'],
    [0.6, 'medium'],
    [0.2, 'low'],
  ])('its confidence follows the share of fully logged neighbours (%s → %s)', (share, confidence) => {
    const v = diagnose({ logs: unfinished(EXPRESS, NOW - 2 * HOUR), neighbours: makeNeighbours({ fullyLoggedShare: share, fullyLogged: Math.round(share * 200) }) });
    expect(v.confidence).toBe(confidence);
  });

  it('a role lacking logs:CreateLogStream/PutLogEvents while events arrive is not the cause (the seed\'s proof)', () => {
    const v = diagnose({ logs: makeLogRecord({ idGaps: 2, eventCount: 4 }), healthInput: { rolePermissions: makeRolePermissions(['logs:CreateLogStream', 'logs:PutLogEvents']), eventsArriving: true } });
    expect(v.cause).toBe('best-effort-drop');
    expect(v.cause).not.toBe('missing-permissions');
  });
});

describe('logging-config', () => {
  it('logging OFF: no event is ever written (level-off)', () => {
    const stateMachine = standardMachine({ level: 'OFF' });
    const v = standardSucceeded(NOW - 2 * HOUR, null, { stateMachine, healthInput: { eventsArriving: false } });
    expect(v).toMatchObject({ cause: 'logging-config', detail: 'level-off', confidence: 'high' });
    expect(v.remediation.map((r) => r.kind)).toContain('aws-cli');
  });

  it('a succeeded execution at level ERROR is logging-config: the level excludes ExecutionSucceeded (level-excludes-success)', () => {
    const stateMachine = standardMachine({ level: 'ERROR' });
    const v = standardSucceeded(NOW - 10 * SEC, null, { stateMachine });
    expect(v).toMatchObject({ cause: 'logging-config', detail: 'level-excludes-success', confidence: 'high' });
    expect(v.summary).toContain('at log level ERROR a successful execution writes neither ExecutionStarted nor ExecutionSucceeded');
    expect(v.remediation.find((r) => r.kind === 'terraform')?.text).toContain('level                  = "ALL"');
  });

  it('an Express execution at level FATAL with no terminal event after its 5 minutes most likely succeeded (level-excludes-success, medium)', () => {
    const stateMachine = makeStateMachine({ logging: { level: 'FATAL' } });
    const v = diagnose({ stateMachine, logs: unfinished(EXPRESS, NOW - 10 * MIN) });
    expect(v).toMatchObject({ cause: 'logging-config', detail: 'level-excludes-success', confidence: 'medium' });
    expect(v.summary).toContain('a failure would have been logged');
  });

  it('an execution failed per Step Functions at level ERROR whose ExecutionFailed is missing is not explained by the level', () => {
    const stateMachine = standardMachine({ level: 'ERROR' });
    const v = diagnose({ stateMachine, executionArn: STANDARD, service: makeServiceExecution({ executionArn: STANDARD, status: 'FAILED', stopDate: NOW - 2 * HOUR }), logs: null });
    expect(v.cause).toBe('best-effort-drop');
  });

  it('a destination that is not a log group ARN counts as none (no-destination)', () => {
    const stateMachine = standardMachine({ logGroupArn: 'arn:aws:s3:::my-bucket' });
    const v = standardSucceeded(NOW - HOUR, null, { stateMachine, healthInput: { logGroup: null, eventsArriving: false } });
    expect(v).toMatchObject({ cause: 'logging-config', detail: 'no-destination' });
    expect(v.summary).toContain('is not a log group ARN');
  });

  it('no destination configured (no-destination)', () => {
    const stateMachine = standardMachine({ logGroupArn: null });
    expect(standardSucceeded(NOW - HOUR, null, { stateMachine, healthInput: { logGroup: null, eventsArriving: false } })).toMatchObject({ cause: 'logging-config', detail: 'no-destination' });
  });

  it('a destination in another region is out of sight (destination-elsewhere)', () => {
    const stateMachine = standardMachine({ logGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:orders:*` });
    const v = standardSucceeded(NOW - HOUR, null, { stateMachine, healthInput: { eventsArriving: false, executionsStarted: 0 } });
    expect(v).toMatchObject({ cause: 'logging-config', detail: 'destination-elsewhere' });
    expect(v.summary).toContain('eu-west-1');
  });

  it('an execution named outside 0-9 A-Z a-z - _ is not logged (name-not-loggable)', () => {
    const arn = standardArn('order.42');
    const v = diagnose({ stateMachine: standardMachine(), executionArn: arn, service: makeServiceExecution({ executionArn: arn, name: 'order.42' }), logs: null });
    expect(v).toMatchObject({ cause: 'logging-config', detail: 'name-not-loggable' });
  });
});

describe('missing-permissions', () => {
  const broken = (healthInput: Partial<HealthInput>) =>
    standardSucceeded(NOW - 2 * HOUR, null, { healthInput: { eventsArriving: false, executionsStarted: 0, ...healthInput } });

  it('the log group was deleted (log-group-missing)', () => {
    const v = broken({ logGroup: makeLogGroup({ exists: false }) });
    expect(v).toMatchObject({ cause: 'missing-permissions', detail: 'log-group-missing', confidence: 'high' });
    expect(v.summary).toBe("None of this execution's events reached CloudWatch Logs because the destination log group does not exist.");
  });

  it('no resource policy lets delivery.logs.amazonaws.com write (no-resource-policy), with the policy to paste', () => {
    const v = broken({ resourcePolicies: [] });
    expect(v).toMatchObject({ cause: 'missing-permissions', detail: 'no-resource-policy' });
    expect(v.remediation.map((r) => r.kind)).toEqual(['resource-policy', 'aws-cli']);
  });

  it('the role lacks actions and no resource policy covers the group (role-and-resource-policy)', () => {
    const v = broken({ resourcePolicies: [], rolePermissions: makeRolePermissions(['logs:PutLogEvents']) });
    expect(v.detail).toBe('role-and-resource-policy');
    expect(v.remediation.map((r) => r.kind)).toEqual(expect.arrayContaining(['resource-policy', 'iam-policy']));
  });

  it('the role lacks documented actions and no event arrives (role-missing-actions)', () => {
    expect(broken({ rolePermissions: makeRolePermissions(['logs:CreateLogDelivery']) }).detail).toBe('role-missing-actions');
  });

  it('the resource-policy limits kept AWS from adding the statement (resource-policy-limit)', () => {
    const full = Array.from({ length: 10 }, (_, i) => makeResourcePolicy({ name: `p${i}`, document: '{"Statement":[]}' }));
    expect(broken({ resourcePolicies: full }).detail).toBe('resource-policy-limit');
  });

  it('only the validation stream exists while executions ran (only-validation-stream)', () => {
    const v = broken({ executionsStarted: 30, logStreams: [{ name: 'log_stream_created_by_aws_to_validate_log_delivery_subscriptions', firstEventTimestamp: null, lastEventTimestamp: null }] });
    expect(v.detail).toBe('only-validation-stream');
  });

  it('metrics count executions but no event arrives, with no fault found (no-events-delivered)', () => {
    expect(broken({ executionsStarted: 12 })).toMatchObject({ cause: 'missing-permissions', detail: 'no-events-delivered' });
  });
});

describe('insufficient-evidence: sfn-lens\'s own failed reads blame nothing on the state machine', () => {
  it('AccessDenied on logs:StartQuery names the action to grant (read-denied)', () => {
    const v = standardSucceeded(NOW - 2 * HOUR, null, { partial: [makePartialRead()] });
    expect(v).toMatchObject({ cause: 'insufficient-evidence', detail: 'read-denied', confidence: 'low' });
    expect(v.summary).toContain('AWS denied logs:StartQuery to sfn-lens');
    expect(v.summary).toContain("grant logs:StartQuery to the dashboard's role");
    expect(JSON.parse(v.remediation[0]?.text ?? '{}').Statement[0].Action).toEqual(['logs:StartQuery']);
    expect(v.evidence[0]).toMatchObject({ kind: 'partial-read', source: 'sfn-lens' });
  });

  it('throttling on a log read says to try again (read-throttled)', () => {
    const v = standardSucceeded(NOW - 2 * HOUR, null, { partial: [makePartialRead({ action: 'logs:FilterLogEvents', error: 'ThrottlingException', message: 'Rate exceeded' })] });
    expect(v).toMatchObject({ cause: 'insufficient-evidence', detail: 'read-throttled' });
    expect(v.summary).toContain('try again in a moment');
  });

  it('any other failed log read is read-failed', () => {
    const v = standardSucceeded(NOW - 2 * HOUR, null, { partial: [makePartialRead({ action: 'logs:GetQueryResults', error: 'Timeout', message: 'query timed out' })] });
    expect(v.detail).toBe('read-failed');
  });

  it('a log group that no longer exists is named, with the fix from the logging health, instead of "says nothing about the state machine"', () => {
    const notFound = makePartialRead({ action: 'logs:FilterLogEvents', error: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    const v = standardSucceeded(NOW - 2 * HOUR, null, { partial: [notFound], healthInput: { logGroup: makeLogGroup({ exists: false }), eventsArriving: null } });
    expect(v).toMatchObject({ cause: 'insufficient-evidence', detail: 'read-failed', confidence: 'low' });
    expect(v.summary).toContain('The log group does not exist (logs:FilterLogEvents answered ResourceNotFoundException)');
    expect(v.summary).not.toContain('says nothing about the state machine');
    expect(v.remediation[0]?.text).toContain('aws logs create-log-group');
  });

  it('a failed log read does not overturn a record that more reading cannot change', () => {
    expect(diagnose({ partial: [makePartialRead()] }).cause).toBe('consistent');
  });

  it('a failed Step Functions read leaves a Standard execution unjudged', () => {
    const v = diagnose({ stateMachine: standardMachine(), executionArn: STANDARD, logs: unfinished(STANDARD, NOW - 2 * HOUR), partial: [makePartialRead({ action: 'states:ListExecutions' })] });
    expect(v).toMatchObject({ cause: 'insufficient-evidence', detail: 'read-denied' });
  });

  it('best-effort-drop claims a healthy configuration, so a denied configuration read yields insufficient-evidence instead', () => {
    const v = standardSucceeded(NOW - 2 * HOUR, null, {
      partial: [makePartialRead({ action: 'iam:SimulatePrincipalPolicy' })],
      healthInput: { rolePermissions: null },
    });
    expect(v).toMatchObject({ cause: 'insufficient-evidence', detail: 'read-denied' });
    expect(v.evidence).toContainEqual(expect.objectContaining({ kind: 'would-be-cause', value: 'best-effort-drop/all-events-missing-after-settle' }));
  });

  it('nothing on either side is no-evidence', () => {
    const v = diagnose({ logs: null });
    expect(v).toMatchObject({ cause: 'insufficient-evidence', detail: 'no-evidence' });
    expect(v.summary).toContain('widen the time window');
  });
});

describe('verdicts are data', () => {
  it('the same input always gives the same verdict (time is an input)', () => {
    const input = { logs: unfinished(EXPRESS, NOW - 5 * MIN - 10 * SEC) };
    expect(diagnose(input)).toEqual(diagnose(input));
  });

  it('every evidence item names its source', () => {
    const v = standardSucceeded(NOW - 2 * HOUR, unfinished(STANDARD, NOW - 2 * HOUR));
    for (const e of v.evidence) expect(['step-functions', 'cloudwatch-logs', 'cloudwatch-metrics', 'iam', 'sfn-lens']).toContain(e.source);
    expect(v.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['service-status', 'log-status', 'terminal-event', 'log-level', 'neighbours-fully-logged', 'settle-at']));
  });
});

describe('classifyMinute', () => {
  const m = (c: Partial<MetricMinute> = {}): MetricMinute & LogMinute => ({ minute: NOW - 2 * HOUR, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, ...c });
  const row = (metrics: Partial<MetricMinute>, logs: Partial<LogMinute>, minute = NOW - 2 * HOUR) =>
    joinMinutes([{ ...m(metrics), minute }], [{ ...m(logs), minute }], { from: minute, to: minute + MIN })[0]!;
  const ctx = (logging: Partial<StateMachine['logging']> = {}, healthInput: Partial<HealthInput> = {}) => {
    const stateMachine = makeStateMachine({ logging });
    return { stateMachine, health: makeHealthReport({ stateMachine, ...healthInput }), now: NOW, neighbours: makeNeighbours() };
  };

  it('equal counts are consistent (terminal-counts-match)', () => {
    expect(classifyMinute(row({ started: 5, succeeded: 5 }, { started: 5, succeeded: 5 }), ctx())).toMatchObject({ cause: 'consistent', detail: 'terminal-counts-match' });
  });

  it('a recent minute with fewer log events is not settled yet (minute-not-settled): it settles at its end + observed p95 + margin', () => {
    const v = classifyMinute(row({ succeeded: 5 }, { succeeded: 3 }, NOW - MIN), ctx());
    expect(v.detail).toBe('minute-not-settled');
    expect(v.summary).toContain(new Date(NOW + 40 * SEC + 30 * SEC).toISOString());
  });

  it('a settled minute with fewer log events than metrics is a weak best-effort-drop signal', () => {
    const v = classifyMinute(row({ started: 5, succeeded: 5 }, { started: 5, succeeded: 3 }), ctx());
    expect(v).toMatchObject({ cause: 'best-effort-drop', detail: 'metrics-exceed-logs-after-settle' });
    expect(v.summary).toContain('weak signal');
  });

  it('at level ERROR, successes missing from the logs are configuration (level-excludes-success)', () => {
    expect(classifyMinute(row({ started: 5, succeeded: 4, failed: 1 }, { failed: 1 }), ctx({ level: 'ERROR' })).detail).toBe('level-excludes-success');
  });

  it('at level ERROR, starts missing from the logs are configuration (level-excludes-started)', () => {
    expect(classifyMinute(row({ started: 3 }, {}), ctx({ level: 'ERROR' }))).toMatchObject({ cause: 'logging-config', detail: 'level-excludes-started' });
  });

  it('logging OFF explains any shortfall (level-off)', () => {
    expect(classifyMinute(row({ succeeded: 2 }, {}), ctx({ level: 'OFF' })).detail).toBe('level-off');
  });

  it('a minute with no log events while delivery is broken is missing-permissions even before it settles', () => {
    const recent = row({ succeeded: 2, started: 2 }, {}, NOW - MIN);
    expect(classifyMinute(recent, ctx({}, { logGroup: makeLogGroup({ exists: false }) }))).toMatchObject({ cause: 'missing-permissions', detail: 'log-group-missing' });
  });

  it('a settled minute with no log events while delivery is broken is missing-permissions', () => {
    expect(classifyMinute(row({ succeeded: 2, started: 2 }, {}), ctx({}, { logGroup: makeLogGroup({ exists: false }) }))).toMatchObject({ cause: 'missing-permissions', detail: 'log-group-missing' });
  });

  it('a minute whose metrics were not read cannot be judged', () => {
    const r = joinMinutes(null, [m()], { from: NOW - 2 * HOUR, to: NOW - 2 * HOUR + MIN })[0]!;
    expect(classifyMinute(r, ctx())).toMatchObject({ cause: 'insufficient-evidence', detail: 'no-evidence' });
  });
});

describe('neighbour statistics', () => {
  it('summarizes delivery delays of finished neighbours (p50/p95/max) and the share fully logged, excluding the execution itself', () => {
    const records = [
      ...Array.from({ length: 19 }, (_, i) => makeLogRecord({ executionArn: expressArn(`n${i}`), maxIngestionDelayMs: (i + 1) * 1000, lastIngestedAt: null })),
      makeLogRecord({ executionArn: expressArn('gap'), idGaps: 1, maxIngestionDelayMs: 100_000, lastIngestedAt: null }),
      makeUnfinishedLogRecord({ executionArn: expressArn('open'), maxIngestionDelayMs: 999_999 }),
      makeLogRecord({ executionArn: EXPRESS, maxIngestionDelayMs: 5_000_000 }),
    ];
    const s = summarizeNeighbours(records, { level: 'ALL', excludeArn: EXPRESS });
    expect(s).toEqual({ executions: 21, fullyLogged: 19, fullyLoggedShare: 19 / 21, delayMs: { samples: 20, p50: 10_000, p95: 19_000, max: 100_000 } });
  });

  it('measures a Logs Insights record by lastIngestedAt − lastEventAt (no arithmetic needed in the query)', () => {
    expect(observedDelayMs(makeLogRecord({ maxIngestionDelayMs: null, lastEventAt: NOW, lastIngestedAt: NOW + 4_000 }))).toBe(4_000);
    expect(observedDelayMs(makeLogRecord({ maxIngestionDelayMs: null, lastIngestedAt: null }))).toBeNull();
  });
});
