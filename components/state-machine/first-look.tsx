'use client';

import dynamic from 'next/dynamic';
import { formatUtc } from '@/lib/domain/format';
import type { FirstLookDto } from '@/lib/query/options';
import { Banner } from '../banner';
import { FailedRead } from '../failed-read';
import { TimeRangePicker } from '../time-range/time-range-picker';
import { ReadProgress } from './read-progress';
import { StateMachineHeader } from './state-machine-header';

// The chart library loads after the page is usable, as on the full view (state-machine-view.tsx).
const MetricsOnlyChart = dynamic(() => import('./reconciliation-chart').then((m) => m.MetricsOnlyChart), {
  ssr: false,
  loading: () => (
    <div className="chart chart-loading" aria-busy="true" aria-label="Loading the chart">
      <span className="muted">Loading the chart…</span>
    </div>
  ),
});

/**
 * A cold state machine view while its Logs Insights queries run (docs/cold-views.md), in the order it
 * is known: the logging health (configuration and metrics), the metrics chart, the window, and what is
 * being read with its progress and Stop. The executions table, the logs' side of the chart and every
 * verdict wait for the queries to finish: nothing is judged from a partial aggregate.
 */
export function FirstLook({ arn, firstLook }: { arn: string; firstLook: FirstLookDto }) {
  const { partial } = firstLook;
  return (
    <div className="sm-page" aria-busy="true" data-testid="first-look">
      <StateMachineHeader
        stateMachine={firstLook.stateMachine}
        health={firstLook.health}
        toolbar={
          <div className="toolbar sm-toolbar">
            <TimeRangePicker navigation="client" />
          </div>
        }
      />
      <p className="muted small" data-testid="first-look-health-note">
        The health is that of the configuration and the metrics: whether events arrive is known when the logs are read.
      </p>
      {partial.length > 0 ? (
        <Banner tone="warn" title="Partial results: some reads failed, the rest is shown" testId="banner-partial">
          <ul>
            {partial.map((p, i) => (
              <li key={`${p.action}-${i}`}>
                Could not read {p.what}: <FailedRead read={p} />
              </li>
            ))}
          </ul>
        </Banner>
      ) : null}
      <section className="panel chart-panel" aria-labelledby="chart-h">
        <h2 id="chart-h">Metrics, per {firstLook.metricsPeriodSeconds > 60 ? 'period' : 'minute'} (the logs are being read)</h2>
        <MetricsOnlyChart minutes={firstLook.minutes} metricsPeriodSeconds={firstLook.metricsPeriodSeconds} />
      </section>
      <p data-testid="first-look-window">
        Window: {formatUtc(firstLook.window.from, 'minute')} to {formatUtc(firstLook.window.to, 'minute')}
      </p>
      <section className="panel" aria-labelledby="reading-h" data-testid="first-look-reading">
        <h2 id="reading-h">Being read</h2>
        {firstLook.reading.length === 0 ? (
          <p className="muted">No log group is configured: nothing to read in CloudWatch Logs.</p>
        ) : (
          <ul>
            {firstLook.reading.map((r) => (
              <li key={r.label}>
                Logs Insights, {r.label}: <code>{r.logGroup}</code>, {formatUtc(r.from, 'minute')} to {formatUtc(r.to, 'minute')}
              </li>
            ))}
          </ul>
        )}
        <ReadProgress arn={arn} />
      </section>
      <div aria-hidden="true">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="skeleton skeleton-row" />
        ))}
      </div>
    </div>
  );
}
