// GET /api/compare on the running app and the simulated account (docs/compare.md).
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { simNow, smArn } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');

interface Row {
  executionArn: string;
  startDate: string | null;
  service: { status: string | null };
  logs: { status: string };
  verdict: { cause: string };
}

interface CompareBody {
  a: { executionArn: string; status: string };
  b: { executionArn: string; status: string; verdict: { cause: string } } | null;
  baseline: { chosen: string; candidates: number | null; missing: string | null };
  comparison: {
    rows: Array<{ name: string; status: string }>;
    divergence: { kind: string; state: string | null; summary: string; rowIndex: number | null } | null;
    missingIds: { a: number[]; b: number[] };
    input: { changes: Array<{ path: string; kind: string }>; missing: string | null };
  } | null;
}

const compare = (query: string) => fetch(`${appUrl}/api/compare?${query}`);

async function errorOf(r: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await r.json()) as { error: { code: string; message: string } };
  return { status: r.status, ...body.error };
}

describe('GET /api/compare', () => {
  // A settled quarter of an hour of orders-express (async Express: no service record, the window locates its events).
  let window: string;
  let rows: Row[];
  beforeAll(async () => {
    const now = await simNow(simUrl);
    window = new URLSearchParams({ from: new Date(now - 75 * 60_000).toISOString(), to: new Date(now - 60 * 60_000).toISOString() }).toString();
    const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn('orders-express'))}/executions?${window}`);
    expect(r.status).toBe(200);
    rows = ((await r.json()) as { executions: Row[] }).executions;
  });

  it('compares a failed execution with the nearest one that succeeded and was fully logged, and names where they parted', async () => {
    const failed = rows.find((r) => r.logs.status === 'FAILED' && r.verdict.cause === 'consistent');
    expect(failed, 'orders-express has a fully logged failed execution in the window').toBeDefined();
    const r = await compare(`a=${encodeURIComponent(failed!.executionArn)}&${window}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as CompareBody;

    const worked = rows.filter((x) => x.executionArn !== failed!.executionArn && x.verdict.cause === 'consistent' && x.logs.status === 'SUCCEEDED');
    const at = Date.parse(failed!.startDate!);
    const nearest = Math.min(...worked.map((x) => Math.abs(Date.parse(x.startDate!) - at)));
    const chosen = worked.find((x) => x.executionArn === body.b?.executionArn);
    expect(body.baseline).toMatchObject({ chosen: 'nearest-that-worked', candidates: worked.length, missing: null });
    expect(chosen, 'b is one of the executions that succeeded and were fully logged').toBeDefined();
    expect(Math.abs(Date.parse(chosen!.startDate!) - at)).toBe(nearest);
    expect(body.b).toMatchObject({ status: 'SUCCEEDED', verdict: { cause: 'consistent' } });

    const c = body.comparison!;
    expect(c.divergence).not.toBeNull();
    expect(['ValidateOrder', 'ReserveStock', 'IsPriority', 'ChargeCard']).toContain(c.divergence!.state);
    expect(c.divergence!.summary).toContain(c.divergence!.state!);
    expect(c.rows[c.divergence!.rowIndex!]?.name).toBe(c.divergence!.state);
    expect(c.missingIds).toEqual({ a: [], b: [] });
    // Orders carry their own ids: the inputs of two executions differ somewhere.
    expect(c.input.missing).toBeNull();
    expect(c.input.changes.length).toBeGreaterThan(0);
  });

  it('compares with the b it is given, and two fully logged successes do not diverge', async () => {
    const [x, y] = rows.filter((r) => r.logs.status === 'SUCCEEDED' && r.verdict.cause === 'consistent');
    const r = await compare(`a=${encodeURIComponent(x!.executionArn)}&b=${encodeURIComponent(y!.executionArn)}&${window}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as CompareBody;
    expect(body.baseline.chosen).toBe('given');
    expect(body.b!.executionArn).toBe(y!.executionArn);
    expect(body.comparison!.divergence).toBeNull();
  });

  it('answers 400 with what was wrong for bad input', async () => {
    const express = rows[0]!.executionArn;
    const standard = 'arn:aws:states:us-east-1:123456789012:execution:billing-standard:run-1';

    expect(await errorOf(await compare(''))).toMatchObject({ status: 400, code: 'missing-parameter', message: expect.stringContaining('"a"') });
    expect(await errorOf(await compare(`a=${encodeURIComponent(express)}&b=${encodeURIComponent(standard)}`))).toMatchObject({
      status: 400,
      code: 'different-state-machines',
      message: 'Only executions of one state machine can be compared: a belongs to orders-express, b to billing-standard.',
    });
    expect(await errorOf(await compare(`a=${encodeURIComponent(express)}&b=${encodeURIComponent(express)}`))).toMatchObject({ status: 400, code: 'same-execution' });
    expect(await errorOf(await compare('a=arn%3Aaws%3Astates%3Aus-east-1%3A123%3Aexecution%3Ax'))).toMatchObject({ status: 400, code: 'invalid-arn' });
    expect(await errorOf(await compare(`a=${encodeURIComponent(express)}&base=x`))).toMatchObject({ status: 400, code: 'unknown-parameter' });
    expect(await errorOf(await compare(`a=${encodeURIComponent(express)}&from=yesterday`))).toMatchObject({ status: 400 });
  });
});
