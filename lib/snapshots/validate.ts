import 'server-only';
import { z } from 'zod';
import { RequestError } from '@/lib/server/errors';
import { isSnapshotId, type SnapshotRequest } from './snapshot';

// Snapshot request values checked before they reach anything else (the execution ARN and the window
// are then checked by lib/server/validate.ts, like every other route's).

const MAX_BODY_CHARS = 4_096;

const bodySchema = z.object({
  executionArn: z.string().min(1),
  from: z.string().nullish(),
  to: z.string().nullish(),
  includePayloads: z.boolean().default(false),
});

/** The POST /api/snapshots body, checked: 400 with every problem when it is not what the API takes. */
export function snapshotRequestBody(text: string): SnapshotRequest {
  if (text.length > MAX_BODY_CHARS) throw new RequestError(400, 'invalid-request', `The request body is ${text.length} characters; at most ${MAX_BODY_CHARS} are accepted.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RequestError(400, 'invalid-request', 'The request body is not JSON: send { "executionArn": "...", "includePayloads": false }.');
  }
  const parsed = bodySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
    throw new RequestError(400, 'invalid-request', `Invalid snapshot request: ${issues.join('; ')}.`);
  }
  const b = parsed.data;
  return { executionArn: b.executionArn, from: b.from || null, to: b.to || null, includePayloads: b.includePayloads };
}

/** 404 for anything that is not a live snapshot: a malformed id is as unknown as a missing one. */
export function snapshotIdParam(raw: string): string {
  if (!isSnapshotId(raw)) throw new RequestError(404, 'snapshot-not-found', 'There is no snapshot with this id: it was mistyped or has expired.');
  return raw;
}

