// The verdict rules of docs/diagnosis.md, in the order they are tried: the first that applies decides.
// Each rule reads only the derived context and returns a verdict (data) or null.
//
// cause                  details
// consistent             terminal-event-present, terminal-counts-match (minutes)
// running                service-running, within-max-duration
// log-lag                awaiting-terminal-event, awaiting-events, awaiting-missing-ids, status-mismatch,
//                        minute-not-settled (minutes)
// logging-config         level-off, level-excludes-success, level-excludes-started (minutes), no-destination,
//                        destination-elsewhere, name-not-loggable
// missing-permissions    log-group-missing, role-and-resource-policy, no-resource-policy, role-missing-actions,
//                        resource-policy-limit, only-validation-stream, no-events-delivered
// best-effort-drop       id-chain-gap, terminal-missing-after-settle, all-events-missing-after-settle,
//                        status-mismatch, metrics-exceed-logs-after-settle (minutes)
// insufficient-evidence  read-denied, read-throttled, read-failed, no-evidence

import { CREDENTIALS_REFUSED_ERRORS, serviceOfAction } from './logging-facts';
import { sfnLensReadPolicy } from './remediation';
import { toIso } from './time-window';
import type { Confidence, DeliveryBlocker, FindingId, PartialRead, Verdict, VerdictDetail } from './types';
import {
  baseEvidence,
  classifyRead,
  destinationOf,
  ev,
  fmtShare,
  healthEvidence,
  lagSchedule,
  nameIsLoggable,
  neighbourEvidence,
  partialEvidence,
  remediationOf,
  serviceAgreesWithLogs,
  verdict,
  type ReadFailure,
  type VerdictContext,
} from './verdict-context';
import { formatApproxDuration, formatUtc } from './format';

export interface VerdictRule {
  /** Names the behaviour, as the tests do. */
  name: string;
  decide(ctx: VerdictContext): Verdict | null;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };
const READ_SEVERITY: Record<ReadFailure, number> = { 'read-denied': 0, 'read-throttled': 1, 'read-failed': 2 };

/** The verdict for reads sfn-lens itself could not complete: it blames nothing on the state machine. */
export function insufficientFromReads(ctx: VerdictContext, reads: readonly PartialRead[], what: string): Verdict {
  const ranked = [...reads].sort((a, b) => READ_SEVERITY[classifyRead(a)] - READ_SEVERITY[classifyRead(b)]);
  const first = ranked[0] as PartialRead;
  const detail = classifyRead(first);
  const denied = ranked.filter((r) => classifyRead(r) === 'read-denied').map((r) => r.action);
  // The log group itself is gone: the reads failed for a reason the state machine's setup owns, and
  // its health names the fix (create the group again); nothing is judged from logs that cannot be read.
  const groupMissing = detail === 'read-failed' && first.error === 'ResourceNotFoundException' && first.action.startsWith('logs:');
  if (groupMissing) {
    const finding = ctx.input.health.findings.find((f) => f.id === 'log-group-missing');
    return verdict(
      'insufficient-evidence',
      detail,
      'low',
      `The log group does not exist (${first.action} answered ResourceNotFoundException), so ${what} cannot be read for this execution${finding ? '; recreate it so that events have somewhere to go (see the logging health)' : ''}.`,
      [...partialEvidence(ranked), ...baseEvidence(ctx)],
      finding?.remediation ?? [],
    );
  }
  const summary =
    detail === 'read-denied'
      ? `AWS denied ${first.action} to sfn-lens, so it cannot tell what ${what} holds for this execution; grant ${[...new Set(denied)].join(', ')} to the dashboard's role; this says nothing about the state machine.`
      : detail === 'read-throttled'
        ? `AWS throttled sfn-lens's ${first.action}, so ${what} was only partly read for this execution; try again in a moment before drawing conclusions.`
        : CREDENTIALS_REFUSED_ERRORS.has(first.error)
          ? `AWS did not accept sfn-lens's credentials for ${serviceOfAction(first.action)} (${first.action}: ${first.error}), so ${what} was only partly read for this execution; this says nothing about the state machine or its role.`
          : `sfn-lens's ${first.action} failed (${first.error}), so ${what} was only partly read for this execution; this says nothing about the state machine.`;
  return verdict(
    'insufficient-evidence',
    detail,
    'low',
    summary,
    [...partialEvidence(ranked), ...baseEvidence(ctx)],
    denied.length > 0 ? [sfnLensReadPolicy(denied)] : [],
  );
}

