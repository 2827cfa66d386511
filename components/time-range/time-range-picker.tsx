'use client';

import { useSearchParams } from 'next/navigation';
import { useId, useState } from 'react';
import { DEFAULT_WINDOW_MS, parseIsoInstant, toIso } from '@/lib/domain/time-window';
import { describeRange, presetOf, RANGE_PRESETS, readRange, relativeOffsetMs, windowOfRange } from '@/lib/query/time-range';
import { useSearchParamUpdater, type Navigation } from './use-search-param-updater';

/** `datetime-local` speaks local wall time; this picker speaks UTC, the zone of every link. */
function toInputValue(ms: number): string {
  return toIso(ms).slice(0, 16);
}

function fromInputValue(v: string): number | null {
  const r = parseIsoInstant(`${v}Z`);
  return r.ok ? r.ms : null;
}

/** The custom form starts from the range on screen, spelled out in UTC minutes. */
function customDefaults(range: { from: string | null; to: string | null }): { from: string; to: string } {
  const now = Date.now();
  return { from: toInputValue(instantOf(range.from, DEFAULT_WINDOW_MS, now)), to: toInputValue(instantOf(range.to, 0, now)) };
}

function instantOf(expr: string | null, fallbackOffsetMs: number, now: number): number {
  if (expr === null) return now - fallbackOffsetMs;
  const off = relativeOffsetMs(expr);
  if (off !== null) return now - off;
  const r = parseIsoInstant(expr);
  return r.ok ? r.ms : now - fallbackOffsetMs;
}

/** The time range of a view (`?from&to`): rolling presets, or a custom UTC range. */
export function TimeRangePicker({ navigation }: { navigation: Navigation }) {
  const searchParams = useSearchParams();
  const range = readRange(searchParams);
  const preset = presetOf(range);
  const update = useSearchParamUpdater(navigation);
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  function openCustom() {
    setProblem(null);
    setCustom(customDefaults(range));
  }

  function applyCustom(e: React.FormEvent) {
    e.preventDefault();
    if (!custom) return;
    const from = fromInputValue(custom.from);
    const to = fromInputValue(custom.to);
    if (from === null || to === null) return setProblem('Enter both times.');
    const range = { from: toIso(from), to: toIso(to) };
    // The server's own check, so the form says what the page would refuse (a window over 7 days too).
    const w = windowOfRange(range, Date.now());
    if (!w.ok) return setProblem(w.error.message);
    update(range);
    setCustom(null);
  }

  return (
    <div className="range-picker">
      <div className="segmented" role="group" aria-label="Time range">
        {RANGE_PRESETS.map((p) => (
          <button
            key={p.from}
            type="button"
            aria-pressed={preset?.from === p.from}
            title={p.title}
            aria-label={p.title}
            onClick={() => update({ from: p.from === 'now-3h' ? null : p.from, to: null })}
          >
            {p.label}
          </button>
        ))}
        <button type="button" aria-pressed={preset === null} aria-expanded={custom !== null} aria-controls={`${id}-custom`} onClick={() => (custom ? setCustom(null) : openCustom())}>
          {preset === null ? describeRange(range) : 'Custom'}
        </button>
      </div>
      {custom ? (
        <form id={`${id}-custom`} className="range-custom panel" onSubmit={applyCustom} aria-label="Custom time range (UTC)">
          <label>
            From (UTC)
            <input type="datetime-local" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} required />
          </label>
          <label>
            To (UTC)
            <input type="datetime-local" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} required />
          </label>
          <button type="submit" className="btn btn-primary">Apply</button>
          <button type="button" className="btn" onClick={() => setCustom(null)}>Cancel</button>
          {problem ? <span role="alert" className="form-problem">{problem}</span> : null}
        </form>
      ) : null}
    </div>
  );
}
