import 'server-only';
import { Counter, Gauge, Registry } from 'prom-client';
import { logGroupNameFromArn, parseStateMachineArn } from '@/lib/domain/arn';
import type { StateMachine } from '@/lib/domain/types';
import { requestStats } from '@/lib/aws/request-stats';
import { waitAtMost } from './concurrency';
import { errorEntryOf, type ErrorEntry } from './errors';
import { summarizeView, type StateMachineSummary } from './overview';
import { readStateMachineExecutions, type StateMachineExecutions } from './state-machine-executions';
import { readStateMachines } from './state-machines';
import { allSources } from './sources';

// GET /metrics: the overview's numbers in the Prometheus text format. A scrape reads nothing of its
// own: it asks for the same shared reads as the overview (the state machine list, one executions
// view per state machine for the overview's default range, the last 3 hours), so scrapes from any
// number of Prometheus servers cost AWS what one overview viewer does. Health and findings are the
// views' own (lib/domain/health.ts via the executions view): no rule is judged here.

/** The overview's default range (null = the last 3 hours): a scrape shares the overview's reads. */
const RANGE = { from: null, to: null } as const;
/** A scrape answers within Prometheus's default 10 s scrape timeout; views still being read keep their last values. */
const WAIT_MS = 7_000;

type Labels = { account: string; region: string; state_machine: string; type: string };

interface Known {
  labels: Labels;
  view: StateMachineExecutions;
  summary: StateMachineSummary;
  readAt: number;
}

// The last view of each state machine this process served, so that a view being re-read does not
// make its series vanish (an alert `for: 10m` would start over): served with its age.
const LAST_KEY = Symbol.for('sfn-lens.metrics-last');
function lastViews(): Map<string, Known> {
  const g = globalThis as typeof globalThis & { [LAST_KEY]?: Map<string, Known> };
  g[LAST_KEY] ??= new Map();
  return g[LAST_KEY];
}

function labelsOf(sm: Pick<StateMachine, 'arn' | 'name' | 'type'>): Labels {
  const p = parseStateMachineArn(sm.arn);
  return { account: p.ok ? p.value.accountId : '', region: p.ok ? p.value.region : '', state_machine: sm.name, type: sm.type };
}

