import { describe, expect, it } from 'vitest';
import { assessHealth, DETECTORS, deriveHealthContext, type HealthInput } from '@/lib/domain/health';
import { CONFIG_UNREAD_FINDINGS, FINDING_IDS, FINDINGS } from '@/lib/domain/health-findings';
import { healthEvidence } from '@/lib/domain/verdict-context';
import type { FindingId, HealthFinding } from '@/lib/domain/types';
import {
  ACCOUNT,
  deliveryPolicyDocument,
  HOUR,
  LOG_GROUP_ARN,
  makeHealthInput,
  makeIndexedField,
  makeLogGroup,
  makePartialRead,
  makeResourcePolicy,
  makeRolePermissions,
  makeStateMachine,
  NOW,
} from './builders';

const validationOnly = [{ name: 'log_stream_created_by_aws_to_validate_log_delivery_subscriptions', firstEventTimestamp: NOW - HOUR, lastEventTimestamp: NOW - HOUR }];
const conditioned = makeRolePermissions();
conditioned.results = conditioned.results.map((r) => (r.action === 'logs:PutLogEvents' ? { action: r.action, decision: 'unknown', missingContextKeys: ['aws:SourceVpc'] } : r));
const emptyPolicies = (n: number) => Array.from({ length: n }, (_, i) => makeResourcePolicy({ name: `other-${i}`, document: '{"Statement":[]}' }));

/**
 * Inputs that, together, make every detector say everything it can: each finding with each severity
 * the evidence can give it (the configuration, the reads that failed, what the window shows).
 */
