import { z } from 'zod';
import { parseArn, REGION_SHAPE } from '@/lib/domain/arn';

// The sources sfn-lens reads (docs/sources.md): accounts × Regions from `sfn-lens.config.json`
// (path: SFN_LENS_CONFIG). Without the file there is one source, the SDK's default credentials in the
// configured Region, exactly as before sources existed. This module only parses; reading the file is
// lib/aws/clients.ts's.

const ACCOUNT_ID = /^\d{12}$/;
/** An IAM role ARN in any partition (aws, aws-cn, aws-us-gov…), with an optional path. */
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

const sourceSchema = z
  .object({
    name: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional(),
    accountId: z.string().regex(ACCOUNT_ID, 'must be a 12-digit AWS account id'),
    regions: z.array(z.string().regex(REGION_SHAPE, 'must look like us-east-1')).min(1, 'must list at least one Region'),
    profile: z.string().min(1, 'must not be empty').optional(),
    roleArn: z.string().regex(ROLE_ARN, 'must be an IAM role ARN like arn:aws:iam::210987654321:role/sfn-lens-readonly').optional(),
    // sts:ExternalId: 2 to 1,224 characters of [\w+=,.@:/-] (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2 to 1224 characters of letters, digits and +=,.@:/-').optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.profile !== undefined && s.roleArn !== undefined) ctx.addIssue({ code: 'custom', message: 'give either profile or roleArn, not both', path: ['roleArn'] });
    if (s.externalId !== undefined && s.roleArn === undefined) ctx.addIssue({ code: 'custom', message: 'externalId goes with roleArn (it is a condition of the role to assume)', path: ['externalId'] });
    const roleAccount = s.roleArn ? ROLE_ARN.exec(s.roleArn)?.[1] : undefined;
    if (roleAccount !== undefined && roleAccount !== s.accountId) ctx.addIssue({ code: 'custom', message: `the role is in account ${roleAccount}, not in accountId ${s.accountId}`, path: ['roleArn'] });
    if (new Set(s.regions).size !== s.regions.length) ctx.addIssue({ code: 'custom', message: 'lists a Region twice', path: ['regions'] });
  });

const fileSchema = z
  .object({
    sources: z.array(sourceSchema).min(1, 'must list at least one source'),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Map<string, number>();
    f.sources.forEach((s, i) => {
      for (const region of s.regions) {
        const key = `${s.accountId}/${region}`;
        const first = seen.get(key);
        if (first !== undefined) ctx.addIssue({ code: 'custom', message: `account ${s.accountId} in ${region} is already source ${first}: each account × Region is read once`, path: ['sources', i, 'regions'] });
        else seen.set(key, i);
      }
    });
  });

/** How a source signs its requests. */
export type SourceCredentials =
  | { kind: 'default' }
  | { kind: 'profile'; profile: string }
  | { kind: 'role'; roleArn: string; externalId: string | null };

/** One account in one Region: what each view reads and names. */
export interface Source {
  /** `accountId/region`, or `default` for the one source without a configuration file. */
  key: string;
  /** What views call it: the configured name, else the account id. */
  name: string;
  /** Null without a configuration file: the default credentials' account, whichever it is. */
  accountId: string | null;
  region: string;
  credentials: SourceCredentials;
}

export class SourcesConfigError extends Error {}

/**
 * The sources a configuration file lists, one per account × Region. Throws a SourcesConfigError that
 * names the file, where in it and what is wrong, every problem at once.
 */
export function parseSourcesConfig(text: string, file: string): Source[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SourcesConfigError(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new SourcesConfigError(`${file} is not a valid sfn-lens configuration:\n${lines.join('\n')}`);
  }
  return parsed.data.sources.flatMap((s) =>
    s.regions.map(
      (region): Source => ({
        key: `${s.accountId}/${region}`,
        name: s.name ?? s.accountId,
        accountId: s.accountId,
        region,
        credentials: s.roleArn ? { kind: 'role', roleArn: s.roleArn, externalId: s.externalId ?? null } : s.profile ? { kind: 'profile', profile: s.profile } : { kind: 'default' },
      }),
    ),
  );
}

/** The one source without a configuration file. */
export function defaultSource(region: string, label: string): Source {
  return { key: 'default', name: label, accountId: null, region, credentials: { kind: 'default' } };
}

/**
 * The source an ARN belongs to: its account and Region name it. Without a configuration file every
 * ARN is the default source's; with one, an ARN of no configured source is null.
 */
export function sourceForArn(sources: readonly Source[], arn: string): Source | null {
  if (sources.length === 1 && sources[0]?.accountId === null) return sources[0];
  const parsed = parseArn(arn);
  if (!parsed.ok) return null;
  const { region, accountId: account } = parsed.value;
  // IAM ARNs have no Region: any of the account's sources reads them.
  return sources.find((s) => s.accountId === account && (s.region === region || region === '')) ?? null;
}

export interface SourceFilter {
  account: string | null;
  region: string | null;
}

/**
 * The sources a view reads for the URL's `account` and `region` filters (null: all). The default
 * source's account is not known before its ARNs are read: it is kept, and its rows are filtered by ARN.
 */
export function filterSources(sources: readonly Source[], filter: SourceFilter): Source[] {
  return sources.filter((s) => (filter.account === null || s.accountId === null || s.accountId === filter.account) && (filter.region === null || s.region === filter.region));
}

/** Whether an ARN's account and Region pass the filters. */
export function arnMatchesFilter(arn: string, filter: SourceFilter): boolean {
  if (filter.account === null && filter.region === null) return true;
  const parsed = parseArn(arn);
  return parsed.ok && (filter.account === null || parsed.value.accountId === filter.account) && (filter.region === null || parsed.value.region === filter.region);
}
