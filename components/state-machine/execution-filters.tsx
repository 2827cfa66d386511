'use client';

import { useId, useState } from 'react';
import type { VerdictCause } from '@/lib/domain/types';
import { CAUSES, causeMeaning, MISMATCH_CAUSES } from '../verdict/causes';
import { STATUS_OPTIONS, type ExecutionFilter } from './filter-executions';
import { formatCount } from '@/lib/domain/format';

export interface FilterChange {
  cause?: string | null;
  status?: string | null;
  q?: string | null;
}

/** Cause chips (with counts), a status select and a search box; every change is written to the URL by the parent. */
export function ExecutionFilters({
  filter,
  counts,
  shown,
  total,
  onChange,
}: {
  filter: ExecutionFilter;
  counts: Partial<Record<VerdictCause, number>>;
  shown: number;
  total: number;
  onChange: (change: FilterChange, history: 'push' | 'replace') => void;
}) {
  const id = useId();
  const [text, setText] = useState(filter.q);
  const [urlText, setUrlText] = useState(filter.q);
  if (filter.q !== urlText) {
    // The URL changed under us (back/forward, a cleared filter): follow it.
    setUrlText(filter.q);
    setText(filter.q);
  }
  const selected = new Set(filter.causes);
  const mismatchesOnly = MISMATCH_CAUSES.every((c) => selected.has(c)) && selected.size === MISMATCH_CAUSES.length;

  function toggle(cause: VerdictCause) {
    const next = new Set(selected);
    if (next.has(cause)) next.delete(cause);
    else next.add(cause);
    const ordered = CAUSES.map((c) => c.cause).filter((c) => next.has(c));
    onChange({ cause: ordered.join(',') || null }, 'push');
  }

  return (
    <div className="filters" role="search" aria-label="Filter executions">
      <div className="filter-causes" role="group" aria-label="Filter by cause">
        <button type="button" className="chip" aria-pressed={selected.size === 0} onClick={() => onChange({ cause: null }, 'push')}>
          all causes
        </button>
        <button type="button" className="chip" aria-pressed={mismatchesOnly} onClick={() => onChange({ cause: mismatchesOnly ? null : MISMATCH_CAUSES.join(',') }, 'push')} title="Every cause except consistent and running">
          mismatches only
        </button>
        {CAUSES.map(({ cause }) => {
          const n = counts[cause] ?? 0;
          return (
            <button
              key={cause}
              type="button"
              className={`chip chip-cause cause-${cause}`}
              aria-pressed={selected.has(cause)}
              aria-label={`${cause}: ${n} executions`}
              title={causeMeaning(cause)}
              data-cause={cause}
              onClick={() => toggle(cause)}
              disabled={n === 0 && !selected.has(cause)}
            >
              <span className="cause-dot" aria-hidden="true" />
              {cause}
              <span className="chip-count">{formatCount(n)}</span>
            </button>
          );
        })}
      </div>
      <div className="filter-fields">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={filter.status ?? ''} onChange={(e) => onChange({ status: e.target.value || null }, 'push')} title="A status on either side: Step Functions or CloudWatch Logs">
          <option value="">any (either source)</option>
          {STATUS_OPTIONS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-q`} className="visually-hidden">
          Search by name or ARN
        </label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder="Search name or ARN"
          value={text}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            setUrlText(e.target.value);
            onChange({ q: e.target.value || null }, 'replace');
          }}
        />
        <span className="filter-count" aria-live="polite" data-testid="shown-count">
          {shown === total ? `${formatCount(total)} executions` : `${formatCount(shown)} of ${formatCount(total)} executions`}
        </span>
      </div>
    </div>
  );
}
