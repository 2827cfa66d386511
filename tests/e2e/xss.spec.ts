import { expect, test } from '@playwright/test';
import { ExecutionPage } from './pages/execution-page';
import { truthOf } from './support/dashboard';

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=1">';

test('hostile execution input is shown as text, on the execution page and in a shared snapshot', async ({ page }) => {
  test.setTimeout(120_000);
  // 2 % of orders-express executions carry the hostile note: the simulator's ground truth names them.
  // One well inside the default 3-hour window (started 15 to 45 minutes ago, a few dozen of them): an
  // execution at its edge slides out of the window between this look-up and the snapshot, and the
  // snapshot then holds only its last events.
  const hostile = (await truthOf('orders-express', 15, 45)).find((t) => t.hostileInput && t.dropMode === 'none')?.executionArn;
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

test('an execution whose input is over the 256 KB event size shows its events and names the truncated input', async ({ page }) => {
  const large = (await truthOf('orders-express', 15)).find((t) => t.largeInput && t.dropMode === 'none');
  expect(large, 'an orders-express execution with a 300 KB input').toBeDefined();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const view = await new ExecutionPage(page).open(large!.executionArn);
  await expect(view.cause).toHaveText(/consistent/i);
  await expect(view.logs.getByTestId('event-count')).toHaveText(String(large!.loggedEvents));
  await expect(view.logs.getByTestId('truncated-payloads')).toContainText('cut by Step Functions before logging (over 248 KiB): input of event 1 (ExecutionStarted, 253,952 characters kept)');
  const started = await view.expandEvent('ExecutionStarted');
  await expect(started).toContainText('show all 253,952 characters');
  expect(errors).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('oversized-input.png'), fullPage: true });
});
