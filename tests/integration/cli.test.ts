// The real `sfn-lens` executable (bin/sfn-lens.mjs, as `npx sfn-lens` runs it) against the simulated
// account: exit codes, every output format, SARIF validated against the SARIF 2.1.0 JSON schema.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ROOT, simEnv } from '../support/app-server';
import { setFaults, smArn } from '../support/sim-client';

const simUrl = inject('simUrl');
const BIN = path.join(ROOT, 'bin', 'sfn-lens.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sfnLens(args: string[], env: Record<string, string> = simEnv(simUrl)): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, SFN_LENS_MAX_ATTEMPTS: '1' };
    delete childEnv.AWS_PROFILE;
    delete childEnv.FORCE_COLOR;
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv, maxBuffer: 64 * 1024 * 1024, timeout: 170_000 }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : error ? null : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const BROKEN = ['audit-express-logging-off', 'notify-express-undeliverable'];
const WARNING = ['ingest-express-error-level', 'payments-express-tf76'];
const HEALTHY = ['batch-standard-dmap', 'billing-standard', 'fulfil-standard-parallel', 'ledger-standard-kms', 'orders-express'];

interface CheckJson {
  exitCode: number;
  counts: Record<string, number>;
  failing: string[];
  stateMachines: Array<{ name: string; arn: string; status: string | null; findings: Array<{ id: string; severity: string }> }>;
  readFailures: Array<{ action: string | null; error: string; fix: string }>;
}

