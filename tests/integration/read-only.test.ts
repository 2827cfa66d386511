// sfn-lens only reads: every AWS action it calls is in the read-only policy the README publishes.
import { describe, expect, inject, it } from 'vitest';
import { actionsOutsidePolicy, publishedReadOnlyActions } from '../support/read-only-policy';
import { recordedRequests, smArn } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');

describe('the dashboard is read-only', () => {
  it('publishes only read actions in its minimal IAM policy', () => {
    for (const action of publishedReadOnlyActions()) {
      expect(action).toMatch(/^(states|logs|cloudwatch|iam):(List|Describe|Get|Filter|Simulate|StartQuery|StopQuery)/);
    }
  });

  it('calls nothing outside that policy while serving every view', async () => {
    // A quarter of an hour: which actions a view calls does not depend on its range.
    await fetch(`${appUrl}/?from=now-15m`);
    await fetch(`${appUrl}/api/state-machines?from=now-15m`);
    for (const name of ['orders-express', 'billing-standard', 'batch-standard-dmap']) {
      const r = await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn(name))}/executions?from=${new Date(Date.now() - 20 * 60_000).toISOString()}`);
      const body = (await r.json()) as { executions: Array<{ executionArn: string }> };
      const one = body.executions[0];
      if (one) await fetch(`${appUrl}/api/executions/${encodeURIComponent(one.executionArn)}`);
    }
    const { counts } = await recordedRequests(simUrl);
    expect(Object.keys(counts).length).toBeGreaterThan(10);
    expect(actionsOutsidePolicy(Object.keys(counts))).toEqual([]);
  });
});
