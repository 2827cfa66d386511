// `sfn-lens check`: what the command concludes from the shared data-aware health of each state
// machine (lib/server/state-machines-health.ts readStateMachineHealth: the same object the overview, the state
// machine page, /api/state-machines and /metrics show) and how it prints it. Pure: no clock, no env,
// no AWS. The health rules live in lib/domain/health.ts, the findings' ids in lib/domain/health-findings.ts;
// nothing here re-judges a state machine.

import { createHash } from 'node:crypto';
import { parseStateMachineArn } from '@/lib/domain/arn';
import type { FindingId, FindingSeverity, HealthFinding, HealthReport, HealthStatus, PartialRead, UnreadStateMachine } from '@/lib/domain/types';

export type FailOn = 'warning' | 'broken';
export type CheckFormat = 'text' | 'json' | 'sarif' | 'github';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_UNREADABLE = 2;

export interface CheckedMachine {
  arn: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
}

export type CheckEntry = { stateMachine: CheckedMachine } & (
  | { state: 'ready'; health: HealthReport; partial: PartialRead[] }
  | { state: 'error'; error: { code: string; message: string; action?: string } }
);

export interface CheckInput {
  window: { from: string; to: string };
  /** As asked (`1h`, `3h`…), for the text output. */
  windowLabel: string;
  failOn: FailOn;
  entries: CheckEntry[];
  /** Listed but not described (their DescribeStateMachine failed). */
  unread: UnreadStateMachine[];
  version: string;
  /** SARIF physical location: the file that declares the state machines, when the user named one. */
  sourceFile?: string | null;
  /** Reads that failed before any state machine could be checked (listing them). */
  failures?: ReadFailure[];
}

/** Something sfn-lens could not read, with the permission or fault it points at. */
export interface ReadFailure {
  stateMachine: string | null;
  /**
   * The source (an account × Region of sfn-lens.config.json, docs/sources.md) whose state machines could
   * not be listed: none of them was checked, and the others still were.
   */
  source?: string | null;
  action: string | null;
  error: string;
  message: string;
  /** One sentence that names the fix. */
  fix: string;
}

export interface CheckResult {
  exitCode: 0 | 1 | 2;
  counts: Record<HealthStatus | 'unread', number>;
  failing: string[];
  readFailures: ReadFailure[];
}

const RANK: Record<HealthStatus, number> = { ok: 0, warning: 1, broken: 2 };

export function reaches(status: HealthStatus, failOn: FailOn): boolean {
  return RANK[status] >= RANK[failOn];
}

function isDenied(error: string): boolean {
  return /AccessDenied|UnauthorizedOperation|aws-access-denied|NotAuthorized/i.test(error);
}

/** What a failed read is about: its state machine, else its source, else the account as a whole. */
export function failureSubject(f: ReadFailure, account = '(account)'): string {
  return f.stateMachine ?? (f.source ? `source ${f.source}` : account);
}

export function fixFor(action: string | null, error: string): string {
  if (action === 'sts:AssumeRole' && isDenied(error)) return "Let sfn-lens's identity assume the source's role: the role's trust policy (and its sts:ExternalId, the source's externalId) and sts:AssumeRole on it for the hub (README 'For a team').";
  if (action && isDenied(error)) return `Grant ${action} to the identity sfn-lens runs as (the read-only policy in the README lists every action it needs).`;
  if (/Throttl|aws-throttled/i.test(error)) return `AWS throttled ${action ?? 'a read'}; run the check again shortly.`;
  if (/not-found|NotFound|DoesNotExist/i.test(error)) return 'The resource is gone or the ARN/region is wrong: check AWS_REGION and the name.';
  return `Run again; if it persists, check the endpoint, credentials and network (${action ?? 'a read'} failed).`;
}

