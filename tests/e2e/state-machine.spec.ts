import { expect, test } from '@playwright/test';
import { setSimFaults, smArn, StateMachinePage } from './support/dashboard';

test('orders-express shows Step Functions and CloudWatch Logs side by side, with verdicts and the reconciliation chart', async ({ page }) => {
  const sm = new StateMachinePage(page);
  await sm.goto('orders-express');
  for (const group of ['Step Functions says', 'CloudWatch Logs says', 'Verdict']) {
    await expect(sm.table.getByRole('columnheader', { name: group })).toBeVisible();
  }
  await expect(sm.rows.first()).toBeVisible();
  // Async Express: no service record, said in words.
  await expect(sm.rows.first().getByRole('gridcell').nth(2)).toHaveText('no record');
  await expect(page.getByTestId('banner-express')).toContainText('AWS keeps no per-execution record of async Express executions');
  await expect(sm.rows.first().locator('[data-cause]').first()).toBeVisible();
  await expect(page.locator('[data-testid="execution-row"][data-cause="consistent"]').first()).toBeVisible();
  await expect(sm.chart.locator('svg.recharts-surface').first()).toBeVisible();
  await expect(sm.chart.locator('.recharts-bar-rectangle').first()).toBeAttached();
  await expect(page.getByTestId('scanned')).toContainText(/Logs Insights scanned .* estimated \$/);
  await expect(page.getByTestId('banner-limits')).toContainText(/more than one Logs Insights query returns \(10,000 rows\): the table lists those that started from /);
  await expect(page.getByTestId('data-age')).toContainText('UTC');
  // A virtualised table: far fewer rows in the DOM than in the window.
  expect(await sm.rows.count()).toBeLessThan(200);
  await page.screenshot({ path: test.info().outputPath('state-machine.png'), fullPage: true });
});

test('while a cold read runs, the page already shows the state machine, its health and its metrics, then the whole view', async ({ page }) => {
  // A range nobody has read yet: an hour of orders-express (7,000 rows) takes the simulator seconds to
  // scan, long enough to see the first look, and not so long that a busy machine outlasts the wait below.
  await page.goto(`/state-machines/${encodeURIComponent(smArn('orders-express'))}?from=now-67m`, { waitUntil: 'commit' });
  // The skeleton names it at once; the first look (health, metrics chart, progress) follows in well under a second.
  await expect(page.getByTestId('loading-name').or(page.getByRole('heading', { level: 1, name: 'orders-express' })).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('state-machine-loading.png') });
  await expect(page.getByRole('grid', { name: /Executions/ })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('loading-name')).toHaveCount(0);
  await expect(page.getByTestId('first-look')).toHaveCount(0);
});

test('filtering by cause updates the URL and the rows, and the link reproduces the view', async ({ page }) => {
  const sm = new StateMachinePage(page);
  // Half an hour that ended 70 minutes ago: its drops are settled, and reading it again on reload is
  // quick (the default 3 hours, read cold again after the reload, outlasted the wait on a busy machine).
  const to = Date.now() - 70 * 60_000;
  await sm.goto('orders-express', `?from=${new Date(to - 30 * 60_000).toISOString()}&to=${new Date(to).toISOString()}`);
  const cause = await sm.causeWithRows(['best-effort-drop', 'log-lag', 'running']);
  await sm.causeFilter(cause).click();
  await expect(page).toHaveURL(new RegExp(`[?&]cause=${cause}`));
  await expect(sm.causeFilter(cause)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('shown-count')).toContainText(' of ');
  const causes = await sm.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-cause')));
  expect(causes.length).toBeGreaterThan(0);
  expect(new Set(causes)).toEqual(new Set([cause]));

  await page.getByLabel('Status').selectOption('UNKNOWN');
  await expect(page).toHaveURL(/[?&]status=UNKNOWN/);

  await page.reload();
  await expect(sm.causeFilter(cause)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('Status')).toHaveValue('UNKNOWN');
});

