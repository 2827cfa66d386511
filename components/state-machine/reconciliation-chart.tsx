'use client';

import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, Line, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import type { VerdictCause } from '@/lib/domain/types';
import type { ExecutionsDto } from '@/lib/query/options';
import { CauseBadge } from '../verdict/cause-badge';
import { formatClock, formatCount } from '@/lib/domain/format';

type MinuteDto = ExecutionsDto['minutes'][number];

interface Point {
  t: number;
  metrics: number | null;
  logged: number | null;
  shortfall: number;
  cause: VerdictCause;
  one: 1;
  m: MinuteDto;
}

const Y_AXIS_WIDTH = 44;
const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };

const causeFill = (cause: VerdictCause) => `var(--cause-${cause})`;

function MinuteTooltip({ active, payload, stepMin }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Point }>; stepMin: number }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  const { m } = p;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-head">
        {formatClock(p.t)}
        {stepMin > 1 ? `–${formatClock(p.t + stepMin * 60_000)}` : ''} UTC <CauseBadge cause={m.cause} />
      </div>
      <table>
        <tbody>
          <tr>
            <th scope="row">Metrics (AWS/States)</th>
            <td>{m.metrics ? `${formatCount(m.metrics.terminal)} ended · ${formatCount(m.metrics.started)} started` : m.cause === 'insufficient-evidence' && m.summary.startsWith('Metrics unavailable') ? 'unavailable (incomplete read)' : 'not read'}</td>
          </tr>
          <tr>
            <th scope="row">CloudWatch Logs</th>
            <td>{m.logs ? `${formatCount(m.logs.terminal)} ended · ${formatCount(m.logs.started)} started` : 'not read'}</td>
          </tr>
          <tr>
            <th scope="row">Gap</th>
            <td>{m.gap === null ? 'unknown' : m.gap > 0 ? `${formatCount(m.gap)} not logged` : m.gap < 0 ? `logs ahead by ${formatCount(-m.gap)}` : 'none'}</td>
          </tr>
        </tbody>
      </table>
      <p>{m.summary}</p>
    </div>
  );
}

/**
 * Per minute: terminal events CloudWatch Logs holds (bars), what CloudWatch metrics count (line),
 * the shortfall stacked on top in the colour of the minute's cause, and the not-yet-settled window shaded.
 */
export function ReconciliationChart({
  minutes,
  lagFrom,
  isExpress,
  metricsPeriodSeconds = 60,
}: {
  minutes: readonly MinuteDto[];
  lagFrom: number | null;
  isExpress: boolean;
  /** The metrics' resolution: coarser than a minute for a window that starts 15 or 63 days ago (docs/aws-behaviour.md §11.2). */
  metricsPeriodSeconds?: number;
}) {
  const resolution = metricsPeriodSeconds % 3600 === 0 ? `${metricsPeriodSeconds / 3600}-hour` : `${Math.round(metricsPeriodSeconds / 60)}-minute`;
  const data: Point[] = minutes.map((m) => ({
    t: Date.parse(m.minute),
    metrics: m.metrics?.terminal ?? null,
    logged: m.logs?.terminal ?? null,
    shortfall: m.gap !== null && m.gap > 0 ? m.gap : 0,
    cause: m.cause,
    one: 1,
    m,
  }));
  const first = data[0];
  const last = data[data.length - 1];
  const second = data[1];
  const stepMin = first && second ? Math.round((second.t - first.t) / 60_000) : 1;
  const lagStart = lagFrom === null ? undefined : data.find((d) => d.t + stepMin * 60_000 > lagFrom);
  const ticks = (v: number) => formatClock(v, 'minute');

  if (!first || !last) return <p className="muted">No minutes in this window.</p>;
  const metricsEnded = minutes.reduce((a, m) => a + (m.metrics?.terminal ?? 0), 0);
  const logsEnded = minutes.reduce((a, m) => a + (m.logs?.terminal ?? 0), 0);
  const flagged = minutes.filter((m) => m.cause !== 'consistent').length;
  const description = `${minutes.length} ${stepMin > 1 ? 'bins' : 'minutes'} from ${formatClock(first.t)} to ${formatClock(last.t)} UTC: metrics count ${formatCount(metricsEnded)} executions ended, CloudWatch Logs holds ${formatCount(logsEnded)} terminal events; ${flagged} ${stepMin > 1 ? 'bins' : 'minutes'} disagree.`;
  return (
    <div className="chart" data-testid="reconciliation-chart">
      <ul className="chart-legend" aria-label="Legend">
        <li>
          <span className="swatch swatch-line" aria-hidden="true" /> Metrics: executions ended{isExpress ? ' (the service-side view)' : ''}
        </li>
        <li>
          <span className="swatch swatch-logs" aria-hidden="true" /> CloudWatch Logs: terminal events
        </li>
        <li>
          <span className="swatch swatch-gap" aria-hidden="true" /> Not logged, coloured by the minute&apos;s cause
        </li>
        {lagStart ? (
          <li>
            <span className="swatch swatch-lag" aria-hidden="true" /> Not yet settled: events may still arrive
          </li>
        ) : null}
      </ul>
      <ComposedChart title="Metrics vs logs per minute" desc={description} data={data} responsive style={{ width: '100%', height: 210 }} margin={MARGIN} syncId="minutes" barCategoryGap={stepMin > 1 ? '10%' : 0}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="t" tickFormatter={ticks} minTickGap={40} stroke="var(--muted)" tick={{ fontSize: 11 }} />
        <YAxis width={Y_AXIS_WIDTH} allowDecimals={false} stroke="var(--muted)" tick={{ fontSize: 11 }} />
        {lagStart ? <ReferenceArea x1={lagStart.t} x2={last.t} fill="var(--lag-shade)" fillOpacity={1} stroke="none" ifOverflow="extendDomain" /> : null}
        <Tooltip content={<MinuteTooltip stepMin={stepMin} />} cursor={{ fill: 'var(--hover)' }} isAnimationActive={false} />
        <Bar dataKey="logged" stackId="a" fill="var(--chart-logs)" isAnimationActive={false} name="CloudWatch Logs" />
        <Bar dataKey="shortfall" stackId="a" isAnimationActive={false} name="Not logged">
          {data.map((d) => (
            <Cell key={d.t} fill={causeFill(d.cause)} />
          ))}
        </Bar>
        <Line dataKey="metrics" type="linear" stroke="var(--chart-metrics)" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} name="Metrics" />
      </ComposedChart>
      <div className="chart-strip" aria-hidden="true">
        <BarChart data={data} responsive style={{ width: '100%', height: 12 }} margin={{ ...MARGIN, top: 0, left: MARGIN.left + Y_AXIS_WIDTH }} syncId="minutes" barCategoryGap={0}>
          <XAxis dataKey="t" hide />
          <YAxis hide domain={[0, 1]} />
          <Bar dataKey="one" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.t} fill={causeFill(d.cause)} fillOpacity={d.cause === 'consistent' ? 0.35 : 1} />
            ))}
          </Bar>
        </BarChart>
      </div>
      <p className="chart-axis-note muted">
        {stepMin > 1 ? `${stepMin}-minute bins` : 'Per minute'}, UTC · {resolution} metrics
        {metricsPeriodSeconds > 60 ? ' (CloudWatch keeps no finer data for a window that starts this long ago)' : ''} · the strip under the chart is each{' '}
        {stepMin > 1 ? 'bin' : 'minute'}&apos;s verdict
      </p>
    </div>
  );
}

