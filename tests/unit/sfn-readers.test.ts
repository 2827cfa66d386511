import { DescribeExecutionCommand, DescribeStateMachineCommand, ListMapRunsCommand, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { setClientsForTests } from '@/lib/aws/clients';
import { describeExecution, describeStateMachine, listMapRuns } from '@/lib/aws/step-functions';
import { assessHealth } from '@/lib/domain/health';
import { getStateMachines } from '@/lib/server/state-machines';
import { scriptedClients } from './scripted-clients';

// Step Functions readers under the service model's shapes, with a scripted SFN client (no network).

const ARN = (name: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/5f1c2d3e-8a9b-4c7d-9e0f-112233445566';
const awsError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const DENIED = `User: arn:aws:sts::123456789012:assumed-role/sfn-lens/x is not authorized to perform: kms:Decrypt on resource: ${KEY}`;

const LOGGING = { level: 'ALL', includeExecutionData: false, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/ledger-Logs:*' } }] };
const MAP_DEFINITION = JSON.stringify({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' } }, End: true } } });

/** An encrypted state machine: every describe that would decrypt answers `fullError` (a function of the attempt). */
function encryptedSfn(fullError: (attempt: number) => Error | null, opts: { metadataLogging?: boolean } = {}) {
  const calls: Array<Record<string, unknown>> = [];
  let attempt = 0;
  const sfn = {
    send: async (cmd: unknown) => {
      if (cmd instanceof ListStateMachinesCommand) return { stateMachines: [{ stateMachineArn: ARN('ledger'), name: 'ledger', type: 'STANDARD' }] };
      if (cmd instanceof DescribeStateMachineCommand) {
        calls.push({ ...cmd.input });
        const base = { stateMachineArn: ARN('ledger'), name: 'ledger', type: 'STANDARD', roleArn: 'arn:aws:iam::123456789012:role/r', creationDate: new Date(0) };
        if (cmd.input.includedData === 'METADATA_ONLY') {
          return { ...base, definition: '{}', ...(opts.metadataLogging === false ? {} : { loggingConfiguration: LOGGING }), encryptionConfiguration: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: KEY } };
        }
        const err = fullError(attempt++);
        if (err) throw err;
        return { ...base, definition: MAP_DEFINITION, loggingConfiguration: LOGGING };
      }
      if (cmd instanceof DescribeExecutionCommand) {
        calls.push({ ...cmd.input });
        if (cmd.input.includedData !== 'METADATA_ONLY') throw awsError('KmsAccessDeniedException', DENIED);
        return { executionArn: cmd.input.executionArn, stateMachineArn: ARN('ledger'), name: 'e1', status: 'SUCCEEDED', startDate: new Date(1_000), stopDate: new Date(2_000) };
      }
      throw new Error('unexpected command');
    },
  };
  setClientsForTests(scriptedClients({ sfn: sfn.send }));
  return calls;
}

afterEach(() => setClientsForTests(null));

describe('a KMS-encrypted state machine sfn-lens may not decrypt (docs/aws-behaviour.md §11.7)', () => {
  it('is described without its definition (METADATA_ONLY) and says why, its Distributed Map unknown rather than absent', async () => {
    const calls = encryptedSfn(() => awsError('KmsAccessDeniedException', DENIED));
    const sm = await describeStateMachine(ARN('ledger'));
    expect(calls.map((c) => c.includedData ?? 'default')).toEqual(['default', 'METADATA_ONLY']);
    expect(sm).toMatchObject({ name: 'ledger', type: 'STANDARD', logging: { level: 'ALL', logGroupArn: expect.stringContaining('ledger-Logs') } });
    expect(sm.hasDistributedMap).toBeNull();
    expect(sm.definitionUnreadable).toEqual({ error: 'KmsAccessDeniedException', message: DENIED, kmsKeyId: KEY });
  });

  it('keeps its row in the list of state machines, with a health finding naming the definition as unread', async () => {
    encryptedSfn(() => awsError('KmsAccessDeniedException', DENIED));
    const list = await getStateMachines();
    expect(list.unread).toEqual([]);
    expect(list.machines.map((m) => m.name)).toEqual(['ledger']);
    const health = assessHealth({ stateMachine: list.machines[0]!, logGroup: null, rolePermissions: null, resourcePolicies: null, eventsArriving: null });
    const f = health.findings.find((x) => x.id === 'definition-unreadable');
    expect(f).toMatchObject({ severity: 'info', title: 'The definition could not be read (KMS)' });
    expect(f?.description).toContain(`grant kms:Decrypt on the key ${KEY}`);
    expect(f?.description).toContain('Whether it has a Distributed Map is unknown');
  });

  it('retries KmsThrottlingException (the SDK does not) and reads the definition when KMS recovers', async () => {
    const calls = encryptedSfn((n) => (n < 2 ? awsError('KmsThrottlingException', 'Rate exceeded') : null));
    const sm = await describeStateMachine(ARN('ledger'), { kmsThrottleRetryDelaysMs: [0, 0] });
    expect(calls).toHaveLength(3);
    expect(sm.hasDistributedMap).toBe(true);
    expect(sm.definitionUnreadable).toBeUndefined();
  });

  it('settles for the metadata when KMS keeps throttling, naming the throttling', async () => {
    const calls = encryptedSfn(() => awsError('KmsThrottlingException', 'Rate exceeded'));
    const sm = await describeStateMachine(ARN('ledger'), { kmsThrottleRetryDelaysMs: [0, 0] });
    expect(calls.map((c) => c.includedData ?? 'default')).toEqual(['default', 'default', 'default', 'METADATA_ONLY']);
    expect(sm.definitionUnreadable?.error).toBe('KmsThrottlingException');
  });

  it('is named as unread, with the KMS error, if the metadata comes without a logging configuration (never guessed OFF)', async () => {
    encryptedSfn(() => awsError('KmsAccessDeniedException', DENIED), { metadataLogging: false });
    await expect(describeStateMachine(ARN('ledger'))).rejects.toMatchObject({ action: 'states:DescribeStateMachine', awsName: 'KmsAccessDeniedException', kind: 'access-denied' });
  });

  it('describes its executions with METADATA_ONLY: status and dates, no input or output', async () => {
    const calls = encryptedSfn(() => null);
    const e = await describeExecution('arn:aws:states:us-east-1:123456789012:execution:ledger:e1');
    expect(calls.map((c) => c.includedData ?? 'default')).toEqual(['default', 'METADATA_ONLY']);
    expect(e).toMatchObject({ status: 'SUCCEEDED', startDate: 1_000, stopDate: 2_000, input: null, output: null });
  });
});

describe('Map Runs (docs/aws-behaviour.md §11.11)', () => {
  it('a listed Map Run has no status: none is invented from its stop date', async () => {
    const sfn = {
      send: async (cmd: unknown) => {
        if (!(cmd instanceof ListMapRunsCommand)) throw new Error('unexpected command');
        return {
          mapRuns: [
            { executionArn: 'arn:aws:states:us-east-1:123456789012:execution:p:e', mapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:p/M:1', stateMachineArn: ARN('p/M'), startDate: new Date(1_000), stopDate: new Date(5_000) },
          ],
        };
      },
    };
    setClientsForTests(scriptedClients({ sfn: sfn.send }));
    const runs = await listMapRuns('arn:aws:states:us-east-1:123456789012:execution:p:e');
    expect(runs).toEqual([{ mapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:p/M:1', executionArn: 'arn:aws:states:us-east-1:123456789012:execution:p:e', startDate: 1_000, stopDate: 5_000 }]);
  });
});
