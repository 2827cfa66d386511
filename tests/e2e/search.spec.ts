// Searching executions by what they carried (docs/search.md), in Chromium on the simulated account: a
// business key finds exactly the one execution whose input carries it, in the executions table with its
// verdict, and the search is in the URL.
import { expect, test } from '@playwright/test';
import { simNow } from '../support/sim-client';
import { SIM_URL, StateMachinePage } from './support/dashboard';

interface OrderTruth {
  executionArn: string;
  startMs: number;
  dropMode: string;
  status: string;
  orderId?: number;
}

test('searching orderId=<key> finds exactly the one execution carrying it, with its verdict, and the URL holds the search', async ({ page }) => {
  // The simulated account's clock, not this machine's: the window is of its executions.
  const now = await simNow(SIM_URL);
  const r = await fetch(`${SIM_URL}/__sim/executions?stateMachine=orders-express&from=${now - 90 * 60_000}&to=${now - 60 * 60_000}&limit=20000`);
  const truth = ((await r.json()) as { executions: OrderTruth[] }).executions;
  const t = truth.find((x) => x.orderId !== undefined && x.dropMode === 'none' && x.status === 'SUCCEEDED');
  if (!t || t.orderId === undefined) throw new Error('no settled, fully logged orders-express execution with an orderId');
  const from = new Date(t.startMs - 10 * 60_000).toISOString();
  const to = new Date(t.startMs + 10 * 60_000).toISOString();

  const sm = new StateMachinePage(page);
  await sm.goto('orders-express', `?from=${from}&to=${to}`);
  await expect(sm.rows.first()).toBeVisible();
  const box = page.getByRole('searchbox', { name: 'Search input, output and errors' });
  await box.fill(`orderId=${t.orderId}`);
  await box.press('Enter');

  await expect(page).toHaveURL(new RegExp(`[?&]search=orderId%3D${t.orderId}(&|$)`));
  const summary = page.getByTestId('search-summary');
  await expect(summary).toContainText(`1 execution carries orderId=${t.orderId}`, { timeout: 30_000 });
  await expect(summary).toContainText(/Logs Insights scanned \d/);
  await expect(sm.rows).toHaveCount(1);
  await expect(sm.rows.first()).toHaveAttribute('data-href', new RegExp(`^/executions/${encodeURIComponent(t.executionArn).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await expect(sm.rows.first()).toHaveAttribute('data-cause', 'consistent');
  await page.screenshot({ path: test.info().outputPath('search.png'), fullPage: true });

  // The link reproduces the search.
  await page.reload();
  await expect(page.getByTestId('search-summary')).toContainText(`1 execution carries orderId=${t.orderId}`, { timeout: 30_000 });
  await expect(box).toHaveValue(`orderId=${t.orderId}`);
  await expect(sm.rows).toHaveCount(1);

  // Back to all executions: the search leaves the URL and the whole table returns.
  await page.getByRole('button', { name: 'Back to all executions' }).click();
  await expect(page).not.toHaveURL(/[?&]search=/);
  await expect.poll(() => sm.rows.count()).toBeGreaterThan(1);
});

test('a state machine that logs without execution data says that search cannot work, and why', async ({ page }) => {
  const sm = new StateMachinePage(page);
  await sm.goto('notify-express-undeliverable', '?from=now-30m&search=orderId%3D1');
  await expect(page.getByTestId('search-unavailable')).toContainText('includeExecutionData: false');
});