const INPUTS: Array<[string, Partial<HealthInput>]> = [
  ['logging OFF', { stateMachine: makeStateMachine({ logging: { level: 'OFF' } }), eventsArriving: false }],
  ['level ERROR', { stateMachine: makeStateMachine({ logging: { level: 'ERROR' } }) }],
  ['level FATAL', { stateMachine: makeStateMachine({ logging: { level: 'FATAL' } }) }],
  ['execution data left out', { stateMachine: makeStateMachine({ logging: { includeExecutionData: false } }) }],
  ['no destination', { stateMachine: makeStateMachine({ logging: { logGroupArn: null } }), logGroup: null, eventsArriving: false }],
  ['a destination that is no log group', { stateMachine: makeStateMachine({ logging: { logGroupArn: 'arn:aws:s3:::bucket' } }) }],
  ['a destination without :*', { stateMachine: makeStateMachine({ logging: { logGroupArn: LOG_GROUP_ARN } }) }],
  ['a destination in another region', { stateMachine: makeStateMachine({ logging: { logGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:orders:*` } }) }],
  ['a definition KMS would not decrypt', { stateMachine: makeStateMachine({ definitionUnreadable: { error: 'KmsAccessDeniedException', message: 'denied', kmsKeyId: null } }) }],
  ['the log group unread', { logGroup: null, partial: [makePartialRead({ action: 'logs:DescribeLogGroups' })] }],
  ['the log group deleted', { logGroup: makeLogGroup({ exists: false }) }],
  ['retention forever', { logGroup: makeLogGroup({ retentionInDays: null }) }],
  ['retention shorter than the window', { logGroup: makeLogGroup({ retentionInDays: 1 }), window: { from: NOW - 3 * 24 * HOUR, to: NOW } }],
  ['only the validation stream, executions ran', { logStreams: validationOnly, eventsArriving: false, executionsStarted: 40 }],
  ['only the validation stream, nothing ran', { logStreams: validationOnly, eventsArriving: false, executionsStarted: 0 }],
  ['the role unread', { rolePermissions: null, partial: [makePartialRead({ action: 'iam:SimulatePrincipalPolicy' })] }],
  ['a role condition sfn-lens cannot judge', { rolePermissions: conditioned }],
  ['role lacks actions, events arrive', { rolePermissions: makeRolePermissions(['logs:PutLogEvents']), eventsArriving: true }],
  ['role lacks actions, no events', { rolePermissions: makeRolePermissions(['logs:PutLogEvents']), eventsArriving: false }],
  ['resource policies unread', { resourcePolicies: null, partial: [makePartialRead({ action: 'logs:DescribeResourcePolicies' })] }],
  ['a policy near its size limit', { resourcePolicies: [makeResourcePolicy({ document: deliveryPolicyDocument(undefined, { Sid: 'x'.repeat(4_400) }) })] }],
  ['a policy over its size limit', { resourcePolicies: [makeResourcePolicy({ document: deliveryPolicyDocument(undefined, { Sid: 'x'.repeat(5_200) }) })] }],
  ['ten policies, none for delivery', { resourcePolicies: emptyPolicies(10), eventsArriving: false }],
  ['the group’s own policy unread', { resourcePolicies: [], logGroupResourcePolicies: null }],
  ['no delivery policy, events arrive', { resourcePolicies: [], eventsArriving: true }],
  ['no delivery policy, arrival unknown', { resourcePolicies: [], eventsArriving: null }],
  ['no delivery policy, no events', { resourcePolicies: [], eventsArriving: false }],
  ['executions ran, no event arrived', { eventsArriving: false, executionsStarted: 12 }],
  ['another writer in the group', { unattributedEvents: { events: 3, firstAt: NOW - HOUR, lastAt: NOW - 10 * 60_000 } }],
  ['no field index', { indexedFields: [] }],
  ['an index newer than the window', { indexedFields: [makeIndexedField('type'), makeIndexedField('execution_arn', NOW - HOUR)] }],
];

function everyFinding(): Array<{ input: string; finding: HealthFinding }> {
  return INPUTS.flatMap(([name, overrides]) => {
    // Every detector on its own, before findings are deduplicated: what each can emit.
    const ctx = deriveHealthContext(makeHealthInput(overrides));
    return DETECTORS.flatMap((d) => d(ctx)).map((finding) => ({ input: name, finding }));
  });
}

describe('the catalog of health findings', () => {
  it('names every finding the detectors emit, with a severity it allows', () => {
    for (const { input, finding } of everyFinding()) {
      expect(FINDING_IDS, `${input}: ${finding.id}`).toContain(finding.id);
      expect(FINDINGS[finding.id].severities as readonly string[], `${input}: ${finding.id}`).toContain(finding.severity);
    }
  });

  it('lists no finding the detectors never emit, nor a severity they never give it', () => {
    const seen = new Set(everyFinding().map(({ finding }) => `${finding.id}:${finding.severity}`));
    const listed = FINDING_IDS.flatMap((id) => FINDINGS[id].severities.map((s) => `${id}:${s}`));
    expect([...seen].sort()).toEqual(listed.sort());
  });

  it('gives a finding with a fixed title the catalog’s title', () => {
    const fixed = new Set<FindingId>(['level-off', 'level-error', 'level-fatal', 'execution-data-excluded', 'no-destination', 'destination-invalid', 'destination-missing-wildcard', 'destination-elsewhere', 'definition-unreadable', 'log-group-unreadable', 'log-group-missing', 'retention-never-expires', 'role-unreadable', 'resource-policy-unreadable', 'no-events-delivered']);
    for (const { finding } of everyFinding()) if (fixed.has(finding.id)) expect(finding.title).toBe(FINDINGS[finding.id].title);
  });

  it('marks the findings about configuration sfn-lens could not read', () => {
    expect([...CONFIG_UNREAD_FINDINGS].sort()).toEqual(['log-group-unreadable', 'resource-policy-unreadable', 'role-unreadable']);
  });

  it('a verdict cites a finding with the source of its evidence', () => {
    const h = assessHealth(makeHealthInput({ rolePermissions: makeRolePermissions(['logs:PutLogEvents']), resourcePolicies: [], stateMachine: makeStateMachine({ logging: { level: 'ERROR' } }), eventsArriving: false }));
    const sources = Object.fromEntries(healthEvidence(h, ['role-missing-actions', 'resource-policy-missing', 'level-error']).map((e) => [e.kind, e.source]));
    expect(sources).toEqual({ 'health-role-missing-actions': 'iam', 'health-resource-policy-missing': 'cloudwatch-logs', 'health-level-error': 'step-functions' });
  });
});
