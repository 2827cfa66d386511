import type { VerdictCause } from '@/lib/domain/types';

export interface CauseInfo {
  cause: VerdictCause;
  /** What the cause means, in one line (tooltips, legends). */
  meaning: string;
}

/** Every cause, most actionable first: the order of filters, legends and counts. */
export const CAUSES: readonly CauseInfo[] = [
  { cause: 'missing-permissions', meaning: 'Logs cannot be delivered: permissions, resource policy or log group.' },
  { cause: 'logging-config', meaning: 'The logging configuration never writes this event (level, destination).' },
  { cause: 'best-effort-drop', meaning: 'Configuration is healthy, neighbours are logged, these events never arrived.' },
  { cause: 'insufficient-evidence', meaning: 'sfn-lens could not read enough to decide.' },
  { cause: 'log-lag', meaning: 'The terminal event has not arrived yet; re-check later.' },
  { cause: 'running', meaning: 'May still be running.' },
  { cause: 'consistent', meaning: 'Both sources agree.' },
];

const BY_CAUSE = new Map(CAUSES.map((c) => [c.cause, c]));

export function isVerdictCause(v: string): v is VerdictCause {
  return BY_CAUSE.has(v as VerdictCause);
}

export function causeMeaning(cause: VerdictCause): string {
  return BY_CAUSE.get(cause)?.meaning ?? cause;
}

/** Causes that are a disagreement between the sources (not agreement, not still running). */
export const MISMATCH_CAUSES: readonly VerdictCause[] = CAUSES.map((c) => c.cause).filter((c) => c !== 'consistent' && c !== 'running');
