import Link from 'next/link';
import { formatDuration, formatUtc } from '@/lib/domain/format';
import { rangeQuery } from '@/lib/query/time-range';
import type { CompareDto } from '@/lib/server/compare';
import { PartialReads } from '../execution/partial-reads';
import { stateMachinePath } from '../execution/execution-header';
import { CauseBadge } from '../verdict/cause-badge';
import styles from './compare.module.css';

// Execution data is user data: every value is rendered as a React text node.

type Side = NonNullable<CompareDto['b']>;
type Comparison = NonNullable<CompareDto['comparison']>;
type Row = Comparison['rows'][number];
type Diff = Comparison['input'];

function executionPath(arn: string, range: { from: string | null; to: string | null }): string {
  return `/executions/${encodeURIComponent(arn)}${rangeQuery(range)}`;
}

function SideCard({ label, side, note }: { label: string; side: Side; note?: string }) {
  return (
    <section className={`panel ${styles.side}`} data-testid={`side-${label.toLowerCase()}`}>
      <span className={styles.sideLabel}>{label}</span>
      <Link className={styles.sideName} href={executionPath(side.executionArn, side.range)}>
        {side.name}
      </Link>
      <div className={styles.meta}>
        <strong data-testid="side-status">{side.status}</strong>
        <CauseBadge cause={side.verdict.cause} />
        <span>{side.startDate ? `started ${formatUtc(side.startDate, 'ms')}` : 'start unknown'}</span>
        <span>{side.eventCount} events</span>
      </div>
      {note ? <p className={styles.note}>{note}</p> : null}
      <PartialReads partial={side.partial} />
    </section>
  );
}

function visitCell(v: Row['a'], duration: number | null) {
  if (!v) return <span className={styles.absent}>not visited</span>;
  return (
    <>
      <span className={v.outcome === 'failed' ? styles.failed : undefined}>{v.outcome === 'failed' ? `failed${v.error ? `: ${v.error}` : ''}` : v.outcome === 'open' ? 'no exit logged' : 'exited'}</span>
      {duration !== null ? ` · ${formatDuration(duration)}` : ''}
      {v.outcome === 'exited' && v.error ? <span className={styles.note}> (caught {v.error})</span> : null}
    </>
  );
}

function delta(ms: number | null) {
  if (ms === null) return '—';
  if (ms === 0) return '0';
  return <span className={ms > 0 ? styles.slower : undefined}>{`${ms > 0 ? '+' : '−'}${formatDuration(Math.abs(ms))}`}</span>;
}

function StatesTable({ comparison }: { comparison: Comparison }) {
  const at = comparison.divergence?.rowIndex ?? null;
  return (
    <table className={styles.table} data-testid="compare-states">
      <thead>
        <tr>
          <th>state</th>
          <th>A</th>
          <th>B</th>
          <th className={styles.num}>A − B</th>
        </tr>
      </thead>
      <tbody>
        {comparison.rows.map((r, i) => (
          <tr key={`${r.name}#${r.occurrence}`} className={i === at ? styles.diverges : undefined} data-testid="compare-row" data-status={r.status} data-diverges={i === at ? 'true' : undefined}>
            <td>
              <code>{r.name}</code>
              {r.occurrence > 1 ? <span className={styles.note}> (visit {r.occurrence})</span> : null}
            </td>
            <td>{visitCell(r.a, r.durationA)}</td>
            <td>{visitCell(r.b, r.durationB)}</td>
            <td className={styles.num}>{delta(r.deltaMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DiffTable({ title, diff, testId }: { title: string; diff: Diff; testId: string }) {
  let body;
  if (diff.missing) {
    const who = diff.missing === 'both' ? 'Neither execution has' : `${diff.missing.toUpperCase()} has no`;
    body = <p className={styles.note}>{who} {title.toLowerCase()} to compare (not recorded, not logged, or the execution did not succeed).</p>;
  } else if (diff.changes.length === 0) {
    body = <p className={styles.note}>The same in both.</p>;
  } else {
    body = (
      <table className={styles.table}>
        <thead>
          <tr>
            <th>path</th>
            <th>change</th>
            <th>A</th>
            <th>B</th>
          </tr>
        </thead>
        <tbody>
          {diff.changes.map((c) => (
            <tr key={`${c.kind}${c.path}`} data-testid="diff-change" data-kind={c.kind}>
              <td>
                <code>{c.path}</code>
              </td>
              <td className={styles[c.kind]}>{c.kind}</td>
              <td className={styles.value}>{c.a ?? ''}</td>
              <td className={styles.value}>{c.b ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <section className={styles.section} data-testid={testId}>
      <h2>{title}</h2>
      {body}
      {diff.truncated ? <p className={styles.note}>More differences than shown: the list stops at {diff.changes.length}.</p> : null}
    </section>
  );
}

function MissingIds({ ids }: { ids: Comparison['missingIds'] }) {
  const line = (label: string, list: number[]) => (list.length === 0 ? `${label}: none` : `${label}: ${list.join(', ')}`);
  return (
    <section className={styles.section} data-testid="compare-missing-ids">
      <h2>Missing event ids</h2>
      <p className={styles.note}>
        {line('A', ids.a)} · {line('B', ids.b)} — ids that never arrived in the log group (at levels other than ALL, skipped by design).
      </p>
    </section>
  );
}

/** Two executions of one state machine side by side: where they parted, how long each state took, and what differed in input and output. */
export function CompareView({ data }: { data: CompareDto }) {
  const baselineNote = data.baseline.chosen === 'nearest-that-worked' ? 'Chosen: the execution nearest in time to A that succeeded and was fully logged.' : undefined;
  return (
    <div className={styles.page} data-testid="compare-view">
      <nav aria-label="Breadcrumb" className={styles.crumbs}>
        <Link href="/">State machines</Link>
        <span aria-hidden="true"> / </span>
        <Link href={stateMachinePath(data.stateMachine.arn)}>{data.stateMachine.name}</Link>
        <span aria-hidden="true"> / </span>
        <span>compare</span>
      </nav>
      <h1 className={styles.title}>Compare two executions</h1>
      <div className={styles.sides}>
        <SideCard label="A" side={data.a} />
        {data.b ? (
          <SideCard label="B" side={data.b} note={baselineNote} />
        ) : (
          <section className={`panel ${styles.side}`} data-testid="no-baseline" role="status">
            <span className={styles.sideLabel}>B</span>
            <p>{data.baseline.missing}</p>
          </section>
        )}
      </div>
      {data.comparison ? (
        <>
          <p className={`${styles.divergence}${data.comparison.divergence ? '' : ` ${styles.same}`}`} data-testid="first-divergence">
            <span className={styles.divergenceHead}>{data.comparison.divergence ? 'First divergence:' : 'No divergence:'}</span>
            {data.comparison.divergence ? data.comparison.divergence.summary : 'both ran the same states with the same outcomes.'}
          </p>
          <section className={styles.section}>
            <h2>States, aligned by name</h2>
            <StatesTable comparison={data.comparison} />
          </section>
          <MissingIds ids={data.comparison.missingIds} />
          <DiffTable title="Input" diff={data.comparison.input} testId="input-diff" />
          <DiffTable title="Output" diff={data.comparison.output} testId="output-diff" />
        </>
      ) : null}
    </div>
  );
}
