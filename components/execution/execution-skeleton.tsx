import styles from './execution.module.css';

function Bar({ width }: { width: string }) {
  return <span className={styles.skeletonBar} style={{ width }} />;
}

/** Stands in for the execution view while both sides are read. */
export function ExecutionSkeleton() {
  return (
    <div className={styles.page} aria-busy="true" aria-label="Loading the execution" data-testid="execution-skeleton">
      <div className={styles.header}>
        <Bar width="220px" />
        <Bar width="420px" />
      </div>
      <div className={styles.panels}>
        {['Step Functions says', 'CloudWatch Logs says'].map((title) => (
          <section key={title} className={`panel ${styles.sidePanel}`}>
            <h2 className={styles.panelTitle}>{title}</h2>
            <Bar width="90px" />
            <Bar width="70%" />
            <Bar width="55%" />
            <Bar width="80%" />
          </section>
        ))}
      </div>
      <section className={`panel ${styles.diagnosis}`}>
        <h2 className={styles.panelTitle}>Diagnosis</h2>
        <p className="muted">Reading the execution record, its log events, its minute’s metrics and its neighbours…</p>
        <Bar width="60%" />
      </section>
    </div>
  );
}
