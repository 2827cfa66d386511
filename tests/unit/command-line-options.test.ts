// The commands that start things (npm start, the simulated account, the benchmarks) refuse an unknown
// option or a bad value at once, naming it, with exit code 2 (1 for the simulator) and nothing started.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, timeout: 25_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out: stdout + stderr });
    });
  });
}
const start = (...args: string[]) => run([path.join(ROOT, 'scripts', 'start.mjs'), ...args]);
const ts = (file: string, ...args: string[]) => run(['--import', TSX, path.join(ROOT, file), ...args]);

// Each case starts a Node process (tsx: a few seconds on a busy machine): they run side by side.
describe.concurrent('npm start', () => {
  it.each([
    [['--bogus'], /Unknown option '--bogus'.*usage: npm start -- \[--sim \| --aws\] \[--no-build\] \[--dev\]/],
    [['--sim', '--aws'], /--sim and --aws cannot both be given/],
    [['now'], /Unexpected argument 'now'/],
  ])('refuses %o with exit 2 before building or starting anything', async (args, message) => {
    const r = await start(...args);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(message);
    expect(r.out).not.toMatch(/building|SIM_READY/);
  });

  it('prints its usage with --help and exits 0', async () => {
    expect(await start('--help')).toEqual({ code: 0, out: 'usage: npm start -- [--sim | --aws] [--no-build] [--dev]\n' });
  });
});

describe.concurrent('the simulated account (npm run sim)', () => {
  it.each([
    [['--bogus'], "sim: Unknown option '--bogus'"],
    [['--port', '70000'], 'sim: --port must be 0..65535, got "70000"'],
    [['--seed', '4.2'], 'sim: --seed must be an integer, got "4.2"'],
  ])('refuses %o with exit 1 and the reason, before listening', async (args, message) => {
    const r = await ts('sim/main.ts', ...args);
    expect(r.code).toBe(1);
    expect(r.out.trim()).toBe(message);
  });

  it('takes a bad SIM_PORT from the environment as it takes a bad --port', async () => {
    const r = await run(['--import', TSX, path.join(ROOT, 'sim', 'main.ts')], { SIM_PORT: 'any' });
    expect(r.code).toBe(1);
    expect(r.out.trim()).toBe('sim: --port must be 0..65535, got "any"');
  });
});

describe.concurrent('the benchmarks', () => {
  it.each([
    ['bench/views.ts', ['--viewer', '5'], /^Unknown option '--viewer'\nusage: node --import tsx bench\/views\.ts /],
    ['bench/views.ts', ['--viewers', '1000'], /^--viewers must be a whole number from 1 to 500, got "1000"$/],
    ['bench/soak.ts', ['--seconds', '1m'], /^--seconds must be a whole number from 1 to 600, got "1m"$/],
    ['bench/table-browser.ts', ['--runs', '0'], /^--runs must be a whole number from 1 to 100, got "0"$/],
  ])('%s refuses %o with exit 2 and a message naming the option', async (file, args, message) => {
    const r = await ts(file, ...args);
    expect(r.code).toBe(2);
    expect(r.out.trim()).toMatch(message);
  });
});
