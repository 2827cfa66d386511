import { describe, expect, it } from 'vitest';
import { aggregateFindings, assessHealth } from '@/lib/domain/health';
import type { FindingId, HealthFinding } from '@/lib/domain/types';
import {
  ACCOUNT,
  deliveryPolicyDocument,
  HOUR,
  LOG_GROUP_ARN,
  LOG_GROUP_NAME,
  makeHealthInput,
  makeHealthReport,
  makeIndexedField,
  makeLogGroup,
  makePartialRead,
  makeResourcePolicy,
  makeRolePermissions,
  makeStateMachine,
  MIN,
  NOW,
  REGION,
} from './builders';

const ids = (findings: HealthFinding[]) => findings.map((f) => `${f.severity}:${f.id}`);
const find = (findings: HealthFinding[], id: FindingId) => findings.find((f) => f.id === id);

describe('assessHealth: a healthy state machine', () => {
  it('is ok with no findings, and delivery is working because events arrive', () => {
    const h = makeHealthReport();
    expect(h).toMatchObject({ status: 'ok', findings: [], delivery: 'working', deliveryBlockers: [], missingRoleActions: [] });
  });
});

describe('level detector', () => {
  it('level OFF is broken and offers the logging fix as CLI, Terraform and console text', () => {
    const h = makeHealthReport({ stateMachine: makeStateMachine({ logging: { level: 'OFF' } }), eventsArriving: false });
    expect(h.status).toBe('broken');
    const f = find(h.findings, 'level-off');
    expect(f?.severity).toBe('error');
    expect(f?.remediation?.map((r) => r.kind)).toEqual(['aws-cli', 'terraform', 'terraform-module', 'console']);
    expect(f?.remediation?.[0]?.text).toContain('aws stepfunctions update-state-machine');
    expect(h.delivery).toBe('broken');
    expect(h.deliveryBlockers).toEqual([]);
  });

  it('level ERROR is a warning: successful executions leave no events', () => {
    const h = makeHealthReport({ stateMachine: makeStateMachine({ logging: { level: 'ERROR' } }) });
    expect(h.status).toBe('warning');
    expect(find(h.findings, 'level-error')?.description).toContain('ExecutionStarted and ExecutionSucceeded are written only at ALL');
  });

  it('level FATAL is a warning naming the only three events it logs', () => {
    expect(find(makeHealthReport({ stateMachine: makeStateMachine({ logging: { level: 'FATAL' } }) }).findings, 'level-fatal')?.description).toContain(
      'only ExecutionFailed, ExecutionAborted and ExecutionTimedOut',
    );
  });
});

describe('execution data detector', () => {
  it('includeExecutionData off is information only', () => {
    const h = makeHealthReport({ stateMachine: makeStateMachine({ logging: { includeExecutionData: false } }) });
    expect(h.status).toBe('ok');
    expect(ids(h.findings)).toEqual(['info:execution-data-excluded']);
  });
});