function sarifValidator() {
  // The SARIF 2.1.0 schema as shipped by Microsoft's SARIF package (draft-04; one of its patterns is
  // not a valid Unicode regular expression, hence unicodeRegExp: false).
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

afterEach(async () => {
  await setFaults(simUrl, null);
});

describe('sfn-lens check', () => {
  it('finds the broken and warning state machines of the account and nothing on the healthy ones, exit 1', { timeout: 180_000 }, async () => {
    const run = await sfnLens(['check', '--window', '15m', '--format', 'json']);
    expect(run.code, run.stderr).toBe(1);
    const out = JSON.parse(run.stdout) as CheckJson;
    const by = (status: string) => out.stateMachines.filter((s) => s.status === status).map((s) => s.name).sort();
    expect(by('broken')).toEqual(BROKEN);
    expect(by('warning')).toEqual(WARNING);
    expect(by('ok')).toEqual(HEALTHY);
    for (const name of HEALTHY) {
      const sm = out.stateMachines.find((s) => s.name === name);
      expect(sm?.findings.filter((f) => f.severity !== 'info'), name).toEqual([]);
    }
    expect(out.stateMachines.find((s) => s.name === 'notify-express-undeliverable')?.findings.map((f) => f.id)).toEqual(
      expect.arrayContaining(['no-events-delivered', 'resource-policy-missing']),
    );
    expect(out.stateMachines.find((s) => s.name === 'ingest-express-error-level')?.findings.map((f) => f.id)).toContain('level-error');
    expect(out.failing.sort()).toEqual(BROKEN);
    expect(out.readFailures).toEqual([]);

    // One health everywhere: the dashboard's /api/state-machines says the same for the same window.
    const appUrl = inject('appUrl');
    let api: { stateMachines: Array<{ name: string; state: string; health: { status: string; findings: Array<{ id: string; severity: string }> } | null }> };
    for (const deadline = Date.now() + 150_000; ; ) {
      api = (await (await fetch(`${appUrl}/api/state-machines?from=now-15m`)).json()) as typeof api;
      if (api.stateMachines.every((s) => s.state === 'ready') || Date.now() > deadline) break;
    }
    const notable = (findings: Array<{ id: string; severity: string }>) => findings.filter((f) => f.severity !== 'info').map((f) => f.id).sort();
    expect(Object.fromEntries(out.stateMachines.map((s) => [s.name, { status: s.status, findings: notable(s.findings) }]))).toEqual(
      Object.fromEntries(api.stateMachines.map((s) => [s.name, { status: s.health?.status, findings: notable(s.health?.findings ?? []) }])),
    );
  });

  it('exits 0 on healthy state machines named on the command line, and prints them OK', { timeout: 180_000 }, async () => {
    const run = await sfnLens(['check', 'billing-standard', smArn('batch-standard-dmap'), '--window', '15m']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^OK\s+batch-standard-dmap/m);
    expect(run.stdout).toMatch(/^OK\s+billing-standard/m);
    expect(run.stdout).not.toMatch(/orders-express/);
    // Piped output is plain text: no colour codes.
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('fails a warning only with --fail-on warning', { timeout: 180_000 }, async () => {
    const lenient = await sfnLens(['check', 'payments-express-tf76', '--window', '15m', '--format', 'json']);
    expect(lenient.code, lenient.stderr).toBe(0);
    const strict = await sfnLens(['check', 'payments-express-tf76', '--window', '15m', '--fail-on', 'warning', '--format', 'json']);
    expect(strict.code, strict.stderr).toBe(1);
    expect((JSON.parse(strict.stdout) as CheckJson).failing).toEqual(['payments-express-tf76']);
  });

  it('writes SARIF 2.1.0 that validates against the schema: a rule per finding id, levels from severity, the state machine ARN as the logical location', { timeout: 180_000 }, async () => {
    const run = await sfnLens(['check', 'notify-express-undeliverable', 'payments-express-tf76', '--window', '15m', '--format', 'sarif']);
    expect(run.code, run.stderr).toBe(1);
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; help: { text: string }; defaultConfiguration: { level: string } }> } };
        results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }>; partialFingerprints: Record<string, string> }>;
      }>;
    };
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    // The validator is not a rubber stamp: a document without a tool name is refused.
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(sarif.version).toBe('2.1.0');
    const [runObj] = sarif.runs;
    const rules = runObj?.tool.driver.rules ?? [];
    const results = runObj?.results ?? [];
    expect(runObj?.tool.driver.name).toBe('sfn-lens');
    for (const r of results) {
      expect(rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(r.partialFingerprints['sfnLensFinding/v1']).toMatch(/^[0-9a-f]{64}$/);
    }
    for (const rule of rules) expect(rule.help.text.length, rule.id).toBeGreaterThan(20);
    const missing = results.find((r) => r.ruleId === 'resource-policy-missing');
    expect(missing?.level).toBe('error');
    expect(missing?.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBe(smArn('notify-express-undeliverable'));
    const tf76 = results.find((r) => r.ruleId === 'role-missing-actions' && r.locations[0]?.logicalLocations[0]?.fullyQualifiedName === smArn('payments-express-tf76'));
    expect(tf76?.level).toBe('warning');
  });

  it('prints GitHub Actions workflow-command annotations with --format github', { timeout: 180_000 }, async () => {
    const run = await sfnLens(['check', 'notify-express-undeliverable', '--window', '15m', '--format', 'github']);
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^::error title=sfn-lens notify-express-undeliverable%3A No resource policy .*::.*\[resource-policy-missing\]/)]));
    // Every annotation is one line: messages carry no raw newline, and the title no raw colon or comma.
    for (const l of lines.filter((x) => x.startsWith('::'))) expect(l).toMatch(/^::(error|warning|notice) title=[^:,]*::/);
  });

  it('exits 2 and names the missing permission when sfn-lens cannot list the state machines', async () => {
    await setFaults(simUrl, { deny: ['states:ListStateMachines'] });
    for (const format of ['text', 'sarif'] as const) {
      const run = await sfnLens(['check', '--format', format]);
      expect(run.code, `${format}: ${run.stdout}${run.stderr}`).toBe(2);
      expect(run.stdout).toContain('states:ListStateMachines');
      if (format === 'sarif') {
        const validate = sarifValidator();
        const doc = JSON.parse(run.stdout) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean }> }> };
        expect(validate(doc)).toBe(true);
        expect(doc.runs[0]?.invocations[0]?.executionSuccessful).toBe(false);
      }
    }
  });

  it('exits 2 when a read behind a health fails and nothing reaches --fail-on, naming the action and the fix', { timeout: 180_000 }, async () => {
    // IAM refused altogether (sfn-lens falls back from SimulatePrincipalPolicy to reading the role's policies).
    await setFaults(simUrl, { deny: ['iam:*'] });
    const run = await sfnLens(['check', 'billing-standard', '--window', '15m', '--format', 'json']);
    expect(run.code, run.stderr).toBe(2);
    const out = JSON.parse(run.stdout) as CheckJson;
    expect(out.stateMachines[0]?.status).toBe('ok');
    expect(out.readFailures).toEqual([expect.objectContaining({ action: expect.stringMatching(/^iam:/), fix: expect.stringMatching(/^Grant iam:\w+ to the identity sfn-lens runs as/) })]);
  });

  it('refuses bad input with exit 2 and a message that names the fix', async () => {
    const [badOption, badWindow, badName, badFormat] = await Promise.all([
      sfnLens(['check', '--bogus']),
      sfnLens(['check', '--window', 'an hour']),
      sfnLens(['check', 'no-such-machine']),
      sfnLens(['check', '--format', 'xml']),
    ]);
    expect(badOption).toMatchObject({ code: 2, stdout: '' });
    expect(badOption.stderr).toMatch(/Unknown option '--bogus'.*--help/);
    expect(badWindow.code).toBe(2);
    expect(badWindow.stderr).toMatch(/--window must be a duration like 15m/);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/No state machine named "no-such-machine".*Known: .*orders-express/);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be one of text, json, sarif, github/);
  });
});

