// Helpers for tests that talk to the simulated account directly: SDK clients with no retries,
// the /__sim/ control API (faults, request log, ground truth).
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { SFNClient } from '@aws-sdk/client-sfn';

export const ACCOUNT = '123456789012';
export const smArn = (name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}`;

/** The test harness signs with its own key, so the sim's request log tells its calls from sfn-lens's. */
export const HARNESS_KEY = 'AKIATESTHARNESS0000';
/** The key sfn-lens itself signs with on the simulated account (tests/support/app-server.ts). */
export const APP_KEY = 'AKIASIMULATED000000';

export function sdkClients(simUrl: string) {
  const common = { endpoint: simUrl, region: 'us-east-1', credentials: { accessKeyId: HARNESS_KEY, secretAccessKey: 'x' }, maxAttempts: 1 };
  return {
    sfn: new SFNClient(common),
    logs: new CloudWatchLogsClient(common),
    iam: new IAMClient(common),
    cloudwatch: new CloudWatchClient(common),
  };
}

export interface Truth {
  executionArn: string;
  startMs: number;
  endMs: number;
  finalStatus: string;
  status: string;
  dropMode: 'none' | 'all' | 'terminal' | 'middle';
  loggedEvents: number;
  lastIngestionMs: number;
  /** How many times its terminal status metric counts it (2 now and then: AWS emits status metrics at least once). */
  statusMetricEmissions: number;
  parentArn?: string;
  /** Why it failed, naming the state (`PackParcel failed: …`), for failed executions. */
  cause?: string;
  /** Its input is over the event size: logged cut at 248 KiB with inputDetails.truncated. */
  largeInput?: boolean;
  /** Its input carries HTML and script (to prove it is shown as text). */
  hostileInput?: boolean;
  /** The business key its input carries (orders-express): unique per execution. */
  orderId?: number;
}

export async function groundTruth(simUrl: string, stateMachine: string, fromMs: number, toMs: number, limit = 5000): Promise<Truth[]> {
  const r = await fetch(`${simUrl}/__sim/executions?stateMachine=${encodeURIComponent(stateMachine)}&from=${fromMs}&to=${toMs}&limit=${limit}`);
  if (!r.ok) throw new Error(`ground truth: ${r.status}`);
  return ((await r.json()) as { executions: Truth[] }).executions;
}

export async function setFaults(simUrl: string, faults: Record<string, unknown> | null): Promise<void> {
  const r = await fetch(`${simUrl}/__sim/faults`, { method: faults ? 'PUT' : 'DELETE', body: faults ? JSON.stringify(faults) : undefined });
  if (!r.ok) throw new Error(`faults: ${r.status}`);
}

export async function recordedRequests(
  simUrl: string,
  since = 0,
  accessKeyId: string | null = APP_KEY,
): Promise<{ counts: Record<string, number>; requests: Array<{ at: number; action: string; status: number; body: string }> }> {
  const r = await fetch(`${simUrl}/__sim/requests?since=${since}${accessKeyId ? `&accessKeyId=${accessKeyId}` : ''}`);
  return (await r.json()) as { counts: Record<string, number>; requests: Array<{ at: number; action: string; status: number; body: string }> };
}

/** The simulated account's now (epoch ms): the wall clock plus whatever tests advanced it by. */
export async function simNow(simUrl: string): Promise<number> {
  const r = await fetch(`${simUrl}/__sim/clock`);
  if (!r.ok) throw new Error(`clock: ${r.status}`);
  return ((await r.json()) as { now: number }).now;
}

/**
 * Moves the simulated account's clock forward to `now` (epoch ms): what the account would show then
 * (an event ingested, an execution ended) is readable at once. It never moves back, so a test that
 * moves it uses an account of its own (startSimServer), not the one every file shares.
 */
export async function setSimNow(simUrl: string, now: number): Promise<void> {
  const r = await fetch(`${simUrl}/__sim/clock`, { method: 'PUT', body: JSON.stringify({ now }) });
  if (!r.ok) throw new Error(`clock: ${r.status} ${await r.text()}`);
}
