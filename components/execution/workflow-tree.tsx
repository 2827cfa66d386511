'use client';

import type { ReactNode } from 'react';
import type { GraphScope, GraphState } from '@/lib/domain/workflow-graph';
import styles from './workflow-graph.module.css';

// The drawing both workflow graphs share (docs/workflow-graph.md): the definition's tree as nested
// boxes, Parallel branches side by side, Map bodies framed. What a node says is the caller's: an
// execution's marks on the execution page, per-state counts on the state machine page.

export type RenderNode = (state: GraphState) => ReactNode;

function StateBlock({ state, node }: { state: GraphState; node: RenderNode }) {
  if (state.branches.length === 0) return <>{node(state)}</>;
  const isMap = state.type === 'Map';
  return (
    <div className={styles.frame} data-testid={isMap ? 'map-frame' : 'parallel-frame'} data-state={state.name}>
      {node(state)}
      <div className={isMap ? styles.mapBody : styles.branches}>
        {state.branches.map((branch, i) => (
          <div key={branch.startAt} className={styles.branch} role="group" aria-label={isMap ? `Body of ${state.name}, run per item` : `Branch ${i + 1} of ${state.name}`} data-testid="workflow-branch">
            <span className={styles.branchLabel}>{isMap ? (state.mapMode === 'DISTRIBUTED' ? 'per item: a child execution each' : 'per item') : `branch ${i + 1}`}</span>
            <ScopeView scope={branch} node={node} />
          </div>
        ))}
      </div>
    </div>
  );
}

/** A scope's states top to bottom; a transition to the state drawn next is an arrow, any other is named. */
export function ScopeView({ scope, node }: { scope: GraphScope; node: RenderNode }) {
  return (
    <ol className={styles.scope}>
      {scope.states.map((state, i) => {
        const following = scope.states[i + 1]?.name;
        const other = state.transitions.filter((t) => t.to !== following || t.via !== 'next');
        const flowsOn = state.transitions.some((t) => t.to === following && t.via === 'next');
        return (
          <li key={state.name} className={styles.item}>
            <StateBlock state={state} node={node} />
            {other.length > 0 ? (
              <ul className={styles.transitions} aria-label={`Transitions of ${state.name}`}>
                {other.map((t) => (
                  <li key={`${t.via}-${t.to}`} data-via={t.via}>
                    {t.via === 'next' ? '→' : t.via === 'catch' ? 'on error →' : t.via === 'default' ? 'default →' : 'choice →'} {t.to}
                  </li>
                ))}
              </ul>
            ) : null}
            {state.end && !following ? null : following ? (
              <span className={styles.arrow} aria-hidden="true">
                {flowsOn ? '↓' : '⋮'}
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
