// Assembles the simulated account: the scenarios' state machines, their execution roles (IAM),
// log groups and the account's CloudWatch Logs resource policies.

import type { IamAccount, IamManagedPolicy, IamRole, PolicyDocument } from './iam/handler';
import { SimLogs, groupArn, type LogGroupDef, type ResourcePolicyDef } from './logs/handler';
import { ACCOUNT_ID, REGION, SimAccount } from './model';
import { hash32, hex8 } from './rand';
import type { Profile } from './scenarios';

/** The 10 actions of the current Step Functions logging docs (docs/aws-behaviour.md §4). */
export const DOCUMENTED_LOG_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:CreateLogStream',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutLogEvents',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

/** terraform-aws-step-functions 4.2.0: 8 of the 10 (no CreateLogStream / PutLogEvents), issue #76. */
export const TF_MODULE_420_LOG_ACTIONS = DOCUMENTED_LOG_ACTIONS.filter(
  (a) => a !== 'logs:CreateLogStream' && a !== 'logs:PutLogEvents',
);

export interface SimWorld {
  account: SimAccount;
  logs: SimLogs;
  iam: IamAccount;
}

const doc = (statements: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

export function buildWorld(profile: Profile, seed: number, startedAt: number, accountId: string = ACCOUNT_ID, region: string = REGION): SimWorld {
  const account = new SimAccount(profile, seed, startedAt, accountId, region);
  const roles: IamRole[] = [];
  const managedPolicies: IamManagedPolicy[] = [];
  const created = new Date(account.createdAt - 30 * 86400_000);

  for (const sm of account.stateMachines) {
    const s = sm.scenario;
    const invoke = { Sid: 'InvokeFunctions', Effect: 'Allow' as const, Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:${region}:${accountId}:function:*` };
    const inline: Record<string, PolicyDocument> = { [`${sm.name}-invoke`]: doc([invoke]) };
    const attached: string[] = [];
    if (s.role === 'full') {
      inline[`${sm.name}-logs`] = doc([{ Sid: 'CloudWatchLogsDelivery', Effect: 'Allow', Action: DOCUMENTED_LOG_ACTIONS, Resource: '*' }]);
    } else if (s.role === 'region-conditioned') {
      // A Region lock on the role's own policy: SimulatePrincipalPolicy needs aws:RequestedRegion to decide (docs/aws-behaviour.md §11.6).
      inline[`${sm.name}-logs`] = doc([
        { Sid: 'CloudWatchLogsDeliveryInRegion', Effect: 'Allow', Action: DOCUMENTED_LOG_ACTIONS, Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': region } } },
      ]);
    } else if (s.role === 'tf-module-4.2.0') {
      const arn = `arn:aws:iam::${accountId}:policy/${sm.name}-Logs`;
      managedPolicies.push({
        arn,
        policyName: `${sm.name}-Logs`,
        policyId: `ANPA${hex8(hash32(sm.seed, 1)).toUpperCase()}${hex8(hash32(sm.seed, 2)).toUpperCase()}`,
        defaultVersionId: 'v1',
        document: doc([{ Effect: 'Allow', Action: TF_MODULE_420_LOG_ACTIONS, Resource: '*' }]),
        createDate: created,
      });
      attached.push(arn);
    }
    if (s.mapChildren) {
      inline[`${sm.name}-map`] = doc([{ Effect: 'Allow', Action: ['states:StartExecution', 'states:DescribeExecution', 'states:StopExecution'], Resource: '*' }]);
    }
    roles.push({
      roleName: `${sm.name}-role`,
      arn: sm.roleArn,
      roleId: `AROA${hex8(hash32(sm.seed, 3)).toUpperCase()}${hex8(hash32(sm.seed, 4)).toUpperCase()}`,
      createDate: created,
      path: '/service-role/',
      assumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      inlinePolicies: inline,
      attachedPolicyArns: attached,
    });
  }

  const groups: LogGroupDef[] = [];
  for (const sm of account.stateMachines) {
    const name = sm.scenario.logging.logGroupName;
    if (!name || !sm.scenario.logGroupExists) continue;
    groups.push({ name, createdAt: created.getTime(), retentionInDays: name.startsWith('/aws/vendedlogs/') ? 30 : null, sm });
  }
  groups.push({ name: '/aws/lambda/charge-card', createdAt: created.getTime(), retentionInDays: 14, sm: null });
  groups.push({ name: '/aws/events/orders', createdAt: created.getTime(), retentionInDays: 7, sm: null });

  const resourcePolicies: ResourcePolicyDef[] = [
    {
      policyName: 'AWSLogDeliveryWrite20150319',
      policyScope: 'ACCOUNT',
      lastUpdatedTime: created.getTime(),
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AWSLogDeliveryWrite20150319',
            Effect: 'Allow',
            Principal: { Service: ['delivery.logs.amazonaws.com'] },
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: [`${groupArn('/aws/vendedlogs/', account)}*`],
            Condition: { StringEquals: { 'aws:SourceAccount': accountId }, ArnLike: { 'aws:SourceArn': `arn:aws:logs:${region}:${accountId}:*` } },
          },
        ],
      }),
    },
    {
      policyName: 'TrustEventsToStoreLogEvent',
      policyScope: 'ACCOUNT',
      lastUpdatedTime: created.getTime(),
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'TrustEventsToStoreLogEvent',
            Effect: 'Allow',
            Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${groupArn('/aws/events/', account)}*:*`,
          },
        ],
      }),
    },
  ];

  for (const sm of account.stateMachines) {
    const name = sm.scenario.logging.logGroupName;
    if (!name || !sm.scenario.logGroupExists || !sm.scenario.groupResourcePolicy) continue;
    // A log group's own policy: no name (PutResourcePolicy takes none with a resourceArn), put on the
    // group's ARN with :* as AWS's own SDK example does (docs/aws-behaviour.md §11.5).
    resourcePolicies.push({
      policyScope: 'RESOURCE',
      resourceArn: `${groupArn(name, account)}:*`,
      revisionId: hex8(hash32(sm.seed, 7)),
      lastUpdatedTime: created.getTime(),
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AWSLogDeliveryWrite',
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${groupArn(name, account)}:*`,
            Condition: { StringEquals: { 'aws:SourceAccount': accountId }, ArnLike: { 'aws:SourceArn': `arn:aws:logs:${region}:${accountId}:*` } },
          },
        ],
      }),
    });
  }

  const logs = new SimLogs(account, groups, resourcePolicies);
  for (const sm of account.stateMachines) {
    const name = sm.scenario.logging.logGroupName;
    const index = sm.scenario.indexPolicy;
    if (name && index) logs.indexPolicies.set(name, { fields: index.fields, lastUpdateTime: account.createdAt - index.putBeforeStartMs });
  }
  return { account, logs, iam: { accountId, roles, managedPolicies } };
}
