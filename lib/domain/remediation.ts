// Text a user can paste to fix what a finding or a verdict names: each is one copy button.
// Values come from AWS (ARNs, names); they are still quoted for the language they land in.

import { parseArn, parseLogGroupArn } from './arn';
import {
  DELIVERY_ACTIONS,
  DELIVERY_PRINCIPAL,
  DELIVERY_STATEMENT_SID,
  DOCUMENTED_ROLE_ACTIONS,
  WRITE_ROLE_ACTIONS,
} from './logging-facts';
import type { LogLevel, Remediation } from './types';

/** Documented order first, then anything else, without duplicates. */
function orderActions(actions: readonly string[]): string[] {
  const unique = [...new Set(actions)];
  const rank = (a: string) => {
    const i = DOCUMENTED_ROLE_ACTIONS.indexOf(a);
    return i === -1 ? DOCUMENTED_ROLE_ACTIONS.length : i;
  };
  return unique.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A POSIX shell single-quoted word. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** An HCL string literal (escapes quotes, backslashes and template sequences). */
function hclString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}"`;
}

/** The role name of `arn:aws:iam::ACCOUNT:role/path/name` (paths are not part of the name). */
export function roleNameFromArn(roleArn: string): string | null {
  const p = parseArn(roleArn);
  if (!p.ok || p.value.service !== 'iam' || p.value.resourceType !== 'role') return null;
  const rest = p.value.resourceParts[0] ?? '';
  return rest.split('/').pop() || null;
}

/** The identity policy document granting exactly these actions on `*` (they support no resource types). */
export function rolePolicyDocument(actions: readonly string[]): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'StepFunctionsLogDelivery', Effect: 'Allow', Action: orderActions(actions), Resource: '*' }],
  };
}

/** The IAM policy with exactly the missing actions, for the state machine's execution role. */
export function roleLogsPolicy(missingActions: readonly string[]): Remediation {
  const n = new Set(missingActions).size;
  return {
    kind: 'iam-policy',
    title: `Execution role policy: allow the ${n} missing CloudWatch Logs action${n === 1 ? '' : 's'}`,
    language: 'json',
    text: JSON.stringify(rolePolicyDocument(missingActions), null, 2),
  };
}

export function putRolePolicyCommand(roleArn: string, missingActions: readonly string[]): Remediation {
  const roleName = roleNameFromArn(roleArn) ?? '<execution-role-name>';
  return {
    kind: 'aws-cli',
    title: `Add the missing actions to role ${roleName}`,
    language: 'shell',
    text: [
      'aws iam put-role-policy \\',
      `  --role-name ${shellQuote(roleName)} \\`,
      '  --policy-name StepFunctionsLogDelivery \\',
      `  --policy-document ${shellQuote(JSON.stringify(rolePolicyDocument(missingActions)))}`,
    ].join('\n'),
  };
}

export interface LogDestination {
  /** The log group ARN, with or without the trailing `:*`. */
  logGroupArn: string;
}

function destinationParts(dest: LogDestination) {
  const p = parseLogGroupArn(dest.logGroupArn);
  if (!p.ok) return null;
  return p.value;
}

/**
 * The log group resource policy statement AWS itself writes for vended logs (docs/aws-behaviour.md §4): the
 * delivery service may create streams and put events in this group, for this account only.
 */
export function resourcePolicyDocument(dest: LogDestination): object | null {
  const p = destinationParts(dest);
  if (!p) return null;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: DELIVERY_STATEMENT_SID,
        Effect: 'Allow',
        Principal: { Service: DELIVERY_PRINCIPAL },
        Action: [...DELIVERY_ACTIONS],
        Resource: [`${p.arn}:log-stream:*`],
        Condition: {
          StringEquals: { 'aws:SourceAccount': [p.accountId] },
          ArnLike: { 'aws:SourceArn': [`arn:${p.partition}:logs:${p.region}:${p.accountId}:*`] },
        },
      },
    ],
  };
}

export function logGroupResourcePolicy(dest: LogDestination): Remediation | null {
  const doc = resourcePolicyDocument(dest);
  const p = destinationParts(dest);
  if (!doc || !p) return null;
  return {
    kind: 'resource-policy',
    title: `Log group resource policy: let ${DELIVERY_PRINCIPAL} write to ${p.name}`,
    language: 'json',
    text: JSON.stringify(doc, null, 2),
  };
}

