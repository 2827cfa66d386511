import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { expect, test } from '@playwright/test';
import { groundTruth, sdkClients, simNow, type Truth } from '../support/sim-client';

// The simulated account's control API (its port is pinned by playwright.config.ts).
const simUrl = `http://127.0.0.1:${process.env.SIM_PORT}`;
const MIN = 60_000;

/** A settled parent of batch-standard-dmap whose Map Run has failed children of at least two errors. */
async function parentWithFailedChildren(): Promise<{ parentArn: string; children: Truth[]; errors: Map<string, number> }> {
  const { sfn } = sdkClients(simUrl);
  const now = await simNow(simUrl);
  const truth = await groundTruth(simUrl, 'batch-standard-dmap', now - 170 * MIN, now - 80 * MIN, 100_000);
  const byParent = new Map<string, Truth[]>();
  for (const t of truth) if (t.parentArn) byParent.set(t.parentArn, [...(byParent.get(t.parentArn) ?? []), t]);
  for (const [parentArn, children] of byParent) {
    const failed = children.filter((c) => c.finalStatus === 'FAILED');
    if (failed.length < 3) continue;
    const errors = new Map<string, number>();
    for (const f of failed) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: f.executionArn }));
      errors.set(d.error ?? '', (errors.get(d.error ?? '') ?? 0) + 1);
    }
    if (errors.size >= 2) return { parentArn, children, errors };
  }
  throw new Error('no settled Map Run with failed children of two errors');
}

test('a Map Run with failed children: reached from its parent, counts by status, failures grouped by error, verdicts', async ({ page }) => {
  const run = await parentWithFailedChildren();
  await page.goto(`/executions/${encodeURIComponent(run.parentArn)}`);
  const section = page.getByTestId('map-runs');
  await expect(section).toContainText('Map Runs');
  await section.getByTestId('map-run-link').first().click();
  await expect(page).toHaveURL(/\/map-runs\/arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3AmapRun%3Abatch-standard-dmap%2FProcessItems%3A/);

  await expect(page.getByRole('heading', { level: 1 })).toContainText('Map Run ProcessItems');
  await expect(page.getByTestId('map-run-parent')).toHaveAttribute('href', new RegExp(`^/executions/${encodeURIComponent(run.parentArn).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

  const counts = page.getByTestId('map-run-counts');
  await expect(page.getByTestId('map-run-total')).toHaveText(String(run.children.length));
  const failed = run.children.filter((c) => c.finalStatus === 'FAILED').length;
  await expect(counts.locator('tr[data-status="FAILED"] td').first()).toHaveText(String(failed));

  const groups = page.getByTestId('failure-group');
  await expect(groups).toHaveCount(run.errors.size);
  for (const [error, n] of run.errors) {
    await expect(page.locator(`[data-testid="failure-group"][data-error="${error}"]`).getByTestId('failure-group-count')).toHaveText(String(n));
  }

  const verdicts = page.getByTestId('map-run-verdicts');
  await expect(verdicts.locator('[data-cause="consistent"]')).toBeVisible();
  await expect(page.getByTestId('map-run-child')).toHaveCount(run.children.length);
  await expect(page.getByTestId('map-run-minutes')).toContainText('batch-standard-dmap/ProcessItems');
  await page.screenshot({ path: test.info().outputPath('map-run.png'), fullPage: true });
});

test('the state machine page lists the Map Runs of its window, each opening its page', async ({ page }) => {
  await page.goto(`/state-machines/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:stateMachine:batch-standard-dmap')}`);
  const section = page.getByTestId('map-runs');
  await expect(section).toContainText('Map Runs');
  const link = section.getByTestId('map-run-link').first();
  await expect(link).toHaveAttribute('href', /^\/map-runs\/arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3AmapRun%3Abatch-standard-dmap%2FProcessItems%3A/);
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Map Run ProcessItems');
  await expect(page.getByTestId('map-run-counts')).toBeVisible();
});
