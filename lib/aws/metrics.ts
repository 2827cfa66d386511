import 'server-only';
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { MetricMinute } from '@/lib/domain/types';
import { getClients } from './clients';
import { awsCall } from './errors';

// AWS/States execution metrics by StateMachineArn, Sum per minute (AWS-FACTS.md §6).
// Best-effort and duplicate-prone on AWS's side: a cross-check, never per-execution truth.

const METRICS = {
  started: 'ExecutionsStarted',
  succeeded: 'ExecutionsSucceeded',
  failed: 'ExecutionsFailed',
  timedOut: 'ExecutionsTimedOut',
  aborted: 'ExecutionsAborted',
} as const;

export async function getExecutionMetrics(stateMachineArn: string, fromMs: number, toMs: number): Promise<MetricMinute[]> {
  const { cloudwatch } = getClients();
  const start = Math.floor(fromMs / 60_000) * 60_000;
  const end = Math.ceil(toMs / 60_000) * 60_000;
  const queries: MetricDataQuery[] = Object.entries(METRICS).map(([id, metricName]) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/States', MetricName: metricName, Dimensions: [{ Name: 'StateMachineArn', Value: stateMachineArn }] },
      Period: 60,
      Stat: 'Sum',
    },
    ReturnData: true,
  }));
  const byMinute = new Map<number, MetricMinute>();
  const row = (minute: number): MetricMinute => {
    let r = byMinute.get(minute);
    if (!r) {
      r = { minute, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0 };
      byMinute.set(minute, r);
    }
    return r;
  };
  let nextToken: string | undefined;
  do {
    const out = await awsCall('cloudwatch:GetMetricData', () =>
      cloudwatch.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(start), EndTime: new Date(end), ScanBy: 'TimestampAscending', NextToken: nextToken })),
    );
    for (const result of out.MetricDataResults ?? []) {
      const key = result.Id as keyof typeof METRICS | undefined;
      if (!key || !(key in METRICS)) continue;
      (result.Timestamps ?? []).forEach((t, i) => {
        row(Math.floor(t.getTime() / 60_000) * 60_000)[key] += result.Values?.[i] ?? 0;
      });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return [...byMinute.values()].sort((a, b) => a.minute - b.minute);
}