/** A log record that more reading cannot change: terminal event present, agreeing, no gaps at ALL. */
function logsConclusive(ctx: VerdictContext): boolean {
  const l = ctx.logs;
  return !!l && l.terminalType !== null && (ctx.level !== 'ALL' || l.idGaps === 0) && serviceAgreesWithLogs(ctx) && ctx.service?.status !== 'RUNNING';
}

const insufficientLogRead: VerdictRule = {
  name: 'a failed log read leaves an inconclusive log record unjudged',
  decide(ctx) {
    const reads = ctx.partialBySide.logs;
    if (reads.length === 0 || logsConclusive(ctx)) return null;
    return insufficientFromReads(ctx, reads, 'CloudWatch Logs');
  },
};

const insufficientServiceRead: VerdictRule = {
  name: 'a failed Step Functions read leaves an execution that has a service record unjudged',
  decide(ctx) {
    const reads = ctx.partialBySide.service;
    if (reads.length === 0 || ctx.service !== null || ctx.noServiceRecordByDesign) return null;
    return insufficientFromReads(ctx, reads, 'Step Functions');
  },
};

/** log-lag until the settle horizon, best-effort-drop after: for everything that should have arrived by `endAt`. */
function lagOrDrop(
  ctx: VerdictContext,
  endAt: number,
  details: { lag: VerdictDetail; drop: VerdictDetail },
  words: { lag: (recheckAt: number, sure: boolean) => string; drop: () => string },
  maxConfidence: Confidence = 'high',
): Verdict {
  const cap = (c: Confidence): Confidence => (CONFIDENCE_RANK[c] < CONFIDENCE_RANK[maxConfidence] ? maxConfidence : c);
  const { waitUntil, settleAt, basis } = lagSchedule(ctx, endAt);
  const evidence = [
    ...baseEvidence(ctx),
    ...neighbourEvidence(ctx),
    ev('settle-at', 'Settled after', toIso(settleAt), 'sfn-lens'),
  ];
  if (ctx.now < settleAt) {
    const inObservedWindow = ctx.now < waitUntil;
    const recheckAt = inObservedWindow ? waitUntil : settleAt;
    const confidence: Confidence = inObservedWindow ? (basis === 'observed' ? 'high' : 'medium') : 'low';
    if (ctx.observedDelayMs !== null) {
      evidence.push(ev('observed-delay', ctx.observedFrom === 'neighbours' ? 'Observed delay used (neighbours p95)' : 'Observed delay used (this execution)', `${ctx.observedDelayMs} ms`, 'cloudwatch-logs'));
    }
    return verdict('log-lag', details.lag, cap(confidence), words.lag(recheckAt, inObservedWindow), evidence, [], recheckAt);
  }
  const share = ctx.input.neighbours.fullyLoggedShare;
  let confidence: Confidence = share === null ? 'low' : share >= 0.9 ? 'high' : share >= 0.5 ? 'medium' : 'low';
  if (ctx.input.health.delivery !== 'working' && confidence === 'high') confidence = 'medium';
  return verdict('best-effort-drop', details.drop, cap(confidence), words.drop(), evidence);
}

function neighboursPhrase(ctx: VerdictContext): string {
  const n = ctx.input.neighbours;
  if (n.fullyLoggedShare === null) return 'no neighbouring executions to compare with';
  if (n.fullyLoggedShare >= 0.5) return `${fmtShare(n.fullyLoggedShare)} of the ${n.executions} neighbouring executions are fully logged`;
  return `only ${fmtShare(n.fullyLoggedShare)} of the ${n.executions} neighbouring executions are fully logged, which points at delivery trouble sfn-lens could not pin down`;
}

