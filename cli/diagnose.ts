// `sfn-lens diagnose EXECUTION_ARN`: the execution view (lib/server/execution-detail.ts) in a terminal.

import { formatDiagnoseText } from '@/lib/cli/views-format';
import { COMMON_HELP, parse, prepareAws, styleFor, UsageError, write } from './common';
import { failureExit, readOrExplain } from './read';

const HELP = `Usage: sfn-lens diagnose EXECUTION_ARN [--from now-3h] [--to now] [--json]

One execution, both sides: what Step Functions records (or, for async Express, the metrics of its
minute: AWS keeps no record of those), what CloudWatch Logs received, and the verdict with its
evidence and remediation. Colours on a terminal only; plain text when piped.

Options:
  --from TIME   where to look for an async Express execution's events: ISO-8601 or now-15m, now-3h,
                now-1d… (default now-3h; Standard executions are found by their record)
  --to TIME     the end of that window (default now)
  --json        the execution view as the JSON API answers it (GET /api/executions/{arn})

Exit codes: 0 read in full; 2 a read failed (the output names the permission or fault) or bad input.

${COMMON_HELP}
`;

export async function runDiagnose(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    await write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('diagnose takes one EXECUTION_ARN (sfn-lens diagnose --help).');
  const stop = await prepareAws(values);
  try {
    const [{ executionArnParam }, { readExecutionDetail }, { executionViewDto }, { toIso }] = await Promise.all([
      import('@/lib/server/validate'),
      import('@/lib/server/execution-detail'),
      import('@/lib/server/dto'),
      import('@/lib/domain/time-window'),
    ]);
    const r = await readOrExplain(async () => {
      const parsed = executionArnParam(positionals[0] ?? '');
      return readExecutionDetail(parsed, { from: values.from ?? null, to: values.to ?? null });
    });
    if (!r.ok) return r.exitCode;
    const dto = executionViewDto(r.value.value);
    await write(values.json ? JSON.stringify({ ...dto, readAt: toIso(r.value.readAt) }, null, 2) + '\n' : formatDiagnoseText(dto, styleFor(values)));
    return failureExit(dto.partial);
  } finally {
    await stop();
  }
}
