// `sfn-lens check`: the data-aware logging health of each state machine, for a terminal or a CI job.

import { evaluateCheck, fixFor, formatCheck, type CheckEntry, type CheckFormat, type CheckInput, type FailOn, type ReadFailure } from '@/lib/cli/check-report';
import { parseStateMachineArn } from '@/lib/domain/arn';
import { COMMON_HELP, parse, prepareAws, styleFor, UsageError, version, write } from './common';

const HELP = `Usage: sfn-lens check [STATE_MACHINE…] [--window 1h] [--fail-on warning|broken] [--format text|json|sarif|github]

The logging health of each state machine (all of the account's in the region by default; else each
STATE_MACHINE, a name or an ARN), as the dashboard shows it: the configuration, the role against the
documented logs:* actions, the resource policy and its size limit, the level against the type (Express
at ERROR), and, over the window, whether executions ran (metrics) while no event arrived.

Options:
  --window DURATION   the window ending now: 15m, 1h, 3h, 1d… (default 1h)
  --fail-on LEVEL     broken (default) or warning: the health that makes the exit code 1
  --format FORMAT     text (default), json, sarif (SARIF 2.1.0 for GitHub code scanning), github
                      (GitHub Actions workflow-command annotations)
  --sarif-file PATH   the file that declares the state machines (main.tf, a CDK stack): where GitHub
                      shows the SARIF results (default: one path per state machine, aws/ACCOUNT/REGION/states/NAME)

With several sources (accounts × Regions of sfn-lens.config.json, SFN_LENS_CONFIG; docs/sources.md),
every source's state machines are checked; a source that cannot be listed (its role not assumable,
denied, throttled, unreachable) is named under the reads that failed, and the others are still checked.

Exit codes:
  0  nothing reaches --fail-on and every read succeeded
  1  a state machine's health reaches --fail-on
  2  otherwise, sfn-lens could not read what it needed (the output names the permission or fault, or
     the source that could not be listed), or the command was wrong

${COMMON_HELP}
`;

/** Where names are looked up, for a message: this account and Region, or the configured sources. */
function sourcesLabel(): string {
  return process.env.SFN_LENS_CONFIG ? `the sources of ${process.env.SFN_LENS_CONFIG}` : `this account and region (${process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1'})`;
}

const DURATION = /^(\d{1,4})([mhd])$/;
const FORMATS: readonly CheckFormat[] = ['text', 'json', 'sarif', 'github'];

export async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    window: { type: 'string', default: '1h' },
    'fail-on': { type: 'string', default: 'broken' },
    format: { type: 'string', short: 'f', default: 'text' },
    'sarif-file': { type: 'string' },
  });
  if (values.help) {
    await write(HELP);
    return 0;
  }
  const windowArg = values.window ?? '1h';
  if (!DURATION.test(windowArg)) throw new UsageError(`--window must be a duration like 15m, 1h, 3h or 1d, got "${windowArg}".`);
  const failOn = values['fail-on'];
  if (failOn !== 'warning' && failOn !== 'broken') throw new UsageError(`--fail-on must be warning or broken, got "${failOn}".`);
  const format = values.format as CheckFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}".`);

  const stop = await prepareAws(values);
  try {
    const input = await readCheckInput({ positionals, window: windowArg, failOn });
    input.sourceFile = values['sarif-file'] ?? null;
    const result = evaluateCheck(input);
    await write(formatCheck(format, input, result, format === 'text' ? styleFor(values) : undefined));
    return result.exitCode;
  } finally {
    await stop();
  }
}

/** How long the command waits for the slowest state machine (its Logs Insights queries) before naming it unread. */
const WAIT_MS = 5 * 60_000;

