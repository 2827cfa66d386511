'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CauseBadge } from '../verdict/cause-badge';
import { executionHref, type ExecutionRowDto } from './execution-link';
import { formatClock, formatCount, formatDuration, formatUtc } from '@/lib/domain/format';

const ROW_HEIGHT = 30;
/** The two header rows (source groups, then columns) stick above the rows inside the one scroll area. */
const HEADER_HEIGHT = 56;
const PAGE_ROWS = 15;

const NO_RECORD = 'AWS keeps no per-execution record of async Express executions (DescribeExecution does not support them).';

function ServiceStatus({ row }: { row: ExecutionRowDto }) {
  if (row.service.status === null) {
    return (
      <span className="muted" title={row.kind === 'express' ? NO_RECORD : 'Step Functions did not list this execution.'}>
        {row.kind === 'express' ? 'no record' : 'not listed'}
      </span>
    );
  }
  return <span className={`status status-${row.service.status}`}>{row.service.status}</span>;
}

const Row = memo(function Row({
  row,
  index,
  start,
  href,
  active,
  onFocusRow,
}: {
  row: ExecutionRowDto;
  index: number;
  start: number;
  href: string;
  active: boolean;
  onFocusRow: (index: number) => void;
}) {
  const l = row.logs;
  return (
    <div
      role="row"
      aria-rowindex={index + 3}
      className={`xrow${index % 2 ? ' xrow-odd' : ''}`}
      data-index={index}
      data-testid="execution-row"
      data-cause={row.verdict.cause}
      data-href={href}
      tabIndex={active ? 0 : -1}
      style={{ transform: `translateY(${start}px)` }}
      onFocus={() => onFocusRow(index)}
    >
      <div role="gridcell" className="num" title={row.startDate ? formatUtc(row.startDate) : undefined}>
        {row.startDate ? formatClock(row.startDate) : <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="cell-name">
        <Link href={href} tabIndex={-1} prefetch={false} title={row.executionArn} className="mono">
          {row.name}
        </Link>
      </div>
      <div role="gridcell" className="group-start">
        <ServiceStatus row={row} />
      </div>
      <div role="gridcell" className="muted">
        {row.service.source === 'none' ? '—' : row.service.source}
      </div>
      <div role="gridcell" className="group-start">
        <span className={`status status-${l.status}`}>{l.status}</span>
      </div>
      <div role="gridcell" className="num">
        {formatCount(l.eventCount)}
      </div>
      <div role="gridcell" className={`num${l.idGaps > 0 ? ' gaps' : ''}`}>
        {l.idGaps > 0 ? formatCount(l.idGaps) : <span className="muted">0</span>}
      </div>
      <div role="gridcell" className="num">
        {l.maxIngestionDelayMs === null ? <span className="muted">—</span> : formatDuration(l.maxIngestionDelayMs)}
      </div>
      <div role="gridcell" className="group-start">
        <CauseBadge cause={row.verdict.cause} />
      </div>
      <div role="gridcell" className="cell-summary" title={row.verdict.summary}>
        {row.verdict.summary}
      </div>
    </div>
  );
});

/**
 * The executions, the two sources side by side, virtualised (10,000 rows stay smooth). One row is
 * the tab stop; arrow keys, Page Up/Down, Home and End move it, Enter opens the execution.
 */
export function ExecutionsTable({ rows, generatedAt, windowFrom }: { rows: readonly ExecutionRowDto[]; generatedAt: string; windowFrom: string }) {
  const router = useRouter();
  const scrollRef = useRef<HTMLDivElement>(null);
  // Tracked by ARN, not index: a poll that adds newer executions at the top must not move the focus.
  const [activeArn, setActiveArn] = useState<string | null>(null);
  const focusPending = useRef(false);
  const activeIndex = useMemo(() => Math.max(0, activeArn === null ? 0 : rows.findIndex((r) => r.executionArn === activeArn)), [rows, activeArn]);
  const onFocusRow = useCallback((i: number) => setActiveArn(rows[i]?.executionArn ?? null), [rows]);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey: (i) => rows[i]?.executionArn ?? i,
  });

  const activeIndexRef = useRef(activeIndex);
  activeIndexRef.current = activeIndex;
  /** Focuses the active row once it is rendered; true when it was. */
  const focusActive = useCallback(() => {
    if (!focusPending.current) return true;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndexRef.current}"]`);
    if (!el) return false;
    focusPending.current = false;
    el.focus({ preventScroll: true });
    // The virtualizer scrolled the table; this brings the table itself into the window when needed.
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    return true;
  }, []);

  useEffect(() => {
    focusActive();
  });

  function moveTo(i: number) {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    focusPending.current = true;
    setActiveArn(rows[next]?.executionArn ?? null);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    // A jump across thousands of rows renders the target a few frames later, and not always through a
    // render of this component: look for it frame by frame too (about half a second at most).
    let frames = 30;
    const retry = () => {
      if (!focusActive() && --frames > 0) requestAnimationFrame(retry);
    };
    requestAnimationFrame(retry);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeIndex + 1),
      ArrowUp: () => moveTo(activeIndex - 1),
      PageDown: () => moveTo(activeIndex + PAGE_ROWS),
      PageUp: () => moveTo(activeIndex - PAGE_ROWS),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => {
        const row = rows[activeIndex];
        if (row) router.push(executionHref(row, generatedAt, windowFrom));
      },
    };
    const action = keys[e.key];
    if (action && (e.target as HTMLElement).getAttribute('role') === 'row') {
      e.preventDefault();
      action();
    }
  }

  const items = virtualizer.getVirtualItems();
  const activeRendered = items.some((it) => it.index === activeIndex);

  return (
    <div
      ref={scrollRef}
      className="xtable"
      role="grid"
      aria-label="Executions: Step Functions and CloudWatch Logs side by side, with the verdict"
      aria-rowcount={rows.length + 2}
      aria-colcount={10}
      onKeyDown={onKeyDown}
      data-testid="executions-table"
    >
      <div role="rowgroup" className="xhead">
        <div role="row" aria-rowindex={1} className="xrow xgroups">
          <div role="columnheader" aria-colspan={2} className="xgroup">
            Execution
          </div>
          <div role="columnheader" aria-colspan={2} className="xgroup xgroup-sfn group-start">
            Step Functions says
          </div>
          <div role="columnheader" aria-colspan={4} className="xgroup xgroup-logs group-start">
            CloudWatch Logs says
          </div>
          <div role="columnheader" aria-colspan={2} className="xgroup xgroup-verdict group-start">
            Verdict
          </div>
        </div>
        <div role="row" aria-rowindex={2} className="xrow xcolumns">
          <div role="columnheader">Started</div>
          <div role="columnheader">Name</div>
          <div role="columnheader" className="group-start">Status</div>
          <div role="columnheader">Source</div>
          <div role="columnheader" className="group-start">Status</div>
          <div role="columnheader" className="num" title="Events delivered for this execution">Events</div>
          <div role="columnheader" className="num" title="Missing ids in the event id chain">Id gaps</div>
          <div role="columnheader" className="num" title="Longest delay between an event and its ingestion">Max delay</div>
          <div role="columnheader" className="group-start">Cause</div>
          <div role="columnheader">Summary</div>
        </div>
      </div>
      <div role="rowgroup" className="xbody" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((it) => {
          const row = rows[it.index];
          if (!row) return null;
          return (
            <Row
              key={it.key}
              row={row}
              index={it.index}
              start={it.start - HEADER_HEIGHT}
              href={executionHref(row, generatedAt, windowFrom)}
              active={it.index === activeIndex || (!activeRendered && it === items[0])}
              onFocusRow={onFocusRow}
            />
          );
        })}
      </div>
    </div>
  );
}
