// `sfn-lens executions STATE_MACHINE`: the executions table (lib/server/state-machine-executions.ts) for scripts.

import { formatExecutionsCsv, formatExecutionsText } from '@/lib/cli/views-format';
import { parseStateMachineArn } from '@/lib/domain/arn';
import type { VerdictCause } from '@/lib/domain/types';
import { COMMON_HELP, parse, prepareAws, styleFor, UsageError, write } from './common';
import { failureExit, readOrExplain } from './read';

const CAUSES: readonly VerdictCause[] = ['consistent', 'running', 'log-lag', 'missing-permissions', 'logging-config', 'best-effort-drop', 'insufficient-evidence'];

const HELP = `Usage: sfn-lens executions STATE_MACHINE [--from now-1h] [--to now] [--cause CAUSE…] [--json | --csv]

The executions of one state machine (a name or an ARN) in the window, each with what Step Functions
and CloudWatch Logs say and the verdict on any disagreement: the dashboard's executions table.

Options:
  --from TIME    ISO-8601 or now-15m, now-1h, now-1d… (default now-1h)
  --to TIME      ISO-8601 or now (default now)
  --cause CAUSE  only rows with this verdict cause (repeatable): ${CAUSES.join(', ')}
  --json         the rows and the view's partial reads and limits as JSON
  --csv          one row per execution (RFC 4180, a header line)

Exit codes: 0 read in full; 2 a read failed (the rows are partial, stderr names what) or bad input.

${COMMON_HELP}
`;

export async function runExecutions(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    from: { type: 'string', default: 'now-1h' },
    to: { type: 'string' },
    cause: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  });
  if (values.help) {
    await write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('executions takes one STATE_MACHINE, a name or an ARN (sfn-lens executions --help).');
  if (values.json && values.csv) throw new UsageError('--json and --csv cannot both be given.');
  const causes = values.cause ?? [];
  for (const c of causes) if (!CAUSES.includes(c as VerdictCause)) throw new UsageError(`--cause must be one of ${CAUSES.join(', ')}, got "${c}".`);
  const given = positionals[0] ?? '';
  if (given.startsWith('arn:')) {
    const p = parseStateMachineArn(given);
    if (!p.ok) throw new UsageError(`"${given}" is not a state machine ARN: ${p.error.message}`);
  }
  const stop = await prepareAws(values);
  try {
    const [{ readStateMachineExecutions }, { executionsDtoOf }, { listStateMachineArns }, { toIso }] = await Promise.all([
      import('@/lib/server/state-machine-executions'),
      import('@/lib/server/dto'),
      import('@/lib/aws/step-functions'),
      import('@/lib/domain/time-window'),
    ]);
    const r = await readOrExplain(async () => {
      let arn = given;
      if (!given.startsWith('arn:')) {
        const arns = await listStateMachineArns();
        const hit = arns.find((a) => a.split(':').pop() === given);
        if (!hit) throw new UsageError(`No state machine named "${given}" in this account and region. Known: ${arns.map((a) => a.split(':').pop()).sort().join(', ') || 'none'}.`);
        arn = hit;
      }
      return readStateMachineExecutions(arn, { from: values.from ?? null, to: values.to ?? null });
    });
    if (!r.ok) return r.exitCode;
    const dto = executionsDtoOf(r.value.value);
    const rows = causes.length > 0 ? dto.executions.filter((e) => causes.includes(e.verdict.cause)) : dto.executions;
    if (values.json) {
      await write(JSON.stringify({ stateMachine: dto.stateMachine, window: dto.window, readAt: toIso(r.value.readAt), partial: dto.partial, limits: dto.limits, executions: rows }, null, 2) + '\n');
    } else if (values.csv) {
      await write(formatExecutionsCsv(rows));
    } else {
      await write(formatExecutionsText(dto, rows, styleFor(values)));
    }
    return failureExit(dto.partial);
  } finally {
    await stop();
  }
}
