import { describe, expect, it } from 'vitest';
import { SimAccount } from '../../../sim/model';
import { profileByName } from '../../../sim/scenarios';
import { handleSfnRequest } from '../../../sim/sfn';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const account = new SimAccount(profileByName('demo'), 42, T0);
const arnOf = (name: string) => account.stateMachineByName(name)!.arn;

function call(op: string, body: Record<string, unknown>) {
  const r = handleSfnRequest(op, JSON.stringify(body), account, T0);
  return { status: r.status, errorType: r.headers['x-amzn-errortype'], body: JSON.parse(r.body) as Record<string, unknown> };
}

/** A settled Standard parent of `name` whose Map Run has stopped. */
function settledParent(name: string) {
  const sm = account.stateMachineByName(name)!;
  const parent = [...account.executions(sm, T0 - 3 * 3600_000, T0 - 30 * 60_000)][0];
  expect(parent).toBeDefined();
  return parent!;
}

describe('a state machine encrypted with a customer-managed KMS key the caller may not use (docs/aws-behaviour.md §11.7)', () => {
  it('DescribeStateMachine without includedData answers KmsAccessDeniedException (400, __type), naming kms:Decrypt and the key', () => {
    const r = call('DescribeStateMachine', { stateMachineArn: arnOf('ledger-standard-kms') });
    expect(r.status).toBe(400);
    expect(r.errorType).toBe('KmsAccessDeniedException');
    expect(r.body.__type).toBe('KmsAccessDeniedException');
    expect(String(r.body.message)).toMatch(/kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key\//);
    expect(call('DescribeStateMachine', { stateMachineArn: arnOf('ledger-standard-kms'), includedData: 'ALL_DATA' }).errorType).toBe('KmsAccessDeniedException');
  });

  it('DescribeStateMachine with METADATA_ONLY answers without the definition ({}), with the logging and encryption configuration', () => {
    const r = call('DescribeStateMachine', { stateMachineArn: arnOf('ledger-standard-kms'), includedData: 'METADATA_ONLY' });
    expect(r.status).toBe(200);
    expect(r.body.definition).toBe('{}');
    expect(r.body.loggingConfiguration).toMatchObject({ level: 'ALL', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: expect.stringContaining('ledger-standard-kms-Logs') } }] });
    expect(r.body.encryptionConfiguration).toMatchObject({ type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: expect.stringMatching(/^arn:aws:kms:/) });
  });

  it('an unencrypted state machine is described in full either way, and an unknown includedData is a ValidationException', () => {
    const r = call('DescribeStateMachine', { stateMachineArn: arnOf('billing-standard') });
    expect(JSON.parse(String(r.body.definition))).toHaveProperty('States');
    expect(r.body.encryptionConfiguration).toEqual({ type: 'AWS_OWNED_KEY' });
    expect(call('DescribeStateMachine', { stateMachineArn: arnOf('billing-standard'), includedData: 'SOME' }).errorType).toBe('ValidationException');
  });

  it('DescribeExecution answers KmsAccessDeniedException too, and with METADATA_ONLY its status and dates without input or output', () => {
    const e = settledParent('ledger-standard-kms');
    expect(call('DescribeExecution', { executionArn: e.arn }).errorType).toBe('KmsAccessDeniedException');
    const r = call('DescribeExecution', { executionArn: e.arn, includedData: 'METADATA_ONLY' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ executionArn: e.arn, status: expect.stringMatching(/^(SUCCEEDED|FAILED)$/) });
    expect(r.body).not.toHaveProperty('input');
    expect(r.body).not.toHaveProperty('output');
    expect(call('GetExecutionHistory', { executionArn: e.arn }).errorType).toBe('KmsAccessDeniedException');
  });

  it('ListExecutions is not encrypted data: it lists the executions as usual', () => {
    const r = call('ListExecutions', { stateMachineArn: arnOf('ledger-standard-kms'), maxResults: 5 });
    expect(r.status).toBe(200);
    expect((r.body.executions as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('Map Runs as the service model has them (docs/aws-behaviour.md §11.11)', () => {
  it('ListMapRuns items carry no status; DescribeMapRun answers one of RUNNING, SUCCEEDED, FAILED, ABORTED', () => {
    const parent = settledParent('batch-standard-dmap');
    const runs = call('ListMapRuns', { executionArn: parent.arn }).body.mapRuns as Array<Record<string, unknown>>;
    expect(runs).toHaveLength(1);
    expect(runs[0]).not.toHaveProperty('status');
    expect(runs[0]).toHaveProperty('stopDate');
    const run = call('DescribeMapRun', { mapRunArn: runs[0]!.mapRunArn });
    expect(['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED']).toContain(run.body.status);
  });
});
