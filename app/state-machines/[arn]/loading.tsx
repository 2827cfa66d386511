import { StateMachineSkeleton } from '@/components/state-machine/state-machine-skeleton';

export default function Loading() {
  return <StateMachineSkeleton />;
}
