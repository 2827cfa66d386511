// sfn-lens for a team (README "For a team", docs/sources.md): one app reads four sources of the
// simulated organisation (sim/org.ts) — two accounts × two Regions, each account reached only through
// a role assumed with STS AssumeRole (the member's with its external id), as on AWS. The simulator's
// request log names the account and Region of every request (from its credentials and its signature),
// which is what the tests below read: every state machine listed with its account and Region, no read
// signed with another account's credentials, a member's ARN read through that member, a denied source
// named on every view while the others still show, and the overview across four sources costing AWS
// exactly the sum of each source's own reads.
//
// This file runs its own organisation and its own app: the organisation's clock and faults are its own.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HUB_ACCOUNT, MEMBER_ACCOUNT, MEMBER_EXTERNAL_ID, ORG_REGIONS, orgRoleArn } from '../../sim/org';
import { startSimServer, type SimServer } from '../../sim/server';
import { ROOT, simEnv, startApp, type StartedApp } from '../support/app-server';
import { setFaults } from '../support/sim-client';

const MIN = 60_000;
/** The key the app's own credentials (the default chain) sign with: here only STS AssumeRole calls. */
const APP_KEY = 'AKIASIMULATED000000';
/** The keys this file's own calls sign with (never sfn-lens's). */
const HARNESS_KEY = 'AKIATESTHARNESS0000';

interface Recorded {
  at: number;
  action: string;
  accessKeyId: string;
  account?: string;
  region?: string;
  status: number;
  body: string;
}

interface SourceInfo {
  key: string;
  name: string;
  accountId: string | null;
  region: string;
  label: string;
}
interface FailedSource {
  source: SourceInfo;
  error: { code: string; message: string };
}
interface OverviewBody {
  stateMachines: Array<{ stateMachine: { arn: string; name: string }; state: 'ready' | 'error' | 'pending'; error?: { code: string; message: string } }>;
  sources: SourceInfo[];
  failedSources: FailedSource[];
  unread: unknown[];
}

let sim: SimServer;
let app: StartedApp;
let dir = '';
/** Each member's state machines, as the organisation has them. */
let members: Array<{ accountId: string; region: string; stateMachines: string[] }> = [];
/** Each member's log groups (names carry no account: the request log's account and Region say whose). */
const logGroups = new Map<string, Set<string>>();

const key = (account: string, region: string) => `${account}/${region}`;
const parts = (arn: string) => {
  const p = arn.split(':');
  return { region: p[3] ?? '', account: p[4] ?? '' };
};

async function requests(since: number): Promise<Recorded[]> {
  const r = await fetch(`${sim.url}/__sim/requests?since=${since}`);
  return ((await r.json()) as { requests: Recorded[] }).requests.filter((q) => q.accessKeyId !== HARNESS_KEY);
}

async function clock(change: { hold?: boolean; advanceMs?: number }): Promise<void> {
  const r = await fetch(`${app.url}/api/test-clock`, { method: 'PUT', body: JSON.stringify(change) });
  if (!r.ok) throw new Error(`test clock: ${r.status} ${await r.text()}`);
}

/** Moves the app's clock past every kept read (the state machine lists are kept a minute, views less): the next view reads AWS afresh. */
const expireKeptReads = () => clock({ advanceMs: 10 * MIN });