function delayPhrase(ctx: VerdictContext): string {
  if (ctx.observedDelayMs === null) return 'no delivery delays were observed in this window';
  return ctx.observedFrom === 'neighbours'
    ? `neighbours' events took up to ${formatApproxDuration(ctx.observedDelayMs)} (p95) to arrive`
    : `this execution's own events took ${formatApproxDuration(ctx.observedDelayMs)} to arrive`;
}

function latenessPhrase(ctx: VerdictContext): string {
  const d = formatApproxDuration(ctx.observedDelayMs ?? 0);
  return ctx.observedFrom === 'neighbours' ? `the ${d} (p95) neighbours' events needed` : `the ${d} this execution's own events needed`;
}

const statusMismatch: VerdictRule = {
  name: 'Step Functions and the logs name different states: a lag until settled, a drop after',
  decide(ctx) {
    const { service, logs } = ctx;
    if (!service || !logs || logs.terminalType === null) return null;
    const running = service.status === 'RUNNING';
    if (!running && serviceAgreesWithLogs(ctx)) return null;
    const endAt = running ? (logs.stoppedAt ?? ctx.now) : (service.stopDate ?? logs.stoppedAt ?? ctx.now);
    const what = `Step Functions says ${service.status} but the logs end with ${logs.terminalType}`;
    const why = running
      ? 'most likely a redrive whose ExecutionRedriven event has not arrived (or a service read taken before the end)'
      : 'most likely a redrive whose later events have not arrived';
    return lagOrDrop(
      ctx,
      endAt,
      { lag: 'status-mismatch', drop: 'status-mismatch' },
      {
        lag: (at) => `${what}, ${why}; re-checking at ${formatUtc(at)}.`,
        drop: () => `${what}, and the events that would reconcile them never arrived after the settle window: CloudWatch Logs delivery is best-effort, so trust Step Functions here.`,
      },
      // Why they disagree is a guess (a redrive, a stale read), never more than medium.
      'medium',
    );
  },
};

const idChainGap: VerdictRule = {
  name: 'a terminal event with missing ids at level ALL is the console-style Unknown',
  decide(ctx) {
    const l = ctx.logs;
    if (!l || l.terminalType === null || ctx.level !== 'ALL' || l.idGaps === 0) return null;
    const missing = `${l.idGaps} event id${l.idGaps === 1 ? '' : 's'} (${l.hasStarted ? 'between ExecutionStarted and the end' : 'including ExecutionStarted'})`;
    return lagOrDrop(
      ctx,
      l.stoppedAt ?? l.lastEventAt ?? ctx.now,
      { lag: 'awaiting-missing-ids', drop: 'id-chain-gap' },
      {
        lag: (at) => `The logs say ${l.status} but ${missing} have not arrived yet, so the console would show this execution as Unknown for now; ${delayPhrase(ctx)}, re-checking at ${formatUtc(at)}.`,
        drop: () =>
          `The logs say ${l.status} but ${missing} never arrived: this is the console's "Succeeded in the list, Unknown in the detail" case, caused by best-effort log delivery, not by configuration (${neighboursPhrase(ctx)}).`,
      },
    );
  },
};

const consistent: VerdictRule = {
  name: 'a terminal event that agrees with Step Functions is consistent',
  decide(ctx) {
    const l = ctx.logs;
    if (!l || l.terminalType === null || !serviceAgreesWithLogs(ctx) || ctx.service?.status === 'RUNNING') return null;
    const evidence = baseEvidence(ctx);
    let summary: string;
    if (ctx.service) summary = `Step Functions and CloudWatch Logs agree: ${l.status}.`;
    else if (ctx.noServiceRecordByDesign) summary = `CloudWatch Logs holds the terminal event: ${l.status} (AWS keeps no service-side record of async Express executions, so the logs are the only witness).`;
    else summary = `CloudWatch Logs holds the terminal event: ${l.status}; no Step Functions record was found to compare with.`;
    if (ctx.level !== 'ALL') {
      summary = summary.replace(/\.$/, '') + `; at level ${ctx.level} ExecutionStarted is not logged, so its absence is expected.`;
      evidence.push(ev('level-excludes-started', 'ExecutionStarted logged at this level', false, 'step-functions'));
    }
    return verdict('consistent', 'terminal-event-present', 'high', summary, evidence);
  },
};

