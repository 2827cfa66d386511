import { describe, expect, it } from 'vitest';
import { buildSarif, escapeData, escapeProperty, evaluateCheck, formatCheckGithub, formatCheckText, type CheckEntry, type CheckInput } from '@/lib/cli/check-report';
import { csvField, formatExecutionsCsv } from '@/lib/cli/views-format';
import type { HealthFinding, HealthReport, HealthStatus, PartialRead } from '@/lib/domain/types';

const arn = (name: string) => `arn:aws:states:eu-west-1:111122223333:stateMachine:${name}`;

function health(status: HealthStatus, findings: HealthFinding[] = []): HealthReport {
  return { status, findings, delivery: 'unknown', deliveryBlockers: [], missingRoleActions: null, eventsArriving: null };
}

function entry(name: string, status: HealthStatus, findings: HealthFinding[] = [], partial: PartialRead[] = []): CheckEntry {
  return { stateMachine: { arn: arn(name), name, type: 'EXPRESS' }, state: 'ready', health: health(status, findings), partial };
}

function input(entries: CheckEntry[], failOn: 'warning' | 'broken' = 'broken', extra: Partial<CheckInput> = {}): CheckInput {
  return { window: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' }, windowLabel: '1h', failOn, entries, unread: [], version: '0.1.0', ...extra };
}

const policyMissing: HealthFinding = { id: 'resource-policy-missing', severity: 'error', title: 'No resource policy, lets: write', description: 'None of the policies allow it.\nSecond line.', remediation: [{ kind: 'resource-policy', title: 'Policy', language: 'json', text: '{ "Version": "2012-10-17" }' }] };
const roleWarning: HealthFinding = { id: 'role-missing-actions', severity: 'warning', title: 'Role lacks 2 actions', description: 'But logs arrive.' };
const note: HealthFinding = { id: 'retention-never-expires', severity: 'info', title: 'Never expires', description: 'Grows.' };

describe('sfn-lens check exit codes', () => {
  it('exits 0 when nothing reaches --fail-on and every read succeeded', () => {
    expect(evaluateCheck(input([entry('a', 'ok'), entry('b', 'warning', [roleWarning])])).exitCode).toBe(0);
  });

  it('exits 1 when a state machine is broken, or warning under --fail-on warning', () => {
    expect(evaluateCheck(input([entry('a', 'ok'), entry('b', 'broken', [policyMissing])])).exitCode).toBe(1);
    expect(evaluateCheck(input([entry('b', 'warning', [roleWarning])], 'warning'))).toMatchObject({ exitCode: 1, failing: ['b'] });
  });

  it('exits 2 when a read failed and nothing reaches --fail-on: an incomplete check is never a pass', () => {
    const partial = [{ action: 'iam:SimulatePrincipalPolicy', error: 'AccessDeniedException', message: 'denied', what: "the execution role's logs permissions" }];
    const r = evaluateCheck(input([entry('a', 'ok', [], partial)]));
    expect(r.exitCode).toBe(2);
    expect(r.readFailures[0]?.fix).toContain('Grant iam:SimulatePrincipalPolicy');
    const unread = evaluateCheck(input([], 'broken', { unread: [{ arn: arn('x'), name: 'x', read: { action: 'states:DescribeStateMachine', error: 'AccessDeniedException', message: 'no', what: 'state machine x' } }] }));
    expect(unread.exitCode).toBe(2);
  });

  it('still exits 1 for a broken state machine when another read failed (the known failure is not hidden)', () => {
    const failed: CheckEntry = { stateMachine: { arn: arn('c'), name: 'c', type: 'STANDARD' }, state: 'error', error: { code: 'aws-throttled', message: 'throttled', action: 'states:DescribeStateMachine' } };
    expect(evaluateCheck(input([entry('b', 'broken', [policyMissing]), failed])).exitCode).toBe(1);
  });
});

describe('sfn-lens check output', () => {
  it('escapes GitHub workflow commands so that a message is one line and a title has no separator', () => {
    expect(escapeData('50% of\r\nthem')).toBe('50%25 of%0D%0Athem');
    expect(escapeProperty('a: b, c')).toBe('a%3A b%2C c');
    const out = formatCheckGithub(input([entry('pay', 'broken', [policyMissing, roleWarning, note])]), evaluateCheck(input([entry('pay', 'broken', [policyMissing])])));
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe(`::error title=sfn-lens pay%3A No resource policy%2C lets%3A write::None of the policies allow it.%0ASecond line. [resource-policy-missing] ${arn('pay')}`);
    expect(lines[1]).toMatch(/^::warning title=/);
    expect(lines[2]).toMatch(/^::notice title=/);
  });

  it('gives SARIF one rule per finding id with help text, the level from the severity and the ARN as logical location', () => {
    const i = input([entry('pay', 'broken', [policyMissing, note]), entry('orders', 'warning', [roleWarning, note])]);
    const sarif = buildSarif(i, evaluateCheck(i));
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['resource-policy-missing', 'retention-never-expires', 'role-missing-actions']);
    expect(run.results.map((r) => [r.ruleId, r.level, r.ruleIndex])).toEqual([
      ['resource-policy-missing', 'error', 0],
      ['retention-never-expires', 'note', 1],
      ['role-missing-actions', 'warning', 2],
      ['retention-never-expires', 'note', 1],
    ]);
    expect(JSON.stringify(run.tool.driver.rules[0])).toContain('2012-10-17');
    const loc = (run.results[0] as { locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }>; physicalLocation: { artifactLocation: { uri: string } } }> }).locations[0]!;
    expect(loc.logicalLocations[0]?.fullyQualifiedName).toBe(arn('pay'));
    expect(loc.physicalLocation.artifactLocation.uri).toBe('aws/111122223333/eu-west-1/states/pay');
    // The same finding on the same state machine keeps its fingerprint across runs; another state machine's differs.
    const again = buildSarif(i, evaluateCheck(i)).runs[0]!.results;
    expect(again[0]?.partialFingerprints).toEqual(run.results[0]?.partialFingerprints);
    expect(run.results[1]?.partialFingerprints).not.toEqual(run.results[3]?.partialFingerprints);
  });

  it('puts SARIF results on the file that declares the state machines when --sarif-file names one', () => {
    const i = input([entry('pay', 'broken', [policyMissing])], 'broken', { sourceFile: 'infra/main.tf' });
    const [result] = buildSarif(i, evaluateCheck(i)).runs[0]!.results as Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('infra/main.tf');
  });

  it('prints plain text when not on a terminal, most severe state machine first, and the exit code', () => {
    const i = input([entry('a-ok', 'ok'), entry('z-broken', 'broken', [policyMissing])]);
    const text = formatCheckText(i, evaluateCheck(i));
    expect(text).not.toContain('\u001b[');
    expect(text.indexOf('z-broken')).toBeLessThan(text.indexOf('a-ok'));
    expect(text.trimEnd().split('\n').pop()).toBe('1 broken, 0 warning, 1 ok: 1 at or above broken: z-broken (exit 1)');
  });
});

describe('sfn-lens executions --csv', () => {
  it('quotes fields with commas, quotes and line breaks, and keeps a spreadsheet from running a formula', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
    expect(formatExecutionsCsv([])).toBe('executionArn,name,kind,startDate,stopDate,serviceStatus,logStatus,eventCount,idGaps,cause,detail,confidence,summary\r\n');
  });
});
