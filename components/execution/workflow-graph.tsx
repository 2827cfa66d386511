'use client';

import { Fragment, useMemo, useState } from 'react';
import type { ExecutionDto } from '@/lib/query/options';
import type { LogLevel, VerdictCause } from '@/lib/domain/types';
import { formatUtc } from '@/lib/domain/format';
import { flattenStates, markWorkflow, parseDefinition, type GraphState, type RecordStop, type StateMark, type StateOutcome, type WorkflowMarks } from '@/lib/domain/workflow-graph';
import { JsonTree } from './json-tree';
import { ScopeView } from './workflow-tree';
import styles from './workflow-graph.module.css';

type LogEvent = ExecutionDto['logs']['events'][number];

const OUTCOME_TEXT: Record<StateOutcome, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  caught: 'failed, caught',
  aborted: 'aborted',
  entered: 'entered, no exit logged',
  'never-reached': 'never reached',
  'not-logged': 'nothing logged',
};

/** The words a node, the list and the details use for a state's mark. */
function markText(state: GraphState, mark: StateMark | undefined): string {
  if (!mark) return 'nothing logged';
  const parts = [OUTCOME_TEXT[mark.outcome]];
  if (mark.entered > 1) parts.push(`entered ${mark.entered} times`);
  if (mark.retries > 0) parts.push(`retried ${mark.retries} time${mark.retries === 1 ? '' : 's'}`);
  if (state.type === 'Map' && mark.iterations > 0) parts.push(`${mark.iterations} iteration${mark.iterations === 1 ? '' : 's'}`);
  const failure = mark.failures[mark.failures.length - 1];
  if (failure && (mark.outcome === 'failed' || mark.outcome === 'caught')) parts.push(`${failure.error ?? failure.type}${failure.cause ? `: ${failure.cause}` : ''}`);
  return parts.join(', ');
}

function expectedText(stop: RecordStop): string {
  if (stop.expected.length === 0) return 'unknown';
  return stop.expected
    .map((x) => (x.kind === 'terminal' ? 'the execution’s terminal event' : x.kind === 'exit' ? `${x.state} exiting` : `${x.state} entered`))
    .join(' or ');
}

function stopText(stop: RecordStop, verdict: VerdictCause): string {
  const where = stop.missing ? `${stop.missing.from === stop.missing.to ? `id ${stop.missing.from}` : `ids ${stop.missing.from}–${stop.missing.to}`} never arrived after event ${stop.afterEventId}` : `nothing after event ${stop.afterEventId}`;
  const state = stop.lastState ? `${stop.lastState} logged last (${stop.afterEventType}${stop.inside ? ', no exit' : ''})` : `the last event (${stop.afterEventType}) belongs to no state`;
  const soFar = stop.reason === 'no-terminal' && (verdict === 'running' || verdict === 'log-lag') ? ' so far (see the diagnosis: it may still be running or its events may still arrive)' : '';
  const head = stop.reason === 'id-gap' ? 'The logged record breaks here' : `The logged record stops here${soFar}`;
  return `${head}: ${state}; ${where}. Next expected: ${expectedText(stop)}.`;
}

interface Ctx {
  marks: WorkflowMarks;
  stopsByState: Map<string, RecordStop[]>;
  selected: string | null;
  select: (name: string) => void;
  verdict: VerdictCause;
}

function StateNode({ state, ctx }: { state: GraphState; ctx: Ctx }) {
  const mark = ctx.marks.byState.get(state.name);
  const outcome = mark?.outcome ?? 'not-logged';
  const text = markText(state, mark);
  const stops = ctx.stopsByState.get(state.name) ?? [];
  return (
    <>
      <button
        type="button"
        className={styles.node}
        data-outcome={outcome}
        data-state={state.name}
        data-testid="workflow-node"
        aria-pressed={ctx.selected === state.name}
        aria-label={`${state.name}, ${state.type} state: ${text}${stops.length > 0 ? `. ${stops.map((s) => (s.reason === 'id-gap' ? 'The logged record breaks after it' : 'The logged record stops here')).join('. ')}` : ''}`}
        onClick={() => ctx.select(state.name)}
      >
        <span className={styles.nodeName}>{state.name}</span>
        <span className={styles.nodeType}>
          {state.type}
          {state.mapMode ? ` · ${state.mapMode.toLowerCase()}` : ''}
        </span>
        <span className={styles.nodeMark} aria-hidden="true">
          {text}
        </span>
      </button>
      {stops.map((stop) => (
        <p key={stop.afterEventId} className={styles.stop} data-testid="record-stop">
          {stopText(stop, ctx.verdict)}
        </p>
      ))}
    </>
  );
}

