// What a viewer sees of a cold state machine view (docs/cold-views.md): the health and the metrics chart
// while the Logs Insights queries run, a progress bar from the queries' own statistics that advances as
// they scan, the time elapsed and the cost so far, and a Stop that stops them. The simulated account's
// queries stay Running (fault `queryRunningMs`) and their statistics grow with its clock, which the test
// moves (PUT /__sim/clock): the bar advances because the test says so, not because the machine is slow.
//
// The file starts its own simulated account and app: moving the clock of the account every other spec
// reads would put it ahead of their wall clock (the log-lag re-check of execution.spec.ts then finds no
// execution still lagging).
import { expect, test } from '@playwright/test';
import { startSimServer, type SimServer } from '../../sim/server';
import { startApp, type StartedApp } from '../support/app-server';
import { smArn } from './support/dashboard';

const MIN = 60_000;
/** How long a query stays Running on the simulated account's clock (well past the test's own moves). */
const RUNNING_MS = 4 * MIN;
const SM = 'orders-express';

let sim: SimServer;
let app: StartedApp;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  sim = await startSimServer({ seed: 42, profile: 'demo' });
  app = await startApp(sim.url);
});

test.afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

async function advanceSimClock(ms: number): Promise<void> {
  const r = await fetch(`${sim.url}/__sim/clock`, { method: 'PUT', body: JSON.stringify({ advanceMs: ms }) });
  if (!r.ok) throw new Error(`clock: ${r.status} ${await r.text()}`);
}

async function setSimFaults(faults: Record<string, unknown> | null): Promise<void> {
  const r = await fetch(`${sim.url}/__sim/faults`, { method: faults ? 'PUT' : 'DELETE', body: faults ? JSON.stringify(faults) : undefined });
  if (!r.ok) throw new Error(`faults: ${r.status}`);
}

/** Half an hour ending `endsAgo` minutes ago, on whole minutes: two such windows have the same length. */
function window(endsAgo: number): string {
  const to = Math.floor(Date.now() / MIN) * MIN - endsAgo * MIN;
  return `from=${encodeURIComponent(new Date(to - 30 * MIN).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
}

test.afterEach(async () => {
  await setSimFaults(null);
});

test('a cold view shows the chart before the table, a progress bar that advances as the queries scan, their cost so far, and Stop ends them', async ({ page, request }) => {
  // A first, complete read of a window of the same length: the bar then measures against what that scan
  // read ("the last scan of the same window").
  const warm = await request.get(`${app.url}/api/state-machines/${encodeURIComponent(smArn(SM))}/executions?${window(45)}`, { timeout: 45_000 });
  expect(warm.status()).toBe(200);

  await setSimFaults({ queryRunningMs: RUNNING_MS });
  await page.goto(`${app.url}/state-machines/${encodeURIComponent(smArn(SM))}?${window(44)}`, { waitUntil: 'commit' });

  // The health and the metrics chart are there while the Logs Insights queries run; the table is not.
  const firstLook = page.getByTestId('first-look');
  await expect(firstLook).toBeVisible();
  await expect(firstLook.getByRole('heading', { level: 1, name: SM })).toBeVisible();
  await expect(firstLook.getByRole('heading', { name: /Logging health/ })).toBeVisible();
  await expect(page.getByTestId('reconciliation-chart').locator('svg.recharts-surface').first()).toBeVisible();
  await expect(page.getByTestId('first-look-window')).toContainText('UTC');
  await expect(page.getByTestId('first-look-reading')).toContainText('per-execution aggregates');
  const bar = page.getByRole('progressbar', { name: 'Logs Insights scan' });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('executions-table')).toHaveCount(0);
  await expect(page.getByTestId('read-progress')).toContainText('against what the last scan of this window read');

  // The bar stands where the queries' statistics say; half their running time later, further.
  await expect(bar).toHaveAttribute('aria-valuenow', /^\d+$/);
  const before = Number(await bar.getAttribute('aria-valuenow'));
  expect(before).toBeLessThan(99);
  await expect(page.getByTestId('read-progress')).toContainText(/\d.* elapsed/);
  await expect(page.getByTestId('read-progress')).toContainText(/\$[\d.]+ so far/);
  await advanceSimClock(RUNNING_MS / 2);
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(before);
  // Still the first look: nothing of the table, no verdict, while the queries run.
  await expect(page.getByTestId('executions-table')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('cold-view.png'), fullPage: true });

  await page.getByTestId('read-progress').getByRole('button', { name: 'Stop' }).click();
  // The view finishes with what it had, and names the stopped queries as a partial read.
  const partial = page.getByTestId('banner-partial');
  await expect(partial).toContainText('A viewer stopped the Logs Insights queries of this view', { timeout: 30_000 });
  await expect(partial).toContainText('per-execution aggregates');
  await expect(firstLook).toHaveCount(0);
});

test('the overview and /ops say of each state machine still being read whether it is queued or reading (with its percent), then show its counts', async ({ page }) => {
  // A range nobody has read, whose queries stay Running until the fault is lifted.
  const range = `?${window(50)}`;
  await setSimFaults({ queryRunningMs: RUNNING_MS });
  await page.goto(`${app.url}/ops${range}`);
  const tiles = page.getByTestId('ops-read-state');
  await expect(tiles.first()).toBeVisible();
  await expect(tiles.first()).toContainText(/^(Queued|Reading)/);
  await page.screenshot({ path: test.info().outputPath('ops-reading.png') });

  await page.goto(`${app.url}/${range}`);
  const cells = page.getByTestId('read-state-cell');
  await expect(cells.first()).toBeVisible();
  await expect(cells.first()).toHaveAttribute('data-read-state', /^(queued|reading)$/);
  await expect(page.locator('[data-testid="read-state-cell"][data-read-state="reading"]').first()).toContainText(/Reading( \d+ %)?/);
  await expect(page.getByText('pending', { exact: true })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('overview-reading.png') });

  // The queries finish: every row gets its health and counts, on this page, without a reload.
  await setSimFaults(null);
  await expect(page.getByTestId('read-state-cell')).toHaveCount(0, { timeout: 45_000 });
  await expect(page.getByTestId('health-cell').first()).toBeVisible();
});