/** Every read that failed, each once: partial reads of a ready health, failed healths, undescribed state machines. */
export function readFailuresOf(input: Pick<CheckInput, 'entries' | 'unread' | 'failures'>): ReadFailure[] {
  const out: ReadFailure[] = [...(input.failures ?? [])];
  for (const e of input.entries) {
    if (e.state === 'error') {
      out.push({ stateMachine: e.stateMachine.name, action: e.error.action ?? null, error: e.error.code, message: e.error.message, fix: fixFor(e.error.action ?? null, e.error.code) });
    } else {
      for (const p of e.partial) out.push({ stateMachine: e.stateMachine.name, action: p.action, error: p.error, message: `${p.what}: ${p.message}`, fix: fixFor(p.action, p.error) });
    }
  }
  for (const u of input.unread) out.push({ stateMachine: u.name, action: u.read.action, error: u.read.error, message: u.read.message, fix: fixFor(u.read.action, u.read.error) });
  return out;
}

/**
 * Exit codes: 1 when a state machine's health reaches `--fail-on` (a known failure is reported as one
 * even when another read failed); else 2 when sfn-lens could not read everything it needed (an
 * incomplete check is never a pass); else 0.
 */
export function evaluateCheck(input: CheckInput): CheckResult {
  const counts: CheckResult['counts'] = { ok: 0, warning: 0, broken: 0, unread: input.unread.length };
  const failing: string[] = [];
  for (const e of input.entries) {
    if (e.state !== 'ready') {
      counts.unread++;
      continue;
    }
    counts[e.health.status]++;
    if (reaches(e.health.status, input.failOn)) failing.push(e.stateMachine.name);
  }
  const readFailures = readFailuresOf(input);
  const exitCode = failing.length > 0 ? EXIT_FAILED : readFailures.length > 0 ? EXIT_UNREADABLE : EXIT_OK;
  return { exitCode, counts, failing, readFailures };
}

// ---- text ---------------------------------------------------------------------------------------

export interface TextStyle {
  bold: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  dim: (s: string) => string;
}

export const PLAIN: TextStyle = { bold: (s) => s, red: (s) => s, yellow: (s) => s, green: (s) => s, dim: (s) => s };

