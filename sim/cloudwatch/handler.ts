// CloudWatch GetMetricData. SDK 3.1164 speaks AWS JSON 1.0 with awsQueryCompatible
// (`X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`); timestamps are epoch seconds (docs/aws-behaviour.md §9).
// Resolution depends on age (docs/aws-behaviour.md §11.2): a StartTime more than 3 hours ago needs a
// period that is a multiple of 60 s (up to 15 days), 300 s (15–63 days) or 3600 s (older), else no
// data points come back; 1-minute data is kept 15 days, 5-minute 63 days, 1-hour 455 days.

import { AwsError, decodeToken, encodeToken, parseJsonBody } from '../protocol';
import type { SimResponse } from '../iam/handler';

export type MetricSource = (q: {
  namespace: string;
  metricName: string;
  dimensions: Array<{ Name: string; Value: string }>;
  startMs: number;
  endMs: number;
  periodSec: number;
  stat: string;
}) => Array<{ timestampMs: number; value: number }> | null; // null = unknown metric → empty result

/** A result answered with a StatusCode other than Complete (fault injection, `/__sim/faults` `metricStatus`). */
export interface MetricStatusFault {
  /** The metric this applies to (any when absent). */
  metricName?: string;
  /** A dimension value (e.g. the StateMachineArn) this applies to; a trailing `*` is a prefix. Any when absent. */
  dimensionValue?: string;
  statusCode: 'PartialData' | 'InternalError' | 'Forbidden';
}

export interface CloudWatchOptions {
  /** The simulated account's clock (ms): the age of StartTime decides the periods that return data. */
  now?: number;
  statusFaults?: readonly MetricStatusFault[];
}

const CT = 'application/x-amz-json-1.0';
const TARGET = 'GraniteServiceVersion20100801.GetMetricData';
const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;
/** Periods below a minute exist only for high-resolution metrics. */
const SUB_MINUTE_PERIODS = [1, 5, 10, 20, 30];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The period granularity a StartTime of this age needs, and the one CloudWatch rounds it down to
 * (null: any period). Where the docs' ranges meet ("between 3 hours and 15 days", "between 15 and 63
 * days") the simulator takes the coarser rule: the least favourable reading.
 */
export function requiredPeriodSec(startAgeMs: number): number | null {
  if (startAgeMs >= 63 * DAY_MS) return 3600;
  if (startAgeMs >= 15 * DAY_MS) return 300;
  if (startAgeMs > 3 * HOUR_MS) return 60;
  return null;
}

/** How long data of each resolution is kept: the finest granularity (s) still held for a datapoint of this age, or null when none is. */
export function retainedGranularitySec(ageMs: number): number | null {
  if (ageMs <= 15 * DAY_MS) return 60;
  if (ageMs <= 63 * DAY_MS) return 300;
  if (ageMs <= 455 * DAY_MS) return 3600;
  return null;
}

/** awsQueryCompatible errors: the shape id in `__type`, the old query code in `x-amzn-query-error`. */
const ERROR_SHAPES: Record<string, { type: string; queryCode?: string }> = {
  InvalidParameterValue: { type: 'com.amazonaws.cloudwatch#InvalidParameterValueException', queryCode: 'InvalidParameterValue' },
  InvalidNextToken: { type: 'com.amazonaws.cloudwatch#InvalidNextToken', queryCode: 'InvalidNextToken' },
  SerializationException: { type: 'com.amazon.coral.service#SerializationException' },
  UnknownOperationException: { type: 'com.amazon.coral.service#UnknownOperationException' },
};

