'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { executionOptions } from '@/lib/query/options';
import { executionPath, type Snapshot } from '@/lib/snapshots/snapshot';
import { CauseBadge } from '../verdict/cause-badge';
import { Diagnosis } from './diagnosis';
import { ExecutionHeader } from './execution-header';
import { ExecutionPanels } from './execution-panels';
import { isUnsettled, UNSETTLED_REFRESH_MS } from './execution-view';
import { PartialReads } from './partial-reads';
import { useNow } from './use-now';
import styles from './execution.module.css';
import { formatAge, formatDate, formatUtc } from '@/lib/domain/format';

interface LiveWindow {
  from: string | null;
  to: string | null;
}

function TakenBanner({ snapshot }: { snapshot: Snapshot }) {
  const now = useNow();
  return (
    <div className={styles.snapshotBanner} data-testid="snapshot-banner">
      <strong>Snapshot</strong>
      <span>
        taken {formatUtc(snapshot.takenAt, 'ms')}
        {now !== null ? <span className="muted"> ({formatAge(now - Date.parse(snapshot.takenAt))})</span> : null}
      </span>
      <span>
        from the <Link href={snapshot.view.path}>execution page</Link> · {snapshot.view.account}, {snapshot.view.region}
      </span>
      <span className="muted">{snapshot.payloadsIncluded ? 'includes execution input/output' : 'execution input/output left out'}</span>
      <span className="muted">link expires {formatDate(snapshot.expiresAt)}</span>
    </div>
  );
}

/** The verdict re-diagnosed with live data, set against the frozen one. */
function VerdictNow({ snapshot, live }: { snapshot: Snapshot; live: LiveWindow }) {
  const arn = snapshot.execution.execution.executionArn;
  const query = useQuery({ ...executionOptions(arn, live), refetchInterval: (q) => (isUnsettled(q.state.data) ? UNSETTLED_REFRESH_MS : false) });
  const then = snapshot.execution.verdict;
  const now = query.data?.verdict;
  const changed = now !== undefined && now.cause !== then.cause;
  return (
    <section className={`panel ${styles.nowPanel} ${changed ? styles.changedSince : ''}`} aria-labelledby="now-heading" data-testid="verdict-now" data-changed={changed}>
      <div className={styles.nowRow}>
        <h2 id="now-heading" className={styles.panelTitle}>
          The verdict now
        </h2>
        {now ? (
          <>
            <CauseBadge cause={now.cause} large testId="verdict-cause" />
            <code className={styles.detailCode}>{now.detail}</code>
            <span className={styles.confidence}>{now.confidence} confidence</span>
            {query.isFetching ? <span className={styles.note}>refreshing…</span> : null}
          </>
        ) : query.error ? null : (
          <span className="muted">Re-diagnosing with live data…</span>
        )}
      </div>
      {query.error && !now ? <p className={styles.errorText}>The live re-diagnosis failed: {query.error.message}</p> : null}
      {now ? (
        <>
          {changed ? (
            <p className={styles.changed} data-testid="changed-since-snapshot">
              <strong>Changed since the snapshot:</strong> it was <CauseBadge cause={then.cause} /> at {formatUtc(snapshot.takenAt, 'ms')}, it is <CauseBadge cause={now.cause} /> now.
            </p>
          ) : (
            <p className={styles.note} data-testid="unchanged-since-snapshot">
              Same cause as in the snapshot.
            </p>
          )}
          <p className={styles.summary}>{now.summary}</p>
          <p className={styles.note}>
            Diagnosed at {query.data ? formatUtc(query.data.generatedAt, 'ms') : '—'} · <Link href={executionPath(arn, live.from, live.to)}>open the live execution page</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}

/** A shared diagnosis: what was seen, when and where, and what sfn-lens says about it now. */
export function SnapshotView({ snapshot, live }: { snapshot: Snapshot; live: LiveWindow }) {
  const seen = snapshot.execution;
  return (
    <div className={styles.page} data-testid="snapshot-view">
      <ExecutionHeader execution={seen.execution} stateMachine={seen.stateMachine} />
      <TakenBanner snapshot={snapshot} />
      <VerdictNow snapshot={snapshot} live={live} />
      <h2 className={styles.frozenTitle}>What was seen at {formatUtc(snapshot.takenAt, 'ms')}</h2>
      <PartialReads partial={seen.partial} />
      <ExecutionPanels data={seen} payloadsOmitted={!snapshot.payloadsIncluded} />
      <Diagnosis verdict={seen.verdict} problems={seen.logs.problems} health={seen.health} />
    </div>
  );
}
