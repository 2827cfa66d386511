import Link from 'next/link';
import type { OverviewEntryDto } from '@/lib/query/options';
import { HealthBadge } from '../health/health-badge';
import { CauseCounts } from '../verdict/cause-counts';
import { parseArn } from '@/lib/domain/arn';
import { formatCount } from '@/lib/domain/format';
import { estimateScanUsd, formatBytes, formatUsd } from '@/lib/domain/scan-cost';

/** What a tile says while its state machine is read (lib/domain/read-progress.ts readStateCellOf). */
const READ_WORDS = { queued: 'Queued', reading: 'Reading', done: 'Done', failed: 'Failed', stopped: 'Stopped' } as const;

function Figure({ value, label, bad = false }: { value: number | null; label: string; bad?: boolean }) {
  return (
    <div className="ops-figure">
      <span className={`ops-number${bad && value ? ' ops-number-bad' : ''}`}>{value === null ? '—' : formatCount(value)}</span>
      <span className="ops-label">{label}</span>
    </div>
  );
}

/** One state machine on the wall screen: health, counts by cause, metrics vs logs, in type readable across a room. */
export function OpsTile({ entry, rank }: { entry: OverviewEntryDto; rank: number }) {
  const sm = entry.stateMachine;
  const where = parseArn(sm.arn);
  const status = entry.state === 'ready' ? entry.summary.health.status : entry.state;
  return (
    <li
      className={`ops-tile ops-${status}`}
      data-testid="ops-tile"
      data-name={sm.name}
      data-state={entry.state}
      data-account={where.ok ? where.value.accountId : undefined}
      data-region={where.ok ? where.value.region : undefined}
    >
      <span className="ops-rank">
        <span className="visually-hidden">Rank </span>
        {rank}
      </span>
      <div className="ops-id">
        <Link href={`/state-machines/${encodeURIComponent(sm.arn)}`} className="ops-name">
          {sm.name}
        </Link>
        <div className="ops-config">
          {where.ok ? (
            <span data-testid="ops-source">
              <span title="Account">{where.value.accountId}</span> · <span title="Region">{where.value.region}</span> ·{' '}
            </span>
          ) : null}
          {sm.type} · level {sm.logging.level}
          {entry.state === 'ready' ? (
            <span data-testid="ops-scanned" title="What this state machine's Logs Insights queries scanned, shared by every screen showing this range">
              {' '}
              · scanned {formatBytes(entry.summary.scanned.bytes)} ({formatUsd(estimateScanUsd(entry.summary.scanned.bytes))})
            </span>
          ) : null}
        </div>
      </div>
      {entry.state === 'pending' ? (
        <div className="ops-body muted" data-testid="ops-read-state" data-read-state={entry.read.state} role="status">
          {READ_WORDS[entry.read.state]}
          {entry.read.percent !== null ? ` ${entry.read.percent} %` : ''}
          <span className="small"> · counts when the read is done</span>
        </div>
      ) : entry.state === 'error' ? (
        <div className="ops-body ops-error" role="status">
          Could not read: {entry.error.message}
        </div>
      ) : (
        <>
          <div className="ops-health">
            <HealthBadge status={entry.summary.health.status} large />
            {entry.summary.health.findings[0] && entry.summary.health.status !== 'ok' ? <div className="ops-finding">{entry.summary.health.findings[0].title}</div> : null}
          </div>
          <Figure value={entry.summary.metrics?.started ?? null} label="started (metrics)" />
          <Figure value={entry.summary.executions.total === 0 ? null : entry.summary.executions.mismatched} label={entry.summary.executions.total === 0 ? 'no executions logged' : 'executions mismatched'} bad />
          <Figure value={entry.summary.unlogged.ended} label="ended, not logged" bad />
          <div className="ops-causes">
            <CauseCounts counts={entry.summary.executions.byCause} omit={['consistent', 'running']} />
            <CauseCounts counts={entry.summary.unlogged.byCause} suffix=" not logged" />
            {entry.summary.executions.mismatched === 0 && entry.summary.unlogged.ended === 0 ? <span className="muted">both sources agree</span> : null}
          </div>

        </>
      )}
    </li>
  );
}
