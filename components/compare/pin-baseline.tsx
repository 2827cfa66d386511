'use client';

import { useEffect } from 'react';

/**
 * Writes the execution chosen as b (and the pinned time range) into the address bar without a new
 * history entry, so that a link copied from it always shows this same pair. The native history call
 * (which Next's router follows) renders nothing again: the page keeps saying b was chosen for it.
 */
export function PinBaseline({ href }: { href: string }) {
  useEffect(() => {
    window.history.replaceState(null, '', href);
  }, [href]);
  return null;
}