const SM_LABELS = ['account', 'region', 'state_machine', 'type'] as const;

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const registry = new Registry();
  const g = (name: string, help: string, labelNames: readonly string[] = SM_LABELS) => new Gauge({ name, help, labelNames: [...labelNames], registers: [registry] });
  const c = (name: string, help: string, labelNames: readonly string[]) => new Counter({ name, help, labelNames: [...labelNames], registers: [registry] });

  const up = g('sfn_lens_state_machine_read', 'Whether the state machine view behind these series was read (1), is still being read for the first time (0), or failed (-1).');
  const age = g('sfn_lens_view_age_seconds', 'Age of the shared executions view the series of this state machine come from.');
  const windowSeconds = g('sfn_lens_window_seconds', 'Length of the rolling window every count covers (the overview default, the last 3 hours).', []);
  const health = g('sfn_lens_health_status', 'Logging health of the state machine, data-aware (the overview\'s): 1 for its current status.', [...SM_LABELS, 'status']);
  const finding = g('sfn_lens_health_finding', 'A logging-health finding present on the state machine (1).', [...SM_LABELS, 'finding', 'severity']);
  const executions = g('sfn_lens_executions', 'Executions in the window by verdict cause (rows of the executions table).', [...SM_LABELS, 'cause']);
  const mismatched = g('sfn_lens_executions_mismatched', 'Executions in the window whose two sides disagree (cause neither consistent nor running).');
  const started = g('sfn_lens_executions_started', 'Executions started in the window, as CloudWatch metrics (AWS/States ExecutionsStarted) and the logs (ExecutionStarted events) count them.', [...SM_LABELS, 'source']);
  const ended = g('sfn_lens_executions_ended', 'Executions ended in the window by status, as CloudWatch metrics and the logs count them.', [...SM_LABELS, 'source', 'status']);
  const unloggedExec = g('sfn_lens_unlogged_executions', 'Executions CloudWatch metrics count as ended that have no terminal event in the logs, by the verdict cause of their minute.', [...SM_LABELS, 'cause']);
  const unloggedMin = g('sfn_lens_unlogged_minutes', 'Minutes of the window in which the logs hold fewer terminal events than metrics count, by verdict cause.', [...SM_LABELS, 'cause']);
  const partial = g('sfn_lens_partial_reads', 'Reads behind the state machine view that failed, by AWS action and error (the view is partial).', [...SM_LABELS, 'action', 'error']);
  const viewScanned = g('sfn_lens_view_scanned_bytes', 'Bytes the Logs Insights queries of the current view scanned (shared by every viewer).');
  const rowLimit = g('sfn_lens_row_limit_reached', 'The Logs Insights row limit cut into the executions table (1): its counts are a floor.');
  const unreadSm = g('sfn_lens_state_machine_unread', 'A state machine listed but not described, by the action that failed.', ['account', 'region', 'state_machine', 'action', 'error']);
  const listRead = g('sfn_lens_state_machines_listed', 'Whether the state machines of every source could be listed (1) or not (0: the list, or one source\'s, failed).', []);
  const sourceListed = g('sfn_lens_source_listed', 'Whether the state machines of this configured source (account × Region, docs/sources.md) could be listed (1) or not (0: its series are missing, the error says why).', ['source', 'account', 'region', 'error']);
  const requests = c('sfn_lens_aws_requests_total', 'HTTP requests sfn-lens sent to AWS (retries included), by action and outcome, and the state machine a request names (empty when it names none).', ['action', 'outcome', 'state_machine']);
  const failures = c('sfn_lens_aws_read_failures_total', 'AWS calls that failed after the SDK\'s retries, by action and error.', ['action', 'error']);
  const scanned = c('sfn_lens_scanned_bytes_total', 'Bytes scanned by sfn-lens\'s Logs Insights queries, by state machine (of the log group queried).', ['state_machine', 'log_group']);

  const last = lastViews();
  let machines: StateMachine[] = [];
  let listError: ErrorEntry | null = null;
  const failedSourceLines: string[] = [];
  try {
    const list = await readStateMachines();
    machines = list.value.machines;
    listRead.set(list.value.failedSources.length === 0 ? 1 : 0);
    // Each source by name: one that is denied, throttled or unreachable is told apart from the others, which still show.
    const failed = new Map(list.value.failedSources.map((f) => [f.source.key, f.error.code]));
    for (const s of allSources()) {
      const error = failed.get(s.key);
      sourceListed.set({ source: s.name, account: s.accountId ?? '', region: s.region, error: error ?? '' }, error === undefined ? 1 : 0);
    }
    for (const f of list.value.failedSources) failedSourceLines.push(`# sfn-lens could not list the state machines of ${f.source.label}: ${f.error.message.replace(/\n/g, ' ')}`);
    for (const u of list.value.unread) {
      const p = parseStateMachineArn(u.arn);
      unreadSm.set({ account: p.ok ? p.value.accountId : '', region: p.ok ? p.value.region : '', state_machine: u.name, action: u.read.action, error: u.read.error }, 1);
    }
  } catch (e) {
    listRead.set(0);
    listError = errorEntryOf(e);
  }

  const now = Date.now();
  const settled = new Map<string, { ok: true; known: Known } | { ok: false }>();
  const all = Promise.all(
    machines.map(async (sm) => {
      try {
        const r = await readStateMachineExecutions(sm.arn, RANGE, { limited: true });
        const known: Known = { labels: labelsOf(sm), view: r.value, summary: summarizeView(r.value, r.readAt), readAt: r.readAt };
        last.set(sm.arn, known);
        settled.set(sm.arn, { ok: true, known });
      } catch {
        settled.set(sm.arn, { ok: false });
      }
    }),
  );
  await waitAtMost(all, WAIT_MS);

  const listed = new Set(machines.map((sm) => sm.arn));
  for (const arn of last.keys()) if (machines.length > 0 && !listed.has(arn)) last.delete(arn);
  const groupToSm = new Map<string, string>();
  for (const sm of machines) {
    const group = sm.logging.logGroupArn ? logGroupNameFromArn(sm.logging.logGroupArn) : null;
    if (group) groupToSm.set(group, sm.name);
  }
  let windowMs: number | null = null;

  for (const sm of machines) {
    const labels = labelsOf(sm);
    const s = settled.get(sm.arn);
    const known = s?.ok ? s.known : last.get(sm.arn);
    if (!known) {
      up.set(labels, s && !s.ok ? -1 : 0);
      continue;
    }
    up.set(labels, s && !s.ok ? -1 : 1);
    const { view, summary } = known;
    windowMs ??= view.window.to - view.window.from;
    age.set(labels, Math.max(0, (now - known.readAt) / 1000));
    for (const status of ['ok', 'warning', 'broken'] as const) health.set({ ...labels, status }, summary.health.status === status ? 1 : 0);
    for (const f of summary.health.findings) finding.set({ ...labels, finding: f.id, severity: f.severity }, 1);
    for (const [cause, n] of Object.entries(summary.executions.byCause)) executions.set({ ...labels, cause }, n ?? 0);
    mismatched.set(labels, summary.executions.mismatched);
    rowLimit.set(labels, summary.executions.rowLimitReached ? 1 : 0);
    viewScanned.set(labels, summary.scanned.bytes);
    for (const p of summary.partial) partial.set({ ...labels, action: p.action, error: p.error }, 1);
    // Both sides' counts over the window's minutes (as the chart shows them).
    const sides = { cloudwatch_metrics: { started: 0, SUCCEEDED: 0, FAILED: 0, TIMED_OUT: 0, ABORTED: 0, read: false }, cloudwatch_logs: { started: 0, SUCCEEDED: 0, FAILED: 0, TIMED_OUT: 0, ABORTED: 0, read: false } };
    const minutesByCause = new Map<string, number>();
    for (const { row, verdict } of view.minutes) {
      for (const [source, counts] of [['cloudwatch_metrics', row.metrics], ['cloudwatch_logs', row.logs]] as const) {
        if (!counts) continue;
        const side = sides[source];
        side.read = true;
        side.started += counts.started;
        side.SUCCEEDED += counts.succeeded;
        side.FAILED += counts.failed;
        side.TIMED_OUT += counts.timedOut;
        side.ABORTED += counts.aborted;
      }
      if (row.gap !== null && row.gap > 0 && verdict.cause !== 'consistent') {
        minutesByCause.set(verdict.cause, (minutesByCause.get(verdict.cause) ?? 0) + row.stepMs / 60_000);
      }
    }
    for (const [source, side] of Object.entries(sides)) {
      if (!side.read) continue;
      started.set({ ...labels, source }, side.started);
      for (const status of ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const) ended.set({ ...labels, source, status }, side[status]);
    }
    for (const [cause, n] of Object.entries(summary.unlogged.byCause)) unloggedExec.set({ ...labels, cause }, n ?? 0);
    for (const [cause, n] of minutesByCause) unloggedMin.set({ ...labels, cause }, n);
  }
  windowSeconds.set((windowMs ?? 3 * 3_600_000) / 1000);

  const nameOfArn = new Map(machines.map((sm) => [sm.arn, sm.name]));
  const stats = requestStats();
  for (const r of stats.requests) {
    const name = r.stateMachineArn ? (nameOfArn.get(r.stateMachineArn) ?? r.stateMachineArn.split(':').pop() ?? '') : r.logGroup ? (groupToSm.get(r.logGroup) ?? '') : '';
    requests.inc({ action: r.action, outcome: r.outcome, state_machine: name }, r.count);
  }
  for (const f of stats.failures) failures.inc({ action: f.action, error: f.error }, f.count);
  for (const s of stats.scannedBytes) scanned.inc({ state_machine: groupToSm.get(s.logGroup) ?? '', log_group: s.logGroup }, s.bytes);

  let body = await registry.metrics();
  if (listError) body = `# sfn-lens could not list the state machines: ${listError.message.replace(/\n/g, ' ')}\n${body}`;
  if (failedSourceLines.length > 0) body = `${failedSourceLines.join('\n')}\n${body}`;
  return { body, contentType: registry.contentType };
}
