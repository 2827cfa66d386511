import 'server-only';
import type { ExecutionRow } from '@/lib/domain/join';
import { truncatedPayloads } from '@/lib/domain/payloads';
import { toIso } from '@/lib/domain/time-window';
import type { HealthReport, StateMachine, Verdict } from '@/lib/domain/types';
import type { ExecutionDetail } from './execution-detail';
import { oncePerResult } from './shared-reads';
import type { StateMachineExecutions, StateMachineFirstLook } from './state-machine-executions';

// The JSON API's shapes (README "JSON API"): times as ISO-8601 UTC strings, stable field names.

export const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : toIso(ms));

export function stateMachineDto(sm: StateMachine) {
  return { arn: sm.arn, name: sm.name, type: sm.type, roleArn: sm.roleArn, logging: sm.logging, ...(sm.definitionUnreadable ? { definitionUnreadable: sm.definitionUnreadable } : {}) };
}

export function healthDto(h: HealthReport) {
  return { status: h.status, findings: h.findings, delivery: h.delivery, missingRoleActions: h.missingRoleActions, eventsArriving: h.eventsArriving };
}

export function verdictSummaryDto(v: Verdict) {
  return { cause: v.cause, detail: v.detail, confidence: v.confidence, summary: v.summary, recheckAt: iso(v.recheckAt) };
}

export function executionRowDto(row: ExecutionRow, verdict: Verdict) {
  const s = row.service;
  const l = row.logs;
  return {
    executionArn: row.executionArn,
    name: row.name,
    kind: row.kind,
    startDate: iso(row.startedAt),
    stopDate: iso(row.stoppedAt),
    service: { status: s?.status ?? null, source: s?.source ?? 'none' },
    logs: {
      status: l?.status ?? 'UNKNOWN',
      eventCount: l?.eventCount ?? 0,
      idGaps: l?.idGaps ?? 0,
      firstEventAt: iso(l?.firstEventAt),
      lastEventAt: iso(l?.lastEventAt),
      maxIngestionDelayMs: l?.maxIngestionDelayMs ?? (l?.lastIngestedAt != null && l.lastEventAt != null ? l.lastIngestedAt - l.lastEventAt : null),
    },
    verdict: verdictSummaryDto(verdict),
  };
}

export function minuteDto({ row, verdict }: StateMachineExecutions['minutes'][number]) {
  return {
    minute: toIso(row.minute),
    metrics: row.metrics,
    logs: row.logs,
    gap: row.gap,
    startedGap: row.startedGap,
    cause: verdict.cause,
    detail: verdict.detail,
    summary: verdict.summary,
  };
}

/** What a cold state machine page shows while the Logs Insights queries run (docs/cold-views.md). */
export function firstLookDto(f: StateMachineFirstLook) {
  return {
    stateMachine: stateMachineDto(f.stateMachine),
    window: { from: toIso(f.window.from), to: toIso(f.window.to) },
    generatedAt: toIso(f.now),
    health: healthDto(f.health),
    /** The metrics' minutes only: the logs' side is being read. */
    minutes: f.minutes.map((m) => ({ minute: toIso(m.minute), metrics: m.metrics })),
    metricsPeriodSeconds: f.metricsPeriodSeconds,
    reading: f.reading.map((r) => ({ label: r.label, logGroup: r.logGroup, from: toIso(r.from), to: toIso(r.to) })),
    partial: f.partial,
  };
}

export function executionsViewDto(view: StateMachineExecutions) {
  return {
    stateMachine: stateMachineDto(view.stateMachine),
    window: { from: toIso(view.window.from), to: toIso(view.window.to) },
    generatedAt: toIso(view.now),
    health: healthDto(view.health),
    executions: view.rows.map(({ row, verdict }) => executionRowDto(row, verdict)),
    minutes: view.minutes.map(minuteDto),
    /** The Period (s) the metrics were read at: 60, or 300/3600 for a window that starts 15/63 days ago (docs/aws-behaviour.md §11.2). */
    metricsPeriodSeconds: view.metricsPeriodSeconds,
    /** Distributed Map children against their labelled series, apart from `minutes` (docs/aws-behaviour.md §11.3). */
    mapChildren: view.mapChildren ? { series: view.mapChildren.series, seriesNotRead: view.mapChildren.seriesNotRead, minutes: view.mapChildren.minutes.map(minuteDto) } : null,
    partial: view.partial,
    scanned: view.scanned,
    limits: {
      ...view.limits,
      narrowed: view.limits.narrowed ? { ...view.limits.narrowed, from: toIso(view.limits.narrowed.from), to: toIso(view.limits.narrowed.to) } : null,
    },
  };
}

