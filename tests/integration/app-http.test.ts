// The running app (next start) on the simulated account, over HTTP.
import { describe, expect, inject, it } from 'vitest';
import { recordedRequests, smArn } from '../support/sim-client';

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

  it('gives each state machine its logging health from configuration and permissions at /api/state-machines', async () => {
    const r = await fetch(`${appUrl}/api/state-machines`);
    type Health = { status: string; findings: Array<{ id: string }>; missingRoleActions?: string[] | null };
    const body = (await r.json()) as { stateMachines: Array<{ name: string; health: Health; partial: unknown[] }> };
    const health = Object.fromEntries(body.stateMachines.map((s) => [s.name, s.health]));
    expect(health['orders-express']?.status).toBe('ok');
    // From configuration alone (whether events arrive is the executions view's to read): a warning naming the gap.
    expect(health['notify-express-undeliverable']?.status).not.toBe('ok');
    expect(health['notify-express-undeliverable']?.findings.map((f) => f.id)).toContain('resource-policy-missing');
    expect(health['payments-express-tf76']?.status).toBe('warning');
    expect(health['payments-express-tf76']?.missingRoleActions?.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(health['audit-express-logging-off']?.status).toBe('broken');
    for (const s of body.stateMachines) expect(s.partial).toEqual([]);
  });

  it('keeps a KMS-encrypted state machine it may not decrypt, with its health, and reads its Region-locked role as allowed (docs/aws-behaviour.md §11.6, §11.7)', async () => {
    const r = await fetch(`${appUrl}/api/state-machines`);
    type Health = { status: string; findings: Array<{ id: string; description: string }>; missingRoleActions?: string[] | null };
    const body = (await r.json()) as { stateMachines: Array<{ name: string; logging: { level: string }; health: Health; partial: unknown[] }>; unread: Array<{ name: string }> };
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
