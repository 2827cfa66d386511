import 'server-only';
import { describeStateMachine, listStateMachineArns } from '@/lib/aws/step-functions';
import { DEFAULT_WINDOW_MS } from '@/lib/domain/time-window';
import type { HealthReport, PartialRead, StateMachine } from '@/lib/domain/types';
import { mapLimit } from './concurrency';
import { healthOf, readHealthInputs } from './health';
import { ReadLog } from './reads';
import { sharedRead } from './shared-reads';

export async function getStateMachines(): Promise<StateMachine[]> {
  const arns = await listStateMachineArns();
  const machines = await mapLimit(arns, 8, (arn) => describeStateMachine(arn));
  return machines.sort((a, b) => a.name.localeCompare(b.name));
}

export interface StateMachineWithHealth {
  stateMachine: StateMachine;
  health: HealthReport;
  /** Reads of this state machine's health that failed (the health then says what it could not check). */
  partial: PartialRead[];
}

/**
 * Every state machine with its logging health from configuration alone: the log group, the role's
 * logs permissions, the resource policies and the log streams. Whether events arrive in a window is
 * left to the executions view (`eventsArriving: null` here), which reads the logs themselves.
 */
export async function getStateMachinesWithHealth(now: number): Promise<StateMachineWithHealth[]> {
  const machines = await getStateMachines();
  return mapLimit(machines, 4, async (sm) => {
    const reads = new ReadLog();
    const inputs = await readHealthInputs(sm, reads);
    const health = healthOf(sm, inputs, { eventsArriving: null, executionsStarted: null, window: { from: now - DEFAULT_WINDOW_MS, to: now }, now, reads });
    return { stateMachine: sm, health, partial: reads.partial };
  });
}

/** The same, shared between callers for 15 s (each state machine costs four reads). */
export function readStateMachinesWithHealth() {
  return sharedRead('state-machines-with-health', () => getStateMachinesWithHealth(Date.now()));
}