const serviceRunning: VerdictRule = {
  name: 'Step Functions says RUNNING: no terminal event can exist yet',
  decide(ctx) {
    if (ctx.service?.status !== 'RUNNING') return null;
    return verdict(
      'running',
      'service-running',
      'high',
      `Step Functions says this execution is still running${ctx.startAt !== null ? ` (started ${formatUtc(ctx.startAt)})` : ''}, so there is no terminal event to log yet.`,
      baseEvidence(ctx),
    );
  },
};

function configRemediation(ctx: VerdictContext, ids: readonly FindingId[]) {
  return remediationOf(ctx.input.health, ids);
}

const levelOff: VerdictRule = {
  name: 'logging OFF: the event is never written',
  decide(ctx) {
    if (ctx.level !== 'OFF' || ctx.hasTerminal) return null;
    return verdict(
      'logging-config',
      'level-off',
      'high',
      'Logging is OFF for this state machine, so none of its events are ever written to CloudWatch Logs; set the level to ALL to see them.',
      [...baseEvidence(ctx), ...healthEvidence(ctx.input.health, ['level-off'])],
      configRemediation(ctx, ['level-off']),
    );
  },
};

const noDestination: VerdictRule = {
  name: 'no (valid) log destination: the event is never written',
  decide(ctx) {
    if (ctx.level === 'OFF' || ctx.hasTerminal || destinationOf(ctx.sm).valid) return null;
    const configured = ctx.sm.logging.logGroupArn;
    return verdict(
      'logging-config',
      'no-destination',
      'high',
      configured === null
        ? `Logging is ${ctx.level} but no log group is configured, so this execution's events were never written anywhere.`
        : `Logging is ${ctx.level} but the destination "${configured}" is not a log group ARN, so this execution's events were never written anywhere.`,
      [...baseEvidence(ctx), ev('log-destination', 'Log destination', configured ?? 'none', 'step-functions')],
      configRemediation(ctx, ['no-destination', 'destination-invalid']),
    );
  },
};

const destinationElsewhere: VerdictRule = {
  name: 'a destination in another region or account is out of sight',
  decide(ctx) {
    if (ctx.hasTerminal || !destinationOf(ctx.sm).elsewhere) return null;
    return verdict(
      'logging-config',
      'destination-elsewhere',
      'medium',
      `This state machine logs to ${ctx.sm.logging.logGroupArn}, in another region or account than the state machine, which sfn-lens does not read; look there for this execution's events.`,
      [...baseEvidence(ctx), ev('log-destination', 'Log destination', ctx.sm.logging.logGroupArn, 'step-functions')],
    );
  },
};

const levelExcludesSuccess: VerdictRule = {
  name: 'a succeeded execution at level ERROR or FATAL leaves no ExecutionStarted/ExecutionSucceeded',
  decide(ctx) {
    if ((ctx.level !== 'ERROR' && ctx.level !== 'FATAL') || ctx.hasTerminal) return null;
    const serviceSucceeded = ctx.service?.status === 'SUCCEEDED';
    const expressEnded = ctx.service === null && ctx.isExpress && ctx.endBoundAt !== null && ctx.now >= ctx.endBoundAt;
    if (!serviceSucceeded && !expressEnded) return null;
    const summary = serviceSucceeded
      ? `Step Functions says SUCCEEDED, but at log level ${ctx.level} a successful execution writes neither ExecutionStarted nor ExecutionSucceeded, so its log status stays Unknown by configuration; set the level to ALL.`
      : `No terminal event, and at log level ${ctx.level} a successful execution writes none while a failure would have been logged, so this execution most likely succeeded; set the level to ALL to see successes.`;
    return verdict(
      'logging-config',
      'level-excludes-success',
      serviceSucceeded ? 'high' : 'medium',
      summary,
      [...baseEvidence(ctx), ev('level-excludes-success', 'ExecutionSucceeded logged at this level', false, 'step-functions')],
      configRemediation(ctx, [ctx.level === 'FATAL' ? 'level-fatal' : 'level-error']),
    );
  },
};

