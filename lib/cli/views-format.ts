// How `sfn-lens executions` and `sfn-lens diagnose` print the JSON API's shapes (lib/server/dto.ts)
// in a terminal or for a script. Pure: the shapes come in, text goes out.

import type { executionRowDto, executionViewDto } from '@/lib/server/dto';
import type { PartialRead } from '@/lib/domain/types';
import { formatDuration } from '@/lib/domain/format';
import { PLAIN, type TextStyle } from './check-report';

type Row = ReturnType<typeof executionRowDto>;
type ExecutionDto = ReturnType<typeof executionViewDto>;

export const EXECUTION_CSV_COLUMNS = [
  'executionArn',
  'name',
  'kind',
  'startDate',
  'stopDate',
  'serviceStatus',
  'logStatus',
  'eventCount',
  'idGaps',
  'cause',
  'detail',
  'confidence',
  'summary',
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. Formula-leading text is prefixed so a spreadsheet shows it as text. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function executionCsvRow(r: Row): string[] {
  return [
    r.executionArn,
    r.name,
    r.kind,
    r.startDate,
    r.stopDate,
    r.service.status,
    r.logs.status,
    r.logs.eventCount,
    r.logs.idGaps,
    r.verdict.cause,
    r.verdict.detail,
    r.verdict.confidence,
    r.verdict.summary,
  ].map((v) => csvField(v));
}

export function formatExecutionsCsv(rows: readonly Row[]): string {
  return [EXECUTION_CSV_COLUMNS.join(','), ...rows.map((r) => executionCsvRow(r).join(','))].join('\r\n') + '\r\n';
}

export function formatExecutionsText(
  view: { stateMachine: { name: string; type: string }; window: { from: string; to: string }; partial: PartialRead[]; limits: { logRowsLimitReached: boolean; serviceListTruncated: boolean; narrowed: { from: string } | null } },
  rows: readonly Row[],
  st: TextStyle = PLAIN,
): string {
  const lines = [st.bold(`${view.stateMachine.name} (${view.stateMachine.type}): ${rows.length} execution${rows.length === 1 ? '' : 's'}, ${view.window.from} to ${view.window.to}`)];
  if (view.limits.narrowed) lines.push(st.yellow(`Only executions started from ${view.limits.narrowed.from} are listed: the window holds more than one query returns.`));
  if (view.limits.logRowsLimitReached) lines.push(st.yellow('The Logs Insights row limit was reached: the log side is incomplete.'));
  if (view.limits.serviceListTruncated) lines.push(st.yellow('Step Functions listed only part of the executions.'));
  for (const p of view.partial) lines.push(st.yellow(`Not read: ${p.what} (${p.action}: ${p.error}).`));
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  lines.push(st.dim(`${'start'.padEnd(24)} ${'name'.padEnd(width)} ${'service'.padEnd(10)} ${'logs'.padEnd(10)} cause`));
  for (const r of rows) {
    lines.push(`${(r.startDate ?? '-').padEnd(24)} ${r.name.padEnd(width)} ${(r.service.status ?? '-').padEnd(10)} ${r.logs.status.padEnd(10)} ${r.verdict.cause} (${r.verdict.detail})`);
  }
  return lines.join('\n') + '\n';
}

export function formatDiagnoseText(v: ExecutionDto, st: TextStyle = PLAIN): string {
  const lines: string[] = [];
  const e = v.execution;
  lines.push(st.bold(`${e.name} (${e.kind === 'express' ? 'Express' : 'Standard'}${e.mapRun ? `, Map Run child of ${e.mapRun.parentStateMachineName}` : ''}) of ${v.stateMachine.name}`));
  lines.push(st.dim(e.executionArn));
  lines.push(`started ${e.startDate ?? 'unknown'}, stopped ${e.stopDate ?? 'unknown'}`);
  lines.push('');
  lines.push(st.bold('Step Functions'));
  const rec = v.service.record;
  if (rec) {
    lines.push(`  status ${rec.status} (${rec.source}), ${rec.startDate ?? '-'} to ${rec.stopDate ?? '-'}`);
    if (rec.error) lines.push(`  error ${rec.error}${rec.cause ? `: ${rec.cause}` : ''}`);
  } else if (v.service.statement) {
    lines.push(`  ${v.service.statement}`);
  }
  const m = v.service.minuteMetrics;
  if (m) lines.push(`  metrics of its minute (${m.minute}): ${m.started} started, ${m.succeeded} succeeded, ${m.failed} failed, ${m.timedOut} timed out, ${m.aborted} aborted`);
  lines.push('');
  lines.push(st.bold('CloudWatch Logs'));
  if (!v.logs.read) lines.push('  not read (see below)');
  else {
    lines.push(`  status ${v.logs.status}, ${v.logs.eventCount} event${v.logs.eventCount === 1 ? '' : 's'}${v.logs.idGaps ? `, ${v.logs.idGaps} id gap${v.logs.idGaps === 1 ? '' : 's'} (missing ids ${v.logs.missingIds.slice(0, 10).join(', ')})` : ''}`);
    if (v.logs.firstEventAt) lines.push(`  first event ${v.logs.firstEventAt}, last ${v.logs.lastEventAt}${v.logs.maxIngestionDelayMs !== null ? `, slowest delivery ${formatDuration(v.logs.maxIngestionDelayMs)}` : ''}`);
  }
  lines.push('');
  const verdict = v.verdict;
  const colour = verdict.cause === 'consistent' || verdict.cause === 'running' ? st.green : verdict.cause === 'log-lag' || verdict.cause === 'insufficient-evidence' ? st.yellow : st.red;
  lines.push(`${st.bold('Verdict')} ${colour(verdict.cause)} (${verdict.detail}, ${verdict.confidence} confidence)`);
  lines.push(`  ${verdict.summary}`);
  if (verdict.recheckAt) lines.push(`  re-check after ${verdict.recheckAt}`);
  if (verdict.evidence.length > 0) {
    lines.push(st.bold('Evidence'));
    for (const ev of verdict.evidence) lines.push(`  ${ev.label}: ${ev.value === null ? 'unknown' : String(ev.value)} ${st.dim(`(${ev.source})`)}`);
  }
  if (verdict.remediation.length > 0) {
    lines.push(st.bold('Remediation'));
    for (const r of verdict.remediation) {
      lines.push(`  ${r.title}:`);
      for (const l of r.text.split('\n')) lines.push(`    ${l}`);
    }
  }
  lines.push('');
  lines.push(`${st.bold('Logging health')} ${v.health.status}${v.health.findings.length ? '' : ' (no findings)'}`);
  for (const f of v.health.findings) lines.push(`  ${f.severity.padEnd(7)} ${f.id}: ${f.title}`);
  if (v.partial.length > 0) {
    lines.push('');
    lines.push(st.yellow('Not read (the verdict says what this leaves unknown):'));
    for (const p of v.partial) lines.push(`  ${p.what}: ${p.action} ${p.error}: ${p.message}`);
  }
  return lines.join('\n') + '\n';
}
