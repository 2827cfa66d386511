// The lint rule "no module-level mutable state in lib/domain" (eslint.config.mjs, docs/architecture.md):
// it fires on each kind of module-level state, and leaves constants alone.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function stateMessages(code: string, filePath = 'lib/domain/sample.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.message.includes('module-level mutable state')).map((m) => `${m.line}: ${m.message}`);
}

describe('no module-level mutable state in lib/domain', () => {
  it.each([
    ['a top-level let', 'let lastPrefix = "";\nexport function f(x: string): string {\n  lastPrefix = x;\n  return lastPrefix;\n}\n', 'no top-level let or var'],
    ['a top-level var', 'var hits = 0;\nexport function f(): number {\n  return ++hits;\n}\n', 'no top-level let or var'],
    ['an exported let', 'export let cache: string | null = null;\n', 'no top-level let or var'],
    ['a top-level Map', 'const seen = new Map<string, number>();\nexport function f(k: string): number | undefined {\n  return seen.get(k);\n}\n', 'ReadonlyMap or ReadonlySet'],
    ['a top-level Set typed as a Set', 'export const SEEN: Set<string> = new Set();\n', 'ReadonlyMap or ReadonlySet'],
    ['a top-level WeakMap', 'const memo = new WeakMap<object, number>();\nexport function f(o: object): number | undefined {\n  return memo.get(o);\n}\n', 'no top-level WeakMap'],
    ['a top-level /g regular expression', 'const WORD = /\\w+/g;\nexport function f(s: string): boolean {\n  return WORD.test(s);\n}\n', 'lastIndex'],
  ])('fires on %s', async (_what, code, words) => {
    const messages = await stateMessages(code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^1: /);
    expect(messages[0]).toContain(words);
  });

  it('leaves constants, read-only lookups and function-local state alone', async () => {
    const code = [
      "const NAMES: ReadonlySet<string> = new Set(['a', 'b']);",
      "const BY_KEY: ReadonlyMap<string, number> = new Map([['a', 1]]);",
      "const ORDER = ['a', 'b'] as const;",
      'const SHAPE = /^[a-z]+$/;',
      'export function f(keys: readonly string[]): number {',
      '  let n = 0;',
      '  const seen = new Map<string, number>();',
      '  for (const k of keys) if (NAMES.has(k) && SHAPE.test(k) && !seen.has(k)) seen.set(k, (BY_KEY.get(k) ?? 0) + ORDER.indexOf(k as never) + n++);',
      '  return seen.size;',
      '}',
      '',
    ].join('\n');
    expect(await stateMessages(code)).toEqual([]);
  });

  it('applies to lib/domain only', async () => {
    expect(await stateMessages('let hits = 0;\nexport const f = () => ++hits;\n', 'lib/server/sample.ts')).toEqual([]);
  });
});