export function handleCloudWatchRequest(target: string, body: string, source: MetricSource, opts: CloudWatchOptions = {}): SimResponse {
  try {
    if (target !== TARGET) throw new AwsError(400, 'UnknownOperationException', `Operation ${target} is not supported by this endpoint.`);
    const now = opts.now ?? Date.now();
    return { status: 200, headers: { 'content-type': CT }, body: JSON.stringify(getMetricData(parseJsonBody(body), source, now, opts.statusFaults ?? [])) };
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    const shape = ERROR_SHAPES[e.code] ?? { type: e.code };
    const headers: Record<string, string> = { 'content-type': CT };
    if (shape.queryCode) headers['x-amzn-query-error'] = `${shape.queryCode};Sender`;
    return { status: e.status, headers, body: JSON.stringify({ __type: shape.type, message: e.message }) };
  }
}

const invalid = (message: string) => new AwsError(400, 'InvalidParameterValue', message);

interface Query {
  id: string;
  label: string;
  points: Array<{ timestampMs: number; value: number }>;
  fault: MetricStatusFault['statusCode'] | null;
}

function faultFor(faults: readonly MetricStatusFault[], metricName: string, dimensions: ReadonlyArray<{ Value: string }>): MetricStatusFault['statusCode'] | null {
  const valueMatches = (pattern: string) =>
    dimensions.some((d) => (pattern.endsWith('*') ? d.Value.startsWith(pattern.slice(0, -1)) : d.Value === pattern));
  const f = faults.find((x) => (x.metricName === undefined || x.metricName === metricName) && (x.dimensionValue === undefined || valueMatches(x.dimensionValue)));
  return f?.statusCode ?? null;
}

function getMetricData(p: Record<string, unknown>, source: MetricSource, now: number, faults: readonly MetricStatusFault[]) {
  const requestedStartMs = epochMs(p, 'StartTime');
  const endMs = epochMs(p, 'EndTime');
  // CloudWatch rounds StartTime down to the granularity its age allows (a minute when younger than 15 days).
  const required = requiredPeriodSec(now - requestedStartMs);
  const startRoundSec = required ?? 60;
  const startMs = Math.floor(requestedStartMs / (startRoundSec * 1000)) * startRoundSec * 1000;
  if (startMs >= endMs) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  const scanBy = p.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw invalid(`The value ${String(scanBy)} for parameter ScanBy is not valid.`);
  }
  const maxDatapoints = p.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
  if (typeof maxDatapoints !== 'number' || !Number.isInteger(maxDatapoints) || maxDatapoints < 1) {
    throw invalid('The parameter MaxDatapoints must be a positive integer.');
  }

  const raw = p.MetricDataQueries;
  if (!Array.isArray(raw) || raw.length === 0) throw invalid('The parameter MetricDataQueries is required and must not be empty.');
  if (raw.length > MAX_QUERIES) throw invalid(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  const seen = new Set<string>();
  const queries: Query[] = [];
  raw.forEach((q: unknown, i) => {
    const member = `MetricDataQueries.member.${i + 1}`;
    const query = asObject(q, member);
    const id = query.Id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id) || id.length > 255) {
      throw invalid(`The value ${String(id)} for parameter ${member}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`);
    }
    if (seen.has(id)) throw invalid(`The value ${id} for parameter ${member}.Id is not unique.`);
    seen.add(id);
    if (query.Expression !== undefined) throw invalid(`${member}.Expression: metric math expressions are not supported by the simulated account.`);
    if (query.MetricStat === undefined) throw invalid(`Exactly one element of MetricStat or Expression must be set in ${member}.`);
    const { metricName, dimensions, points } = runMetricStat(asObject(query.MetricStat, `${member}.MetricStat`), `${member}.MetricStat`, startMs, endMs, source, now, required);
    if (query.ReturnData === false) return;
    points.sort((a, b) => (scanBy === 'TimestampAscending' ? a.timestampMs - b.timestampMs : b.timestampMs - a.timestampMs));
    const fault = faultFor(faults, metricName, dimensions);
    // Forbidden: nothing; InternalError and PartialData: some of the points, never said to be all.
    const kept = fault === 'Forbidden' ? [] : fault ? points.slice(0, Math.floor(points.length / 2)) : points;
    queries.push({ id, label: typeof query.Label === 'string' ? query.Label : metricName, points: kept, fault });
  });

  // One datapoint budget across all queries; a query cut short reports PartialData until its last page.
  const offset = decodeToken<{ o: number }>(typeof p.NextToken === 'string' ? p.NextToken : undefined, 'InvalidNextToken')?.o ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new AwsError(400, 'InvalidNextToken', 'The specified token is invalid or has expired.');
  const pageEnd = offset + maxDatapoints;
  let before = 0;
  const results = queries.map(({ id, label, points, fault }) => {
    const from = Math.max(0, offset - before);
    const to = Math.max(0, pageEnd - before);
    before += points.length;
    const page = points.slice(from, to);
    return {
      Id: id,
      Label: label,
      Timestamps: page.map((pt) => pt.timestampMs / 1000),
      Values: page.map((pt) => pt.value),
      StatusCode: fault ?? (to < points.length ? 'PartialData' : 'Complete'),
      ...(fault === 'Forbidden' ? { Messages: [{ Code: 'Forbidden', Value: 'You are not authorized to read this metric.' }] } : {}),
    };
  });
  // A result held at PartialData never completes: its NextToken chain goes on for as long as it is followed.
  const endless = queries.some((q) => q.fault === 'PartialData');
  return {
    MetricDataResults: results,
    ...(pageEnd < before || endless ? { NextToken: encodeToken({ o: pageEnd }) } : {}),
    Messages: [],
  };
}

