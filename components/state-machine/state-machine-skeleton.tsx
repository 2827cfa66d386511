/** Stands in for the state machine view while its first read runs (Logs Insights can take seconds). */
export function StateMachineSkeleton({ label = 'Reading Step Functions, CloudWatch metrics and Logs Insights…' }: { label?: string }) {
  return (
    <div className="skeleton-page" aria-busy="true" aria-live="polite">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-line" style={{ width: '40%' }} />
      <div className="sm-columns">
        <div className="skeleton skeleton-panel" />
        <div className="skeleton skeleton-panel" />
      </div>
      <p className="muted">{label}</p>
      <div className="skeleton skeleton-chart" />
      {Array.from({ length: 10 }, (_, i) => (
        <div key={i} className="skeleton skeleton-row" />
      ))}
    </div>
  );
}
