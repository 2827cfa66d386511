import type { ExecutionDto } from '@/lib/query/options';
import { StatusBadge } from './badges';
import { LogTimeline } from './log-timeline';
import styles from './execution.module.css';
import { formatClock, formatCount, formatDuration, formatUtc } from '@/lib/domain/format';
import { logGroupNameFromArn } from '@/lib/domain/arn';

type Logs = ExecutionDto['logs'];

function idList(ids: number[]): string {
  return `${ids.slice(0, 20).join(', ')}${ids.length > 20 ? `, … ${ids.length - 20} more` : ''}`;
}

/** At ERROR and FATAL, Step Functions writes only some events: holes in the id chain are by design there. */
function MissingIds({ ids, level }: { ids: number[]; level: string }) {
  if (ids.length === 0) return <dd>none: the id chain is complete</dd>;
  if (level !== 'ALL') {
    return (
      <dd data-testid="missing-ids">
        {ids.length} not written ({idList(ids)}) <span className="muted">· expected at level {level}</span>
      </dd>
    );
  }
  return (
    <dd className={styles.errorText} data-testid="missing-ids">
      {ids.length} ({idList(ids)})
    </dd>
  );
}

/** Payloads Step Functions cut before logging them (over 248 KiB): the events are whole, their data is not. */
function TruncatedPayloads({ payloads }: { payloads: NonNullable<Logs['truncatedPayloads']> }) {
  if (payloads.length === 0) return null;
  return (
    <>
      <dt>Truncated payloads</dt>
      <dd data-testid="truncated-payloads">
        {payloads.length} cut by Step Functions before logging (over 248 KiB):{' '}
        {payloads
          .slice(0, 5)
          .map((p) => `${p.field} of event ${p.eventId} (${p.type}${p.loggedChars !== null ? `, ${formatCount(p.loggedChars)} characters kept` : ''})`)
          .join('; ')}
        {payloads.length > 5 ? `; … ${payloads.length - 5} more` : ''}
      </dd>
    </>
  );
}

/** "CloudWatch Logs says": what arrived in the log group for this execution, event by event. */
export function LogsPanel({ logs, stateMachine, window }: { logs: Logs; stateMachine: ExecutionDto['stateMachine']; window: ExecutionDto['window'] }) {
  const group = stateMachine.logging.logGroupArn ? (logGroupNameFromArn(stateMachine.logging.logGroupArn) ?? stateMachine.logging.logGroupArn) : null;
  return (
    <section className={`panel ${styles.sidePanel}`} aria-labelledby="logs-heading" data-testid="logs-panel">
      <h2 id="logs-heading" className={styles.panelTitle}>
        CloudWatch Logs says
      </h2>
      <div className={styles.statusLine}>
        <StatusBadge status={logs.status} large testId="log-status" />
        <span className={styles.sourceChip} title="Log level of the state machine's logging configuration">
          level {stateMachine.logging.level}
        </span>
        {group ? <span className={`${styles.sourceChip} mono`}>{group}</span> : null}
      </div>
      {!group ? (
        <p className={styles.statement}>The state machine has no log destination: nothing about this execution is written to CloudWatch Logs.</p>
      ) : !logs.read ? (
        <p className={styles.statement}>sfn-lens could not read the log events (see the partial reads above).</p>
      ) : (
        <>
          <dl className={styles.facts}>
            <dt>Events</dt>
            <dd data-testid="event-count">{logs.eventCount}</dd>
            {logs.events.length > 0 ? (
              <>
                <dt>Missing ids</dt>
                <MissingIds ids={logs.missingIds} level={stateMachine.logging.level} />
                <dt>First / last event</dt>
                <dd>
                  {formatUtc(logs.firstEventAt, 'ms')} → {formatClock(logs.lastEventAt, 'ms')}
                </dd>
                <dt>Max ingestion delay</dt>
                <dd>{formatDuration(logs.maxIngestionDelayMs)}</dd>
                <TruncatedPayloads payloads={logs.truncatedPayloads ?? []} />
              </>
            ) : null}
          </dl>
          {logs.events.length === 0 ? (
            <p className={styles.statement} data-testid="no-events">
              No event of this execution arrived between {formatUtc(window.from, 'ms')} and {formatUtc(window.to, 'ms')}.
            </p>
          ) : (
            <LogTimeline events={logs.events} missingIds={stateMachine.logging.level === 'ALL' ? logs.missingIds : []} terminalArrived={logs.status !== 'UNKNOWN'} level={stateMachine.logging.level} />
          )}
        </>
      )}
    </section>
  );
}
