import 'server-only';
import { findSourceOfArn, getSources, inSource } from '@/lib/aws/clients';
import { parseArn, REGION_SHAPE } from '@/lib/domain/arn';
import type { Source, SourceFilter } from '@/lib/sources';
import { RequestError } from './errors';

// Which source a page or an API route reads: an ARN names its account and Region, so a view of one
// state machine or execution reads only the source configured for them (docs/sources.md).

/** The source of an ARN, or a 404 naming the account and Region no source reads. */
export function sourceOf(arn: string): Source {
  const source = findSourceOfArn(arn);
  if (source) return source;
  const parsed = parseArn(arn);
  const where = parsed.ok ? `account ${parsed.value.accountId} in ${parsed.value.region}` : arn;
  throw new RequestError(404, 'unknown-source', `No configured source reads ${where}: add it to sfn-lens.config.json (docs/sources.md).`);
}

/** Runs a view's reads in the source its ARN names. */
export function inSourceOf<T>(arn: string, read: () => Promise<T>): Promise<T> {
  return inSource(sourceOf(arn), read);
}

/** The sources of the configuration (one without a configuration file). */
export function allSources(): Source[] {
  return getSources();
}

/** What a view says of a source: its name, account and Region. */
export function sourceLabel(source: Source): string {
  if (source.accountId === null) return source.name;
  return source.name === source.accountId ? `account ${source.accountId} in ${source.region}` : `${source.name} (account ${source.accountId} in ${source.region})`;
}

/** A source as the views and the JSON API name it. */
export function sourceInfo(source: Source): { key: string; name: string; accountId: string | null; region: string; label: string } {
  return { key: source.key, name: source.name, accountId: source.accountId, region: source.region, label: sourceLabel(source) };
}

/** The `account` and `region` filters of a URL (absent or empty: no filter), checked. */
export function sourceFilterParams(params: { account?: string | null; region?: string | null }): SourceFilter {
  const account = params.account ? params.account : null;
  const region = params.region ? params.region : null;
  if (account !== null && !/^\d{12}$/.test(account)) throw new RequestError(400, 'invalid-account', `account must be a 12-digit AWS account id, got "${account}".`);
  if (region !== null && !REGION_SHAPE.test(region)) throw new RequestError(400, 'invalid-region', `region must look like us-east-1, got "${region}".`);
  return { account, region };
}
