import { afterEach, describe, expect, it } from 'vitest';
import { setClientsForTests, type AwsClients } from '@/lib/aws/clients';
import { AwsReadError } from '@/lib/aws/errors';
import { checkRolePermissions, readRolePolicyDocuments } from '@/lib/aws/iam';
import { listExecutions, listMapRunExecutions, listMapRuns, listStateMachineArns } from '@/lib/aws/step-functions';

// An endpoint may answer a next token without end (empty pages are legal: docs/aws-behaviour.md §11.9).
// Every listing sfn-lens pages through stops at a bound and names the read, instead of running on.

/** A client whose every answer is an empty page that promises more. */
function endlessClient() {
  let calls = 0;
  const client = {
    send: async () => {
      calls++;
      return { nextToken: `t${calls}`, IsTruncated: true, Marker: `m${calls}`, stateMachines: [], executions: [], mapRuns: [], EvaluationResults: [], PolicyNames: [], AttachedPolicies: [] };
    },
  };
  return { client, calls: () => calls };
}

function install(): () => number {
  const { client, calls } = endlessClient();
  setClientsForTests({ sfn: client, logs: client, iam: client, cloudwatch: client } as unknown as AwsClients);
  return calls;
}

afterEach(() => setClientsForTests(null));

describe('paging loops stop at a bound when the endpoint answers a next token without end', () => {
  const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:billing-standard';
  const cases: Array<[string, string, () => Promise<unknown>, number]> = [
    ['ListStateMachines', 'states:ListStateMachines', () => listStateMachineArns(), 100],
    ['ListExecutions of a state machine', 'states:ListExecutions', () => listExecutions(SM, 0, Date.now()), 100],
    ['ListExecutions of a Map Run', 'states:ListExecutions', () => listMapRunExecutions('arn:aws:states:us-east-1:123456789012:mapRun:billing-standard/Map:1'), 100],
    ['ListMapRuns', 'states:ListMapRuns', () => listMapRuns(`${SM.replace('stateMachine', 'execution')}:run-1`), 100],
    ['ListRolePolicies', 'iam:ListRolePolicies', () => readRolePolicyDocuments('arn:aws:iam::123456789012:role/r'), 50],
    ['SimulatePrincipalPolicy', 'iam:SimulatePrincipalPolicy', () => checkRolePermissions('arn:aws:iam::123456789012:role/r', ['logs:PutLogEvents']), 50],
  ];

  it.each(cases)('%s', async (_label, action, read, bound) => {
    const calls = install();
    const err = await read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsReadError);
    expect(err).toMatchObject({ action, awsName: 'PagingDidNotEnd' });
    expect((err as Error).message).toContain(`after ${bound} pages`);
    expect(calls()).toBe(bound);
  });
});