export function putResourcePolicyCommand(dest: LogDestination): Remediation | null {
  const doc = resourcePolicyDocument(dest);
  const p = destinationParts(dest);
  if (!doc || !p) return null;
  return {
    kind: 'aws-cli',
    title: `Add the delivery resource policy for ${p.name}`,
    language: 'shell',
    text: [
      '# An account holds at most 10 resource policies (not adjustable) of at most 5,120 characters each:',
      '# if you already have one for delivery.logs.amazonaws.com, add the statement to it instead.',
      'aws logs describe-resource-policies --region ' + shellQuote(p.region),
      'aws logs put-resource-policy \\',
      `  --region ${shellQuote(p.region)} \\`,
      '  --policy-name AWSLogDeliveryWrite20150319 \\',
      `  --policy-document ${shellQuote(JSON.stringify(doc))}`,
    ].join('\n'),
  };
}

export interface LoggingFix {
  stateMachineArn: string;
  /** The destination log group ARN (`:*` is added when missing). */
  logGroupArn: string;
  /** Level to set; ALL is the only level that logs ExecutionStarted/ExecutionSucceeded. */
  level?: LogLevel;
  /** Keep the user's choice: execution data can be sensitive, and the fix does not need it. Default true. */
  includeExecutionData?: boolean;
}

function withWildcard(arn: string): string {
  return arn.endsWith(':*') ? arn : `${arn}:*`;
}

export function updateLoggingCommand(fix: LoggingFix): Remediation {
  const cfg = {
    level: fix.level ?? 'ALL',
    includeExecutionData: fix.includeExecutionData ?? true,
    destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: withWildcard(fix.logGroupArn) } }],
  };
  const region = parseArn(fix.stateMachineArn);
  return {
    kind: 'aws-cli',
    title: `Set logging to ${cfg.level} with destination ${withWildcard(fix.logGroupArn)}`,
    language: 'shell',
    text: [
      'aws stepfunctions update-state-machine \\',
      ...(region.ok && region.value.region ? [`  --region ${shellQuote(region.value.region)} \\`] : []),
      `  --state-machine-arn ${shellQuote(fix.stateMachineArn)} \\`,
      `  --logging-configuration ${shellQuote(JSON.stringify(cfg))}`,
    ].join('\n'),
  };
}

/** The change to a raw `aws_sfn_state_machine` resource (names are placeholders the user adapts). */
export function terraformLoggingChange(opts: {
  level?: LogLevel;
  includeExecutionData?: boolean;
  stateMachineResource?: string;
  logGroupResource?: string;
} = {}): Remediation {
  const sm = opts.stateMachineResource ?? 'this';
  const lg = opts.logGroupResource ?? 'this';
  return {
    kind: 'terraform',
    title: 'Terraform: logging_configuration of aws_sfn_state_machine',
    language: 'hcl',
    text: [
      `resource "aws_sfn_state_machine" ${hclString(sm)} {`,
      '  # ...',
      '  logging_configuration {',
      `    log_destination        = "\${aws_cloudwatch_log_group.${lg}.arn}:*"`,
      `    include_execution_data = ${opts.includeExecutionData ?? true}`,
      `    level                  = ${hclString(opts.level ?? 'ALL')}`,
      '  }',
      '}',
    ].join('\n'),
  };
}

/**
 * The inputs of terraform-aws-modules/step-functions. Its CloudWatch Logs policy (4.2.0, still in
 * 5.0.2) has 8 of the 10 documented actions: `logs:CreateLogStream` and `logs:PutLogEvents` are
 * added through `policy_statements` (terraform-aws-step-functions#76; no fix was merged).
 */
export function terraformModuleChange(opts: { level?: LogLevel; includeExecutionData?: boolean; missingActions?: readonly string[] } = {}): Remediation {
  const extra = orderActions(opts.missingActions ?? WRITE_ROLE_ACTIONS);
  return {
    kind: 'terraform-module',
    title: 'Terraform module terraform-aws-modules/step-functions: logging inputs',
    language: 'hcl',
    text: [
      'module "step_function" {',
      '  source = "terraform-aws-modules/step-functions/aws"',
      '  # ...',
      '  logging_configuration = {',
      `    include_execution_data = ${opts.includeExecutionData ?? true}`,
      `    level                  = ${hclString(opts.level ?? 'ALL')}`,
      '  }',
      '  attach_cloudwatch_logs_policy = true',
      '',
      '  # The module\'s logs policy lacks actions the AWS docs list (terraform-aws-step-functions#76).',
      '  attach_policy_statements = true',
      '  policy_statements = {',
      '    cloudwatch_log_delivery = {',
      '      effect    = "Allow"',
      `      actions   = [${extra.map(hclString).join(', ')}]`,
      '      resources = ["*"]',
      '    }',
      '  }',
      '}',
    ].join('\n'),
  };
}