function runMetricStat(stat: Record<string, unknown>, member: string, startMs: number, endMs: number, source: MetricSource, now: number, required: number | null) {
  const metric = asObject(stat.Metric, `${member}.Metric`);
  if (typeof metric.Namespace !== 'string' || typeof metric.MetricName !== 'string') {
    throw invalid(`The parameters ${member}.Metric.Namespace and ${member}.Metric.MetricName are required.`);
  }
  const period = stat.Period;
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 1 || (period % 60 !== 0 && !SUB_MINUTE_PERIODS.includes(period))) {
    throw invalid(`The parameter ${member}.Period must be 1, 5, 10, 20, 30, or a multiple of 60.`);
  }
  if (typeof stat.Stat !== 'string' || stat.Stat === '') throw invalid(`The parameter ${member}.Stat is required.`);
  const dimensions = (Array.isArray(metric.Dimensions) ? metric.Dimensions : []).map((d: unknown, i) => {
    const dim = asObject(d, `${member}.Metric.Dimensions.member.${i + 1}`);
    return { Name: String(dim.Name), Value: String(dim.Value) };
  });
  // "If the StartTime parameter specifies a time stamp that is greater than 3 hours ago, you must
  // specify the period as follows or no data points in that time range is returned."
  if (required !== null && period % required !== 0) return { metricName: metric.MetricName, dimensions, points: [] };
  const points = source({
    namespace: metric.Namespace,
    metricName: metric.MetricName,
    dimensions,
    startMs,
    endMs,
    periodSec: period,
    stat: stat.Stat,
  });
  // Past retention a datapoint is gone; one whose age keeps only coarser data than the period asked is gone too.
  const kept = (points ?? []).filter((pt) => {
    if (pt.timestampMs < startMs || pt.timestampMs >= endMs) return false;
    const granularity = retainedGranularitySec(now - pt.timestampMs);
    return granularity !== null && period % granularity === 0;
  });
  return { metricName: metric.MetricName, dimensions, points: kept };
}

function epochMs(p: Record<string, unknown>, key: string): number {
  const v = p[key];
  if (v === undefined || v === null) throw invalid(`The parameter ${key} is required.`);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`The parameter ${key} must be a timestamp.`);
  return v * 1000;
}

function asObject(v: unknown, member: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw invalid(`The parameter ${member} must be a structure.`);
  return v as Record<string, unknown>;
}