/**
 * The metrics' side alone, while the logs' side is being read (docs/cold-views.md): what CloudWatch
 * metrics count per minute, and no verdict, no shortfall: those need the logs.
 */
export function MetricsOnlyChart({ minutes, metricsPeriodSeconds = 60 }: { minutes: ReadonlyArray<{ minute: string; metrics: { terminal: number; started: number } | null }>; metricsPeriodSeconds?: number }) {
  const data = minutes.map((m) => ({ t: Date.parse(m.minute), metrics: m.metrics?.terminal ?? null, started: m.metrics?.started ?? null }));
  const first = data[0];
  const last = data[data.length - 1];
  const second = data[1];
  if (!first || !last) return <p className="muted">No minutes in this window.</p>;
  const stepMin = second ? Math.round((second.t - first.t) / 60_000) : 1;
  const read = minutes.some((m) => m.metrics !== null);
  const ended = minutes.reduce((a, m) => a + (m.metrics?.terminal ?? 0), 0);
  const description = read
    ? `${minutes.length} ${stepMin > 1 ? 'bins' : 'minutes'} from ${formatClock(first.t)} to ${formatClock(last.t)} UTC: metrics count ${formatCount(ended)} executions ended; CloudWatch Logs is being read.`
    : 'The metrics could not be read; CloudWatch Logs is being read.';
  const ticks = (v: number) => formatClock(v, 'minute');
  return (
    <div className="chart" data-testid="reconciliation-chart" data-logs="pending">
      <ul className="chart-legend" aria-label="Legend">
        <li>
          <span className="swatch swatch-line" aria-hidden="true" /> Metrics: executions ended
        </li>
        <li className="muted">CloudWatch Logs: being read (Logs Insights), shown with the verdicts when the queries finish</li>
      </ul>
      <ComposedChart title="Metrics per minute (logs being read)" desc={description} data={data} responsive style={{ width: '100%', height: 210 }} margin={MARGIN} barCategoryGap={0}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="t" tickFormatter={ticks} minTickGap={40} stroke="var(--muted)" tick={{ fontSize: 11 }} />
        <YAxis width={Y_AXIS_WIDTH} allowDecimals={false} stroke="var(--muted)" tick={{ fontSize: 11 }} />
        <Line dataKey="metrics" type="linear" stroke="var(--chart-metrics)" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} name="Metrics" />
      </ComposedChart>
      <p className="chart-axis-note muted">
        {stepMin > 1 ? `${stepMin}-minute bins` : 'Per minute'}, UTC · {metricsPeriodSeconds % 3600 === 0 ? `${metricsPeriodSeconds / 3600}-hour` : `${Math.round(metricsPeriodSeconds / 60)}-minute`} metrics
      </p>
    </div>
  );
}
