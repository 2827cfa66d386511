'use client';

import { useParams } from 'next/navigation';
import { StateMachineSkeleton, stateMachineNameOf } from '@/components/state-machine/state-machine-skeleton';

export default function Loading() {
  const raw = useParams<{ arn?: string }>().arn ?? '';
  let arn = raw;
  try {
    arn = decodeURIComponent(raw);
  } catch {
    // shown as nothing: the page answers 404 for it
  }
  return <StateMachineSkeleton name={stateMachineNameOf(arn)} />;
}
