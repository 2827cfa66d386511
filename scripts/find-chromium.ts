// The Chromium the end-to-end tests (and bench/table-browser.ts) drive, found in this order:
//   1. CHROMIUM_PATH, when set: it must name an executable file (a wrong path is an error, not a hint
//      to look elsewhere);
//   2. Debian's package, /usr/bin/chromium;
//   3. Playwright's own build, at the path playwright-core expects it, when that file exists.
// With none, `--install` installs one the way the machine allows: Debian's package when running as
// root with apt-get (as .ci/run does), otherwise `npx playwright install chromium`.
//
//   node --import tsx scripts/find-chromium.ts [--install]
// prints the path on stdout (scripts/test-all.sh exports it as CHROMIUM_PATH, which playwright.config.ts
// reads); otherwise says why on stderr, with the one command to run, and exits 1.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** What the choice depends on; gathered by `machineFacts()`, given by hand in tests. */
export interface ChromiumFacts {
  /** CHROMIUM_PATH as set (undefined or empty: unset). */
  chromiumPath: string | undefined;
  isExecutable: (file: string) => boolean;
  /** Where Playwright's own Chromium would be (null: playwright-core knows none for this platform). */
  playwrightPath: string | null;
  isRoot: boolean;
  hasAptGet: boolean;
}

export type ChromiumChoice =
  | { kind: 'found'; path: string; source: 'CHROMIUM_PATH' | 'debian' | 'playwright' }
  | { kind: 'bad-env'; message: string }
  | { kind: 'none'; install: { how: 'apt-get' | 'playwright'; command: string[] }; message: string };

const APT_INSTALL = ['sh', '-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core'];
const PLAYWRIGHT_INSTALL = ['npx', 'playwright', 'install', 'chromium'];

/** The one command a person should run to get a Chromium on this machine. */
export function commandToRun(facts: Pick<ChromiumFacts, 'isRoot' | 'hasAptGet'>): string {
  if (facts.hasAptGet) return facts.isRoot ? 'apt-get install -y chromium' : 'sudo apt-get install -y chromium';
  return 'npx playwright install chromium';
}

export function chooseChromium(facts: ChromiumFacts): ChromiumChoice {
  if (facts.chromiumPath !== undefined && facts.chromiumPath !== '') {
    if (facts.isExecutable(facts.chromiumPath)) return { kind: 'found', path: facts.chromiumPath, source: 'CHROMIUM_PATH' };
    return {
      kind: 'bad-env',
      message: `CHROMIUM_PATH is "${facts.chromiumPath}", which is not an executable file: point it at a Chromium (or Chrome) binary, or unset it to use ${DEBIAN_CHROMIUM} or Playwright's own.`,
    };
  }
  if (facts.isExecutable(DEBIAN_CHROMIUM)) return { kind: 'found', path: DEBIAN_CHROMIUM, source: 'debian' };
  if (facts.playwrightPath !== null && facts.isExecutable(facts.playwrightPath)) return { kind: 'found', path: facts.playwrightPath, source: 'playwright' };
  const install = facts.isRoot && facts.hasAptGet ? { how: 'apt-get' as const, command: APT_INSTALL } : { how: 'playwright' as const, command: PLAYWRIGHT_INSTALL };
  return {
    kind: 'none',
    install,
    message: `No Chromium for the end-to-end tests: CHROMIUM_PATH is unset, ${DEBIAN_CHROMIUM} is missing and so is Playwright's (${facts.playwrightPath ?? 'none for this platform'}). Run: ${commandToRun(facts)}  (or set CHROMIUM_PATH to a Chromium binary)`,
  };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && isExecutable(path.join(dir, command)));
}

/**
 * This machine's facts. `playwrightExecutablePath` is playwright-core's `chromium.executablePath()`,
 * passed in so that only the callers that already load Playwright pay for loading it.
 */
export function machineFacts(playwrightExecutablePath: () => string, env: NodeJS.ProcessEnv = process.env): ChromiumFacts {
  let playwrightPath: string | null;
  try {
    playwrightPath = playwrightExecutablePath() || null;
  } catch {
    playwrightPath = null;
  }
  return { chromiumPath: env.CHROMIUM_PATH, isExecutable, playwrightPath, isRoot: process.getuid?.() === 0, hasAptGet: onPath('apt-get', env) };
}

/** The path of the Chromium to drive, or an Error whose message says what to do (no installing). */
export function findChromium(playwrightExecutablePath: () => string, env: NodeJS.ProcessEnv = process.env): string {
  const choice = chooseChromium(machineFacts(playwrightExecutablePath, env));
  if (choice.kind === 'found') return choice.path;
  throw new Error(choice.message);
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { install: { type: 'boolean', default: false } }, strict: true, allowPositionals: false }));
  } catch (e) {
    process.stderr.write(`find-chromium: ${e instanceof Error ? e.message : String(e)} (usage: find-chromium.ts [--install])\n`);
    return 2;
  }
  const { chromium } = await import('playwright-core');
  const playwrightPath = () => chromium.executablePath();
  let facts = machineFacts(playwrightPath);
  let choice = chooseChromium(facts);
  if (choice.kind === 'none' && values.install) {
    const [cmd = '', ...args] = choice.install.command;
    process.stderr.write(`find-chromium: no Chromium found; installing one: ${choice.install.command.join(' ')}\n`);
    // The installer's output goes to stderr: stdout carries only the path.
    const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2] });
    facts = machineFacts(playwrightPath);
    choice = chooseChromium(facts);
    if (choice.kind !== 'found') {
      const outcome = r.error
        ? `could not be run (${r.error.message})`
        : r.status === 0
          ? 'finished, yet no Chromium is where one was expected'
          : `failed (${r.status !== null ? `exit ${r.status}` : r.signal})`;
      process.stderr.write(`find-chromium: the install ${outcome}. Run: ${commandToRun(facts)}  (or set CHROMIUM_PATH to a Chromium binary)\n`);
      return 1;
    }
  }
  if (choice.kind !== 'found') {
    process.stderr.write(`find-chromium: ${choice.message}\n`);
    return 1;
  }
  process.stdout.write(`${choice.path}\n`);
  return 0;
}

// Run as a command (tsx loads this file as CommonJS); imported, it only exports.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) void main().then((code) => (process.exitCode = code));