export const ANSI: TextStyle = {
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
  red: (s) => `\u001b[31m${s}\u001b[39m`,
  yellow: (s) => `\u001b[33m${s}\u001b[39m`,
  green: (s) => `\u001b[32m${s}\u001b[39m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
};

function statusWord(status: HealthStatus | 'unread', st: TextStyle): string {
  const w = status.toUpperCase().padEnd(7);
  return status === 'broken' ? st.red(w) : status === 'warning' ? st.yellow(w) : status === 'ok' ? st.green(w) : st.yellow(w);
}

function severityWord(s: FindingSeverity, st: TextStyle): string {
  const w = s.padEnd(7);
  return s === 'error' ? st.red(w) : s === 'warning' ? st.yellow(w) : st.dim(w);
}

export function formatCheckText(input: CheckInput, result: CheckResult, st: TextStyle = PLAIN): string {
  const lines: string[] = [];
  const n = input.entries.length + input.unread.length;
  lines.push(st.bold(`sfn-lens check: ${n} state machine${n === 1 ? '' : 's'}, window ${input.window.from} to ${input.window.to} (last ${input.windowLabel}), failing on ${input.failOn}`));
  const order = [...input.entries].sort((a, b) => rankOf(b) - rankOf(a) || a.stateMachine.name.localeCompare(b.stateMachine.name));
  for (const e of order) {
    lines.push('');
    if (e.state !== 'ready') {
      lines.push(`${statusWord('unread', st)} ${st.bold(e.stateMachine.name)} (${e.stateMachine.type})  ${e.stateMachine.arn}`);
      lines.push(`  could not read its health: ${e.error.message}`);
      continue;
    }
    lines.push(`${statusWord(e.health.status, st)} ${st.bold(e.stateMachine.name)} (${e.stateMachine.type})  ${st.dim(e.stateMachine.arn)}`);
    for (const f of e.health.findings) {
      lines.push(`  ${severityWord(f.severity, st)} ${f.id}: ${f.title}`);
      // Notes are named, not explained: the errors and warnings are what a deploy check is read for.
      if (f.severity === 'info') continue;
      lines.push(`          ${f.description}`);
      const fix = f.remediation?.[0];
      if (fix) lines.push(st.dim(`          fix (${fix.title}): ${firstLine(fix.text)}`));
    }
  }
  for (const u of input.unread) {
    lines.push('');
    lines.push(`${statusWord('unread', st)} ${st.bold(u.name)}  ${st.dim(u.arn)}`);
  }
  if (result.readFailures.length > 0) {
    lines.push('');
    lines.push(st.bold('sfn-lens could not read everything it needed:'));
    for (const f of result.readFailures) {
      lines.push(`  ${failureSubject(f)}: ${f.action ?? 'a read'} failed (${f.error}): ${f.message}`);
      lines.push(`    ${f.fix}`);
    }
  }
  lines.push('');
  const c = result.counts;
  const verdict =
    result.exitCode === EXIT_FAILED
      ? `${result.failing.length} at or above ${input.failOn}: ${result.failing.join(', ')}`
      : result.exitCode === EXIT_UNREADABLE
        ? 'incomplete: some reads failed (see above)'
        : `nothing at or above ${input.failOn}`;
  lines.push(`${c.broken} broken, ${c.warning} warning, ${c.ok} ok${c.unread ? `, ${c.unread} unread` : ''}: ${verdict} (exit ${result.exitCode})`);
  return lines.join('\n') + '\n';
}

function rankOf(e: CheckEntry): number {
  return e.state === 'ready' ? RANK[e.health.status] : 3;
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

// ---- json ---------------------------------------------------------------------------------------

export function formatCheckJson(input: CheckInput, result: CheckResult): string {
  return (
    JSON.stringify(
      {
        tool: { name: 'sfn-lens', version: input.version },
        window: input.window,
        failOn: input.failOn,
        exitCode: result.exitCode,
        counts: result.counts,
        failing: result.failing,
        stateMachines: input.entries.map((e) =>
          e.state === 'ready'
            ? { ...e.stateMachine, state: 'ready', status: e.health.status, findings: e.health.findings, delivery: e.health.delivery, missingRoleActions: e.health.missingRoleActions, eventsArriving: e.health.eventsArriving, partial: e.partial }
            : { ...e.stateMachine, state: 'error', status: null, error: e.error },
        ),
        unread: input.unread,
        readFailures: result.readFailures,
      },
      null,
      2,
    ) + '\n'
  );
}

// ---- GitHub Actions workflow commands -----------------------------------------------------------

/** Escaping of a workflow command's message (the runner's own rules: %, CR, LF). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property value (also `:` and `,`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_LEVEL: Record<FindingSeverity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

export function formatCheckGithub(input: CheckInput, result: CheckResult): string {
  const lines: string[] = [];
  for (const e of input.entries) {
    if (e.state !== 'ready') continue;
    for (const f of e.health.findings) {
      const title = `sfn-lens ${e.stateMachine.name}: ${f.title}`;
      lines.push(`::${GITHUB_LEVEL[f.severity]} title=${escapeProperty(title)}::${escapeData(`${f.description} [${f.id}] ${e.stateMachine.arn}`)}`);
    }
  }
  for (const f of result.readFailures) {
    const subject = failureSubject(f, '');
    const title = `sfn-lens could not read ${f.action ?? 'a resource'}${subject ? ` (${subject})` : ''}`;
    lines.push(`::error title=${escapeProperty(title)}::${escapeData(`${f.message} ${f.fix}`)}`);
  }
  const c = result.counts;
  lines.push(`sfn-lens check: ${c.broken} broken, ${c.warning} warning, ${c.ok} ok${c.unread ? `, ${c.unread} unread` : ''} (fail on ${input.failOn}, exit ${result.exitCode})`);
  return lines.join('\n') + '\n';
}

// ---- SARIF 2.1.0 --------------------------------------------------------------------------------

const SARIF_LEVEL: Record<FindingSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub ranks security alerts by this property (0.1–10); logging that cannot deliver is an audit gap. */
const SECURITY_SEVERITY: Record<FindingSeverity, string> = { error: '7.0', warning: '4.0', info: '1.0' };

/** SARIF's rule name: the finding id in PascalCase (`role-missing-actions` → `RoleMissingActions`). */
function ruleName(id: FindingId): string {
  return id
    .split('-')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join('');
}

function helpOf(f: HealthFinding): { text: string; markdown: string } {
  const fixes = f.remediation ?? [];
  const text = [f.description, ...fixes.map((r) => `${r.title}:\n${r.text}`)].join('\n\n');
  const markdown = [f.description, ...fixes.map((r) => `**${r.title}**\n\n\`\`\`${r.language === 'text' ? '' : r.language}\n${r.text}\n\`\`\``)].join('\n\n');
  return { text, markdown };
}