export function verdictDto(v: Verdict) {
  return { ...v, recheckAt: iso(v.recheckAt) };
}

export function executionViewDto(view: ExecutionDetail) {
  const s = view.service;
  const l = view.logs;
  const statement =
    view.serviceAbsence === 'express-no-record'
      ? 'AWS keeps no service-side record of async Express executions: DescribeExecution and GetExecutionHistory do not support them. The metric counts of the minute are the only service-side view.'
      : view.serviceAbsence === 'not-read'
        ? 'sfn-lens could not read the execution record (see the partial reads).'
        : null;
  return {
    execution: {
      executionArn: view.executionArn,
      name: s?.name ?? view.parsed.name,
      kind: view.parsed.kind,
      stateMachineArn: view.stateMachine.arn,
      mapRun: view.parsed.mapRun,
      startDate: iso(s?.startDate ?? l?.startedAt ?? l?.firstEventAt),
      stopDate: iso(s?.stopDate ?? l?.stoppedAt),
    },
    stateMachine: stateMachineDto(view.stateMachine),
    /** The state machine's definition (ASL JSON text) for the workflow graph; null when it could not be read (`stateMachine.definitionUnreadable` says why). */
    definition: view.stateMachine.definition ?? null,
    window: { from: toIso(view.window.from), to: toIso(view.window.to) },
    generatedAt: toIso(view.now),
    service: {
      record: s
        ? { status: s.status, source: s.source, startDate: iso(s.startDate), stopDate: iso(s.stopDate), error: s.error ?? null, cause: s.cause ?? null, input: s.input ?? null, output: s.output ?? null, mapRunArn: s.mapRunArn ?? null }
        : null,
      absence: view.serviceAbsence,
      statement,
      minuteMetrics: view.minuteMetrics ? { ...view.minuteMetrics, minute: toIso(view.minuteMetrics.minute) } : null,
    },
    logs: {
      status: l?.status ?? 'UNKNOWN',
      eventCount: l?.eventCount ?? 0,
      idGaps: l?.idGaps ?? 0,
      missingIds: view.missingIds,
      firstEventAt: iso(l?.firstEventAt),
      lastEventAt: iso(l?.lastEventAt),
      maxIngestionDelayMs: l?.maxIngestionDelayMs ?? null,
      events: (view.events?.events ?? []).map((e) => ({
        id: e.id,
        previousEventId: e.previousEventId,
        type: e.type,
        timestamp: toIso(e.eventTimestamp),
        ingestionTime: toIso(e.ingestionTime),
        delayMs: e.ingestionTime - e.eventTimestamp,
        details: e.details,
        logStreamName: e.logStreamName ?? null,
      })),
      problems: view.events?.problems ?? null,
      truncatedPayloads: truncatedPayloads(view.events?.events ?? []),
      read: view.events !== null,
    },
    neighbours: view.neighbours,
    neighboursRead: typeof view.neighboursRead === 'string' ? view.neighboursRead : { from: toIso(view.neighboursRead.from), to: toIso(view.neighboursRead.to) },
    eventsVia: view.eventsVia,
    eventsIndex: view.eventsIndex ? { ...view.eventsIndex, since: view.eventsIndex.since === null ? null : toIso(view.eventsIndex.since) } : null,
    eventsCut: view.eventsCut,
    health: healthDto(view.health),
    verdict: verdictDto(view.verdict),
    partial: view.partial,
    scanned: view.scanned,
  };
}

/** The JSON API's shape of a (shared) view, built once per view. */
export const executionsDtoOf = oncePerResult((view: StateMachineExecutions) => executionsViewDto(view));

/**
 * The executions view as the API sends it, encoded once per shared view: fifty viewers of a
 * 10,000-row table get the same bytes (megabytes of JSON) instead of each serialising and encoding
 * their own copy. (Compression stays the server's: Next drops a route's own content-encoding.)
 */
export const executionsBodyOf = oncePerResult((view: StateMachineExecutions, readAt: number): Uint8Array =>
  new TextEncoder().encode(JSON.stringify({ ...executionsDtoOf(view), readAt: toIso(readAt) })),
);
