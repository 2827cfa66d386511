import { DEFAULT_TOLERANCES } from '@/lib/domain/verdict-context';
import type { ExecutionsDto } from '@/lib/query/options';

/**
 * Where the not-yet-settled part of the window begins: a minute settles once its end plus the observed
 * p95 delivery delay (and a margin) has passed, as the server's minute verdicts reckon it. Without
 * delay samples only the minutes the server itself calls unsettled are shaded.
 */
export function lagWindowStart(view: ExecutionsDto): number | null {
  const delays = view.executions.map((e) => e.logs.maxIngestionDelayMs).filter((d): d is number => d !== null).sort((a, b) => a - b);
  const unsettled = view.minutes.find((m) => m.detail === 'minute-not-settled');
  const fromVerdicts = unsettled ? Date.parse(unsettled.minute) : null;
  if (delays.length === 0) return fromVerdicts;
  const p95 = delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.95))] ?? 0;
  const allowance = Math.min(p95 + DEFAULT_TOLERANCES.lagMarginMs, DEFAULT_TOLERANCES.settleMs);
  const fromDelays = Date.parse(view.generatedAt) - allowance;
  return fromVerdicts === null ? fromDelays : Math.min(fromVerdicts, fromDelays);
}
