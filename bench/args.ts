// The benchmarks' command-line options, read with node:util parseArgs: an unknown option or a value
// out of range stops the bench at once with a message naming it, rather than measuring something
// other than what was asked.

import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options' values, or exit 2 with the error and the bench's usage line. */
export function benchArgs<O extends Options>(usage: string, options: O) {
  try {
    return parseArgs({ args: process.argv.slice(2), options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${usage}\n`);
    process.exit(2);
  }
}

/** A whole number from `min` to `max` given as `--name`, or exit 2 naming the option, the range and the value. */
export function intOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`--${name} must be a whole number from ${min} to ${max}, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}
