'use client';

import { useEffect, useState } from 'react';
import { formatAge, formatClock } from '@/lib/domain/format';

/** Ticks once a second; null until mounted, so the server and the first client render agree. */
export function useNow(intervalMs = 1000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const t = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [intervalMs]);
  return now;
}

/** When the data was read, and how long ago. */
export function DataAge({ at, label = 'Data from' }: { at: string; label?: string }) {
  const now = useNow();
  return (
    <span className="data-age" data-testid="data-age">
      {label} <time dateTime={at}>{formatClock(at)} UTC</time>
      {now !== null ? <span className="muted"> · {formatAge(now - Date.parse(at))}</span> : null}
    </span>
  );
}