const nameNotLoggable: VerdictRule = {
  name: 'an execution name outside 0-9 A-Z a-z - _ is not logged',
  decide(ctx) {
    if (ctx.hasEvents || nameIsLoggable(ctx)) return null;
    return verdict(
      'logging-config',
      'name-not-loggable',
      'medium',
      `The execution name "${ctx.name}" has characters outside 0-9, A-Z, a-z, - and _, which AWS says prevents CloudWatch logging; name executions with those characters only.`,
      [...baseEvidence(ctx), ev('execution-name', 'Execution name', ctx.name, 'step-functions')],
    );
  },
};

/** The findings that show each blocker, cited as its evidence and offered as its fix. */
const BLOCKER_FINDINGS: Record<DeliveryBlocker, readonly FindingId[]> = {
  'log-group-missing': ['log-group-missing'],
  'role-and-resource-policy': ['resource-policy-missing', 'role-missing-actions'],
  'no-resource-policy': ['resource-policy-missing'],
  'resource-policy-limit': ['resource-policy-missing', 'resource-policy-count-at-limit', 'resource-policy-over-limit', 'resource-policy-near-limit'],
  'role-missing-actions': ['role-missing-actions'],
  'only-validation-stream': ['only-validation-stream', 'resource-policy-missing', 'role-missing-actions'],
  'no-events-delivered': ['no-events-delivered', 'resource-policy-missing', 'role-missing-actions'],
};

const BLOCKER_WORDS: Record<DeliveryBlocker, string> = {
  'log-group-missing': 'the destination log group does not exist',
  'role-and-resource-policy': `the execution role lacks documented logs actions and no resource policy lets delivery.logs.amazonaws.com write to the group`,
  'no-resource-policy': 'no resource policy lets delivery.logs.amazonaws.com write to the log group',
  'resource-policy-limit': 'no resource policy covers the log group, and the resource-policy limits (10 per account, 5,120 characters) kept AWS from adding one',
  'role-missing-actions': 'the execution role lacks documented logs actions',
  'only-validation-stream': 'the log group holds only the delivery-validation stream: nothing has ever been written',
  'no-events-delivered': 'executions ran in this window (metrics) but not one event reached the log group',
};

const deliveryBroken: VerdictRule = {
  name: 'no events and a broken delivery path: missing permissions',
  decide(ctx) {
    const h = ctx.input.health;
    const blocker = h.deliveryBlockers[0];
    if (ctx.hasEvents || h.delivery !== 'broken' || blocker === undefined) return null;
    const ids = BLOCKER_FINDINGS[blocker];
    return verdict(
      'missing-permissions',
      blocker,
      blocker === 'log-group-missing' ? 'high' : 'medium',
      `None of this execution's events reached CloudWatch Logs because ${BLOCKER_WORDS[blocker]}.`,
      [...baseEvidence(ctx), ...healthEvidence(h, ids), ev('events-arriving', 'Execution events arriving in the window', h.eventsArriving, 'cloudwatch-logs')],
      configRemediation(ctx, ids),
    );
  },
};

const noEvidence: VerdictRule = {
  name: 'nothing on either side: no evidence',
  decide(ctx) {
    if (ctx.service !== null || ctx.hasEvents) return null;
    return verdict(
      'insufficient-evidence',
      'no-evidence',
      'low',
      ctx.noServiceRecordByDesign
        ? 'CloudWatch Logs has no event of this execution in the window, and AWS keeps no service-side record of async Express executions, so there is nothing to judge; widen the time window.'
        : 'Neither Step Functions nor CloudWatch Logs has anything for this execution in the window; widen the time window.',
      baseEvidence(ctx),
    );
  },
};

