// Another writer's lines in a Step Functions log group (issue: Reliability, hostile log data): the
// simulated payments-express-tf76 group also holds a reconciler's lines, one a minute, plain text or
// JSON, none with an execution_arn. They are counted and named in the state machine's health, and
// never become an execution row or change a verdict.
import { describe, expect, inject, it } from 'vitest';
import { groundTruth, smArn } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');
const SM = 'payments-express-tf76';
const MIN = 60_000;

interface ExecutionsBody {
  health: { status: string; findings: Array<{ id: string; severity: string; title: string; description: string; remediation?: Array<{ text: string }> }> };
  executions: Array<{ executionArn: string; verdict: { cause: string } }>;
  partial: unknown[];
}

describe('a log group another writer shares', () => {
  it('counts the events without execution_arn in the health findings, and makes no execution of them', async () => {
    // A settled hour, read afresh (its own window): one reconciler line a minute.
    const to = Date.now() - 20 * MIN - 7_000;
    const from = to - 60 * MIN;
    const window = `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
    const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn(SM))}/executions?${window}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as ExecutionsBody;
    expect(body.partial).toEqual([]);

    const f = body.health.findings.find((x) => x.id === 'unattributed-events');
    expect(f, JSON.stringify(body.health.findings.map((x) => x.id))).toBeDefined();
    expect(f?.severity).toBe('info');
    // The logs are read over the window and the longest Express run after it (up to now): at least the hour's 60 lines.
    const n = Number(/^([\d,]+) events in the log group are not from Step Functions$/.exec(f?.title ?? '')?.[1]?.replace(/,/g, ''));
    expect(n).toBeGreaterThanOrEqual(59);
    expect(n).toBeLessThanOrEqual(60 + 25);
    expect(f?.description).toContain('/aws/vendedlogs/states/payments-express-tf76-Logs carry no execution_arn');
    expect(f?.remediation?.[0]?.text).toContain('filter isblank(execution_arn)');

    // Every row is an execution the simulated account ran; none is made of the reconciler's lines.
    const truth = new Set((await groundTruth(simUrl, SM, from - 5 * MIN, to + 5 * MIN, 100_000)).map((t) => t.executionArn));
    expect(body.executions.length).toBeGreaterThan(0);
    for (const e of body.executions) {
      expect(e.executionArn).toMatch(/^arn:aws:states:/);
      expect(truth.has(e.executionArn), e.executionArn).toBe(true);
    }
  });
});
