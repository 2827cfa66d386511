import 'server-only';
import path from 'node:path';
import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

const schema = z.object({
  SFN_LENS_DATA_DIR: z.string().min(1).default('./data'),
  SFN_LENS_SNAPSHOT_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  // Empty counts as unset, so that `SFN_LENS_DATABASE_URL=` in an env file keeps the embedded SQLite.
  SFN_LENS_DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/./.test(v), 'must be a postgres:// or postgresql:// URL'),
});

export interface SnapshotConfig {
  /** Absolute path of the folder holding the snapshot database. */
  dataDir: string;
  ttlDays: number;
  ttlMs: number;
  /** PostgreSQL shared by every replica (docs/replicas.md); absent: SQLite in `dataDir`. */
  databaseUrl?: string;
}

/** The snapshot store's settings, validated with every problem in one message (like lib/config.ts). */
export function snapshotConfig(env: NodeJS.ProcessEnv = process.env): SnapshotConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`sfn-lens snapshot store is misconfigured:\n${lines.join('\n')}`);
  }
  const { SFN_LENS_DATA_DIR: dir, SFN_LENS_SNAPSHOT_TTL_DAYS: ttlDays, SFN_LENS_DATABASE_URL: databaseUrl } = parsed.data;
  return { dataDir: path.resolve(dir), ttlDays, ttlMs: ttlDays * DAY_MS, ...(databaseUrl ? { databaseUrl } : {}) };
}
