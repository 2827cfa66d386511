'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Writes the execution chosen as b (and the pinned time range) into the address bar without a new
 * history entry, so that a link copied from it always shows this same pair.
 */
export function PinBaseline({ href }: { href: string }) {
  const router = useRouter();
  useEffect(() => {
    router.replace(href, { scroll: false });
  }, [router, href]);
  return null;
}
