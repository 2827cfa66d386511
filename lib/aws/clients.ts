import 'server-only';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { SFNClient } from '@aws-sdk/client-sfn';
import { getConfig } from '@/lib/config';
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
  const cfg = getConfig();
  const common = {
    region: cfg.region,
    maxAttempts: cfg.maxAttempts,
    requestHandler: { requestTimeout: cfg.requestTimeoutMs, connectionTimeout: Math.min(cfg.requestTimeoutMs, 5_000) },
  };
  clients = refuseHtmlPages({
    sfn: new SFNClient(common),
    logs: new CloudWatchLogsClient(common),
    // IAM is a global service; its endpoint lives in us-east-1 for the aws partition.
    iam: new IAMClient({ ...common, region: cfg.region.startsWith('cn-') ? cfg.region : 'us-east-1' }),
    cloudwatch: new CloudWatchClient(common),
  });
  countAllRequests(clients);
  return clients;
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