function StateDetails({ state, mark, events }: { state: GraphState; mark: StateMark | undefined; events: LogEvent[] }) {
  const own = new Set(mark?.eventIds ?? []);
  const mine = events.filter((e) => own.has(e.id));
  return (
    <div className={styles.details} data-testid="workflow-state-details" aria-live="polite">
      <h3 className={styles.detailsTitle}>
        {state.name} <span className="muted">({state.type})</span>: {markText(state, mark)}
      </h3>
      {mark && mark.failures.length > 0 ? (
        <ul className={styles.failures}>
          {mark.failures.map((f) => (
            <li key={f.eventId}>
              event {f.eventId} {f.type}: <strong>{f.error ?? 'no error name'}</strong>
              {f.cause ? ` — ${f.cause}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {mine.length === 0 ? (
        <p className="muted">No event of this state was logged.</p>
      ) : (
        <ol className={styles.events}>
          {mine.map((e) => (
            <li key={e.id}>
              <span className="mono">
                #{e.id} {e.type}
              </span>{' '}
              <span className="muted">{formatUtc(e.timestamp, 'ms')}</span>
              {Object.keys(e.details).length > 0 ? <JsonTree value={e.details} expandDepth={1} label={`Details of event ${e.id}`} /> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The definition drawn as nested boxes, each state marked from the logged events; a list with the same marks for screen readers. */
export function WorkflowGraph({ definition, events, level, eventsRead, verdict }: { definition: string; events: LogEvent[]; level: LogLevel; eventsRead: boolean; verdict: VerdictCause }) {
  const parsed = useMemo(() => parseDefinition(definition), [definition]);
  const marks = useMemo(() => (parsed.ok ? markWorkflow(parsed.root, events, { level }) : null), [parsed, events, level]);
  const [selected, setSelected] = useState<string | null>(null);
  if (!parsed.ok || !marks) {
    return (
      <p className={styles.statement} data-testid="workflow-unavailable">
        No graph: {parsed.ok ? 'the marks could not be computed' : parsed.reason}. The execution’s logged events are shown in the CloudWatch Logs panel.
      </p>
    );
  }
  const flat = flattenStates(parsed.root);
  const stopsByState = new Map<string, RecordStop[]>();
  for (const stop of marks.stops) if (stop.lastState) stopsByState.set(stop.lastState, [...(stopsByState.get(stop.lastState) ?? []), stop]);
  const ctx: Ctx = { marks, stopsByState, selected, select: (name) => setSelected((s) => (s === name ? null : name)), verdict };
  const chosen = flat.find((f) => f.state.name === selected)?.state;
  const orphanStops = marks.stops.filter((s) => !s.lastState);
  return (
    <div className={styles.body}>
      <p className={styles.note} data-testid="workflow-basis">
        {!eventsRead
          ? 'The log events could not be read: no state is marked.'
          : level !== 'ALL'
            ? `At level ${level} Step Functions logs no state entered or exited events: a state is marked only by a failure it logged, and “nothing logged” says nothing about whether it ran.`
            : marks.complete
              ? `Marked from ${events.length} logged events; the record is whole (a terminal event, no missing id), so a state with no event was never reached.`
              : `Marked from ${events.length} logged events. The record is not whole, so a state with no event is “nothing logged”: it may have run.`}
        {marks.unattributed.length > 0 ? ` ${marks.unattributed.length} event${marks.unattributed.length === 1 ? '' : 's'} belong to no state of the definition.` : ''}
      </p>
      <div className={styles.figureRow}>
        <div role="figure" aria-label="Workflow graph" className={styles.figure} data-testid="workflow-graph">
          <span className={styles.terminal} aria-hidden="true">
            Start
          </span>
          <span className={styles.arrow} aria-hidden="true">
            ↓
          </span>
          <ScopeView scope={parsed.root} node={(state) => <StateNode state={state} ctx={ctx} />} />
          <span className={styles.arrow} aria-hidden="true">
            ↓
          </span>
          <span className={styles.terminal} data-testid="workflow-end" data-terminal={marks.terminal?.type ?? 'none'}>
            {marks.terminal ? `${marks.terminal.type}${marks.terminal.error ? `: ${marks.terminal.error}` : ''}` : 'no terminal event logged'}
          </span>
          {orphanStops.map((stop) => (
            <p key={stop.afterEventId} className={styles.stop} data-testid="record-stop">
              {stopText(stop, verdict)}
            </p>
          ))}
        </div>
        {chosen ? <StateDetails state={chosen} mark={marks.byState.get(chosen.name)} events={events} /> : <p className={`${styles.details} muted`}>Select a state to see its events, input and output.</p>}
      </div>
      <details className={styles.listBox}>
        <summary>Workflow states as a list</summary>
        <ul aria-label="Workflow states" data-testid="workflow-states-list">
          {flat.map(({ state, owner }) => (
            <li key={state.name} data-state={state.name}>
              {state.name} ({state.type}
              {owner ? ` in ${owner.name}` : ''}): {markText(state, marks.byState.get(state.name))}
              {(stopsByState.get(state.name) ?? []).map((stop) => (
                <Fragment key={stop.afterEventId}> — {stopText(stop, verdict)}</Fragment>
              ))}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
