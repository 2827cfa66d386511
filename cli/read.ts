// How a command reports a read it could not make: the API's one error mapper decides the words
// (lib/server/errors.ts); bad input is exit 2 like every other failure to read.

import type { PartialRead } from '@/lib/domain/types';
import { UsageError } from './common';

export async function readOrExplain<T>(read: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; exitCode: 2 }> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const { mapError } = await import('@/lib/server/errors');
    const { body } = mapError(e);
    const fix = body.error.code === 'aws-access-denied' && body.error.action ? ` Grant ${body.error.action} to the identity sfn-lens runs as.` : '';
    process.stderr.write(`sfn-lens: ${body.error.message.replace("grant it to the dashboard's role", 'grant it to the identity sfn-lens runs as')}${fix && !body.error.message.includes('grant it') ? fix : ''}\n`);
    return { ok: false, exitCode: 2 };
  }
}

/** 2 when a part of the view could not be read (the output is labelled partial), else 0; each failed read on stderr. */
export function failureExit(partial: readonly PartialRead[]): 0 | 2 {
  for (const p of partial) process.stderr.write(`sfn-lens: not read: ${p.what} (${p.action}: ${p.error}). ${p.message}\n`);
  return partial.length > 0 ? 2 : 0;
}