export function consoleLoggingSteps(stateMachineName: string, logGroupName: string | null): Remediation {
  return {
    kind: 'console',
    title: 'In the Step Functions console',
    language: 'text',
    text: [
      `1. Open Step Functions → State machines → ${stateMachineName} → Edit → Config.`,
      '2. Under Logging, set Log level to ALL.',
      logGroupName ? `3. Choose the log group ${logGroupName}.` : '3. Choose or create a log group (the console proposes /aws/vendedlogs/states/…).',
      '4. Save. The console adds the log group resource policy when you may write it.',
    ].join('\n'),
  };
}

/** For sfn-lens's own role: the read it was denied (insufficient-evidence). */
export function sfnLensReadPolicy(actions: readonly string[]): Remediation {
  const unique = [...new Set(actions)].sort();
  return {
    kind: 'iam-policy',
    title: `Let sfn-lens read: ${unique.join(', ')}`,
    language: 'json',
    text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'SfnLensRead', Effect: 'Allow', Action: unique, Resource: '*' }] }, null, 2),
  };
}

/**
 * The field index policy that lets per-execution lookups and start/terminal-only queries skip the
 * rest of the log group (docs/aws-behaviour.md §10). PutIndexPolicy replaces the group's policy, so the fields
 * it already indexes are kept.
 */
export function putIndexPolicyCommand(opts: { region: string; logGroupName: string; fields: readonly string[] }): Remediation {
  const doc = { Fields: [...new Set(opts.fields)] };
  return {
    kind: 'aws-cli',
    title: `Index ${doc.Fields.join(' and ')} in ${opts.logGroupName}`,
    language: 'shell',
    text: [
      '# Replaces the log group\'s field index policy (Standard log class only; up to 20 fields).',
      'aws logs put-index-policy \\',
      `  --region ${shellQuote(opts.region)} \\`,
      `  --log-group-identifier ${shellQuote(opts.logGroupName)} \\`,
      `  --policy-document ${shellQuote(JSON.stringify(doc))}`,
    ].join('\n'),
  };
}

/** A Logs Insights query listing the events of a log group that are not Step Functions events (no execution_arn). */
export function unattributedEventsQueryCommand(opts: { region: string; logGroupName: string; fromMs: number; toMs: number }): Remediation {
  return {
    kind: 'aws-cli',
    title: `List the events in ${opts.logGroupName} that are not from Step Functions`,
    language: 'shell',
    text: [
      '# Starts a Logs Insights query (billed by the bytes it scans); then: aws logs get-query-results --query-id <queryId>',
      'aws logs start-query \\',
      `  --region ${shellQuote(opts.region)} \\`,
      `  --log-group-name ${shellQuote(opts.logGroupName)} \\`,
      `  --start-time ${Math.floor(opts.fromMs / 1000)} --end-time ${Math.ceil(opts.toMs / 1000)} \\`,
      `  --query-string ${shellQuote('filter isblank(execution_arn) | fields @timestamp, @logStream, @message | sort @timestamp desc | limit 100')}`,
    ].join('\n'),
  };
}

export function terraformIndexPolicy(opts: { fields: readonly string[]; logGroupResource?: string }): Remediation {
  const lg = opts.logGroupResource ?? 'this';
  return {
    kind: 'terraform',
    title: 'Terraform: aws_cloudwatch_log_index_policy',
    language: 'hcl',
    text: [
      `resource "aws_cloudwatch_log_index_policy" ${hclString(lg)} {`,
      `  log_group_name  = aws_cloudwatch_log_group.${lg}.name`,
      `  policy_document = jsonencode({ Fields = [${[...new Set(opts.fields)].map(hclString).join(', ')}] })`,
      '}',
    ].join('\n'),
  };
}