/** The overview once no state machine is pending any more (their reads go on, shared, between polls). */
async function settledOverview(query: string): Promise<OverviewBody> {
  for (const deadline = Date.now() + 170_000; ; ) {
    const r = await fetch(`${app.url}/api/overview${query}`);
    expect(r.status, await r.clone().text()).toBe(200);
    const body = (await r.json()) as OverviewBody;
    if (!body.stateMachines.some((e) => e.state === 'pending')) return body;
    if (Date.now() > deadline) throw new Error(`the overview${query} still has pending state machines`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

/** The resource a request names: the ARN it acts on, or its log group. */
function resourceOf(body: string): string | null {
  try {
    const b = JSON.parse(body) as Record<string, unknown>;
    for (const k of ['stateMachineArn', 'executionArn', 'mapRunArn', 'logGroupName', 'logGroupIdentifier', 'resourceArn']) if (typeof b[k] === 'string') return b[k];
  } catch {
    // IAM's query protocol: a role name, global to the account.
  }
  return null;
}

/** Requests per source and action, Logs Insights polls left out (their number is how long a query runs, on AWS as here). */
function costBySource(reqs: Recorded[]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const q of reqs) {
    if (q.action.startsWith('sts:') || q.action === 'logs:GetQueryResults') continue;
    // IAM is global: signed for us-east-1 whichever source asks; its requests are told apart by the role the source's state machines name.
    const k = key(q.account ?? '?', q.region ?? '?');
    const c = out.get(k) ?? {};
    c[q.action] = (c[q.action] ?? 0) + 1;
    out.set(k, c);
  }
  return out;
}

const total = (c: Record<string, number> | undefined) => Object.values(c ?? {}).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  sim = await startSimServer({ organisation: true, seed: 7 });
  const org = (await (await fetch(`${sim.url}/__sim/org`)).json()) as { members: typeof members };
  members = org.members;
  for (const m of members) {
    const r = (await (await fetch(`${sim.url}/__sim/scenarios?account=${m.accountId}&region=${m.region}`)).json()) as { stateMachines: Array<{ logGroupName: string | null }> };
    logGroups.set(key(m.accountId, m.region), new Set(r.stateMachines.map((s) => s.logGroupName).filter((g): g is string => g !== null)));
  }
  dir = mkdtempSync(path.join(os.tmpdir(), 'sfn-lens-org-'));
  // Both accounts through their read-only role, as the README's hub-account setup has it.
  const config = {
    sources: [
      { name: 'hub', accountId: HUB_ACCOUNT, regions: [...ORG_REGIONS], roleArn: orgRoleArn(HUB_ACCOUNT) },
      { name: 'shop', accountId: MEMBER_ACCOUNT, regions: [...ORG_REGIONS], roleArn: orgRoleArn(MEMBER_ACCOUNT), externalId: MEMBER_EXTERNAL_ID },
    ],
  };
  writeFileSync(path.join(dir, 'sfn-lens.config.json'), JSON.stringify(config, null, 2));
  app = await startApp(sim.url, { SFN_LENS_CONFIG: path.join(dir, 'sfn-lens.config.json') });
  // Held for the whole file: a kept read expires only when a test moves the clock (expireKeptReads).
  await clock({ hold: true });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await setFaults(sim.url, null);
});

