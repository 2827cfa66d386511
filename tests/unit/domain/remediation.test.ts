import { describe, expect, it } from 'vitest';
import {
  consoleLoggingSteps,
  logGroupResourcePolicy,
  putResourcePolicyCommand,
  putRolePolicyCommand,
  roleLogsPolicy,
  roleNameFromArn,
  sfnLensReadPolicy,
  shellQuote,
  terraformLoggingChange,
  terraformModuleChange,
  updateLoggingCommand,
} from '@/lib/domain/remediation';
import { ACCOUNT, LOG_GROUP_ARN, LOG_GROUP_NAME, REGION, ROLE_ARN, SM_ARN } from './builders';

describe('IAM policy for the execution role', () => {
  it('holds exactly the missing actions, in the documented order, on "*"', () => {
    const r = roleLogsPolicy(['logs:PutLogEvents', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(r).toMatchObject({ kind: 'iam-policy', language: 'json', title: expect.stringContaining('2 missing') });
    expect(JSON.parse(r.text)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'StepFunctionsLogDelivery', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
    });
  });

  it('the CLI command puts it on the role by name (paths are not part of the name)', () => {
    const r = putRolePolicyCommand(ROLE_ARN, ['logs:PutLogEvents']);
    expect(r.kind).toBe('aws-cli');
    expect(r.text).toContain('aws iam put-role-policy');
    expect(r.text).toContain('--role-name orders-role');
    expect(r.text).toContain(`--policy-document '{"Version":"2012-10-17","Statement":[{"Sid":"StepFunctionsLogDelivery","Effect":"Allow","Action":["logs:PutLogEvents"],"Resource":"*"}]}'`);
    expect(roleNameFromArn('arn:aws:iam::123456789012:role/a/b/deep-role')).toBe('deep-role');
  });
});

describe('log group resource policy', () => {
  it('lets delivery.logs.amazonaws.com write to this group, for this account only', () => {
    const r = logGroupResourcePolicy({ logGroupArn: `${LOG_GROUP_ARN}:*` });
    expect(r?.kind).toBe('resource-policy');
    expect(JSON.parse(r?.text ?? '{}')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AWSLogDeliveryWrite20150319',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [`${LOG_GROUP_ARN}:log-stream:*`],
          Condition: {
            StringEquals: { 'aws:SourceAccount': [ACCOUNT] },
            ArnLike: { 'aws:SourceArn': [`arn:aws:logs:${REGION}:${ACCOUNT}:*`] },
          },
        },
      ],
    });
  });

  it('the CLI command names the region and warns about the 10-policy limit', () => {
    const r = putResourcePolicyCommand({ logGroupArn: LOG_GROUP_ARN });
    expect(r?.text).toContain(`aws logs put-resource-policy \\\n  --region ${REGION}`);
    expect(r?.text).toContain('at most 10 resource policies');
  });

  it('is null for a destination that is not a log group', () => {
    expect(logGroupResourcePolicy({ logGroupArn: 'arn:aws:s3:::bucket' })).toBeNull();
  });
});

describe('logging configuration', () => {
  it('the CLI command sets level ALL with a destination ending in :*', () => {
    const r = updateLoggingCommand({ stateMachineArn: SM_ARN, logGroupArn: LOG_GROUP_ARN, includeExecutionData: false });
    expect(r.text).toBe(
      [
        'aws stepfunctions update-state-machine \\',
        `  --region ${REGION} \\`,
        `  --state-machine-arn ${SM_ARN} \\`,
        `  --logging-configuration '{"level":"ALL","includeExecutionData":false,"destinations":[{"cloudWatchLogsLogGroup":{"logGroupArn":"${LOG_GROUP_ARN}:*"}}]}'`,
      ].join('\n'),
    );
  });

  it('the raw Terraform resource change uses the group ARN with :*', () => {
    const r = terraformLoggingChange();
    expect(r.kind).toBe('terraform');
    expect(r.text).toContain('logging_configuration {');
    expect(r.text).toContain('log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"');
    expect(r.text).toContain('include_execution_data = true');
    expect(r.text).toContain('level                  = "ALL"');
  });

  it('the terraform-aws-step-functions module inputs add the two actions its policy lacks', () => {
    const r = terraformModuleChange();
    expect(r.kind).toBe('terraform-module');
    expect(r.text).toContain('logging_configuration = {');
    expect(r.text).toContain('attach_cloudwatch_logs_policy = true');
    expect(r.text).toContain('attach_policy_statements = true');
    expect(r.text).toContain('actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]');
    expect(r.text).toContain('#76');
  });

  it('the console steps name the state machine and the group', () => {
    expect(consoleLoggingSteps('orders', LOG_GROUP_NAME).text).toContain(`Choose the log group ${LOG_GROUP_NAME}`);
  });
});

describe('helpers', () => {
  it('shellQuote survives single quotes', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('plain-word')).toBe('plain-word');
  });

  it('sfnLensReadPolicy grants the dashboard the reads it was denied', () => {
    expect(JSON.parse(sfnLensReadPolicy(['logs:StartQuery', 'logs:GetQueryResults', 'logs:StartQuery']).text).Statement[0].Action).toEqual(['logs:GetQueryResults', 'logs:StartQuery']);
  });
});
