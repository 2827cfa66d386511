import type { ExecutionDto } from '@/lib/query/options';
import { StatusBadge } from './badges';
import { JsonTree } from './json-tree';
import styles from './execution.module.css';
import { formatCount, formatDuration, formatUtc } from '@/lib/domain/format';
import { durationBetween } from './format';

type Service = ExecutionDto['service'];
type ServiceRecord = NonNullable<Service['record']>;
type MinuteMetrics = NonNullable<Service['minuteMetrics']>;

/** CloudWatch publishes AWS/States metrics with a delay: a minute this recent may still be counting. */
const METRICS_SETTLE_MS = 3 * 60_000;

function sourceLabel(record: ServiceRecord): string {
  if (record.mapRunArn) return 'Map Run child · DescribeExecution';
  if (record.source === 'describe-execution') return 'DescribeExecution';
  if (record.source === 'list-executions') return 'ListExecutions';
  if (record.source === 'map-run') return 'Map Run';
  return record.source;
}

function ServiceRecordFacts({ record, payloadsOmitted }: { record: ServiceRecord; payloadsOmitted: boolean }) {
  return (
    <>
      <div className={styles.statusLine}>
        <StatusBadge status={record.status} large testId="service-status" />
        <span className={styles.sourceChip} title="The Step Functions API this record comes from">
          {sourceLabel(record)}
        </span>
      </div>
      <dl className={styles.facts}>
        <dt>Started</dt>
        <dd>{formatUtc(record.startDate, 'ms')}</dd>
        <dt>Stopped</dt>
        <dd>{record.stopDate ? formatUtc(record.stopDate, 'ms') : 'not yet'}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(durationBetween(record.startDate, record.stopDate))}</dd>
        {record.error ? (
          <>
            <dt>Error</dt>
            <dd className={styles.errorText}>{record.error}</dd>
          </>
        ) : null}
        {record.cause ? (
          <>
            <dt>Cause</dt>
            <dd className={styles.errorText}>{record.cause}</dd>
          </>
        ) : null}
        {record.mapRunArn ? (
          <>
            <dt>Map Run</dt>
            <dd className="mono">{record.mapRunArn}</dd>
          </>
        ) : null}
      </dl>
      {payloadsOmitted ? (
        <p className={styles.note}>Input and output were left out of this snapshot.</p>
      ) : (
        <>
          <Payload title="Input" value={record.input} />
          <Payload title="Output" value={record.output} />
        </>
      )}
    </>
  );
}

function Payload({ title, value }: { title: string; value: string | null }) {
  if (value === null) return null;
  return (
    <details className={styles.payload}>
      <summary>
        {title} <span className="muted">({formatCount(value.length)} characters)</span>
      </summary>
      <JsonTree value={value} label={`Execution ${title.toLowerCase()}`} />
    </details>
  );
}

function MinuteMetricsTable({ metrics, generatedAt }: { metrics: MinuteMetrics; generatedAt: string }) {
  const periodMin = Math.max(1, Math.round((metrics.periodSeconds ?? 60) / 60));
  const recent = Date.parse(generatedAt) - Date.parse(metrics.minute) - (periodMin - 1) * 60_000 < METRICS_SETTLE_MS;
  // An old execution's minute is no longer kept: CloudWatch answers at 5-minute or 1-hour resolution (docs/aws-behaviour.md §11.2).
  const span = periodMin === 1 ? 'the minute' : `the ${periodMin >= 60 && periodMin % 60 === 0 ? `${periodMin / 60}-hour` : `${periodMin}-minute`} period from`;
  const series = metrics.stateMachineArn?.includes('/') ? 'this Map Run’s children (labelled series)' : 'the state machine';
  const cells: Array<[string, number]> = [
    ['Started', metrics.started],
    ['Succeeded', metrics.succeeded],
    ['Failed', metrics.failed],
    ['Timed out', metrics.timedOut],
    ['Aborted', metrics.aborted],
  ];
  return (
    <div className={styles.metrics} data-testid="minute-metrics">
      <div className={styles.metricsHead}>
        Executions of {series} in {span} {formatUtc(metrics.minute, 'minute')}{' '}
        <span className="muted">(AWS/States, Sum)</span>
      </div>
      <div className={styles.metricCells}>
        {cells.map(([label, n]) => (
          <div key={label} className={styles.metricCell}>
            <span className={styles.metricValue}>{formatCount(n)}</span>
            <span className={styles.metricLabel}>{label}</span>
          </div>
        ))}
      </div>
      {recent ? <p className={styles.note}>This minute is recent: CloudWatch may still be adding to its counts.</p> : null}
    </div>
  );
}

/** "Step Functions says": the service record, or why there is none and what stands in for it. */
export function ServicePanel({ service, generatedAt, payloadsOmitted = false }: { service: Service; generatedAt: string; payloadsOmitted?: boolean }) {
  return (
    <section className={`panel ${styles.sidePanel}`} aria-labelledby="service-heading" data-testid="service-panel">
      <h2 id="service-heading" className={styles.panelTitle}>
        Step Functions says
      </h2>
      {service.record ? (
        <ServiceRecordFacts record={service.record} payloadsOmitted={payloadsOmitted} />
      ) : (
        <>
          <div className={styles.statusLine}>
            <StatusBadge status={service.absence === 'not-read' ? 'NOT READ' : 'NO RECORD'} large testId="service-status" />
          </div>
          <p className={styles.statement} data-testid="service-statement">
            {service.statement}
          </p>
          {service.minuteMetrics ? (
            <MinuteMetricsTable metrics={service.minuteMetrics} generatedAt={generatedAt} />
          ) : (
            <p className="muted">No minute to count: neither the logs nor a record say when this execution started.</p>
          )}
        </>
      )}
    </section>
  );
}
