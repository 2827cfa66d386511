// The running app (next start) on the simulated account, over HTTP.
import { describe, expect, inject, it } from 'vitest';
import { withAppClockHeld } from '../support/app-server';
import { groundTruth, recordedRequests, smArn } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');
const SCENARIOS = [
  'orders-express',
  'payments-express-tf76',
  'notify-express-undeliverable',
  'ingest-express-error-level',
  'audit-express-logging-off',
  'billing-standard',
  'batch-standard-dmap',
];

describe('the dashboard on the simulated account', () => {
  it('serves the home page naming every scenario state machine and the simulated account', async () => {
    const r = await fetch(`${appUrl}/`);
    expect(r.status).toBe(200);
    const html = await r.text();
    for (const name of SCENARIOS) expect(html).toContain(name);
    expect(html).toContain('simulated account');
  });

  it('lists state machines with type and logging configuration at /api/state-machines', async () => {
    const r = await fetch(`${appUrl}/api/state-machines`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { stateMachines: Array<{ name: string; type: string; logging: { level: string; includeExecutionData: boolean; logGroupArn: string | null } }> };
    const byName = Object.fromEntries(body.stateMachines.map((s) => [s.name, s]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(SCENARIOS));
    expect(byName['ingest-express-error-level']).toMatchObject({ type: 'EXPRESS', logging: { level: 'ERROR' } });
    expect(byName['audit-express-logging-off']).toMatchObject({ logging: { level: 'OFF', logGroupArn: null } });
    expect(byName['billing-standard']).toMatchObject({ type: 'STANDARD', logging: { level: 'ALL', includeExecutionData: true } });
  });

  it('gives each state machine its logging health, configuration and permissions weighed with its window, at /api/state-machines', async () => {
    const body = await settledStateMachines('');
    const health = Object.fromEntries(body.stateMachines.map((s) => [s.name, s.health]));
    expect(health['orders-express']?.status).toBe('ok');
    // Executions run and no event arrives: what the window shows makes the missing resource policy an outage.
    expect(health['notify-express-undeliverable']?.status).toBe('broken');
    expect(health['notify-express-undeliverable']?.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['resource-policy-missing', 'no-events-delivered']));
    expect(health['payments-express-tf76']?.status).toBe('warning');
    expect(health['payments-express-tf76']?.missingRoleActions?.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(health['audit-express-logging-off']?.status).toBe('broken');
    // The default window is the overview's: the last 3 hours.
    expect(Date.parse(body.window.to) - Date.parse(body.window.from)).toBe(3 * 3_600_000);
  });

  it('gives the same health and findings for a state machine at /api/state-machines and /api/overview for the same window', async () => {
    for (const query of ['', '?from=now-47m']) {
      const list = await settledStateMachines(query);
      const overview = await settledOverview(query);
      const fromOverview = new Map(overview.stateMachines.map((e) => [e.stateMachine.name, e.summary?.health]));
      for (const sm of list.stateMachines) {
        const other = fromOverview.get(sm.name);
        expect(other, `${sm.name} ${query}`).toBeDefined();
        expect({ status: sm.health?.status, findings: sm.health?.findings.map((f) => f.id) }, `${sm.name} ${query}`).toEqual({
          status: other?.status,
          findings: other?.findings.map((f) => f.id),
        });
      }
      const undeliverable = list.stateMachines.find((s) => s.name === 'notify-express-undeliverable');
      expect(undeliverable?.health?.status).toBe('broken');
      // Both for the same window: the same length, ending now.
      expect(Date.parse(list.window?.to) - Date.parse(list.window?.from), query).toBe(Date.parse(overview.window.to) - Date.parse(overview.window.from));
    }
  });

  it('answers /api/state-machines again from the shared reads, without an AWS request of its own', async () => {
    // The app's clock is held: the list kept a minute ago does not expire between the two requests.
    await withAppClockHeld(appUrl, async () => {
      await settledStateMachines('?from=now-52m');
      const since = Date.now();
      const again = await fetch(`${appUrl}/api/state-machines?from=now-52m`);
      expect(again.status).toBe(200);
      const body = (await again.json()) as StateMachinesBody;
      expect(body.stateMachines.every((s) => s.state === 'ready')).toBe(true);
      expect((await recordedRequests(simUrl, since)).requests).toEqual([]);
    });
  });

  it('reads again once what it kept has expired on its clock', async () => {
    await withAppClockHeld(appUrl, async () => {
      await settledStateMachines('?from=now-53m');
      const clock = await fetch(`${appUrl}/api/test-clock`, { method: 'PUT', body: JSON.stringify({ advanceMs: 61_000 }) });
      expect(clock.status).toBe(200);
      const since = Date.now();
      expect((await fetch(`${appUrl}/api/state-machines?from=now-53m`)).status).toBe(200);
      const actions = (await recordedRequests(simUrl, since)).requests.map((q) => q.action);
      // The list is kept a minute: past it, the state machines are listed and described again.
      expect(actions).toContain('states:ListStateMachines');
      expect(actions).toContain('states:DescribeStateMachine');
    });
  });

  it('refuses an unknown parameter or a bad window at /api/state-machines with 400', async () => {
    for (const query of ['?form=now-1h', '?from=yesterday', '?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z']) {
      const r = await fetch(`${appUrl}/api/state-machines${query}`);
      expect(r.status, query).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
    }
  });

  describe('answers HTTP 404 for what does not exist, before its page streams', () => {
    const page = async (path: string) => {
      const r = await fetch(`${appUrl}${path}`);
      return { status: r.status, html: await r.text() };
    };

    it.each([
      ['an unknown shared-diagnosis id', '/d/AAAAAAAAAAAAAAAAAAAAAA', 'not-found', 'This diagnosis link does not exist'],
      ['a malformed shared-diagnosis id', '/d/not-a-snapshot', 'not-found', 'This diagnosis link does not exist'],
      ['an unknown state machine', `/state-machines/${encodeURIComponent(smArn('no-such-machine'))}`, 'state-machine-not-found', 'No such state machine'],
      ['a malformed state machine ARN', `/state-machines/${encodeURIComponent('not-an-arn')}`, 'state-machine-not-found', 'No such state machine'],
      [
        'an unknown Standard execution of a known state machine',
        `/executions/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:billing-standard:no-such-run')}`,
        'not-found',
        'No such execution',
      ],
      ['an execution of an unknown state machine', `/executions/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:no-such-machine:run-1')}`, 'not-found', 'No such execution'],
      [
        'an Express execution of an unknown state machine',
        `/executions/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:express:no-such-machine:run-1:6f1c3b9e-3b0e-4a57-9a53-4d3f1f0a2b11')}`,
        'not-found',
        'No such execution',
      ],
    ])('%s', async (_label, path, testId, text) => {
      const r = await page(path);
      expect(r.status).toBe(404);
      // Next answers a notFound() that runs before streaming with its error shell, and the browser
      // renders the segment's not-found page from the payload it carries (tests/e2e show it rendered).
      expect(r.html).toContain('<meta name="robots" content="noindex"/>');
      expect(r.html).toContain(`\\"data-testid\\":\\"${testId}\\"`);
      expect(r.html).toContain(text);
    });

    it('the execution API answers 404 for an execution neither Step Functions nor its log group knows, and 200 for one that exists', async () => {
      const unknown = await fetch(`${appUrl}/api/executions/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:billing-standard:no-such-run')}`);
      expect(unknown.status).toBe(404);
      const { error } = (await unknown.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('execution-not-found');
      expect(error.message).toContain('no-such-run');
      const now = Date.now();
      const known = (await groundTruth(simUrl, 'billing-standard', now - 3 * 3_600_000, now - 80 * 60_000)).find((t) => !t.parentArn);
      const found = await fetch(`${appUrl}/api/executions/${encodeURIComponent(known?.executionArn ?? '')}`);
      expect(found.status).toBe(200);
      await found.text();
    });

    it('still answers 200 for a state machine and an execution that exist, and names a malformed execution ARN', async () => {
      expect((await page(`/state-machines/${encodeURIComponent(smArn('billing-standard'))}`)).status).toBe(200);
      const now = Date.now();
      const known = (await groundTruth(simUrl, 'billing-standard', now - 3 * 3_600_000, now - 80 * 60_000)).find((t) => !t.parentArn);
      expect(known).toBeDefined();
      const exec = await page(`/executions/${encodeURIComponent(known?.executionArn ?? '')}`);
      expect(exec.status).toBe(200);
      expect(exec.html).toContain('data-testid="diagnosis"');
      expect(exec.html).not.toContain('data-testid="not-found"');
      const malformed = await page(`/executions/${encodeURIComponent('not-an-arn')}`);
      expect(malformed.status).toBeLessThan(500);
      expect(malformed.html).toContain('This is not an execution sfn-lens can look up');
    });
  });

  it('keeps a KMS-encrypted state machine it may not decrypt, with its health, and reads its Region-locked role as allowed (docs/aws-behaviour.md §11.6, §11.7)', async () => {
    type Health = { status: string; findings: Array<{ id: string; description: string }>; missingRoleActions?: string[] | null };
    // Settled: its health is weighed with the window's reads, which may still be running.
    const body = (await settledStateMachines('')) as unknown as { stateMachines: Array<{ name: string; logging: { level: string }; health: Health; partial: unknown[] }>; unread: Array<{ name: string }> };
    expect(body.unread.map((u) => u.name)).not.toContain('ledger-standard-kms');
    const ledger = body.stateMachines.find((s) => s.name === 'ledger-standard-kms');
    expect(ledger).toMatchObject({ logging: { level: 'ALL' }, health: { status: 'ok', missingRoleActions: [] } });
    expect(ledger?.health.findings.find((f) => f.id === 'definition-unreadable')?.description).toContain('KmsAccessDeniedException');
    // Its executions: Standard, listed, and its Map Run children looked up although the definition is unknown.
    const exec = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn('ledger-standard-kms'))}/executions?from=now-3h`);
    expect(exec.status).toBe(200);
    const view = (await exec.json()) as { executions: Array<{ service: { source: string } }>; limits: { mapParentsListed: number | null } };
    expect(view.executions.some((e) => e.service.source === 'list-executions')).toBe(true);
    expect(view.executions.some((e) => e.service.source === 'map-run')).toBe(true);
    expect(view.limits.mapParentsListed).toBeGreaterThan(0);
  });

  it('says which account it looks at and never exposes a credential', async () => {
    const r = await fetch(`${appUrl}/api/health`);
    const text = await r.text();
    expect(JSON.parse(text)).toMatchObject({ ok: true, source: 'sim', region: 'us-east-1', memory: { rssMb: expect.any(Number), heapUsedMb: expect.any(Number) } });
    expect(text).not.toContain('simulated-secret-key');
    expect(text).not.toContain('AKIASIMULATED');
  });

  it('shares one AWS read of a rolling window between fifty viewers of the same executions table', async () => {
    // Held: what the first viewer's read kept (the state machine's description) does not expire before the fifty ask.
    await withAppClockHeld(appUrl, async () => {
      const url = (range: string) => `${appUrl}/api/state-machines/${encodeURIComponent(smArn('billing-standard'))}/executions?from=${range}`;
      // Ranges no other test asks for, so neither read is already cached.
      const before1 = Date.now();
      const one = await fetch(url('now-107m'));
      expect(one.status).toBe(200);
      const single = (await recordedRequests(simUrl, before1)).requests.length;
      const before50 = Date.now();
      const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(url('now-106m'))));
      expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
      const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ readAt: string; executions: unknown[] }>;
      const fifty = (await recordedRequests(simUrl, before50)).requests.length;
      expect(single).toBeGreaterThan(0);
      expect(fifty).toBeLessThanOrEqual(Math.ceil(single * 1.2));
      expect(new Set(bodies.map((b) => b.readAt)).size).toBe(1);
    });
  });
});

type HealthBody = { status: string; findings: Array<{ id: string }>; missingRoleActions?: string[] | null };
interface StateMachinesBody {
  window: { from: string; to: string };
  stateMachines: Array<{ name: string; state: 'ready' | 'pending' | 'error'; health: HealthBody | null; partial: unknown[] }>;
}
interface OverviewBody {
  window: { from: string; to: string };
  stateMachines: Array<{ stateMachine: { name: string }; state: string; summary?: { health: HealthBody } }>;
}

/** Asks again while a state machine's view is still being read (a cold read of a busy group takes seconds); bounded. */
async function settled<T>(url: string, done: (body: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(url);
    expect(r.status, url).toBe(200);
    const body = (await r.json()) as T;
    if (done(body) || attempt >= 30) return body;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

function settledStateMachines(query: string): Promise<StateMachinesBody> {
  return settled<StateMachinesBody>(`${appUrl}/api/state-machines${query}`, (b) => b.stateMachines.every((s) => s.state !== 'pending'));
}

function settledOverview(query: string): Promise<OverviewBody> {
  return settled<OverviewBody>(`${appUrl}/api/overview${query}`, (b) => b.stateMachines.every((s) => s.state !== 'pending'));
}
