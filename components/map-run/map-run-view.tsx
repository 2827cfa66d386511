import Link from 'next/link';
import { formatCount, formatDuration, formatUtc } from '@/lib/domain/format';
import type { MapRunViewDto } from '@/lib/server/map-run';
import { rangeQuery } from '@/lib/query/time-range';
import { CopyButton } from '../copy-button';
import { stateMachinePath } from '../execution/execution-header';
import { durationBetween } from '../execution/format';
import { PartialReads } from '../execution/partial-reads';
import { CauseBadge } from '../verdict/cause-badge';
import { CauseCounts } from '../verdict/cause-counts';
import styles from './map-run.module.css';

/** Children shown in the table at most: the counts above cover all of them. */
const ROWS_SHOWN = 1_000;

const STATUS_ROWS = [
  ['running', 'RUNNING'],
  ['succeeded', 'SUCCEEDED'],
  ['failed', 'FAILED'],
  ['timedOut', 'TIMED_OUT'],
  ['aborted', 'ABORTED'],
] as const;

/** A Map Run: its counts by status, failed children grouped by error and cause, and each child's verdict. */
export function MapRunView({ view }: { view: MapRunViewDto }) {
  const r = view.mapRun;
  const windowQuery = rangeQuery(view.window);
  // The parent and the children are read over the run's window: their pages open on the same minutes.
  const childHref = (arn: string) => `/executions/${encodeURIComponent(arn)}${windowQuery}`;
  const verdictCounts = Object.fromEntries(view.verdicts.map((v) => [v.cause, v.count]));
  const parentName = r.stateMachineArn.slice(r.stateMachineArn.lastIndexOf(':') + 1);
  return (
    <div className={`sm-page ${styles.page}`}>
      <header className="sm-header">
        <div className="sm-title">
          <h1>
            Map Run <span className="mono">{r.label}</span>
          </h1>
          <span className={`badge status status-${r.status}`} data-testid="map-run-status">
            {r.status}
          </span>
        </div>
        <div className="sm-arn">
          <code>{r.mapRunArn}</code> <CopyButton text={r.mapRunArn} label="Copy the Map Run ARN" />
        </div>
        <section className="panel" aria-labelledby="map-run-summary-h">
          <h2 id="map-run-summary-h">Run</h2>
          <dl className="kv">
            <dt>State machine</dt>
            <dd>
              <Link href={stateMachinePath(r.stateMachineArn)}>{parentName}</Link>
            </dd>
            <dt>Parent execution</dt>
            <dd className="mono wrap">
              <Link href={childHref(r.executionArn)} data-testid="map-run-parent">
                {r.executionArn.slice(r.executionArn.lastIndexOf(':') + 1)}
              </Link>
            </dd>
            <dt>Started</dt>
            <dd>{formatUtc(r.startDate)}</dd>
            <dt>Stopped</dt>
            <dd>{r.stopDate !== null ? `${formatUtc(r.stopDate)} (${formatDuration(durationBetween(r.startDate, r.stopDate))})` : <span className="muted">still running</span>}</dd>
            <dt>Tolerated failures</dt>
            <dd>
              {r.toleratedFailurePercentage ?? 0}% · {formatCount(r.toleratedFailureCount ?? 0)} children
            </dd>
            <dt>Logs and series read</dt>
            <dd>
              {formatUtc(view.window.from, 'minute')} → {formatUtc(view.window.to, 'minute')}
            </dd>
          </dl>
        </section>
      </header>
      <PartialReads partial={view.partial} />

      <section className="panel" aria-labelledby="map-run-counts-h" data-testid="map-run-counts">
        <h2 id="map-run-counts-h">Children by status</h2>
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">DescribeMapRun (children)</th>
              <th scope="col">DescribeMapRun (items)</th>
              <th scope="col">Children listed</th>
            </tr>
          </thead>
          <tbody>
            {STATUS_ROWS.map(([key, status]) => (
              <tr key={key} data-status={status}>
                <th scope="row" className={`status status-${status}`}>
                  {status}
                </th>
                <td className="num">{r.executionCounts ? formatCount(r.executionCounts[key]) : '—'}</td>
                <td className="num">{r.itemCounts ? formatCount(r.itemCounts[key]) : '—'}</td>
                <td className="num">{view.children ? formatCount(view.children.byStatus[status]) : '—'}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Total</th>
              <td className="num" data-testid="map-run-total">
                {r.executionCounts ? formatCount(r.executionCounts.total) : '—'}
              </td>
              <td className="num">{r.itemCounts ? formatCount(r.itemCounts.total) : '—'}</td>
              <td className="num">{view.children ? formatCount(view.children.listed) : '—'}</td>
            </tr>
          </tbody>
        </table>
        {view.children?.truncated ? <p className="muted">The listing stopped at {formatCount(view.children.listed)} children: the counts of DescribeMapRun cover all of them.</p> : null}
        {view.children && view.children.differences.length > 0 ? (
          <p className="muted" data-testid="map-run-count-differences">
            The listing and DescribeMapRun differ ({view.children.differences.map((d) => `${d.status}: ${d.aws} counted, ${d.listed} listed`).join('; ')}): the two are read moments apart while children still end.
          </p>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="map-run-failures-h" data-testid="map-run-failures">
        <h2 id="map-run-failures-h">Failed children by error and cause</h2>
        {!view.failures ? (
          <p className="muted">The children could not be listed (see the partial reads).</p>
        ) : view.failures.failed === 0 ? (
          <p className="muted">No child failed, timed out or was aborted.</p>
        ) : (
          <>
            <p className="muted">
              {formatCount(view.failures.failed)} children did not succeed
              {view.failures.undescribed > 0 ? `; ${formatCount(view.failures.undescribed)} of them were not described (at most ${formatCount(view.failures.describedMax)} are, or the read failed) and are in no group` : ''}.
            </p>
            <ul className={styles.groups}>
              {view.failures.groups.map((g) => (
                <li key={g.error ?? '(none)'} className={styles.group} data-testid="failure-group" data-error={g.error ?? ''}>
                  <div>
                    <code className={styles.error}>{g.error ?? '(no error given)'}</code> <strong data-testid="failure-group-count">{formatCount(g.count)}</strong>{' '}
                    <span className="muted">{g.statuses.join(', ')}</span>
                  </div>
                  <ul>
                    {g.causes.map((c) => (
                      <li key={c.cause ?? '(none)'}>
                        <span className="num">{formatCount(c.count)}</span> × <span className="wrap">{c.cause ?? <span className="muted">(no cause given)</span>}</span>{' '}
                        <span className="muted">
                          e.g.{' '}
                          {c.examples.map((arn, i) => (
                            <span key={arn}>
                              {i > 0 ? ', ' : ''}
                              <Link href={childHref(arn)} className="mono">
                                {arn.slice(arn.lastIndexOf(':') + 1).slice(0, 8)}
                              </Link>
                            </span>
                          ))}
                        </span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="map-run-verdicts-h" data-testid="map-run-verdicts">
        <h2 id="map-run-verdicts-h">Verdicts of the children</h2>
        <p className="muted">Each child&apos;s Step Functions record against its log events, judged as any execution is.</p>
        <CauseCounts counts={verdictCounts} empty={<span className="muted">No child was judged (see the partial reads).</span>} />
      </section>

      <section className="panel" aria-labelledby="map-run-minutes-h" data-testid="map-run-minutes">
        <h2 id="map-run-minutes-h">The children&apos;s metric series vs their log events</h2>
        {view.minutes ? (
          <>
            <p className="muted">
              Series {view.minutes.series.map((a) => a.slice(a.indexOf(':stateMachine:') + 14)).join(', ') || '(none read)'}: it counts the children of every Map Run of this label, so a minute shared with another run counts both.
            </p>
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">Minute</th>
                  <th scope="col">Ended (metrics)</th>
                  <th scope="col">Ended (logs)</th>
                  <th scope="col">Gap</th>
                  <th scope="col">Verdict</th>
                </tr>
              </thead>
              <tbody>
                {view.minutes.minutes.map((m) => (
                  <tr key={m.minute} data-cause={m.cause}>
                    <td>{formatUtc(m.minute, 'minute')}</td>
                    <td className="num">{m.metrics ? formatCount(m.metrics.terminal) : '—'}</td>
                    <td className="num">{m.logs ? formatCount(m.logs.terminal) : '—'}</td>
                    <td className="num">{m.gap ?? '—'}</td>
                    <td title={m.summary}>
                      <CauseBadge cause={m.cause} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p className="muted">The children&apos;s series and log counts were not read for this window.</p>
        )}
      </section>

      <section className="panel" aria-labelledby="map-run-children-h">
        <h2 id="map-run-children-h">Children</h2>
        <table className="grid" data-testid="map-run-children">
          <thead>
            <tr>
              <th scope="col">Execution</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Log events</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {view.executions.slice(0, ROWS_SHOWN).map((e) => (
              <tr key={e.executionArn} data-testid="map-run-child">
                <td className="mono">
                  <Link href={childHref(e.executionArn)}>{e.name}</Link>
                </td>
                <td className={`status status-${e.status ?? 'UNKNOWN'}`}>{e.status ?? 'UNKNOWN'}</td>
                <td>{formatUtc(e.startDate)}</td>
                <td className="num">
                  {formatCount(e.logs.eventCount)}
                  {e.logs.idGaps > 0 ? <span className="muted"> ({e.logs.idGaps} missing)</span> : null}
                </td>
                <td title={e.verdict?.summary}>{e.verdict ? <CauseBadge cause={e.verdict.cause} /> : <span className="muted">not judged</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {view.executions.length > ROWS_SHOWN ? <p className="muted">The first {formatCount(ROWS_SHOWN)} of {formatCount(view.executions.length)} children are shown; the JSON API has all of them.</p> : null}
      </section>
    </div>
  );
}
