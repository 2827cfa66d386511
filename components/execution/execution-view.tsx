'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { VerdictCause } from '@/lib/domain/types';
import { executionOptions, type ExecutionDto } from '@/lib/query/options';
import { CauseBadge } from '../verdict/cause-badge';
import { Diagnosis } from './diagnosis';
import { ExecutionHeader } from './execution-header';
import { ExecutionPanels } from './execution-panels';
import { ExecutionSkeleton } from './execution-skeleton';
import { PartialReads } from './partial-reads';
import { RecheckCountdown } from './recheck-countdown';
import { SharePanel } from './share-panel';
import { WorkflowSection } from './workflow-section';
import styles from './execution.module.css';
import { formatCount, formatUtc } from '@/lib/domain/format';
import { estimateScanUsd, formatBytes, formatUsd } from '@/lib/domain/scan-cost';

/** Verdicts that a later look may change: refreshed every 15 s while they hold. */
const UNSETTLED: ReadonlySet<VerdictCause> = new Set(['running', 'log-lag']);
export const UNSETTLED_REFRESH_MS = 15_000;

export function isUnsettled(data: ExecutionDto | undefined): boolean {
  return data !== undefined && UNSETTLED.has(data.verdict.cause);
}

interface VerdictChange {
  cause: VerdictCause;
  from: VerdictCause | null;
  at: number | null;
}

/** Remembers the cause last shown, so a re-check that changes it can say so. */
function useVerdictChange(cause: VerdictCause | undefined, updatedAt: number): VerdictChange | null {
  const [seen, setSeen] = useState<VerdictChange | null>(cause ? { cause, from: null, at: null } : null);
  if (cause && seen?.cause !== cause) {
    const next = { cause, from: seen?.cause ?? null, at: seen ? updatedAt : null };
    setSeen(next);
    return next;
  }
  return seen;
}

function ChangeNotice({ change }: { change: VerdictChange | null }) {
  if (!change?.from || change.at === null) return null;
  return (
    <p className={styles.changed} role="status" data-testid="verdict-changed">
      Re-checked at {formatUtc(change.at, 'ms')}: the verdict changed from <CauseBadge cause={change.from} /> to <CauseBadge cause={change.cause} />
    </p>
  );
}

function LoadError({ message, onRetry, retrying }: { message: string; onRetry: () => void; retrying: boolean }) {
  return (
    <div className="panel error-box" role="alert" data-testid="execution-error">
      <h1>This execution could not be diagnosed</h1>
      <p>{message}</p>
      <button type="button" className={styles.button} onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Try again'}
      </button>
    </div>
  );
}

/** The execution page: both sides, the diagnosis, and a live re-check while the verdict may still change. */
export function ExecutionView({ executionArn, from, to }: { executionArn: string; from: string | null; to: string | null }) {
  const query = useQuery({
    ...executionOptions(executionArn, { from, to }),
    refetchInterval: (q) => (isUnsettled(q.state.data) ? UNSETTLED_REFRESH_MS : false),
  });
  const { data, refetch, isFetching, dataUpdatedAt } = query;
  const change = useVerdictChange(data?.verdict.cause, dataUpdatedAt);

  if (!data) {
    if (query.error) return <LoadError message={query.error.message} onRetry={() => void refetch()} retrying={isFetching} />;
    return <ExecutionSkeleton />;
  }

  const recheck =
    data.verdict.recheckAt && UNSETTLED.has(data.verdict.cause) ? (
      <RecheckCountdown recheckAt={data.verdict.recheckAt} generatedAt={data.generatedAt} receivedAt={dataUpdatedAt} checking={isFetching} onDue={() => void refetch()} />
    ) : null;

  return (
    <div className={styles.page} data-testid="execution-view">
      <ExecutionHeader execution={data.execution} stateMachine={data.stateMachine} cause={data.verdict.cause} actions={<SharePanel executionArn={executionArn} from={from} to={to} />} />
      {query.error ? (
        <p className={styles.staleWarning} role="alert">
          The last re-check failed ({query.error.message}); showing the verdict of {formatUtc(data.generatedAt, 'ms')}.
        </p>
      ) : null}
      <PartialReads partial={data.partial} />
      <ExecutionPanels data={data} />
      <Diagnosis
        verdict={data.verdict}
        problems={data.logs.problems}
        health={data.health}
        live={
          <>
            <ChangeNotice change={change} />
            {recheck}
          </>
        }
      />
      <WorkflowSection data={data} />
      <p className={styles.footnote}>
        Diagnosed at {formatUtc(data.generatedAt, 'ms')}
        {isFetching ? ' · refreshing…' : ''} · window {formatUtc(data.window.from, 'ms')} → {formatUtc(data.window.to, 'ms')} · {data.scanned.filterRequests} FilterLogEvents request
        {data.scanned.filterRequests === 1 ? '' : 's'}, {data.scanned.queries} Logs Insights quer{data.scanned.queries === 1 ? 'y' : 'ies'} ({formatCount(data.scanned.recordsScanned)} records, {formatBytes(data.scanned.bytesScanned)} scanned, estimated {formatUsd(estimateScanUsd(data.scanned.bytesScanned))})
        {data.eventsVia === 'index-query' ? ' · events read through the execution_arn field index' : ''}
        {data.eventsVia === 'filter' && data.eventsIndex ? ` · execution_arn index not used: ${indexNotUsed(data.eventsIndex)}` : ''}
        {data.eventsCut ? ` · FilterLogEvents read cut (${data.eventsCut.reason}, ${data.eventsCut.requests} requests)` : ''}
        {data.neighboursRead === 'not-needed' ? ' · neighbours not read: the two sources agree' : ''}
      </p>
    </div>
  );
}

/** Why the execution_arn index did not answer for this execution (docs/aws-behaviour.md §11.1). */
function indexNotUsed(index: { usable: boolean; reason?: string; since: string | null; answer: string | null }): string {
  if (index.usable) return index.answer === 'incomplete' ? 'its answer was not a whole record (the newest events may not be indexed yet), and an index proves no absence' : 'its read failed';
  if (index.reason === 'window-before-index') return `it covers events ingested since ${index.since ? formatUtc(index.since, 'ms') : 'its policy'}, and this window starts earlier`;
  return 'when it starts is unknown';
}
