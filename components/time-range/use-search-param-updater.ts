'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useCallback } from 'react';

export type Navigation = 'server' | 'client';

/**
 * Writes view state into the query string so every screen is a shareable link. `server` navigates
 * (the page re-renders on the server, e.g. the streamed overview); `client` only rewrites the URL,
 * which Next's router and useSearchParams follow, so filtering 10,000 rows costs no round trip.
 */
export function useSearchParamUpdater(navigation: Navigation) {
  const router = useRouter();
  const pathname = usePathname();
  return useCallback(
    (updates: Record<string, string | null>, opts: { history?: 'push' | 'replace' } = {}) => {
      const params = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(updates)) {
        if (v === null || v === '') params.delete(k);
        else params.set(k, v);
      }
      const qs = params.toString();
      const url = `${pathname}${qs ? `?${qs}` : ''}`;
      const history = opts.history ?? 'push';
      if (navigation === 'server') {
        if (history === 'push') router.push(url, { scroll: false });
        else router.replace(url, { scroll: false });
      } else if (history === 'push') {
        window.history.pushState(null, '', url);
      } else {
        window.history.replaceState(null, '', url);
      }
    },
    [navigation, pathname, router],
  );
}
