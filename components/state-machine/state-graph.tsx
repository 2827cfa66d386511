'use client';

import { useMemo } from 'react';
import { formatCount, formatUtc } from '@/lib/domain/format';
import { flattenStates, parseDefinition, type GraphState } from '@/lib/domain/workflow-graph';
import type { StateMachineGraphDto } from '@/lib/query/options';
import { ScopeView } from '../execution/workflow-tree';
import graphStyles from '../execution/workflow-graph.module.css';
import styles from './state-graph.module.css';

type Counts = NonNullable<StateMachineGraphDto['counts']>;
type Count = Counts['byState'][string];

const ZERO: Count = { entered: 0, failed: 0, dropped: 0, notAttributedInside: 0 };

/** The words the node's label and the list use for one state's figures. */
function countText(state: GraphState, c: Count): string {
  const parts = [`${formatCount(c.entered)} entered`, `${formatCount(c.failed)} failed`, `${formatCount(c.dropped)} dropped after`];
  if (c.notAttributedInside > 0) parts.push(`${formatCount(c.notAttributedInside)} of them with several branches open, not given to one inside`);
  if (state.type === 'Map' && state.mapMode === 'DISTRIBUTED') parts.push('its children are executions of their own, not counted here');
  return parts.join(', ');
}

function CountNode({ state, c }: { state: GraphState; c: Count }) {
  return (
    <div
      className={`${graphStyles.node} ${styles.node}`}
      role="group"
      aria-label={`${state.name}, ${state.type} state: ${countText(state, c)}`}
      data-testid="state-count-node"
      data-state={state.name}
      data-entered={c.entered}
      data-failed={c.failed > 0}
      data-dropped={c.dropped > 0}
    >
      <span className={graphStyles.nodeName}>{state.name}</span>
      <span className={graphStyles.nodeType}>
        {state.type}
        {state.mapMode ? ` · ${state.mapMode.toLowerCase()}` : ''}
      </span>
      <span className={styles.counts} aria-hidden="true">
        <span className={styles.entered} data-count="entered">
          {formatCount(c.entered)} entered
        </span>
        <span className={c.failed > 0 ? styles.failed : styles.zero} data-count="failed">
          {formatCount(c.failed)} failed
        </span>
        <span className={c.dropped > 0 ? styles.dropped : styles.zero} data-count="dropped">
          {formatCount(c.dropped)} dropped after
        </span>
      </span>
      {c.notAttributedInside > 0 ? (
        <span className={styles.inside} aria-hidden="true">
          {formatCount(c.notAttributedInside)} with several branches open
        </span>
      ) : null}
    </div>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** What the counts rest on and what they leave out, in words (docs/workflow-graph.md, "Per-state counts"). */
function Notes({ counts, settledBefore }: { counts: Counts; settledBefore: string }) {
  const notes: string[] = [];
  const u = counts.unattributed;
  if (u.failed > 0) notes.push(`${plural(u.failed, 'failed execution')} had no state open when it ended (it failed before a state logged, or its entry was lost): not given to a state.`);
  if (u.dropped > 0) notes.push(`${plural(u.dropped, 'execution')} logged no terminal event and had no state open (the record stops after an exit): not given to a state.`);
  if (u.ambiguous > 0) notes.push(`${plural(u.ambiguous, 'execution')} ended with several states open and no open state enclosing them (an exit was lost): not given to a state.`);
  if (counts.recent > 0) notes.push(`${plural(counts.recent, 'execution')} without a terminal event logged their last event after ${formatUtc(settledBefore)}, within the settle window: may still be running or its events still arriving, not counted as dropped.`);
  if (counts.ended.redriven > 0) notes.push(`${plural(counts.ended.redriven, 'redriven execution')}: counted as entering, not as failed or dropped.`);
  if (counts.unknownStates.length > 0) notes.push(`The logs name states the definition does not have (${counts.unknownStates.join(', ')}): another version of the definition ran; those executions are not given to a state.`);
  if (counts.cut) notes.push(`The window holds more than one query returns: only the executions that started after ${formatUtc(counts.cut.from)} are counted.`);
  if (notes.length === 0) return null;
  return (
    <ul className={styles.notes} data-testid="state-counts-notes">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

/** The definition drawn as on the execution page, each state with its counts over the window; a list with the same figures. */
export function StateGraph({ data }: { data: StateMachineGraphDto }) {
  const parsed = useMemo(() => parseDefinition(data.definition), [data.definition]);
  if (!parsed.ok) {
    return (
      <p className={graphStyles.statement} data-testid="state-graph-unavailable">
        {data.unavailable?.message ?? `No graph: ${parsed.reason}.`}
      </p>
    );
  }
  const counts = data.counts;
  const countOf = (name: string): Count => counts?.byState[name] ?? ZERO;
  const flat = flattenStates(parsed.root);
  const e = counts?.ended;
  return (
    <div className={graphStyles.body}>
      {counts ? (
        <p className={graphStyles.note} data-testid="state-counts-basis">
          Counts of the {plural(counts.executions, 'execution')} that started in the window, from their logged events (level ALL). <strong>Entered</strong>: executions that
          entered the state at least once. <strong>Failed</strong>: ended failed or timed out while in it (entered, no exit). <strong>Dropped after</strong>: entered it, then
          logged nothing more — no exit, no terminal event — for over an hour. A Parallel or Map state counts what happened inside it too.
        </p>
      ) : (
        <p className={graphStyles.statement} data-testid="state-counts-unavailable">
          {data.unavailable?.message ?? 'No per-state counts.'} The graph is drawn without counts.
        </p>
      )}
      {counts ? <Notes counts={counts} settledBefore={data.settledBefore} /> : null}
      <div role="figure" aria-label="Workflow graph with per-state counts" className={graphStyles.figure} data-testid="state-graph">
        <span className={graphStyles.terminal} aria-hidden="true">
          Start{counts ? `: ${formatCount(counts.executions)}` : ''}
        </span>
        <span className={graphStyles.arrow} aria-hidden="true">
          ↓
        </span>
        <ScopeView scope={parsed.root} node={(state) => (counts ? <CountNode state={state} c={countOf(state.name)} /> : <PlainNode state={state} />)} />
        <span className={graphStyles.arrow} aria-hidden="true">
          ↓
        </span>
        {e ? (
          <span className={graphStyles.terminal} data-testid="state-graph-end">
            {formatCount(e.succeeded)} succeeded · {formatCount(e.failed)} failed · {formatCount(e.aborted)} aborted · {formatCount(e.noTerminal)} no terminal event
          </span>
        ) : (
          <span className={graphStyles.terminal}>End</span>
        )}
      </div>
      {counts ? (
        <details className={graphStyles.listBox}>
          <summary>Per-state counts as a list</summary>
          <ul aria-label="Per-state counts" data-testid="state-counts-list">
            {flat.map(({ state, owner }) => (
              <li key={state.name} data-state={state.name}>
                {state.name} ({state.type}
                {owner ? ` in ${owner.name}` : ''}): {countText(state, countOf(state.name))}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function PlainNode({ state }: { state: GraphState }) {
  return (
    <div className={`${graphStyles.node} ${styles.node}`} role="group" aria-label={`${state.name}, ${state.type} state`} data-testid="state-count-node" data-state={state.name}>
      <span className={graphStyles.nodeName}>{state.name}</span>
      <span className={graphStyles.nodeType}>{state.type}</span>
    </div>
  );
}
