import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseChromium, commandToRun, DEBIAN_CHROMIUM, type ChromiumFacts } from '@/scripts/find-chromium';

const PLAYWRIGHTS = '/home/dev/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';

/** A machine where exactly `present` are executable files. */
function machine(present: string[], over: Partial<ChromiumFacts> = {}): ChromiumFacts {
  return { chromiumPath: undefined, isExecutable: (f) => present.includes(f), playwrightPath: PLAYWRIGHTS, isRoot: false, hasAptGet: true, ...over };
}

describe('which Chromium the end-to-end tests drive', () => {
  it('CHROMIUM_PATH first, when it names an executable, even with Debian’s and Playwright’s present', () => {
    expect(chooseChromium(machine(['/opt/chrome/chrome', DEBIAN_CHROMIUM, PLAYWRIGHTS], { chromiumPath: '/opt/chrome/chrome' }))).toEqual({
      kind: 'found',
      path: '/opt/chrome/chrome',
      source: 'CHROMIUM_PATH',
    });
  });

  it('a CHROMIUM_PATH naming no executable is an error that quotes it, not a reason to look elsewhere', () => {
    const choice = chooseChromium(machine([DEBIAN_CHROMIUM], { chromiumPath: '/opt/chrome/missing' }));
    expect(choice.kind).toBe('bad-env');
    expect(choice.kind === 'bad-env' && choice.message).toMatch(/^CHROMIUM_PATH is "\/opt\/chrome\/missing", which is not an executable file/);
  });

  it('an empty CHROMIUM_PATH counts as unset', () => {
    expect(chooseChromium(machine([DEBIAN_CHROMIUM], { chromiumPath: '' }))).toMatchObject({ kind: 'found', source: 'debian' });
  });

  it('then Debian’s /usr/bin/chromium, then Playwright’s own when its file exists', () => {
    expect(chooseChromium(machine([DEBIAN_CHROMIUM, PLAYWRIGHTS]))).toEqual({ kind: 'found', path: DEBIAN_CHROMIUM, source: 'debian' });
    expect(chooseChromium(machine([PLAYWRIGHTS]))).toEqual({ kind: 'found', path: PLAYWRIGHTS, source: 'playwright' });
    expect(chooseChromium(machine([], { playwrightPath: null })).kind).toBe('none');
  });

  it.each([
    ['root with apt-get', { isRoot: true, hasAptGet: true }, 'apt-get', 'apt-get install -y chromium'],
    ['a user with apt-get', { isRoot: false, hasAptGet: true }, 'playwright', 'sudo apt-get install -y chromium'],
    ['root without apt-get', { isRoot: true, hasAptGet: false }, 'playwright', 'npx playwright install chromium'],
    ['a user without apt-get', { isRoot: false, hasAptGet: false }, 'playwright', 'npx playwright install chromium'],
  ] as const)('with none, %s installs with %s and names "%s" as the command to run', (_, over, how, command) => {
    const choice = chooseChromium(machine([], over));
    expect(choice.kind === 'none' && choice.install.how).toBe(how);
    expect(commandToRun(over)).toBe(command);
    expect(choice.kind === 'none' && choice.message).toContain(`Run: ${command}`);
  });

  it('installs Debian’s package as root and Playwright’s build otherwise', () => {
    const asRoot = chooseChromium(machine([], { isRoot: true }));
    expect(asRoot.kind === 'none' && asRoot.install.command.join(' ')).toMatch(/apt-get update -qq && .*apt-get install -y -qq chromium/);
    const asUser = chooseChromium(machine([]));
    expect(asUser.kind === 'none' && asUser.install.command).toEqual(['npx', 'playwright', 'install', 'chromium']);
  });

  it('the command says so on stderr, prints no path on stdout and exits 1 when CHROMIUM_PATH names a missing file', async () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs'), path.join(root, 'scripts', 'find-chromium.ts'), '--install'],
        { cwd: root, env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' }, timeout: 25_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('find-chromium: CHROMIUM_PATH is "/nonexistent/chromium", which is not an executable file') as unknown as string,
    });
  });
});
