import 'server-only';
import type { ExecutionRow } from '@/lib/domain/join';
import { toIso } from '@/lib/domain/time-window';
import type { HealthReport, StateMachine, Verdict } from '@/lib/domain/types';
import type { ExecutionsView } from './executions-view';

// The JSON API's shapes (DESIGN.md §7): times as ISO-8601 UTC strings, stable field names.

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : toIso(ms));

export function stateMachineDto(sm: StateMachine) {
  return { arn: sm.arn, name: sm.name, type: sm.type, roleArn: sm.roleArn, logging: sm.logging };
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

export function executionsViewDto(view: ExecutionsView) {
  return {
    stateMachine: stateMachineDto(view.stateMachine),
    window: { from: toIso(view.window.from), to: toIso(view.window.to) },
    generatedAt: toIso(view.now),
    health: healthDto(view.health),
    executions: view.rows.map(({ row, verdict }) => executionRowDto(row, verdict)),
    minutes: view.minutes.map(({ row, verdict }) => ({
      minute: toIso(row.minute),
      metrics: row.metrics,
      logs: row.logs,
      gap: row.gap,
      startedGap: row.startedGap,
      cause: verdict.cause,
      detail: verdict.detail,
      summary: verdict.summary,
    })),
    partial: view.partial,
    scanned: view.scanned,
    limits: view.limits,
  };
}