describe('sfn-lens on a simulated organisation of two accounts × two Regions', () => {
  it('lists every state machine of every account and Region, each under its own account and Region', { timeout: 200_000 }, async () => {
    const now = sim.clock.now();
    const overview = await settledOverview(`?from=${new Date(now - 20 * MIN).toISOString()}&to=${new Date(now - 10 * MIN).toISOString()}`);
    expect(overview.sources.map((s) => s.key).sort()).toEqual(members.map((m) => key(m.accountId, m.region)).sort());
    expect(overview.failedSources).toEqual([]);
    const listed = overview.stateMachines.map((e) => e.stateMachine.arn).sort();
    expect(listed).toEqual(members.flatMap((m) => m.stateMachines).sort());
    for (const m of members) {
      for (const arn of m.stateMachines) expect(parts(arn), arn).toEqual({ account: m.accountId, region: m.region });
    }
    for (const e of overview.stateMachines) expect(e.state, `${e.stateMachine.arn}: ${JSON.stringify(e.error)}`).toBe('ready');

    // The filters read only the sources they keep.
    const member = await settledOverview(`?account=${MEMBER_ACCOUNT}&from=${new Date(now - 20 * MIN).toISOString()}&to=${new Date(now - 10 * MIN).toISOString()}`);
    expect(member.stateMachines.map((e) => e.stateMachine.arn).sort()).toEqual(members.filter((m) => m.accountId === MEMBER_ACCOUNT).flatMap((m) => m.stateMachines).sort());
    const eu = await settledOverview(`?region=eu-west-1&from=${new Date(now - 20 * MIN).toISOString()}&to=${new Date(now - 10 * MIN).toISOString()}`);
    expect(eu.stateMachines.map((e) => e.stateMachine.arn).sort()).toEqual(members.filter((m) => m.region === 'eu-west-1').flatMap((m) => m.stateMachines).sort());
  });

  it('never reads one account with another account\'s credentials: each request names only its own account and Region', { timeout: 200_000 }, async () => {
    const since = Date.now();
    await expireKeptReads();
    const now = sim.clock.now();
    await settledOverview(`?from=${new Date(now - 25 * MIN).toISOString()}&to=${new Date(now - 12 * MIN).toISOString()}`);
    const reqs = await requests(since);
    const reads = reqs.filter((q) => !q.action.startsWith('sts:'));
    expect(reads.length).toBeGreaterThan(0);
    // Every service call goes with a session AssumeRole issued; the app's own key only assumes the roles.
    for (const q of reads) expect(q.accessKeyId, q.action).toMatch(/^ASIA/);
    for (const q of reqs.filter((r) => r.action.startsWith('sts:'))) expect(q.accessKeyId).toBe(APP_KEY);
    // Every source was read, and none was refused.
    expect(new Set(reads.map((q) => key(q.account ?? '', q.region ?? '')))).toEqual(new Set(members.map((m) => key(m.accountId, m.region))));
    // The only refusal is the one the hub's demo scenario sets up (a KMS key sfn-lens may not use); no read was refused as another account's.
    expect(reqs.filter((q) => q.status >= 400 && !q.body.includes(':stateMachine:ledger-standard-kms')).map((q) => `${q.action} ${q.status} ${q.body}`)).toEqual([]);
    let named = 0;
    for (const q of reads) {
      const resource = resourceOf(q.body);
      if (resource === null) continue;
      named++;
      if (resource.startsWith('arn:')) {
        expect(parts(resource), `${q.action} ${resource} went with credentials of ${q.account} in ${q.region}`).toEqual({ account: q.account, region: q.region });
      } else {
        expect(logGroups.get(key(q.account ?? '', q.region ?? ''))?.has(resource), `${q.action} of log group ${resource} went with credentials of ${q.account} in ${q.region}`).toBe(true);
      }
    }
    expect(named).toBeGreaterThan(0);
  });

  it('refuses, as AWS does, a read of one account\'s state machine with another account\'s credentials', async () => {
    const memberArn = members.find((m) => m.accountId === MEMBER_ACCOUNT && m.region === 'us-east-1')?.stateMachines[0] ?? '';
    // Signed with credentials STS did not issue: they act in the hub account.
    const { SFNClient, DescribeStateMachineCommand } = await import('@aws-sdk/client-sfn');
    const sfn = new SFNClient({ endpoint: sim.url, region: 'us-east-1', credentials: { accessKeyId: HARNESS_KEY, secretAccessKey: 'x' }, maxAttempts: 1 });
    const e = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: memberArn })).catch((x: unknown) => x as Error & { $metadata?: { httpStatusCode?: number } });
    expect((e as Error).name).toBe('AccessDeniedException');
    expect((e as Error).message).toContain(`arn:aws:sts::${HUB_ACCOUNT}:assumed-role/`);
    expect((e as Error).message).toContain(`is not authorized to perform: states:DescribeStateMachine on resource: ${memberArn} because no resource-based policy allows the states:DescribeStateMachine action`);
    // The same with a session of the member's role: the member's own state machine is read.
    expect(e).toMatchObject({ $metadata: { httpStatusCode: 400 } });
    sfn.destroy();
  });

  it('opens a member account\'s state machine and execution through that member', { timeout: 200_000 }, async () => {
    const m = members.find((x) => x.accountId === MEMBER_ACCOUNT && x.region === 'eu-west-1');
    const smArn = m?.stateMachines[0] ?? '';
    const now = sim.clock.now();
    const range = `from=${new Date(now - 15 * MIN).toISOString()}&to=${new Date(now - 5 * MIN).toISOString()}`;
    const since = Date.now();
    const r = await fetch(`${app.url}/api/state-machines/${encodeURIComponent(smArn)}/executions?${range}`);
    expect(r.status, await r.clone().text()).toBe(200);
    const table = (await r.json()) as { stateMachine: { arn: string }; executions: Array<{ executionArn: string }> };
    expect(table.stateMachine.arn).toBe(smArn);
    expect(table.executions.length).toBeGreaterThan(0);
    const executionArn = table.executions[0]?.executionArn ?? '';
    expect(parts(executionArn)).toEqual({ account: MEMBER_ACCOUNT, region: 'eu-west-1' });
    const ex = await fetch(`${app.url}/api/executions/${encodeURIComponent(executionArn)}`);
    expect(ex.status, await ex.clone().text()).toBe(200);
    expect(((await ex.json()) as { execution?: { executionArn?: string } }).execution?.executionArn ?? executionArn).toBe(executionArn);
    for (const page of [`/state-machines/${encodeURIComponent(smArn)}?${range}`, `/executions/${encodeURIComponent(executionArn)}`]) {
      const html = await fetch(`${app.url}${page}`);
      expect(html.status, page).toBe(200);
      expect(await html.text()).toContain(smArn.split(':').pop());
    }
    // Only the member's eu-west-1 was asked (IAM, global, through the member's session).
    const reqs = (await requests(since)).filter((q) => !q.action.startsWith('sts:'));
    expect(reqs.length).toBeGreaterThan(0);
    for (const q of reqs) expect({ action: q.action, account: q.account, region: q.action.startsWith('iam:') ? 'eu-west-1' : q.region }).toEqual({ action: q.action, account: MEMBER_ACCOUNT, region: 'eu-west-1' });
  });

  it('names a source that is denied on the overview, /api/state-machines and /metrics, and still shows the other three', { timeout: 420_000 }, async () => {
    const denied = members.find((x) => x.accountId === MEMBER_ACCOUNT && x.region === 'eu-west-1');
    if (!denied) throw new Error('no member in eu-west-1');
    // The member's role without the read-only policy in eu-west-1: AssumeRole succeeds, every read there is AccessDenied.
    await setFaults(sim.url, { denySources: [key(denied.accountId, denied.region)] });
    await expireKeptReads();
    const now = sim.clock.now();
    const range = `from=${new Date(now - 18 * MIN).toISOString()}&to=${new Date(now - 8 * MIN).toISOString()}`;
    const others = members.filter((x) => x !== denied).flatMap((x) => x.stateMachines).sort();

    const overview = await settledOverview(`?${range}`);
    expect(overview.failedSources.map((f) => f.source.key)).toEqual([key(denied.accountId, denied.region)]);
    expect(overview.failedSources[0]?.source.label).toBe(`shop (account ${MEMBER_ACCOUNT} in eu-west-1)`);
    expect(overview.failedSources[0]?.error.code).toBe('aws-access-denied');
    expect(overview.failedSources[0]?.error.message).toContain('states:ListStateMachines');
    expect(overview.stateMachines.map((e) => e.stateMachine.arn).sort()).toEqual(others);
    for (const e of overview.stateMachines) expect(e.state, e.stateMachine.arn).toBe('ready');

    const api = await fetch(`${app.url}/api/state-machines?${range}`);
    expect(api.status).toBe(200);
    const list = (await api.json()) as { stateMachines: Array<{ arn: string; state: string }>; failedSources: FailedSource[] };
    expect(list.failedSources.map((f) => f.source.key)).toEqual([key(denied.accountId, denied.region)]);
    expect(list.stateMachines.map((s) => s.arn).sort()).toEqual(others);

    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain(`sfn_lens_source_listed{source="shop",account="${MEMBER_ACCOUNT}",region="eu-west-1",error="aws-access-denied"} 0`);
    expect(metrics).toContain(`sfn_lens_source_listed{source="shop",account="${MEMBER_ACCOUNT}",region="us-east-1",error=""} 1`);
    expect(metrics).toContain(`sfn_lens_source_listed{source="hub",account="${HUB_ACCOUNT}",region="eu-west-1",error=""} 1`);
    expect(metrics).toContain(`# sfn-lens could not list the state machines of shop (account ${MEMBER_ACCOUNT} in eu-west-1)`);
    expect(metrics).toContain('sfn_lens_state_machines_listed 0');
    // The others' series are there; the denied source's state machines have none.
    for (const arn of others.filter((a) => parts(a).account === MEMBER_ACCOUNT)) expect(metrics).toContain(`state_machine="${arn.split(':').pop()}"`);
    for (const arn of denied.stateMachines) expect(metrics).not.toContain(`sfn_lens_state_machine_read{account="${MEMBER_ACCOUNT}",region="eu-west-1",state_machine="${arn.split(':').pop()}"`);
    // A scrape waits a few seconds and leaves the views it started (the last 3 hours) to finish, shared:
    // they are waited for here, so that no later test counts their reads as its own.
    for (const deadline = Date.now() + 360_000; /^sfn_lens_state_machine_read\{.*\} 0$/m.test(await (await fetch(`${app.url}/metrics`)).text()); ) {
      if (Date.now() > deadline) throw new Error('the views /metrics started were still being read');
      await new Promise((res) => setTimeout(res, 1_000));
    }
  });

  it('costs AWS, for the overview across four sources, exactly the sum of what each source alone costs', { timeout: 400_000 }, async () => {
    // Queries finish as soon as they are polled, so that no poll is waited on; the number of polls is
    // left out of the counts anyway (it is how long a query runs, on AWS as here).
    await setFaults(sim.url, { queryRunningMs: 0 });
    const now = sim.clock.now();
    const range = `from=${new Date(now - 17 * MIN).toISOString()}&to=${new Date(now - 7 * MIN).toISOString()}`;

    // Each source alone: the overview filtered to it reads only it.
    await expireKeptReads();
    const alone = new Map<string, Record<string, number>>();
    for (const m of members) {
      const since = Date.now();
      const o = await settledOverview(`?account=${m.accountId}&region=${m.region}&${range}`);
      expect(o.stateMachines.map((e) => e.stateMachine.arn).sort()).toEqual([...m.stateMachines].sort());
      const bySource = costBySource(await requests(since));
      // IAM reads are signed for us-east-1 whichever Region asks (one endpoint per partition).
      const mine = key(m.accountId, m.region);
      const iam = m.region === 'us-east-1' ? null : key(m.accountId, 'us-east-1');
      expect([...bySource.keys()].filter((k) => k !== mine && k !== iam), `the overview of ${mine} read other sources`).toEqual([]);
      const c: Record<string, number> = { ...(bySource.get(mine) ?? {}) };
      for (const [action, n] of Object.entries((iam && bySource.get(iam)) || {})) c[action] = (c[action] ?? 0) + n;
      alone.set(mine, c);
    }

    // All four at once, every read afresh.
    await expireKeptReads();
    const since = Date.now();
    const all = await settledOverview(`?${range}`);
    expect(all.stateMachines).toHaveLength(members.flatMap((m) => m.stateMachines).length);
    const together = costBySource(await requests(since));
    const sum: Record<string, number> = {};
    for (const c of alone.values()) for (const [action, n] of Object.entries(c)) sum[action] = (sum[action] ?? 0) + n;
    const togetherByAction: Record<string, number> = {};
    for (const c of together.values()) for (const [action, n] of Object.entries(c)) togetherByAction[action] = (togetherByAction[action] ?? 0) + n;
    expect(togetherByAction).toEqual(sum);
    // Four sources cost at most four times the dearest one alone; with the same scenarios, four times one.
    const dearest = Math.max(...[...alone.values()].map(total));
    expect(total(togetherByAction)).toBeLessThanOrEqual(4 * dearest);
    // And Logs Insights queries: the same number started, each polled to completion.
    const queries = (await requests(since)).filter((q) => q.action === 'logs:StartQuery').length;
    expect(queries).toBe(sum['logs:StartQuery'] ?? 0);
  });
});

