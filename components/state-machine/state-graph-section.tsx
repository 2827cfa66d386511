'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useEffect, useRef, useState } from 'react';
import { stateMachineGraphOptions, type WindowParams } from '@/lib/query/options';
import { PartialReads } from '../execution/partial-reads';
import styles from '../execution/workflow-graph.module.css';

// The graph (parser, counts and drawing) loads after the table is usable and is asked for only once
// the table's answer is there and the section is near the screen: the page's first load and the
// table do not wait for it (bench/first-load-js.ts, docs/workflow-graph.md).
const StateGraph = dynamic(() => import('./state-graph').then((m) => m.StateGraph), {
  ssr: false,
  loading: () => (
    <p className={styles.loading} aria-busy="true">
      Loading the workflow graph…
    </p>
  ),
});

/** The state machine's workflow graph with per-state counts over the window (docs/workflow-graph.md, "Per-state counts"). */
export function StateGraphSection({ arn, range, pollMs }: { arn: string; range: WindowParams; pollMs: number }) {
  // Its query scans the window's state events (a Logs Insights scan AWS charges for): asked for once
  // the section comes near the screen, not for every page view that never scrolls to it.
  const ref = useRef<HTMLElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || near) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setNear(true);
    }, { rootMargin: '200px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [near]);
  const query = useQuery({ ...stateMachineGraphOptions(arn, range), enabled: near, refetchInterval: pollMs, placeholderData: keepPreviousData });
  return (
    <section ref={ref} className={`panel ${styles.section}`} aria-labelledby="sm-graph-h" data-testid="state-graph-section" aria-busy={query.isFetching}>
      <h2 id="sm-graph-h" className={styles.title}>
        Workflow, per state
      </h2>
      {query.data ? (
        <>
          <PartialReads partial={query.data.partial} />
          <StateGraph data={query.data} />
        </>
      ) : query.isError ? (
        <p className={styles.statement} role="alert" data-testid="state-graph-error">
          The workflow graph could not be read: {query.error.message}
        </p>
      ) : (
        <p className={styles.loading} aria-busy={near}>
          {near ? 'Counting executions per state…' : 'The workflow graph with per-state counts loads when this part of the page is shown.'}
        </p>
      )}
    </section>
  );
}
