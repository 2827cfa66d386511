import type { ExecutionDto } from '@/lib/query/options';
import { JsonTree } from './json-tree';
import styles from './execution.module.css';
import { formatClock, formatDuration, formatUtc } from '@/lib/domain/format';

type LogEvent = ExecutionDto['logs']['events'][number];

type Row = { kind: 'event'; event: LogEvent } | { kind: 'missing'; from: number; to: number } | { kind: 'skipped'; from: number; to: number };

const SLOW_DELAY_MS = 5_000;
const TAIL_DELAY_MS = 30_000;
// Delays span milliseconds to minutes: a log scale from 100 ms to 3 min keeps both ends readable.
const SCALE_MIN_MS = 100;
const SCALE_MAX_MS = 180_000;

function delayWidth(delayMs: number): number {
  const at = Math.log(Math.max(delayMs, SCALE_MIN_MS) / SCALE_MIN_MS) / Math.log(SCALE_MAX_MS / SCALE_MIN_MS);
  return Math.max(2, Math.min(100, at * 100));
}

function idRange(from: number, to: number): string {
  return from === to ? `id ${from}` : `ids ${from}–${to}`;
}

/** Runs of consecutive ids in `ids` (sorted), as [first, last] pairs. */
function runsOf(ids: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const id of ids) {
    const last = runs[runs.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else runs.push([id, id]);
  }
  return runs;
}

/** Events in id order with explicit rows for the ids between them that never arrived. */
function timelineRows(events: LogEvent[], missingIds: number[]): Row[] {
  const missing = new Set(missingIds);
  const rows: Row[] = [];
  // Ids start at 1: anything before the first event that arrived is a hole too.
  let previous = 0;
  for (const event of events) {
    if (event.id > previous + 1) {
      const between: number[] = [];
      for (let id = previous + 1; id < event.id; id++) between.push(id);
      for (const [from, to] of runsOf(between.filter((id) => missing.has(id)))) rows.push({ kind: 'missing', from, to });
      for (const [from, to] of runsOf(between.filter((id) => !missing.has(id)))) rows.push({ kind: 'skipped', from, to });
    }
    rows.push({ kind: 'event', event });
    previous = event.id;
  }
  return rows;
}

function DelayBar({ delayMs }: { delayMs: number }) {
  const tone = delayMs >= TAIL_DELAY_MS ? styles.delayTail : delayMs >= SLOW_DELAY_MS ? styles.delaySlow : styles.delayFast;
  const width = delayWidth(delayMs);
  return (
    <span className={styles.delay} title={`Ingested ${formatDuration(delayMs)} after the event happened (log scale: 100 ms to 3 min)`}>
      <span className={styles.delayTrack}>
        <span className={`${styles.delayBar} ${tone}`} style={{ width: `${width}%` }} />
      </span>
      <span className={styles.delayValue}>{formatDuration(delayMs)}</span>
    </span>
  );
}

function EventCells({ event, startMs }: { event: LogEvent; startMs: number }) {
  const at = Date.parse(event.timestamp);
  return (
    <>
      <span className={styles.eventId}>{event.id}</span>
      <span className={styles.eventType}>{event.type}</span>
      <span className={styles.eventTime} title={formatUtc(event.timestamp, 'ms')}>
        {formatClock(event.timestamp, 'ms')} <span className="muted">+{formatDuration(at - startMs)}</span>
      </span>
      <DelayBar delayMs={event.delayMs} />
    </>
  );
}

function EventRow({ event, startMs }: { event: LogEvent; startMs: number }) {
  const hasDetails = Object.keys(event.details).length > 0;
  if (!hasDetails) {
    return (
      <li className={styles.eventRow} data-testid="log-event" data-event-type={event.type}>
        <div className={styles.eventGrid}>
          <span className={styles.chevron} aria-hidden="true" />
          <EventCells event={event} startMs={startMs} />
        </div>
      </li>
    );
  }
  return (
    <li className={styles.eventRow} data-testid="log-event" data-event-type={event.type}>
      <details>
        <summary className={styles.eventGrid}>
          <span className={styles.chevron} aria-hidden="true" />
          <EventCells event={event} startMs={startMs} />
        </summary>
        <div className={styles.eventDetails}>
          <JsonTree value={event.details} label={`Details of event ${event.id}`} />
          {event.logStreamName ? <div className={`${styles.note} mono`}>stream {event.logStreamName}</div> : null}
        </div>
      </details>
    </li>
  );
}

/** The log events of one execution in id order, with every hole in the id chain named. */
export function LogTimeline({ events, missingIds, terminalArrived, level }: { events: LogEvent[]; missingIds: number[]; terminalArrived: boolean; level: string }) {
  const first = events[0];
  const startMs = first ? Date.parse(first.timestamp) : 0;
  return (
    <div className={styles.timeline}>
      <div className={`${styles.eventGrid} ${styles.timelineHead}`} aria-hidden="true">
        <span />
        <span>id</span>
        <span>type</span>
        <span>time (UTC)</span>
        <span title="Log scale: 100 ms to 3 min">ingestion delay</span>
      </div>
      <ol className={styles.events} aria-label="Log events">
        {timelineRows(events, missingIds).map((row) =>
          row.kind === 'event' ? (
            <EventRow key={`e${row.event.id}`} event={row.event} startMs={startMs} />
          ) : row.kind === 'missing' ? (
            <li key={`m${row.from}`} className={styles.missingRow} data-testid="missing-event">
              {idRange(row.from, row.to)} missing: never delivered to CloudWatch Logs
            </li>
          ) : (
            <li key={`s${row.from}`} className={styles.skippedRow}>
              {idRange(row.from, row.to)} not written {level === 'ALL' ? 'to the log group' : `at level ${level}`}
            </li>
          ),
        )}
        {!terminalArrived ? (
          <li className={level === 'ALL' ? styles.missingRow : styles.skippedRow} data-testid="missing-terminal">
            {level === 'ALL' ? 'no terminal event (ExecutionSucceeded, ExecutionFailed, …) has arrived' : `no terminal event: at level ${level} a successful end is never written`}
          </li>
        ) : null}
      </ol>
    </div>
  );
}