describe('sfn-lens check on the organisation', () => {
  const BIN = path.join(ROOT, 'bin', 'sfn-lens.mjs');
  interface CheckJson {
    exitCode: number;
    stateMachines: Array<{ arn: string; name: string; status: string | null }>;
    readFailures: Array<{ stateMachine: string | null; source?: string | null; action: string | null; error: string; message: string; fix: string }>;
  }

  function check(sources: unknown[], args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const file = path.join(dir, `check-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ sources }));
    const env: NodeJS.ProcessEnv = { ...process.env, ...simEnv(sim.url), SFN_LENS_CONFIG: file, SFN_LENS_MAX_ATTEMPTS: '1' };
    delete env.AWS_PROFILE;
    delete env.FORCE_COLOR;
    return new Promise((resolve) => {
      execFile(process.execPath, [BIN, 'check', ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024, timeout: 170_000 }, (error, stdout, stderr) => {
        const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? null : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** The member's role, asked with an external id its trust policy does not accept: AssumeRole is refused. */
  const WRONG_MEMBER = { name: 'shop', accountId: MEMBER_ACCOUNT, regions: [...ORG_REGIONS], roleArn: orgRoleArn(MEMBER_ACCOUNT), externalId: 'not-the-external-id' };
  const HUB_EU = { name: 'hub', accountId: HUB_ACCOUNT, regions: ['eu-west-1'], roleArn: orgRoleArn(HUB_ACCOUNT) };

  it('exits 2 and names each source whose role cannot be assumed when nothing else could be checked', { timeout: 180_000 }, async () => {
    const run = await check([WRONG_MEMBER], ['--window', '15m', '--format', 'json']);
    expect(run.code, run.stderr).toBe(2);
    const out = JSON.parse(run.stdout) as CheckJson;
    expect(out.exitCode).toBe(2);
    expect(out.stateMachines).toEqual([]);
    expect(out.readFailures.map((f) => f.source).sort()).toEqual([`shop (account ${MEMBER_ACCOUNT} in eu-west-1)`, `shop (account ${MEMBER_ACCOUNT} in us-east-1)`]);
    for (const f of out.readFailures) {
      expect(f).toMatchObject({ stateMachine: null, action: 'sts:AssumeRole', error: 'aws-access-denied' });
      expect(f.message).toContain(orgRoleArn(MEMBER_ACCOUNT));
      expect(f.fix).toMatch(/trust policy/);
    }
    // The text output names them too.
    const text = await check([WRONG_MEMBER], ['--window', '15m']);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`source shop (account ${MEMBER_ACCOUNT} in us-east-1): sts:AssumeRole failed (aws-access-denied)`);
    expect(text.stdout).toMatch(/incomplete: some reads failed \(see above\) \(exit 2\)/);
  });

  it('still checks the other sources, and fails on their health with the unassumable source named', { timeout: 180_000 }, async () => {
    const run = await check([HUB_EU, WRONG_MEMBER], ['--window', '15m', '--format', 'json']);
    const out = JSON.parse(run.stdout) as CheckJson;
    const hubEu = members.find((m) => m.accountId === HUB_ACCOUNT && m.region === 'eu-west-1');
    expect(out.stateMachines.map((s) => s.arn).sort()).toEqual([...(hubEu?.stateMachines ?? [])].sort());
    expect(out.stateMachines.find((s) => s.name === 'eu-audit-express-logging-off')?.status).toBe('broken');
    // A broken state machine is a failure even though a source could not be read (exit 1 before 2).
    expect(run.code, run.stderr).toBe(1);
    expect(out.readFailures.map((f) => f.source).sort()).toEqual([`shop (account ${MEMBER_ACCOUNT} in eu-west-1)`, `shop (account ${MEMBER_ACCOUNT} in us-east-1)`]);
  });
});
