// Shared by the sfn-lens commands: option parsing, output, AWS setup.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ANSI, PLAIN, type TextStyle } from '@/lib/cli/check-report';

export const ROOT = path.resolve(__dirname, '..');

export class UsageError extends Error {}

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  sim: { type: 'boolean' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'no-color': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const COMMON_HELP = `Common options:
  --sim              run against the simulated account (started in this process, on loopback)
  --region REGION    AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then us-east-1)
  --profile NAME     AWS profile (default: AWS_PROFILE or the default credential chain)
  --no-color         plain output even on a terminal (NO_COLOR does the same)
  -h, --help         this help

AWS access is the dashboard's: the SDK's default credential chain, AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>.`;

export const HELP = `sfn-lens: Step Functions executions against what CloudWatch Logs received.

Usage: sfn-lens <command> [options]

Commands:
  check [STATE_MACHINE…]      logging health of each state machine (exit 0 ok, 1 failing, 2 unreadable)
  diagnose EXECUTION_ARN      one execution: both sides, the verdict, its evidence and remediation
  executions STATE_MACHINE    the executions table with a verdict per execution (text, JSON or CSV)
  serve                       the dashboard (what \`npm start\` does)

Run \`sfn-lens <command> --help\` for a command's options.

${COMMON_HELP}`;

export function version(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    // node:util names the option; the command's --help names the rest.
    throw new UsageError(`${e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '.') : String(e)} (--help lists the options)`);
  }
}

export function styleFor(values: { 'no-color'?: boolean }): TextStyle {
  return process.stdout.isTTY && !values['no-color'] && !process.env.NO_COLOR ? ANSI : PLAIN;
}

/** Applies --region/--profile and, with --sim, starts the simulated account and points the SDK at it. */
export async function prepareAws(values: { sim?: boolean; region?: string; profile?: string }): Promise<() => Promise<void>> {
  if (values.region !== undefined) process.env.AWS_REGION = values.region;
  if (values.profile !== undefined) process.env.AWS_PROFILE = values.profile;
  if (!values.sim) return async () => {};
  const { startSimulatedAccount } = await import('./sim');
  return startSimulatedAccount();
}

/** Writes all of `text` before the process exits (a pipe may take it slower than we make it). */
export function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') return resolve();
    process.stdout.write(text, () => resolve());
  });
}

