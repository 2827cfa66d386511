import type { VerdictCause } from '@/lib/domain/types';
import styles from './execution.module.css';

type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'muted';

const CAUSE_TONE: Record<VerdictCause, Tone> = {
  consistent: 'ok',
  running: 'info',
  'log-lag': 'info',
  'missing-permissions': 'bad',
  'logging-config': 'warn',
  'best-effort-drop': 'warn',
  'insufficient-evidence': 'muted',
};

const STATUS_TONE: Record<string, Tone> = {
  SUCCEEDED: 'ok',
  FAILED: 'bad',
  TIMED_OUT: 'bad',
  ABORTED: 'bad',
  RUNNING: 'info',
  PENDING_REDRIVE: 'info',
  UNKNOWN: 'warn',
};

export function causeTone(cause: VerdictCause): Tone {
  return CAUSE_TONE[cause];
}

/** An execution status (Step Functions) or log-derived status (CloudWatch Logs). */
export function StatusBadge({ status, large = false, testId }: { status: string; large?: boolean; testId?: string }) {
  return (
    <span className={`${styles.pill} ${styles[STATUS_TONE[status] ?? 'muted']} ${large ? styles.pillLarge : ''}`} data-testid={testId}>
      {status}
    </span>
  );
}