describe('sfn-lens executions and diagnose', () => {
  it('lists the executions table as CSV and JSON, filtered by cause, and diagnoses one of its rows', { timeout: 180_000 }, async () => {
    const csv = await sfnLens(['executions', 'billing-standard', '--from', 'now-15m', '--csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, ...rows] = csv.stdout.trimEnd().split('\r\n');
    expect(header).toBe('executionArn,name,kind,startDate,stopDate,serviceStatus,logStatus,eventCount,idGaps,cause,detail,confidence,summary');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.startsWith(`arn:aws:states:us-east-1:123456789012:execution:billing-standard:`))).toBe(true);

    const json = await sfnLens(['executions', smArn('billing-standard'), '--from', 'now-15m', '--cause', 'consistent', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout) as { executions: Array<{ executionArn: string; verdict: { cause: string } }>; partial: unknown[] };
    expect(view.executions.length).toBeGreaterThan(0);
    expect(view.executions.every((e) => e.verdict.cause === 'consistent')).toBe(true);

    const arn = view.executions[0]?.executionArn ?? '';
    const [text, asJson] = await Promise.all([sfnLens(['diagnose', arn]), sfnLens(['diagnose', arn, '--json'])]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Verdict consistent \(terminal-event-present, high confidence\)$/m);
    expect(text.stdout).toContain('Step Functions and CloudWatch Logs agree');
    expect(text.stdout).not.toContain('\u001b[');
    expect(asJson.code).toBe(0);
    expect((JSON.parse(asJson.stdout) as { verdict: { cause: string }; execution: { executionArn: string } })).toMatchObject({ verdict: { cause: 'consistent' }, execution: { executionArn: arn } });
  });

  it('refuses a malformed execution ARN and an unknown cause with exit 2', async () => {
    const [badArn, badCause] = await Promise.all([sfnLens(['diagnose', 'arn:aws:states:us-east-1:1:execution']), sfnLens(['executions', 'orders-express', '--cause', 'gremlins'])]);
    expect(badArn.code).toBe(2);
    expect(badArn.stderr).toMatch(/^sfn-lens: /);
    expect(badCause.code).toBe(2);
    expect(badCause.stderr).toContain('--cause must be one of consistent');
  });
});

describe('sfn-lens --help', () => {
  it('documents every command and exits 0', async () => {
    const runs = await Promise.all([[], ['check'], ['diagnose'], ['executions'], ['serve']].map((c) => sfnLens([...c, '--help'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[0]?.stdout).toMatch(/Commands:[\s\S]*check[\s\S]*diagnose[\s\S]*executions[\s\S]*serve/);
    expect(runs[1]?.stdout).toContain('--fail-on');
    expect(runs[1]?.stdout).toContain('Exit codes');
    expect(runs[2]?.stdout).toContain('EXECUTION_ARN');
    expect(runs[3]?.stdout).toContain('--csv');
    expect(runs[4]?.stdout).toContain('npm start');
  });
});

describe('sfn-lens --sim', () => {
  it('starts the simulated account in-process and checks it without any AWS configuration', { timeout: 180_000 }, async () => {
    // No endpoint, no credentials: --sim alone must be enough.
    const env = { AWS_ENDPOINT_URL: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_REGION: '' };
    const started = Date.now();
    const run = await sfnLens(['check', '--sim', 'notify-express-undeliverable', 'orders-express', '--window', '15m', '--format', 'json'], env);
    const ms = Date.now() - started;
    expect(run.code, run.stderr).toBe(1);
    const out = JSON.parse(run.stdout) as CheckJson;
    expect(Object.fromEntries(out.stateMachines.map((s) => [s.name, s.status]))).toEqual({ 'notify-express-undeliverable': 'broken', 'orders-express': 'ok' });
    console.log(`sfn-lens check --sim (2 state machines, 15 min): ${ms} ms`);
  });
});
