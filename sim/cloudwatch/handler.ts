// CloudWatch GetMetricData. SDK 3.1164 speaks AWS JSON 1.0 with awsQueryCompatible
// (`X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`); timestamps are epoch seconds (AWS-FACTS.md §9).

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

const CT = 'application/x-amz-json-1.0';
const TARGET = 'GraniteServiceVersion20100801.GetMetricData';
const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;
/** Periods below a minute exist only for high-resolution metrics. */
const SUB_MINUTE_PERIODS = [1, 5, 10, 20, 30];

/** awsQueryCompatible errors: the shape id in `__type`, the old query code in `x-amzn-query-error`. */
const ERROR_SHAPES: Record<string, { type: string; queryCode?: string }> = {
  InvalidParameterValue: { type: 'com.amazonaws.cloudwatch#InvalidParameterValueException', queryCode: 'InvalidParameterValue' },
  InvalidNextToken: { type: 'com.amazonaws.cloudwatch#InvalidNextToken', queryCode: 'InvalidNextToken' },
  SerializationException: { type: 'com.amazon.coral.service#SerializationException' },
  UnknownOperationException: { type: 'com.amazon.coral.service#UnknownOperationException' },
};

export function handleCloudWatchRequest(target: string, body: string, source: MetricSource): SimResponse {
  try {
    if (target !== TARGET) throw new AwsError(400, 'UnknownOperationException', `Operation ${target} is not supported by this endpoint.`);
    return { status: 200, headers: { 'content-type': CT }, body: JSON.stringify(getMetricData(parseJsonBody(body), source)) };
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
}

function getMetricData(p: Record<string, unknown>, source: MetricSource) {
  const startMs = epochMs(p, 'StartTime');
  const endMs = epochMs(p, 'EndTime');
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
    const { metricName, points } = runMetricStat(asObject(query.MetricStat, `${member}.MetricStat`), `${member}.MetricStat`, startMs, endMs, source);
    if (query.ReturnData === false) return;
    points.sort((a, b) => (scanBy === 'TimestampAscending' ? a.timestampMs - b.timestampMs : b.timestampMs - a.timestampMs));
    queries.push({ id, label: typeof query.Label === 'string' ? query.Label : metricName, points });
  });

  // One datapoint budget across all queries; a query cut short reports PartialData until its last page.
  const offset = decodeToken<{ o: number }>(typeof p.NextToken === 'string' ? p.NextToken : undefined, 'InvalidNextToken')?.o ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new AwsError(400, 'InvalidNextToken', 'The specified token is invalid or has expired.');
  const pageEnd = offset + maxDatapoints;
  let before = 0;
  const results = queries.map(({ id, label, points }) => {
    const from = Math.max(0, offset - before);
    const to = Math.max(0, pageEnd - before);
    before += points.length;
    const page = points.slice(from, to);
    return {
      Id: id,
      Label: label,
      Timestamps: page.map((pt) => pt.timestampMs / 1000),
      Values: page.map((pt) => pt.value),
      StatusCode: to < points.length ? 'PartialData' : 'Complete',
    };
  });
  return {
    MetricDataResults: results,
    ...(pageEnd < before ? { NextToken: encodeToken({ o: pageEnd }) } : {}),
    Messages: [],
  };
}

function runMetricStat(stat: Record<string, unknown>, member: string, startMs: number, endMs: number, source: MetricSource) {
  const metric = asObject(stat.Metric, `${member}.Metric`);
  if (typeof metric.Namespace !== 'string' || typeof metric.MetricName !== 'string') {
    throw invalid(`The parameters ${member}.Metric.Namespace and ${member}.Metric.MetricName are required.`);
  }
  const period = stat.Period;
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 1 || (period % 60 !== 0 && !SUB_MINUTE_PERIODS.includes(period))) {
    throw invalid(`The parameter ${member}.Period must be 1, 5, 10, 20, 30, or a multiple of 60.`);
  }
  if (typeof stat.Stat !== 'string' || stat.Stat === '') throw invalid(`The parameter ${member}.Stat is required.`);
  const dimensions = Array.isArray(metric.Dimensions) ? metric.Dimensions : [];
  const points = source({
    namespace: metric.Namespace,
    metricName: metric.MetricName,
    dimensions: dimensions.map((d: unknown, i) => {
      const dim = asObject(d, `${member}.Metric.Dimensions.member.${i + 1}`);
      return { Name: String(dim.Name), Value: String(dim.Value) };
    }),
    startMs,
    endMs,
    periodSec: period,
    stat: stat.Stat,
  });
  return { metricName: metric.MetricName, points: (points ?? []).filter((pt) => pt.timestampMs >= startMs && pt.timestampMs < endMs) };
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
