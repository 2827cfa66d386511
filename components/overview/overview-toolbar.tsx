'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { DataAge } from '../data-age';
import { TimeRangePicker } from '../time-range/time-range-picker';

/** The overview's range and refresh: both re-render the page on the server, rows streaming in. */
export function OverviewToolbar({ listedAt }: { listedAt: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div className="toolbar">
      <TimeRangePicker navigation="server" />
      <span className="toolbar-spacer" />
      <DataAge at={listedAt} label="Listed at" />
      <button type="button" className="btn" disabled={pending} onClick={() => startTransition(() => router.refresh())} aria-label="Refresh the counts">
        {pending ? 'Refreshing…' : 'Refresh'}
      </button>
    </div>
  );
}
