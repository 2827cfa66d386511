import { expect, test } from '@playwright/test';
import { appRequestCounts, appRequests, OpsPage, SCENARIOS } from './support/dashboard';

test('the ops view lists every scenario state machine, broken ones first, with counts by cause', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const ops = new OpsPage(page);
  // Half an hour: the ranking and the counts by cause do not depend on the range, and the default 3
  // hours of every state machine, read cold, outlasted the minute this test waits on a busy machine.
  await ops.goto('?from=now-30m');
  await ops.waitUntilAllRead();
  await expect(page.locator('.ops-head')).toContainText('simulated account');
  await expect(page.locator('.ops-head').getByTestId('data-age')).toContainText(/Updated \d{2}:\d{2}:\d{2} UTC/);
  const names = await ops.tiles.evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-name')));
  expect([...names].sort()).toEqual([...SCENARIOS]);
  // Broken health ranks first.
  expect(new Set(names.slice(0, 2))).toEqual(new Set(['notify-express-undeliverable', 'audit-express-logging-off']));
  const notify = ops.tiles.filter({ hasText: 'notify-express-undeliverable' });
  await expect(notify.locator('[data-cause="missing-permissions"]')).toContainText(/[\d,]+ not logged/);
  const orders = ops.tiles.filter({ hasText: 'orders-express' });
  await expect(orders.locator('.ops-number').first()).toHaveText(/^[\d,]+$/);
  await expect(orders.getByTestId('ops-scanned')).toContainText(/scanned [\d.]+ MiB \(\$[\d.]+\)/);
  await page.screenshot({ path: test.info().outputPath('ops.png'), fullPage: true });
});

test('the ops view refreshes by itself', async ({ page }) => {
  // The page's clock is the test's: the 30 s between refreshes pass in one jump instead of being waited for.
  await page.clock.install();
  const ops = new OpsPage(page);
  // A quarter of an hour: what is refreshed does not depend on the range, and a short one reads fast when cold.
  await ops.goto('?from=now-15m');
  await ops.waitUntilAllRead();
  const before = await page.locator('.ops-head time').getAttribute('datetime');
  const refreshed = page.waitForResponse((r) => r.url().includes('/api/overview') && r.ok(), { timeout: 30_000 });
  await page.clock.fastForward(30_000);
  await refreshed;
  await expect(page.locator('.ops-head time')).not.toHaveAttribute('datetime', before ?? '', { timeout: 10_000 });
});

test('fifty viewers cost AWS the reads of one', async ({ request }) => {
  // A range nobody else has asked for, so every read below is a fresh one.
  const range = '?from=now-53m';
  const since = Date.now();
  const responses = await Promise.all(Array.from({ length: 50 }, () => request.get(`/api/overview${range}`)));
  for (const r of responses) expect(r.ok()).toBe(true);
  // Slow state machines answer `pending` while their shared read goes on: wait until the app stops
  // asking AWS (a query is polled every second while it runs). Not by asking the overview again: a
  // poll that outlives the 15 s a finished read is shared would start the next read itself.
  let asked = -1;
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
    const n = Object.values(await appRequestCounts(since)).reduce((a, b) => a + b, 0);
    if (n === asked) break;
    asked = n;
    await new Promise((r) => setTimeout(r, 4_000));
  }
  const counts = await appRequestCounts(since);
  // Only this range's queries: an earlier test's page may have left reads of its own range (the last
  // 3 hours) queued behind the overview's limit, and they start in this test's time. This range's
  // queries span its 53 minutes, plus the minutes an Express execution can run on either side.
  // (A body the simulator cut short has no span: it is counted as this range's.)
  const queries = (await appRequests(since))
    .filter((q) => q.action === 'logs:StartQuery')
    .map((q) => {
      const start = /"startTime":(\d+)/.exec(q.body)?.[1];
      const end = /"endTime":(\d+)/.exec(q.body)?.[1];
      return start && end ? Math.round((Number(end) - Number(start)) / 60) : null;
    });
  const ours = queries.filter((minutes) => minutes === null || minutes < 90).length;
  expect(ours).toBeGreaterThan(0);
  // One executions view per state machine: three Logs Insights queries each where a log group is
  // configured (the per-execution aggregate, its endings, the per-minute counts).
  expect(ours, `${queries.length} StartQuery since the test began, spanning minutes: ${queries.join(', ')}`).toBeLessThanOrEqual(3 * SCENARIOS.length);
  expect(counts['states:ListStateMachines'] ?? 0).toBeLessThanOrEqual(1);
});

test('the ops view shows the Logs Insights queue: how many queries run against the budget and how many wait', async ({ page }) => {
  const ops = new OpsPage(page);
  await ops.goto('?from=now-20m');
  const queue = page.getByTestId('insights-queue');
  // The default budget (SFN_LENS_INSIGHTS_CONCURRENCY unset): 20.
  await expect(queue).toContainText(/\d+ of 20 Logs Insights queries running/);
  await expect(queue).toContainText(/\d+ waiting/);
  await ops.waitUntilAllRead();
  await page.screenshot({ path: test.info().outputPath('ops-queue.png') });
});