describe('destination detector', () => {
  it('no destination at level ALL is broken', () => {
    const h = makeHealthReport({ stateMachine: makeStateMachine({ logging: { logGroupArn: null } }), logGroup: null, eventsArriving: false });
    expect(ids(h.findings)).toContain('error:no-destination');
    expect(h.delivery).toBe('broken');
  });

  it('a destination not ending in :* is a warning', () => {
    expect(ids(makeHealthReport({ stateMachine: makeStateMachine({ logging: { logGroupArn: LOG_GROUP_ARN } }) }).findings)).toContain('warning:destination-missing-wildcard');
  });

  it('a destination in another region is out of sfn-lens\'s sight', () => {
    const h = makeHealthReport({ stateMachine: makeStateMachine({ logging: { logGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:orders:*` } }) });
    expect(find(h.findings, 'destination-elsewhere')?.description).toContain('eu-west-1');
  });

  it('a destination that is not a log group ARN is broken', () => {
    expect(ids(makeHealthReport({ stateMachine: makeStateMachine({ logging: { logGroupArn: 'arn:aws:s3:::bucket' } }) }).findings)).toContain('error:destination-invalid');
  });
});

describe('log group detector', () => {
  it('a deleted log group is broken and blocks delivery even if events arrived earlier', () => {
    const h = makeHealthReport({ logGroup: makeLogGroup({ exists: false }), eventsArriving: true });
    expect(find(h.findings, 'log-group-missing')?.remediation?.[0]?.text).toContain(`aws logs create-log-group --region ${REGION} --log-group-name ${LOG_GROUP_NAME}`);
    expect(h).toMatchObject({ status: 'broken', delivery: 'broken', deliveryBlockers: ['log-group-missing'] });
  });

  it('an unreadable log group is information naming the denied call, never a guess', () => {
    const h = makeHealthReport({ logGroup: null, partial: [makePartialRead({ action: 'logs:DescribeLogGroups' })] });
    expect(h.status).toBe('ok');
    expect(find(h.findings, 'log-group-unreadable')?.description).toContain('logs:DescribeLogGroups failed (AccessDeniedException)');
  });
});

describe('retention detector', () => {
  it('events that never expire are information', () => {
    expect(ids(makeHealthReport({ logGroup: makeLogGroup({ retentionInDays: null }) }).findings)).toEqual(['info:retention-never-expires']);
  });

  it('a retention shorter than the window is a warning', () => {
    const h = makeHealthReport({ logGroup: makeLogGroup({ retentionInDays: 1 }), window: { from: NOW - 3 * 24 * HOUR, to: NOW } });
    expect(find(h.findings, 'retention-shorter-than-window')?.severity).toBe('warning');
  });
});

describe('role permissions detector', () => {
  it('the #76 situation: the role lacks CreateLogStream/PutLogEvents but events arrive — a warning, delivery working', () => {
    const h = makeHealthReport({ rolePermissions: makeRolePermissions(['logs:CreateLogStream', 'logs:PutLogEvents']), eventsArriving: true });
    const f = find(h.findings, 'role-missing-actions');
    expect(f?.severity).toBe('warning');
    expect(f?.description).toContain('differs from the AWS docs, yet execution events are arriving');
    expect(f?.description).toContain('terraform-aws-step-functions #76');
    expect(h).toMatchObject({ status: 'warning', delivery: 'working', missingRoleActions: ['logs:CreateLogStream', 'logs:PutLogEvents'] });
  });

  it('the same gap with no events arriving is an error and blocks delivery', () => {
    const h = makeHealthReport({ rolePermissions: makeRolePermissions(['logs:CreateLogStream', 'logs:PutLogEvents']), eventsArriving: false });
    expect(find(h.findings, 'role-missing-actions')?.severity).toBe('error');
    expect(h).toMatchObject({ delivery: 'broken', deliveryBlockers: ['role-missing-actions', 'no-events-delivered'] });
  });

  it('with arrival unknown it is a warning and delivery stays unknown', () => {
    const h = makeHealthReport({ rolePermissions: makeRolePermissions(['logs:PutLogEvents']), eventsArriving: null });
    expect(find(h.findings, 'role-missing-actions')?.severity).toBe('warning');
    expect(h.delivery).toBe('unknown');
  });

  it('offers the IAM policy with exactly the missing actions', () => {
    const h = makeHealthReport({ rolePermissions: makeRolePermissions(['logs:PutLogEvents', 'logs:CreateLogStream']), eventsArriving: true });
    const policy = find(h.findings, 'role-missing-actions')?.remediation?.find((r) => r.kind === 'iam-policy');
    expect(JSON.parse(policy?.text ?? '{}').Statement[0].Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('says an explicit Deny cannot be fixed by an Allow', () => {
    const h = makeHealthReport({ rolePermissions: makeRolePermissions([], {}, ['logs:PutLogEvents']) });
    expect(find(h.findings, 'role-missing-actions')?.description).toContain('explicitly denied');
  });

  it('says when the evidence comes from policy documents rather than IAM simulation', () => {
    const h = makeHealthReport({ rolePermissions: makeRolePermissions(['logs:PutLogEvents'], { method: 'policy-documents' }) });
    expect(find(h.findings, 'role-missing-actions')?.description).toContain("from the role's own policy documents");
  });

  it('an unreadable role is information naming what to grant, and nothing is assumed', () => {
    const h = makeHealthReport({ rolePermissions: null, partial: [makePartialRead({ action: 'iam:SimulatePrincipalPolicy' })] });
    expect(h.missingRoleActions).toBeNull();
    expect(find(h.findings, 'role-unreadable')).toMatchObject({ severity: 'info', description: expect.stringContaining('grant iam:SimulatePrincipalPolicy') });
    expect(find(h.findings, 'role-missing-actions')).toBeUndefined();
  });

  it('a decision that needs a context key sfn-lens cannot supply is unknown: not a missing action, worded as undetermined (docs/aws-behaviour.md §11.6)', () => {
    const conditioned = makeRolePermissions();
    conditioned.results = conditioned.results.map((r) => (r.action === 'logs:PutLogEvents' || r.action === 'logs:CreateLogStream' ? { action: r.action, decision: 'unknown', missingContextKeys: ['aws:SourceVpc'] } : r));
    const h = makeHealthReport({ rolePermissions: conditioned, eventsArriving: false, resourcePolicies: [makeResourcePolicy()] });
    expect(h.missingRoleActions).toEqual([]);
    expect(find(h.findings, 'role-missing-actions')).toBeUndefined();
    expect(h.deliveryBlockers).not.toContain('role-missing-actions');
    const f = find(h.findings, 'role-conditions-unknown');
    expect(f?.severity).toBe('info');
    expect(f?.description).toContain("Whether the role allows logs:CreateLogStream, logs:PutLogEvents could not be determined: the role's policy has conditions on aws:SourceVpc that sfn-lens cannot supply");
    expect(f?.description).not.toMatch(/missing logs:|lacks/);
  });

  it('credentials IAM refused (another partition’s token, say) are not a permission to grant (docs/aws-behaviour.md §11.10)', () => {
    const h = makeHealthReport({ rolePermissions: null, partial: [makePartialRead({ action: 'iam:SimulatePrincipalPolicy', error: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' })] });
    const f = find(h.findings, 'role-unreadable');
    expect(f?.description).toContain("AWS did not accept sfn-lens's credentials for iam (iam:SimulatePrincipalPolicy: InvalidClientTokenId)");
    expect(f?.description).not.toContain('grant');
    expect(h.missingRoleActions).toBeNull();
  });
});

describe('resource policy detector', () => {
  it('no delivery statement and no events: an error with the resource policy to paste', () => {
    const h = makeHealthReport({ resourcePolicies: [], eventsArriving: false });
    const f = find(h.findings, 'resource-policy-missing');
    expect(f?.severity).toBe('error');
    const doc = JSON.parse(f?.remediation?.find((r) => r.kind === 'resource-policy')?.text ?? '{}');
    expect(doc.Statement[0]).toMatchObject({
      Sid: 'AWSLogDeliveryWrite20150319',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Resource: [`${LOG_GROUP_ARN}:log-stream:*`],
      Condition: { StringEquals: { 'aws:SourceAccount': [ACCOUNT] } },
    });
    expect(h.deliveryBlockers).toEqual(['no-resource-policy', 'no-events-delivered']);
  });

  it('no delivery statement and a role lacking actions: both are named', () => {
    const h = makeHealthReport({ resourcePolicies: [], rolePermissions: makeRolePermissions(['logs:PutLogEvents']), eventsArriving: false });
    expect(h.deliveryBlockers).toEqual(['role-and-resource-policy', 'no-events-delivered']);
  });

  it('no delivery statement while ten policies exist: the account limit is the reason', () => {
    const others = Array.from({ length: 10 }, (_, i) => makeResourcePolicy({ name: `other-${i}`, document: '{"Statement":[]}' }));
    const h = makeHealthReport({ resourcePolicies: others, eventsArriving: false });
    expect(ids(h.findings)).toEqual(expect.arrayContaining(['warning:resource-policy-count-at-limit', 'error:resource-policy-missing']));
    expect(h.deliveryBlockers).toEqual(['resource-policy-limit', 'no-events-delivered']);
  });

  it('no delivery statement while events arrive is information, not a fault', () => {
    const h = makeHealthReport({ resourcePolicies: [], eventsArriving: true });
    expect(find(h.findings, 'resource-policy-missing')?.severity).toBe('info');
    expect(h.delivery).toBe('working');
  });

  it('a policy near 5,120 characters is a warning', () => {
    const padded = deliveryPolicyDocument(undefined, { Sid: 'x'.repeat(4_400) });
    expect(ids(makeHealthReport({ resourcePolicies: [makeResourcePolicy({ document: padded })] }).findings)).toContain('warning:resource-policy-near-limit');
  });

  it('a policy over 5,120 characters is a warning naming its size', () => {
    const padded = deliveryPolicyDocument(undefined, { Sid: 'x'.repeat(5_200) });
    expect(find(makeHealthReport({ resourcePolicies: [makeResourcePolicy({ document: padded })] }).findings, 'resource-policy-over-limit')?.title).toContain('over 5,120');
  });

  it('unreadable resource policies are information', () => {
    expect(ids(makeHealthReport({ resourcePolicies: null }).findings)).toEqual(['info:resource-policy-unreadable']);
  });
});

describe('a log group’s own resource policy (policyScope RESOURCE, docs/aws-behaviour.md §11.5)', () => {
  const own = (resourceArn: string, resource: string | undefined = `${LOG_GROUP_ARN}:*`) =>
    makeResourcePolicy({
      name: `the resource policy of ${resourceArn}`,
      scope: 'RESOURCE',
      resourceArn,
      document: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], ...(resource ? { Resource: resource } : {}) }],
      }),
    });

  it('grants delivery when no account-level policy does: nothing is missing, whatever the events say', () => {
    for (const eventsArriving of [true, false, null]) {
      for (const policy of [own(`${LOG_GROUP_ARN}:*`), own(LOG_GROUP_ARN), own(LOG_GROUP_ARN, LOG_GROUP_ARN), own(`${LOG_GROUP_ARN}:*`, undefined)]) {
        const h = makeHealthReport({ resourcePolicies: [], logGroupResourcePolicies: [policy], eventsArriving });
        expect(h.findings.map((f) => f.id), `${eventsArriving} ${policy.document}`).not.toContain('resource-policy-missing');
        expect(h.deliveryBlockers.filter((b) => b.includes('resource-policy'))).toEqual([]);
      }
    }
  });

  it('does not cover another group', () => {
    const other = own('arn:aws:logs:us-east-1:123456789012:log-group:/other:*', 'arn:aws:logs:us-east-1:123456789012:log-group:/other:*');
    const h = makeHealthReport({ resourcePolicies: [], logGroupResourcePolicies: [other], eventsArriving: false });
    expect(find(h.findings, 'resource-policy-missing')?.severity).toBe('error');
  });

  it('unread, with no account-level policy covering the group: unknown, never “missing”', () => {
    const read = makePartialRead({ action: 'logs:DescribeResourcePolicies', error: 'AccessDeniedException', what: 'the log group’s own resource policy' });
    const h = makeHealthReport({ resourcePolicies: [], logGroupResourcePolicies: null, eventsArriving: false, partial: [read] });
    expect(find(h.findings, 'resource-policy-missing')).toBeUndefined();
    const f = find(h.findings, 'resource-policy-group-unread');
    expect(f?.severity).toBe('info');
    expect(f?.description).toContain('AccessDeniedException');
    expect(f?.description).toContain('unknown');
    expect(h.deliveryBlockers.filter((b) => b.includes('resource-policy'))).toEqual([]);
  });

  it('unread while an account-level policy covers the group: nothing to say', () => {
    const h = makeHealthReport({ logGroupResourcePolicies: null });
    expect(h.findings.map((f) => f.id).filter((id) => id.startsWith('resource-policy'))).toEqual([]);
  });

  it('does not count toward the account’s limit of ten policies', () => {
    const nine = Array.from({ length: 9 }, (_, i) => makeResourcePolicy({ name: `other-${i}`, document: '{"Statement":[]}' }));
    const h = makeHealthReport({ resourcePolicies: [...nine, makeResourcePolicy()], logGroupResourcePolicies: [own(LOG_GROUP_ARN)] });
    expect(find(h.findings, 'resource-policy-count-at-limit')?.title).toContain('10 resource policies');
    const h9 = makeHealthReport({ resourcePolicies: nine.slice(1).concat(makeResourcePolicy()), logGroupResourcePolicies: [own(LOG_GROUP_ARN)] });
    expect(find(h9.findings, 'resource-policy-count-at-limit')).toBeUndefined();
  });
});

describe('streams and silence detectors', () => {
  const validationOnly = [{ name: 'log_stream_created_by_aws_to_validate_log_delivery_subscriptions', firstEventTimestamp: NOW - HOUR, lastEventTimestamp: NOW - HOUR }];

  it('only the validation stream while executions ran is broken', () => {
    const h = makeHealthReport({ logStreams: validationOnly, eventsArriving: false, executionsStarted: 40 });
    expect(find(h.findings, 'only-validation-stream')).toMatchObject({ severity: 'error', description: expect.stringContaining('40 executions started') });
    expect(h.deliveryBlockers).toContain('only-validation-stream');
  });

  it('only the validation stream with no executions known is information (maybe unused)', () => {
    const h = makeHealthReport({ logStreams: validationOnly, eventsArriving: false, executionsStarted: 0 });
    expect(find(h.findings, 'only-validation-stream')?.severity).toBe('info');
    expect(h.delivery).toBe('unknown');
  });

  it('executions counted by metrics with no event arriving at level ALL is broken', () => {
    const h = makeHealthReport({ eventsArriving: false, executionsStarted: 12 });
    expect(find(h.findings, 'no-events-delivered')?.description).toContain('12 executions started');
    expect(h).toMatchObject({ status: 'broken', delivery: 'broken', deliveryBlockers: ['no-events-delivered'] });
  });
});

describe('aggregateFindings', () => {
  it('keeps the most severe copy of an id and lists errors, then warnings, then information', () => {
    const f = (id: FindingId, severity: HealthFinding['severity']): HealthFinding => ({ id, severity, title: id, description: id });
    const found = aggregateFindings([
      f('role-missing-actions', 'warning'),
      f('destination-elsewhere', 'warning'),
      f('role-missing-actions', 'error'),
      f('retention-never-expires', 'info'),
      f('log-group-missing', 'error'),
    ]);
    expect(ids(found)).toEqual(['error:role-missing-actions', 'error:log-group-missing', 'warning:destination-elsewhere', 'info:retention-never-expires']);
  });

  it('runs a custom detector list (detectors are plain functions)', () => {
    const h = assessHealth(makeHealthInput(), [() => [{ id: 'destination-elsewhere', severity: 'warning', title: 't', description: 'd' }]]);
    expect(h).toMatchObject({ status: 'warning', findings: [{ id: 'destination-elsewhere' }] });
  });
});

describe('field index detector (a cost fix, not a delivery problem)', () => {
  const scan = { windowBytes: 1024 ** 3, executions: 200_000, boundaryShare: 0.18 };

  it('recommends indexing execution_arn and type, with the saving estimated from the measured scan', () => {
    const h = makeHealthReport({ indexedFields: [], scan });
    const f = find(h.findings, 'field-index-missing');
    expect(f?.severity).toBe('info');
    expect(h.status).toBe('ok');
    expect(f?.title).toContain('execution_arn or type');
    // 1 GiB per lookup today; 1 GiB / 200,000 executions ≈ 5.2 KiB with the index.
    expect(f?.description).toContain('scans 1.0 GiB ($0.0050)');
    expect(f?.description).toContain('about 5.2 KiB');
    expect(f?.description).toContain('18 % of the records');
    expect(f?.description).toContain('about 184 MiB instead of 1.0 GiB');
    const cli = f?.remediation?.find((r) => r.kind === 'aws-cli');
    expect(cli?.text).toContain('aws logs put-index-policy');
    expect(cli?.text).toContain(`--log-group-identifier ${LOG_GROUP_NAME}`);
    expect(cli?.text).toContain('{"Fields":["execution_arn","type"]}');
    expect(f?.remediation?.find((r) => r.kind === 'terraform')?.text).toContain('resource "aws_cloudwatch_log_index_policy"');
  });

  it('keeps the fields already indexed in the policy it proposes (PutIndexPolicy replaces it)', () => {
    const f = find(makeHealthReport({ indexedFields: [makeIndexedField('requestId'), makeIndexedField('execution_arn')] }).findings, 'field-index-missing');
    expect(f?.title).toBe('No field index on type: queries scan the whole window');
    expect(f?.remediation?.[0]?.text).toContain('{"Fields":["requestId","execution_arn","type"]}');
  });

  it('says when an index starts inside the window: executions before it are read without it (docs/aws-behaviour.md §11.1)', () => {
    const since = NOW - 90 * MIN;
    const h = makeHealthReport({ indexedFields: [makeIndexedField('type'), makeIndexedField('execution_arn', since)], window: { from: NOW - 3 * HOUR, to: NOW } });
    const f = find(h.findings, 'field-index-partial-window');
    expect(f?.severity).toBe('info');
    expect(f?.description).toContain('execution_arn is indexed since 2024-05-01 10:30 UTC');
    expect(h.status).toBe('ok');
    expect(find(makeHealthReport({ indexedFields: [makeIndexedField('type'), makeIndexedField('execution_arn', since)], window: { from: NOW - HOUR, to: NOW } }).findings, 'field-index-partial-window')).toBeUndefined();
  });

  it('says nothing when both fields are indexed, when the policy was not read, or for the Infrequent Access class', () => {
    expect(find(makeHealthReport({ indexedFields: [makeIndexedField('type'), makeIndexedField('execution_arn')] }).findings, 'field-index-missing')).toBeUndefined();
    expect(find(makeHealthReport({ indexedFields: null }).findings, 'field-index-missing')).toBeUndefined();
    expect(find(makeHealthReport({ indexedFields: [], logGroup: makeLogGroup({ logGroupClass: 'INFREQUENT_ACCESS' }) }).findings, 'field-index-missing')).toBeUndefined();
  });
});

describe('events without execution_arn in the log group (another writer shares it)', () => {
  const at = (h: number, m: number) => Date.UTC(2026, 10, 29, h, m);

  it('are named with their count and time span, as information that changes no status, with the query that lists them', () => {
    const h = makeHealthReport({ unattributedEvents: { events: 1_234, firstAt: at(7, 0), lastAt: at(9, 59) }, window: { from: at(7, 0), to: at(10, 0) } });
    const f = find(h.findings, 'unattributed-events');
    expect(f?.severity).toBe('info');
    expect(h.status).toBe('ok');
    expect(f?.title).toBe('1,234 events in the log group are not from Step Functions');
    expect(f?.description).toContain(`1,234 events between 07:00 and 09:59 UTC in ${LOG_GROUP_NAME} carry no execution_arn`);
    expect(f?.description).toContain('left out of every verdict');
    const cli = f?.remediation?.[0];
    expect(cli?.kind).toBe('aws-cli');
    expect(cli?.text).toContain(`--log-group-name ${LOG_GROUP_NAME}`);
    expect(cli?.text).toContain(`--start-time ${at(7, 0) / 1000} --end-time ${Math.ceil((at(9, 59) + 1) / 1000)}`);
    expect(cli?.text).toContain("'filter isblank(execution_arn) | fields @timestamp, @logStream, @message | sort @timestamp desc | limit 100'");
  });

  it('say "1 event … is" for one, and nothing is said when none were counted or the count is unknown', () => {
    expect(find(makeHealthReport({ unattributedEvents: { events: 1, firstAt: null, lastAt: null } }).findings, 'unattributed-events')?.title).toBe('1 event in the log group is not from Step Functions');
    expect(find(makeHealthReport({ unattributedEvents: { events: 0, firstAt: null, lastAt: null } }).findings, 'unattributed-events')).toBeUndefined();
    expect(find(makeHealthReport({ unattributedEvents: null }).findings, 'unattributed-events')).toBeUndefined();
    expect(find(makeHealthReport({}).findings, 'unattributed-events')).toBeUndefined();
  });
});
