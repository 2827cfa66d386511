'use client';

import { useParams } from 'next/navigation';
import { StateMachineSkeleton } from '@/components/state-machine/state-machine-skeleton';
import { parseStateMachineArn } from '@/lib/domain/arn';

export default function Loading() {
  const raw = useParams<{ arn?: string }>().arn ?? '';
  let arn = raw;
  try {
    arn = decodeURIComponent(raw);
  } catch {
    // named as nothing: the page answers 404 for it
  }
  const parsed = parseStateMachineArn(arn);
  return <StateMachineSkeleton name={parsed.ok ? parsed.value.name : null} />;
}