async function readCheckInput(opts: { positionals: string[]; window: string; failOn: FailOn }): Promise<CheckInput> {
  // Loaded after --sim/--region set the environment the AWS clients read.
  const [{ loadStateMachinesHealth }, { readStateMachineExecutions }, { windowParam }, { listStateMachineArns }, { mapError }, { AwsReadError }, { toIso }, { allSources }] = await Promise.all([
    import('@/lib/server/state-machines-health'),
    import('@/lib/server/state-machine-executions'),
    import('@/lib/server/validate'),
    import('@/lib/aws/step-functions'),
    import('@/lib/server/errors'),
    import('@/lib/aws/errors'),
    import('@/lib/domain/time-window'),
    import('@/lib/server/sources'),
  ]);
  const range = { from: `now-${opts.window}`, to: null };
  const base = { windowLabel: opts.window, failOn: opts.failOn, version: version() };
  const errorOf = (e: unknown) => mapError(e).body.error;
  const failed = async (e: unknown): Promise<CheckInput> => {
    const now = Date.now();
    const w = windowParam(range, now);
    const err = e instanceof AwsReadError ? errorOf(e) : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
    const failure: ReadFailure = { stateMachine: null, action: err.action ?? null, error: err.code, message: err.message, fix: fixFor(err.action ?? null, err.code) };
    return { ...base, window: { from: toIso(w.from), to: toIso(w.to) }, entries: [], unread: [], failures: [failure] };
  };

  if (opts.positionals.length === 0) {
    let r;
    try {
      r = await loadStateMachinesHealth(range, { waitMs: WAIT_MS });
    } catch (e) {
      return failed(e);
    }
    // A source whose state machines could not be listed: none of them was checked, so the check is incomplete.
    const failures: ReadFailure[] = r.failedSources.map((f) => ({
      stateMachine: null,
      source: f.source.label,
      action: f.error.action ?? null,
      error: f.error.code,
      message: f.error.message,
      fix: fixFor(f.error.action ?? null, f.error.code),
    }));
    const entries: CheckEntry[] = r.stateMachines.map((e) => {
      const stateMachine = { arn: e.stateMachine.arn, name: e.stateMachine.name, type: e.stateMachine.type };
      if (e.state === 'ready') return { stateMachine, state: 'ready', health: e.health, partial: e.partial };
      if (e.state === 'error') return { stateMachine, state: 'error', error: e.error };
      return { stateMachine, state: 'error', error: { code: 'timeout', message: `Its health was not read within ${WAIT_MS / 60_000} minutes (Logs Insights queries still running).` } };
    });
    return { ...base, window: r.window, entries, unread: r.unread, failures };
  }

  // Named state machines: only theirs are read (the same shared executions view as the overview's).
  let arns: string[];
  try {
    // A name is looked up in every source's list (each source through its own credentials).
    const listAll = async () => (await Promise.all(allSources().map((source) => listStateMachineArns(source)))).flat();
    arns = await resolveStateMachines(opts.positionals, listAll);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    return failed(e);
  }
  const entries: CheckEntry[] = [];
  let window: { from: string; to: string } | null = null;
  await Promise.all(
    arns.map(async (arn, i) => {
      try {
        const r = await readStateMachineExecutions(arn, range, { limited: true });
        const sm = r.value.stateMachine;
        window ??= { from: toIso(r.value.window.from), to: toIso(r.value.window.to) };
        entries[i] = { stateMachine: { arn: sm.arn, name: sm.name, type: sm.type }, state: 'ready', health: r.value.health, partial: r.value.partial };
      } catch (e) {
        entries[i] = { stateMachine: { arn, name: arn.split(':').pop() ?? arn, type: 'STANDARD' }, state: 'error', error: errorOf(e) };
      }
    }),
  );
  if (window === null) {
    const w = windowParam(range, Date.now());
    window = { from: toIso(w.from), to: toIso(w.to) };
  }
  return { ...base, window, entries, unread: [] };
}

/** Names or ARNs as given; a name is looked up in the sources' lists (ListStateMachines), with the known names when it is not there. */
async function resolveStateMachines(given: string[], list: () => Promise<string[]>): Promise<string[]> {
  for (const g of given) {
    if (!g.startsWith('arn:')) continue;
    const parsed = parseStateMachineArn(g);
    if (!parsed.ok) throw new UsageError(`"${g}" is not a state machine ARN: ${parsed.error.message}`);
  }
  const byArn = given.every((g) => g.startsWith('arn:'));
  if (byArn) return [...new Set(given)];
  const arns = await list();
  const nameOf = (arn: string) => arn.split(':').pop() ?? arn;
  const out: string[] = [];
  for (const g of given) {
    const hit = g.startsWith('arn:') ? g : arns.find((a) => nameOf(a) === g);
    if (!hit) {
      const known = arns.map(nameOf).sort();
      throw new UsageError(`No state machine named "${g}" in ${sourcesLabel()}. Known: ${known.slice(0, 20).join(', ') || 'none'}${known.length > 20 ? ', …' : ''}.`);
    }
    if (!out.includes(hit)) out.push(hit);
  }
  return out;
}
