import type { ExecutionsDto } from '@/lib/query/options';
import { formatCount } from '@/lib/domain/format';

/** No executions in the window: say so, and what CloudWatch metrics and the logging health say. */
export function ExecutionsEmpty({ view, rangeWords }: { view: ExecutionsDto; rangeWords: string }) {
  const withMetrics = view.minutes.filter((m) => m.metrics !== null);
  const started = withMetrics.reduce((a, m) => a + (m.metrics?.started ?? 0), 0);
  const ended = withMetrics.reduce((a, m) => a + (m.metrics?.terminal ?? 0), 0);
  const topFinding = view.health.findings.find((f) => f.severity === 'error') ?? view.health.findings[0];
  let metrics: React.ReactNode;
  if (withMetrics.length === 0) {
    metrics = 'CloudWatch metrics could not be read either, so sfn-lens cannot tell whether anything ran.';
  } else if (started === 0 && ended === 0) {
    metrics = `CloudWatch metrics agree: no executions started or ended in the ${rangeWords}.`;
  } else {
    metrics = (
      <>
        Yet CloudWatch metrics count <strong>{formatCount(started)} started</strong> and <strong>{formatCount(ended)} ended</strong> in the {rangeWords}
        {view.stateMachine.type === 'EXPRESS' ? ', and CloudWatch Logs holds no event of any of them' : ''}
        {topFinding ? (
          <>
            : <strong>{topFinding.title}</strong> (see logging health above).
          </>
        ) : (
          '.'
        )}
      </>
    );
  }
  return (
    <div className="panel empty" data-testid="executions-empty">
      <h3>No executions in this window</h3>
      <p>{metrics}</p>
    </div>
  );
}
