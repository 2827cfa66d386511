import 'server-only';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { SFNClient } from '@aws-sdk/client-sfn';
import { getConfig, type AppConfig } from '@/lib/config';
import { refuseHtmlAnswers } from './answer-shape';
import { countAllRequests } from './request-stats';

// Clients use the SDK's default credential chain and honour AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>
// with no code of ours: pointing sfn-lens at another AWS-compatible endpoint is configuration only.
// Retries are the SDK's standard strategy (exponential backoff with jitter, throttling-aware).

export interface AwsClients {
  sfn: SFNClient;
  logs: CloudWatchLogsClient;
  iam: IAMClient;
  cloudwatch: CloudWatchClient;
}

let clients: AwsClients | null = null;

export function getClients(): AwsClients {
  if (clients) return clients;
  clients = createClients(getConfig());
  // Every AWS request sfn-lens makes is counted for /metrics (lib/aws/request-stats.ts).
  countAllRequests(clients);
  return clients;
}

/** The four clients for one configuration (getClients builds them from the environment). */
export function createClients(cfg: Pick<AppConfig, 'region' | 'maxAttempts' | 'requestTimeoutMs'>): AwsClients {
  const common = {
    region: cfg.region,
    maxAttempts: cfg.maxAttempts,
    requestHandler: { requestTimeout: cfg.requestTimeoutMs, connectionTimeout: Math.min(cfg.requestTimeoutMs, 5_000) },
  };
  return refuseHtmlPages({
    sfn: new SFNClient(common),
    logs: new CloudWatchLogsClient(common),
    // IAM has one endpoint per partition: the SDK's endpoint rules resolve it, and its signing Region,
    // from the configured Region (iam.amazonaws.com signed for us-east-1 from any aws Region,
    // iam.us-gov.amazonaws.com for aws-us-gov, …). Pinning a Region would send another partition's
    // token to the wrong endpoint (docs/aws-behaviour.md §11.10).
    iam: new IAMClient(common),
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
  clients = c;
}
