import { DescribeStateMachineCommand, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { setClientsForTests, type AwsClients } from '@/lib/aws/clients';
import { getStateMachines } from '@/lib/server/state-machines';
import { scriptedClients } from './scripted-clients';

const ARN = (name: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;

/** An SFN client answering ListStateMachines with `names` and DescribeStateMachine as `describe` says. */
function sfnWith(names: string[], describe: (name: string) => Error | null): AwsClients {
  const sfn = {
    send: async (cmd: unknown) => {
      if (cmd instanceof ListStateMachinesCommand) return { stateMachines: names.map((n) => ({ stateMachineArn: ARN(n), name: n, type: 'EXPRESS' })) };
      if (cmd instanceof DescribeStateMachineCommand) {
        const name = cmd.input.stateMachineArn?.split(':').pop() ?? '';
        const err = describe(name);
        if (err) throw err;
        return { stateMachineArn: ARN(name), name, type: 'EXPRESS', roleArn: 'arn:aws:iam::123456789012:role/r', definition: '{}', loggingConfiguration: { level: 'ALL', includeExecutionData: false, destinations: [] } };
      }
      throw new Error('unexpected command');
    },
  };
  return scriptedClients({ sfn: sfn.send });
}

const awsError = (name: string, message: string, status: number) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

afterEach(() => setClientsForTests(null));

describe('the list of state machines', () => {
  it('names a state machine it may not describe, with the denied read, and still lists the others by name', async () => {
    setClientsForTests(sfnWith(['zeta', 'alpha', 'secret'], (n) => (n === 'secret' ? awsError('AccessDeniedException', `not authorized to perform: states:DescribeStateMachine on resource: ${ARN(n)}`, 400) : null)));
    const list = await getStateMachines();
    expect(list.machines.map((m) => m.name)).toEqual(['alpha', 'zeta']);
    expect(list.unread).toEqual([
      {
        arn: ARN('secret'),
        name: 'secret',
        read: { action: 'states:DescribeStateMachine', error: 'AccessDeniedException', message: `not authorized to perform: states:DescribeStateMachine on resource: ${ARN('secret')}`, what: 'state machine secret' },
      },
    ]);
  });

  it('leaves out a state machine deleted between ListStateMachines and DescribeStateMachine, naming nothing as unread', async () => {
    setClientsForTests(sfnWith(['alpha', 'gone'], (n) => (n === 'gone' ? awsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${ARN(n)}'`, 400) : null)));
    const list = await getStateMachines();
    expect(list.machines.map((m) => m.name)).toEqual(['alpha']);
    expect(list.unread).toEqual([]);
  });
});
