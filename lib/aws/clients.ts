import 'server-only';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { SFNClient } from '@aws-sdk/client-sfn';
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { getConfig, type AppConfig } from '@/lib/config';
import { iamClientRegion } from '@/lib/domain/arn';
import { defaultSource, parseSourcesConfig, sourceForArn, SourcesConfigError, type Source } from '@/lib/sources';
import { refuseHtmlAnswers } from './answer-shape';
import { toAwsReadError } from './errors';
import { countAllRequests } from './request-stats';

// Clients use the SDK's default credential chain and honour AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>
// with no code of ours: pointing sfn-lens at another AWS-compatible endpoint is configuration only.
// Retries are the SDK's standard strategy (exponential backoff with jitter, throttling-aware).

/** What the SDK's credential providers return. */
type AwsCredentialIdentityProvider = ReturnType<typeof fromIni>;

export interface AwsClients {
  sfn: SFNClient;
  logs: CloudWatchLogsClient;
  iam: IAMClient;
  cloudwatch: CloudWatchClient;
}

/** Set by tests: every source reads through these clients. */
let testClients: AwsClients | null = null;
const bySource = new Map<string, AwsClients>();
let sources: Source[] | null = null;
/** The source the reads of a view are for, when a reader is given no ARN (a log group name, a Region-less call). */
const currentSource = new AsyncLocalStorage<Source>();

/**
 * The sources sfn-lens reads: those of `sfn-lens.config.json` (or the file SFN_LENS_CONFIG names),
 * else the one default source (docs/sources.md). Read once; a file that is wrong stops sfn-lens with
 * what is wrong in it.
 */
export function getSources(): Source[] {
  if (sources) return sources;
  const cfg = getConfig();
  const file = cfg.sourcesFile ?? path.resolve('sfn-lens.config.json');
  if (!existsSync(/*turbopackIgnore: true*/ file)) {
    if (cfg.sourcesFile) throw new SourcesConfigError(`${file}: no such file (SFN_LENS_CONFIG names it)`);
    sources = [defaultSource(cfg.region, cfg.accountLabel)];
  } else {
    sources = parseSourcesConfig(readFileSync(/*turbopackIgnore: true*/ file, 'utf8'), file);
  }
  return sources;
}

/** The configured source an ARN names by its account and Region, or null when none is configured for it. */
export function findSourceOfArn(arn: string): Source | null {
  return sourceForArn(getSources(), arn);
}

/** Runs `read` with `source` as the source of every reader call inside it that names no ARN. */
export function inSource<T>(source: Source, read: () => T): T {
  return currentSource.run(source, read);
}

/**
 * The clients of one source: the one an ARN names (its account and Region), the source given, or the
 * source of the view being read (`inSource`), else the only source. Each source has its own clients
 * and credentials, so a read never signs with another account's.
 */
export function getClients(arnOrSource?: string | Source): AwsClients {
  if (testClients) return testClients;
  let source: Source | null | undefined;
  if (typeof arnOrSource === 'string') {
    source = findSourceOfArn(arnOrSource);
    if (!source) throw new Error(`no configured source reads ${arnOrSource}`);
  } else {
    source = arnOrSource ?? currentSource.getStore();
    if (!source) {
      // A read that names no ARN outside `inSource` could sign with the wrong account: only one source makes it unambiguous.
      const all = getSources();
      if (all.length !== 1) throw new Error('a read that names no ARN ran outside inSource() while several sources are configured');
      source = all[0];
    }
  }
  if (!source) throw new Error('no source configured');
  let c = bySource.get(source.key);
  if (!c) {
    c = createClients(getConfig(), { region: source.region, credentials: credentialsOf(source, getConfig().requestTimeoutMs) });
    // Every AWS request sfn-lens makes is counted for /metrics (lib/aws/request-stats.ts).
    countAllRequests(c);
    bySource.set(source.key, c);
  }
  return c;
}

/**
 * A source's credentials through the SDK's own providers: the default chain, a profile of the shared
 * config files, or a role assumed with sts:AssumeRole (and its external id) from the default chain's
 * credentials, refreshed before they expire.
 */
function credentialsOf(source: Source, requestTimeoutMs: number): AwsCredentialIdentityProvider | undefined {
  const c = source.credentials;
  if (c.kind === 'profile') return fromIni({ profile: c.profile });
  if (c.kind === 'role') {
    const assume = fromTemporaryCredentials({
      params: { RoleArn: c.roleArn, RoleSessionName: 'sfn-lens', ...(c.externalId ? { ExternalId: c.externalId } : {}) },
      // STS in the source's Region (a regional endpoint), as its other clients.
      clientConfig: { region: source.region, requestHandler: { requestTimeout: requestTimeoutMs } },
    });
    // A role that cannot be assumed (its trust policy, the external id, the hub's sts:AssumeRole) is
    // named as that, not as the read that needed its credentials.
    return async (props) => {
      try {
        return await assume(props);
      } catch (e) {
        throw toAwsReadError(e, 'sts:AssumeRole');
      }
    };
  }
  return undefined;
}

/** The four clients for one configuration (getClients builds them from the environment). */
export function createClients(
  cfg: Pick<AppConfig, 'region' | 'maxAttempts' | 'requestTimeoutMs'>,
  source: { region?: string; credentials?: AwsCredentialIdentityProvider } = {},
): AwsClients {
  const common = {
    region: source.region ?? cfg.region,
    ...(source.credentials ? { credentials: source.credentials } : {}),
    maxAttempts: cfg.maxAttempts,
    requestHandler: { requestTimeout: cfg.requestTimeoutMs, connectionTimeout: Math.min(cfg.requestTimeoutMs, 5_000) },
  };
  return refuseHtmlPages({
    sfn: new SFNClient(common),
    logs: new CloudWatchLogsClient(common),
    // IAM has one endpoint per partition: the SDK's endpoint rules resolve it, and its signing Region,
    // from the Region (iam.amazonaws.com signed for us-east-1 from any aws Region,
    // iam.us-gov.amazonaws.com for aws-us-gov, …). Pinning us-east-1 would send another partition's
    // token to the wrong endpoint; the partition's own IAM Region resolves the same endpoint, and is
    // what an endpoint override (AWS_ENDPOINT_URL, which has no rule for the signing Region) signs
    // for, so a source in eu-west-1 reads IAM there too (docs/aws-behaviour.md §11.10).
    iam: new IAMClient({ ...common, region: iamClientRegion(common.region) }),
    cloudwatch: new CloudWatchClient(common),
  });
}

/** Every client refuses an HTML page rather than parse it (docs/aws-behaviour.md §11.12). */
export function refuseHtmlPages(c: AwsClients): AwsClients {
  for (const client of Object.values(c)) refuseHtmlAnswers(client);
  return c;
}

/** For tests: build clients with explicit settings instead of the environment. */
export function setClientsForTests(c: AwsClients | null): void {
  testClients = c;
}
