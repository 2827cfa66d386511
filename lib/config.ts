import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { REGION_SHAPE } from '@/lib/domain/arn';
import { DEFAULT_CONFIRM_BYTES } from '@/lib/domain/execution-search';

// Environment is read once, validated, and reported whole when wrong (one message, every problem).
const schema = z.object({
  SFN_LENS_SOURCE: z.enum(['sim', 'aws']).default('aws'),
  // Every partition's Regions (us-gov-west-1, cn-north-1, eusc-de-east-1…): docs/aws-behaviour.md §11.10.
  AWS_REGION: z.string().regex(REGION_SHAPE, 'must look like us-east-1').optional(),
  AWS_DEFAULT_REGION: z.string().optional(),
  AWS_PROFILE: z.string().optional(),
  SFN_LENS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  SFN_LENS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SFN_LENS_QUERY_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(900_000).default(60_000),
  /** The sources file (docs/sources.md); default: sfn-lens.config.json in the working directory, when there is one. */
  SFN_LENS_CONFIG: z.string().min(1).optional(),
  // A search expected to scan more asks first (docs/search.md); default 1 GiB.
  SFN_LENS_SEARCH_CONFIRM_BYTES: z.coerce.number().int().min(0).default(DEFAULT_CONFIRM_BYTES),
  // Concurrent Logs Insights queries sfn-lens runs at most (docs/aws-behaviour.md §11.12): the account's
  // quota (100 today, 30 in older documentation) is shared with everything else it runs. 20 stays below
  // the lower figure and leaves most of the current one to the rest of the account.
  SFN_LENS_INSIGHTS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(20),
});

export interface AppConfig {
  source: 'sim' | 'aws';
  region: string;
  profile: string | null;
  /** What every page says it is looking at. */
  accountLabel: string;
  maxAttempts: number;
  requestTimeoutMs: number;
  queryTimeoutMs: number;
  /** SFN_LENS_CONFIG, when set. */
  sourcesFile: string | null;
  /** Bytes above which a search runs only when confirmed (SFN_LENS_SEARCH_CONFIRM_BYTES). */
  searchConfirmBytes: number;
  /** Logs Insights queries run at once, at most (SFN_LENS_INSIGHTS_CONCURRENCY); the rest wait in a fair queue. */
  insightsConcurrency: number;
}

let cached: AppConfig | null = null;

export function getConfig(): AppConfig {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`sfn-lens is misconfigured:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  cached = {
    source: env.SFN_LENS_SOURCE,
    region,
    profile: env.AWS_PROFILE ?? null,
    accountLabel: env.SFN_LENS_SOURCE === 'sim' ? 'simulated account' : env.AWS_PROFILE ? `profile ${env.AWS_PROFILE}` : 'default credentials',
    maxAttempts: env.SFN_LENS_MAX_ATTEMPTS,
    requestTimeoutMs: env.SFN_LENS_REQUEST_TIMEOUT_MS,
    queryTimeoutMs: env.SFN_LENS_QUERY_TIMEOUT_MS,
    sourcesFile: env.SFN_LENS_CONFIG ? path.resolve(env.SFN_LENS_CONFIG) : null,
    searchConfirmBytes: env.SFN_LENS_SEARCH_CONFIRM_BYTES,
    insightsConcurrency: env.SFN_LENS_INSIGHTS_CONCURRENCY,
  };
  return cached;
}
