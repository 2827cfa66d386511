import Link from 'next/link';
import type { ReactNode } from 'react';
import type { VerdictCause } from '@/lib/domain/types';
import type { ExecutionDto } from '@/lib/query/options';
import { CauseBadge } from '../verdict/cause-badge';
import styles from './execution.module.css';
import { formatDuration, formatUtc } from '@/lib/domain/format';
import { durationBetween } from './format';

export function stateMachinePath(stateMachineArn: string): string {
  return `/state-machines/${encodeURIComponent(stateMachineArn)}`;
}

/** Breadcrumb back to the state machine, the execution's name and ARN, and the page's actions. */
export function ExecutionHeader({ execution, stateMachine, cause, actions }: { execution: ExecutionDto['execution']; stateMachine: ExecutionDto['stateMachine']; cause?: VerdictCause; actions?: ReactNode }) {
  const duration = durationBetween(execution.startDate, execution.stopDate);
  return (
    <header className={styles.header}>
      <nav aria-label="Breadcrumb" className={styles.crumbs}>
        <Link href="/">State machines</Link>
        <span aria-hidden="true"> / </span>
        <Link href={stateMachinePath(execution.stateMachineArn)} data-testid="breadcrumb-state-machine">
          {stateMachine.name}
        </Link>
        <span aria-hidden="true"> / </span>
        <span>execution</span>
      </nav>
      <div className={styles.titleRow}>
        <h1 className={styles.title}>{execution.name}</h1>
        <div className={styles.actions}>{actions}</div>
      </div>
      <div className={styles.meta}>
        {cause ? (
          <a href="#diagnosis" className={styles.verdictLink} title="Go to the diagnosis">
            verdict <CauseBadge cause={cause} />
          </a>
        ) : null}
        <span className={styles.sourceChip}>{execution.mapRun ? 'Map Run child (Express)' : execution.kind === 'express' ? 'EXPRESS' : 'STANDARD'}</span>
        <span>{execution.startDate ? `started ${formatUtc(execution.startDate, 'ms')}` : 'start time unknown: no record and no events say when it ran'}</span>
        {duration !== null ? <span>ran {formatDuration(duration)}</span> : null}
        <code className={styles.arn} title="Execution ARN">
          {execution.executionArn}
        </code>
      </div>
    </header>
  );
}
