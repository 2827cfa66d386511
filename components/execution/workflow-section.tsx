'use client';

import dynamic from 'next/dynamic';
import type { ExecutionDto } from '@/lib/query/options';
import styles from './workflow-graph.module.css';

// The graph (its parser, marks and drawing) loads after the page is usable: the page's first load
// stays within the README's budget (bench/first-load-js.ts, docs/workflow-graph.md).
const WorkflowGraph = dynamic(() => import('./workflow-graph').then((m) => m.WorkflowGraph), {
  ssr: false,
  loading: () => (
    <p className={styles.loading} aria-busy="true">
      Loading the workflow graph…
    </p>
  ),
});

/**
 * The execution's workflow: the state machine's definition drawn with every state marked from the
 * logged events, or, when the definition could not be read, why there is no graph (the events are in
 * the CloudWatch Logs panel either way).
 */
export function WorkflowSection({ data }: { data: ExecutionDto }) {
  const unreadable = data.stateMachine.definitionUnreadable;
  return (
    <section className={`panel ${styles.section}`} aria-labelledby="workflow-heading" data-testid="workflow">
      <h2 id="workflow-heading" className={styles.title}>
        Workflow
      </h2>
      {data.definition === null ? (
        <p className={styles.statement} data-testid="workflow-unavailable">
          {unreadable
            ? `No graph: the state machine’s definition could not be read (${unreadable.error}${unreadable.kmsKeyId ? ` on KMS key ${unreadable.kmsKeyId}` : ''}). It is encrypted with a customer-managed KMS key and sfn-lens may not decrypt it (kms:Decrypt); the execution’s logged events are shown in the CloudWatch Logs panel.`
            : 'No graph: Step Functions returned no definition for this state machine. The execution’s logged events are shown in the CloudWatch Logs panel.'}
        </p>
      ) : (
        <WorkflowGraph definition={data.definition} events={data.logs.events} level={data.stateMachine.logging.level} eventsRead={data.logs.read} verdict={data.verdict.cause} />
      )}
    </section>
  );
}
