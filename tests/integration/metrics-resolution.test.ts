// CloudWatch metrics as AWS serves them (docs/aws-behaviour.md §11.2, §11.3): the period a window's
// age allows, results that are not Complete, and Distributed Map children in their own labelled
// series. Through the JSON API, on the shared simulated account.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { groundTruth, recordedRequests, setFaults, smArn } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

interface Counts {
  started: number;
  terminal: number;
}
interface Minute {
  minute: string;
  metrics: Counts | null;
  logs: Counts | null;
  gap: number | null;
  cause: string;
  detail: string;
  summary: string;
}
interface ExecutionsBody {
  minutes: Minute[];
  metricsPeriodSeconds: number;
  mapChildren: { series: string[]; seriesNotRead: number; minutes: Minute[] } | null;
  partial: Array<{ action: string; error: string; what: string; message: string }>;
}

/** Every window of this file is new (its own milliseconds), so no shared read from an earlier test answers it. */
let seq = 0;
function window(fromMs: number, toMs: number): string {
  seq++;
  return `?from=${encodeURIComponent(new Date(fromMs + seq).toISOString())}&to=${encodeURIComponent(new Date(toMs + seq).toISOString())}`;
}

async function executions(name: string, query: string): Promise<ExecutionsBody> {
  const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn(name))}/executions${query}`);
  expect(r.status, await r.clone().text()).toBe(200);
  return (await r.json()) as ExecutionsBody;
}

afterEach(async () => {
  await setFaults(simUrl, null);
});

describe('metric results that are not Complete are not counts', () => {
  it('a metric answered InternalError leaves the minutes "metrics unavailable", never "metrics and logs agree"', async () => {
    await setFaults(simUrl, { metricStatus: [{ metricName: 'ExecutionsSucceeded', dimensionValue: smArn('billing-standard'), statusCode: 'InternalError' }] });
    const now = Date.now();
    const body = await executions('billing-standard', window(now - 50 * MIN, now - 20 * MIN));
    expect(body.partial).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'cloudwatch:GetMetricData', error: 'InternalError' })]));
    expect(body.minutes.length).toBeGreaterThan(0);
    for (const m of body.minutes) {
      expect(m.metrics, m.minute).toBeNull();
      expect(m.cause, m.minute).toBe('insufficient-evidence');
      expect(m.summary, m.minute).toContain('Metrics unavailable');
    }
  });

  it('a metric answered Forbidden is a denied read, named', async () => {
    await setFaults(simUrl, { metricStatus: [{ metricName: 'ExecutionsStarted', statusCode: 'Forbidden' }] });
    const now = Date.now();
    const body = await executions('billing-standard', window(now - 50 * MIN, now - 20 * MIN));
    expect(body.partial).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'cloudwatch:GetMetricData', error: 'Forbidden' })]));
    expect(body.minutes.every((m) => m.cause === 'insufficient-evidence' && m.detail === 'read-denied')).toBe(true);
  });

  it('a result that stays PartialData is followed a bounded number of pages, then named as partial', async () => {
    await setFaults(simUrl, { metricStatus: [{ dimensionValue: smArn('billing-standard'), statusCode: 'PartialData' }] });
    const since = Date.now();
    const body = await executions('billing-standard', window(since - 50 * MIN, since - 20 * MIN));
    expect(body.partial).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'cloudwatch:GetMetricData', error: 'PartialData' })]));
    expect(body.minutes.every((m) => m.metrics === null)).toBe(true);
    const calls = (await recordedRequests(simUrl, since)).requests.filter((r) => r.action === 'cloudwatch:GetMetricData' && r.body.includes('billing-standard'));
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.length).toBeLessThanOrEqual(10);
  });
});

describe('metric resolution by the age of the window (docs/aws-behaviour.md §11.2)', () => {
  it('reads a window that starts 16 days ago at Period 300 and says so', async () => {
    const since = Date.now();
    const from = since - 16 * DAY;
    const body = await executions('billing-standard', window(from, from + 60 * MIN));
    expect(body.metricsPeriodSeconds).toBe(300);
    // Bins of the period: a 1-hour window is 12 (or 13 when it starts mid-period) bins of 5 minutes.
    const starts = body.minutes.map((m) => Date.parse(m.minute));
    expect(starts.every((t, i) => i === 0 || t - starts[i - 1]! === 5 * MIN)).toBe(true);
    const asked = (await recordedRequests(simUrl, since)).requests.filter((r) => r.action === 'cloudwatch:GetMetricData' && r.body.includes('billing-standard'));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((r) => /"Period":300/.test(r.body))).toBe(true);
  });

  it('reads a window of the last hours at Period 60', async () => {
    const now = Date.now();
    const body = await executions('billing-standard', window(now - 40 * MIN, now - 10 * MIN));
    expect(body.metricsPeriodSeconds).toBe(60);
  });
});

describe('Distributed Map children in their own series (batch-standard-dmap, docs/aws-behaviour.md §11.3)', () => {
  it('compares the parent’s minutes with the parent’s executions only, and the children with their labelled series', async () => {
    const now = Date.now();
    const to = Math.floor((now - 20 * MIN) / MIN) * MIN;
    const from = to - 60 * MIN;
    const body = await executions('batch-standard-dmap', window(from, to));
    const sum = (ms: Minute[], side: 'metrics' | 'logs', k: keyof Counts) => ms.reduce((a, m) => a + (m[side]?.[k] ?? 0), 0);

    // The parent's minutes: its own terminal events only, so the logs never exceed what its metrics count.
    const parentMetrics = sum(body.minutes, 'metrics', 'terminal');
    expect(parentMetrics).toBeGreaterThan(0);
    expect(sum(body.minutes, 'logs', 'terminal')).toBeLessThanOrEqual(parentMetrics);

    // The children: the labelled series, read, against the children's terminal events.
    expect(body.mapChildren).not.toBeNull();
    const children = body.mapChildren!;
    expect(children.series).toEqual([`${smArn('batch-standard-dmap')}/ProcessItems`]);
    const truth = (await groundTruth(simUrl, 'batch-standard-dmap', from - 5 * MIN, to + MIN, 100_000)).filter((t) => t.parentArn);
    // Both sides cover the whole minutes the window touches.
    const binsFrom = Date.parse(children.minutes[0]!.minute);
    const binsTo = Date.parse(children.minutes.at(-1)!.minute) + MIN;
    const endedInBins = truth.filter((t) => t.endMs >= binsFrom && t.endMs < binsTo);
    const emissions = endedInBins.reduce((a, t) => a + t.statusMetricEmissions, 0);
    expect(sum(children.minutes, 'metrics', 'terminal')).toBe(emissions);

    // A child whose terminal event was dropped shows as a gap in the children's minute it ended in.
    const dropped = endedInBins.filter((t) => t.dropMode === 'terminal' || t.dropMode === 'all');
    expect(dropped.length).toBeGreaterThan(0);
    for (const d of dropped) {
      const m = children.minutes.find((x) => Date.parse(x.minute) <= d.endMs && d.endMs < Date.parse(x.minute) + MIN)!;
      expect(m.gap, m.minute).toBeGreaterThanOrEqual(1);
      expect(m.cause, m.minute).not.toBe('consistent');
    }
  });
});
