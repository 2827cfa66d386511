import { expect, test } from '@playwright/test';
import { OverviewPage, SCENARIOS } from './support/dashboard';

test('the overview lists every scenario state machine with its type, log level and logging health', async ({ page }) => {
  // The first spec to open the overview of the default 3 hours: every state machine is read cold.
  test.slow();
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(page.getByTestId('account')).toContainText('simulated account');
  await expect(overview.rows).toHaveCount(SCENARIOS.length);
  for (const name of SCENARIOS) await expect(overview.row(name).getByRole('link', { name })).toBeVisible();
  const errorLevel = overview.row('ingest-express-error-level');
  await expect(errorLevel).toContainText('EXPRESS');
  await expect(errorLevel).toContainText('ERROR');
  await expect(overview.health('payments-express-tf76').locator('[data-health]')).toHaveAttribute('data-health', 'warning');
  await expect(overview.health('payments-express-tf76')).toContainText('Role lacks 2 of the 10 documented logs actions, but logs arrive');
  await expect(overview.health('notify-express-undeliverable').locator('[data-health]')).toHaveAttribute('data-health', 'broken');
  await expect(overview.health('audit-express-logging-off').locator('[data-health]')).toHaveAttribute('data-health', 'broken');
  await expect(overview.health('orders-express').locator('[data-health]')).toHaveAttribute('data-health', 'ok');
  await page.screenshot({ path: test.info().outputPath('overview.png'), fullPage: true });
});

test('a state machine’s findings expand to their descriptions', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  const health = overview.health('notify-express-undeliverable');
  await expect(health.getByText('Only the delivery-validation stream exists')).toBeHidden();
  await health.locator('summary').click();
  await expect(health.getByText('Only the delivery-validation stream exists')).toBeVisible();
  await expect(health).toContainText('not one execution event reached');
});

test('the overview counts executions and mismatches by verdict cause', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  // Logs never reach this group: the metrics' executions are all unlogged, for a missing permission.
  await expect(overview.row('notify-express-undeliverable').locator('[data-cause="missing-permissions"]')).toContainText('not logged');
  // Level ERROR drops successes by design.
  await expect(overview.row('ingest-express-error-level').getByTestId('mismatch-cell').locator('[data-cause="logging-config"]')).toBeVisible();
  await expect(overview.row('orders-express').getByTestId('executions-cell')).toContainText(/\d/);
  // Over 20,000 executions in 3 h: more than one query lists, so the count is of the newest minutes and says
  // from when (not a bare "+", which read "0+" for a group no event reaches); 2,000 fit whole.
  await expect(overview.row('orders-express').getByTestId('listed-from')).toHaveText(/^listed from \d\d:\d\d UTC$/);
  await expect(overview.row('notify-express-undeliverable').getByTestId('executions-cell')).toContainText(/^0listed from/);
  await expect(overview.row('billing-standard').getByTestId('scanned-cell')).toBeVisible();
  await expect(overview.row('billing-standard').getByTestId('listed-from')).toHaveCount(0);
  // What reading it cost, shared by every viewer: orders-express's queries scan megabytes.
  await expect(overview.row('orders-express').getByTestId('scanned-cell')).toContainText(/^scanned [\d.]+ MiB · \$[\d.]+$/);
});

test('the time range is kept in the URL and carried to the state machine page', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await page.getByRole('button', { name: 'Last hour' }).click();
  await expect(page).toHaveURL(/[?&]from=now-1h/);
  await expect(page.getByRole('button', { name: 'Last hour' })).toHaveAttribute('aria-pressed', 'true');
  await expect(overview.row('orders-express').getByRole('link', { name: 'orders-express' })).toHaveAttribute('href', /from=now-1h/);
});
