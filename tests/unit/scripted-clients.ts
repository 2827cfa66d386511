// SDK clients whose every request is answered by a function of the command (no network). Each is an
// instance of the SDK's client class, as the SDK's paginators accept no other client.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { AwsClients } from '@/lib/aws/clients';

export type ScriptedSend = (command: unknown) => Promise<unknown>;

const CLASSES = { sfn: SFNClient, logs: CloudWatchLogsClient, iam: IAMClient, cloudwatch: CloudWatchClient };

/** The clients named in `sends`, each answering with its function; the others are left out. */
export function scriptedClients(sends: Partial<Record<keyof AwsClients, ScriptedSend>>): AwsClients {
  const clients: Partial<Record<keyof AwsClients, unknown>> = {};
  for (const [name, send] of Object.entries(sends) as Array<[keyof AwsClients, ScriptedSend]>) {
    clients[name] = Object.assign(Object.create(CLASSES[name].prototype) as object, { send });
  }
  return clients as AwsClients;
}
