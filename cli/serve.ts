// `sfn-lens serve`: what `npm start` does (scripts/start.mjs), with its options.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, UsageError, write } from './common';

const HELP = `Usage: sfn-lens serve [--sim | --aws] [--no-build] [--dev]

The dashboard, as \`npm start\` runs it: on the simulated account by default (or SFN_LENS_SOURCE=aws),
built first when the build is missing or stale. PORT (default 3000) and HOST (default 127.0.0.1) choose
where it listens; the README's "Access" section covers SFN_LENS_AUTH.

  --sim        the simulated account (the default unless SFN_LENS_SOURCE=aws)
  --aws        real AWS (default credential chain, AWS_PROFILE, AWS_REGION)
  --no-build   never build; the build must exist
  --dev        next dev instead of the production build
  -h, --help   this help
`;

export async function runServe(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, sim: { type: 'boolean' }, aws: { type: 'boolean' }, 'no-build': { type: 'boolean' }, dev: { type: 'boolean' } }, strict: true }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    await write(HELP);
    return 0;
  }
  if (values.sim && values.aws) throw new UsageError('--sim and --aws cannot both be given.');
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), ...args], { stdio: 'inherit', cwd: ROOT, env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}