/** Where a result is shown: the declaring file when named, else a stable per-state-machine path. */
function artifactUri(input: CheckInput, arn: string, name: string): string {
  if (input.sourceFile) return input.sourceFile;
  const parsed = parseStateMachineArn(arn);
  const region = parsed.ok ? parsed.value.region : 'unknown-region';
  const account = parsed.ok ? parsed.value.accountId : 'unknown-account';
  return `aws/${account}/${region}/states/${encodeURIComponent(name)}`;
}

export function buildSarif(input: CheckInput, result: CheckResult) {
  const rules: Array<Record<string, unknown>> = [];
  const ruleIndex = new Map<FindingId, number>();
  const results: Array<Record<string, unknown>> = [];
  for (const e of input.entries) {
    if (e.state !== 'ready') continue;
    for (const f of e.health.findings) {
      if (!ruleIndex.has(f.id)) {
        ruleIndex.set(f.id, rules.length);
        rules.push({
          id: f.id,
          name: ruleName(f.id),
          shortDescription: { text: f.title },
          fullDescription: { text: f.description },
          help: helpOf(f),
          helpUri: 'https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html',
          defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
          properties: { tags: ['aws', 'step-functions', 'logging'], precision: 'high', 'security-severity': SECURITY_SEVERITY[f.severity] },
        });
      }
      results.push({
        ruleId: f.id,
        ruleIndex: ruleIndex.get(f.id),
        level: SARIF_LEVEL[f.severity],
        message: { text: `${e.stateMachine.name}: ${f.title}. ${f.description}` },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: artifactUri(input, e.stateMachine.arn, e.stateMachine.name) }, region: { startLine: 1 } },
            logicalLocations: [{ name: e.stateMachine.name, fullyQualifiedName: e.stateMachine.arn, kind: 'resource' }],
          },
        ],
        partialFingerprints: { 'sfnLensFinding/v1': createHash('sha256').update(`${f.id}|${e.stateMachine.arn}`).digest('hex') },
        properties: { stateMachineArn: e.stateMachine.arn, stateMachineType: e.stateMachine.type, healthStatus: e.health.status },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: { driver: { name: 'sfn-lens', version: input.version, informationUri: 'https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html', rules } },
        automationDetails: { id: `sfn-lens/check/${input.window.to}` },
        invocations: [
          {
            executionSuccessful: result.readFailures.length === 0,
            exitCode: result.exitCode,
            toolExecutionNotifications: result.readFailures.map((f) => ({
              level: 'error',
              message: { text: `${failureSubject(f, 'account')}: ${f.action ?? 'a read'} failed (${f.error}): ${f.message} ${f.fix}` },
            })),
          },
        ],
        results,
        properties: { window: input.window, failOn: input.failOn },
      },
    ],
  };
}

export function formatCheckSarif(input: CheckInput, result: CheckResult): string {
  return JSON.stringify(buildSarif(input, result), null, 2) + '\n';
}

export function formatCheck(format: CheckFormat, input: CheckInput, result: CheckResult, st: TextStyle = PLAIN): string {
  switch (format) {
    case 'json':
      return formatCheckJson(input, result);
    case 'sarif':
      return formatCheckSarif(input, result);
    case 'github':
      return formatCheckGithub(input, result);
    default:
      return formatCheckText(input, result, st);
  }
}
