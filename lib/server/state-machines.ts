import 'server-only';
import { describeStateMachine, listStateMachineArns } from '@/lib/aws/step-functions';
import type { StateMachine } from '@/lib/domain/types';
import { mapLimit } from './concurrency';

export async function getStateMachines(): Promise<StateMachine[]> {
  const arns = await listStateMachineArns();
  const machines = await mapLimit(arns, 8, (arn) => describeStateMachine(arn));
  return machines.sort((a, b) => a.name.localeCompare(b.name));
}