const withinMaxDuration: VerdictRule = {
  name: 'an Express execution started less than 5 minutes ago may still be running',
  decide(ctx) {
    if (ctx.service !== null || ctx.hasTerminal || ctx.startAt === null) return null;
    const maxAge = ctx.isExpress ? ctx.tol.expressMaxDurationMs : ctx.tol.standardMaxAgeForRunning;
    const until = ctx.startAt + maxAge;
    if (ctx.now >= until) return null;
    const recheckAt = lagSchedule(ctx, until).waitUntil;
    return verdict(
      'running',
      'within-max-duration',
      ctx.isExpress ? 'medium' : 'low',
      ctx.isExpress
        ? `Started ${formatApproxDuration(ctx.now - ctx.startAt)} ago and Express executions run at most ${formatApproxDuration(ctx.tol.expressMaxDurationMs)}, so it may still be running; by ${formatUtc(recheckAt)} its terminal event should be in.`
        : `Started ${formatApproxDuration(ctx.now - ctx.startAt)} ago with no terminal event and no Step Functions record found; presumed still running until ${formatUtc(until)}.`,
      [...baseEvidence(ctx), ev('started-at', 'Started', toIso(ctx.startAt), ctx.logs?.startedAt === ctx.startAt ? 'cloudwatch-logs' : 'step-functions'), ev('max-duration-ends', 'Could run until', toIso(until), 'sfn-lens')],
      [],
      recheckAt,
    );
  },
};

const awaitingOrDropped: VerdictRule = {
  name: 'an ended execution without its terminal event: log-lag until settled, best-effort-drop after',
  decide(ctx) {
    if (ctx.hasTerminal || ctx.endBoundAt === null) return null;
    const endAt = ctx.endBoundAt;
    const ended = ctx.knownEndAt !== null ? `ended at ${formatUtc(endAt)}` : `could have run until ${formatUtc(endAt)}`;
    const subject = ctx.service ? `Step Functions says ${ctx.service.status} (${ended})` : `This execution ${ended}`;
    const missing = ctx.hasEvents ? 'its terminal event' : 'none of its events';
    return lagOrDrop(
      ctx,
      endAt,
      { lag: ctx.hasEvents ? 'awaiting-terminal-event' : 'awaiting-events', drop: ctx.hasEvents ? 'terminal-missing-after-settle' : 'all-events-missing-after-settle' },
      {
        lag: (at, sure) =>
          sure
            ? `${subject} and ${missing} ${ctx.hasEvents ? 'has' : 'have'} not arrived yet; ${delayPhrase(ctx)}, so re-check at ${formatUtc(at)}.`
            : `${subject} and ${missing} ${ctx.hasEvents ? 'has' : 'have'} still not arrived, later than ${latenessPhrase(ctx)}: probably lost, but only settled at ${formatUtc(at)}.`,
        drop: () =>
          `${subject}, and ${ctx.hasEvents ? 'its terminal event never' : 'not one of its events ever'} reached CloudWatch Logs within ${formatApproxDuration(ctx.tol.settleMs)} of the end, while ${neighboursPhrase(ctx)}: log delivery is best-effort and this one was dropped.`,
      },
    );
  },
};

/** In order; the first rule that returns a verdict decides. */
export const EXECUTION_RULES: readonly VerdictRule[] = [
  insufficientLogRead,
  insufficientServiceRead,
  statusMismatch,
  idChainGap,
  consistent,
  serviceRunning,
  levelOff,
  noDestination,
  destinationElsewhere,
  levelExcludesSuccess,
  nameNotLoggable,
  deliveryBroken,
  noEvidence,
  withinMaxDuration,
  awaitingOrDropped,
];