test('searching by name narrows the table to that execution', async ({ page }) => {
  const sm = new StateMachinePage(page);
  await sm.goto('billing-standard');
  const name = (await sm.rows.nth(3).getByRole('link').textContent()) ?? '';
  await sm.search().fill(name);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${name}`));
  await expect(sm.rows).toHaveCount(1);
  await expect(sm.rows.first()).toContainText(name);
  // A Standard execution: Step Functions' own record stands beside the logs.
  await expect(sm.rows.first().getByRole('gridcell').nth(3)).toHaveText('list-executions');
});

test('a row opens its execution page with a window around the execution', async ({ page }) => {
  const sm = new StateMachinePage(page);
  await sm.goto('orders-express');
  const row = sm.rows.nth(5);
  const href = (await row.getAttribute('data-href')) ?? '';
  expect(href).toMatch(/^\/executions\/arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexpress%3Aorders-express%3A.+\?from=.+Z&to=.+Z$/);
  await row.getByRole('link').click();
  await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === href);
});

test('keyboard: Tab reaches the rows, arrow keys move focus, Enter opens the execution', async ({ page }) => {
  const sm = new StateMachinePage(page);
  // Half an hour that ended ten minutes ago: every execution of it is known, so the table's 30 s
  // refresh adds no row at the top. A newer execution arriving mid-test would move every row's index
  // (the focus follows its execution, not its index) under the expectations below.
  const to = Date.now() - 10 * 60_000;
  await sm.goto('orders-express', `?from=${new Date(to - 30 * 60_000).toISOString()}&to=${new Date(to).toISOString()}`);
  await expect(sm.rows.nth(15)).toBeAttached();
  await sm.search().focus();
  await page.keyboard.press('Tab');
  const focusedIndex = () => page.evaluate(() => document.activeElement?.getAttribute('data-index') ?? null);
  await expect.poll(focusedIndex).toBe('0');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(focusedIndex).toBe('2');
  await page.keyboard.press('ArrowUp');
  await expect.poll(focusedIndex).toBe('1');
  await page.keyboard.press('End');
  const last = String((await page.getByRole('grid').getAttribute('aria-rowcount')) ? Number(await page.getByRole('grid').getAttribute('aria-rowcount')) - 3 : 0);
  await expect.poll(focusedIndex).toBe(last);
  await expect(page.locator(`[data-index="${last}"]`)).toBeInViewport();
  await page.keyboard.press('Home');
  await expect.poll(focusedIndex).toBe('0');
  await page.keyboard.press('PageDown');
  await expect.poll(focusedIndex).toBe('15');
  const href = (await page.locator('[data-index="15"]').getAttribute('data-href')) ?? '';
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === href);
});

test('an empty window explains itself with what the metrics say, and the findings carry remediation to copy', async ({ page }) => {
  const sm = new StateMachinePage(page);
  await sm.goto('notify-express-undeliverable');
  const empty = page.getByTestId('executions-empty');
  await expect(empty).toContainText('No executions in this window');
  await expect(empty).toContainText(/CloudWatch metrics count [\d,]+ started/);
  const finding = page.locator('[data-finding="resource-policy-missing"]');
  await expect(finding).toContainText('No resource policy lets delivery.logs.amazonaws.com write');
  await finding.getByText(/How to fix/).click();
  await expect(finding.locator('pre').first()).toContainText('delivery.logs.amazonaws.com');
  await expect(finding.getByRole('button', { name: /^Copy: / }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('state-machine-broken.png'), fullPage: true });
});

test('an unknown state machine ARN is not found', async ({ page }) => {
  const res = await page.goto(`/state-machines/${encodeURIComponent(smArn('no-such-machine'))}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('state-machine-not-found')).toContainText('No such state machine');
});

test('dark mode keeps the verdict colours readable', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const sm = new StateMachinePage(page);
  await sm.goto('billing-standard');
  await expect(sm.rows.first()).toBeVisible();
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(15, 19, 24)');
  await page.screenshot({ path: test.info().outputPath('state-machine-dark.png'), fullPage: true });
});

test('a denied Logs Insights read is named in a partial-results banner, and the rest is shown', async ({ page }) => {
  await setSimFaults({ deny: ['logs:StartQuery'] });
  try {
    const sm = new StateMachinePage(page);
    // A range no other test reads, so no shared result from before the fault answers it.
    await sm.goto('payments-express-tf76', '?from=now-37m');
    const banner = page.getByTestId('banner-partial');
    await expect(banner).toContainText('Could not read per-execution log aggregates (Logs Insights): logs:StartQuery failed with AccessDeniedException');
    await expect(sm.chart).toBeVisible();
  } finally {
    await setSimFaults(null);
  }
});
