import type { PartialRead } from '@/lib/domain/types';

/** One failed AWS read as every view names it: "`action` failed with `error` (message)". */
export function FailedRead({ read }: { read: Pick<PartialRead, 'action' | 'error' | 'message'> }) {
  return (
    <>
      <code>{read.action}</code> failed with <code>{read.error}</code>
      {read.message ? <span className="muted"> ({read.message})</span> : null}
    </>
  );
}
