import { ReadProgress } from './read-progress';

/**
 * Stands in for the state machine view while its first read runs: a cold read of a busy log group is
 * Logs Insights scanning hours of events (tens of seconds), so it says which state machine and why.
 */
export function StateMachineSkeleton({ name = null, arn = null, label = 'Reading Step Functions, CloudWatch metrics and Logs Insights…' }: { name?: string | null; arn?: string | null; label?: string }) {
  return (
    <div className="skeleton-page" aria-busy="true" aria-live="polite">
      {name ? (
        <p className="skeleton-name" data-testid="loading-name">
          {name}
        </p>
      ) : (
        <div className="skeleton skeleton-title" />
      )}
      <div className="skeleton skeleton-line" style={{ width: '40%' }} />
      <div className="sm-columns">
        <div className="skeleton skeleton-panel" />
        <div className="skeleton skeleton-panel" />
      </div>
      <p className="muted">
        {label} <span className="small">A first read of a busy log group scans hours of events and can take tens of seconds; every other viewer then shares it.</span>
      </p>
      {arn ? <ReadProgress arn={arn} /> : null}
      <div className="skeleton skeleton-chart" />
      {Array.from({ length: 10 }, (_, i) => (
        <div key={i} className="skeleton skeleton-row" />
      ))}
    </div>
  );
}
