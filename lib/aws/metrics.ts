import 'server-only';
import { paginateGetMetricData, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { metricsPeriodSeconds, metricsRetained, resolutionWords } from '@/lib/domain/metric-resolution';
import type { MetricMinute, MetricSeries, PartialRead } from '@/lib/domain/types';
import { getClients } from './clients';
import { awsPages } from './errors';

// AWS/States execution metrics by StateMachineArn, Sum per period (docs/aws-behaviour.md §6).
// Best-effort and duplicate-prone on AWS's side: a cross-check, never per-execution truth.
// The period follows the window's age and a result that is not Complete is never read as a count
// (docs/aws-behaviour.md §11.2).

const METRICS = {
  started: 'ExecutionsStarted',
  succeeded: 'ExecutionsSucceeded',
  failed: 'ExecutionsFailed',
  timedOut: 'ExecutionsTimedOut',
  aborted: 'ExecutionsAborted',
} as const;

type MetricKey = keyof typeof METRICS;

/** Pages one read follows at most: the 5 results of a 7-day window fit one page (100,800 data points). */
export const MAX_METRIC_PAGES = 10;

export interface MetricsReadOptions {
  /** The clock the window's age is measured against (passed in: time is an input). */
  now: number;
  /** A coarser period (s) than the age needs, e.g. the chart's bin; rounded up to a multiple of the needed one. */
  periodSeconds?: number;
}

export async function getExecutionMetrics(stateMachineArn: string, fromMs: number, toMs: number, opts: MetricsReadOptions): Promise<MetricSeries> {
  const needed = metricsPeriodSeconds(fromMs, opts.now);
  const periodSeconds = opts.periodSeconds ? Math.ceil(opts.periodSeconds / needed) * needed : needed;
  const periodMs = periodSeconds * 1000;
  const start = Math.floor(fromMs / periodMs) * periodMs;
  const end = Math.max(start + periodMs, Math.ceil(toMs / periodMs) * periodMs);
  const incomplete = (metric: string, error: string, message: string): PartialRead => ({
    action: 'cloudwatch:GetMetricData',
    error,
    message,
    what: `execution metrics (${metric} of ${stateMachineArn}, ${resolutionWords(periodSeconds)} periods)`,
  });
  if (!metricsRetained(start, opts.now)) {
    return {
      stateMachineArn,
      periodSeconds,
      bins: null,
      incomplete: [incomplete('AWS/States', 'BeyondRetention', 'CloudWatch keeps metric data 455 days at most (1-hour resolution): this window starts before that.')],
    };
  }
  const queries: MetricDataQuery[] = Object.entries(METRICS).map(([id, metricName]) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/States', MetricName: metricName, Dimensions: [{ Name: 'StateMachineArn', Value: stateMachineArn }] },
      Period: periodSeconds,
      Stat: 'Sum',
    },
    ReturnData: true,
  }));
  const byBin = new Map<number, MetricMinute>();
  const row = (minute: number): MetricMinute => {
    let r = byBin.get(minute);
    if (!r) {
      r = { minute, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0 };
      byBin.set(minute, r);
    }
    return r;
  };
  // The last StatusCode of each result; InternalError and Forbidden stick (their points may be partial).
  const status = new Map<MetricKey, { code: string; message: string }>();
  const { cloudwatch } = getClients(stateMachineArn);
  const input = { MetricDataQueries: queries, StartTime: new Date(start), EndTime: new Date(end), ScanBy: 'TimestampAscending' as const };
  let nextToken: string | undefined;
  let pages = 0;
  // Past MAX_METRIC_PAGES the read stops without failing: a result left PartialData is named below.
  for await (const out of awsPages('cloudwatch:GetMetricData', paginateGetMetricData, cloudwatch, input)) {
    pages++;
    for (const result of out.MetricDataResults ?? []) {
      const key = result.Id as MetricKey | undefined;
      if (!key || !(key in METRICS)) continue;
      const code = result.StatusCode ?? 'Complete';
      const previous = status.get(key);
      if (previous?.code !== 'InternalError' && previous?.code !== 'Forbidden') {
        status.set(key, { code, message: (result.Messages ?? []).map((m) => [m.Code, m.Value].filter(Boolean).join(': ')).join('; ') });
      }
      (result.Timestamps ?? []).forEach((t, i) => {
        row(Math.floor(t.getTime() / periodMs) * periodMs)[key] += result.Values?.[i] ?? 0;
      });
    }
    nextToken = out.NextToken;
    if (pages >= MAX_METRIC_PAGES) break;
  }

  const missing: PartialRead[] = [];
  for (const [key, metricName] of Object.entries(METRICS) as Array<[MetricKey, string]>) {
    const s = status.get(key);
    if (!s) {
      missing.push(incomplete(metricName, 'MissingResult', 'GetMetricData returned no result for this metric.'));
    } else if (s.code === 'PartialData') {
      missing.push(incomplete(metricName, 'PartialData', nextToken ? `GetMetricData still reported PartialData after ${pages} pages; sfn-lens stopped following NextToken.` : 'GetMetricData reported PartialData and no NextToken to finish it.'));
    } else if (s.code !== 'Complete') {
      missing.push(incomplete(metricName, s.code, `GetMetricData returned StatusCode ${s.code}${s.message ? ` (${s.message})` : ''}: its data points are not a count.`));
    }
  }
  return {
    stateMachineArn,
    periodSeconds,
    bins: missing.length > 0 ? null : [...byBin.values()].sort((a, b) => a.minute - b.minute),
    incomplete: missing,
  };
}
