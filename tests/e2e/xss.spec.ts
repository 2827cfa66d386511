import { expect, test } from '@playwright/test';
import { ExecutionPage, executionJson, listExecutions } from './pages/execution-page';

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=1">';

test('hostile execution input is shown as text, on the execution page and in a shared snapshot', async ({ page, request }) => {
  test.setTimeout(180_000);
  // 2 % of orders-express executions carry the hostile note; settled ones are looked at in small batches.
  const rows = (await listExecutions(request, 'orders-express')).filter((r) => r.verdict.cause === 'consistent');
  let hostile: string | undefined;
  for (let i = 0; i < rows.length && !hostile; i += 6) {
    const batch = rows.slice(i, i + 6);
    const bodies = await Promise.all(batch.map((r) => executionJson(request, r.executionArn)));
    hostile = batch[bodies.findIndex((b) => b.includes('<script>'))]?.executionArn;
  }
  expect(hostile, 'an orders-express execution with hostile input').toBeDefined();

  const view = await new ExecutionPage(page).open(hostile!);
  const started = await view.expandEvent('ExecutionStarted');
  await expect(started).toContainText(SCRIPT);
  await expect(started).toContainText(IMG);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await page.screenshot({ path: test.info().outputPath('xss-execution.png'), fullPage: true });

  // With payloads included, the snapshot renders the same input: still text.
  const link = await view.share({ includePayloads: true });
  await page.goto(link);
  await expect(page.getByTestId('snapshot-banner')).toContainText('includes execution input/output');
  const frozen = page.getByTestId('logs-panel').locator('[data-testid="log-event"][data-event-type="ExecutionStarted"]');
  await frozen.locator('summary').click();
  await expect(frozen).toContainText(SCRIPT);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await page.screenshot({ path: test.info().outputPath('xss-snapshot.png'), fullPage: true });
});
