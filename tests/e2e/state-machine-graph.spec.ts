import { expect, test, type Page } from '@playwright/test';
import { simNow } from '../support/sim-client';
import { SIM_URL, smArn, StateMachinePage } from './support/dashboard';

// The state machine page's workflow graph with per-state counts (docs/workflow-graph.md, "Per-state
// counts") on the simulated account: fulfil-standard-parallel runs ReceiveOrder → FulfilInParallel
// (branch 1: PickItems → PackParcel, branch 2: NotifyCustomer) → CloseOrder; some executions fail
// inside a branch, some lose events to best-effort delivery.

interface Count {
  entered: number;
  failed: number;
  dropped: number;
}

/** A settled hour: its executions ended more than the settle window (1 h) ago, so drops are final. */
async function settledWindow(): Promise<string> {
  const now = await simNow(SIM_URL);
  return `?from=${new Date(now - 170 * 60_000).toISOString()}&to=${new Date(now - 110 * 60_000).toISOString()}`;
}

async function apiCounts(page: Page, name: string, query: string): Promise<Record<string, Count>> {
  const r = await page.request.get(`/api/state-machines/${encodeURIComponent(smArn(name))}/graph${query}`);
  expect(r.ok()).toBe(true);
  const body = (await r.json()) as { counts: { byState: Record<string, Count> } | null };
  expect(body.counts).not.toBeNull();
  return body.counts!.byState;
}

const n = (x: number) => x.toLocaleString('en-US');

test('the state machine page draws the workflow with how many executions entered, failed in and were dropped after each state, and lists the same figures', async ({ page }) => {
  const query = await settledWindow();
  const sm = new StateMachinePage(page);
  await sm.goto('fulfil-standard-parallel', query);
  // The table comes first; the graph is asked for once it is there.
  await expect(sm.rows.first()).toBeVisible();
  // Its query (a scan AWS charges for) runs once the section comes near the screen.
  await expect(page.getByTestId('state-graph-section')).toContainText('loads when this part of the page is shown');
  await page.getByTestId('state-graph-section').scrollIntoViewIfNeeded();
  const figure = page.getByRole('figure', { name: 'Workflow graph with per-state counts' });
  await expect(figure).toBeVisible();

  // The same nested drawing as the execution page: the Parallel state's two branches side by side.
  const parallel = figure.getByTestId('parallel-frame');
  await expect(parallel.getByRole('group', { name: 'Branch 1 of FulfilInParallel' }).getByTestId('state-count-node')).toHaveCount(2);
  await expect(parallel.getByRole('group', { name: 'Branch 2 of FulfilInParallel' }).getByTestId('state-count-node')).toHaveCount(1);
  const branches = parallel.getByTestId('workflow-branch');
  const box = [await branches.nth(0).boundingBox(), await branches.nth(1).boundingBox()];
  expect(box[1]!.x, 'branch 2 is drawn beside branch 1').toBeGreaterThan(box[0]!.x + box[0]!.width - 1);

  // Each node shows the figures the API gives (the same shared read), and says them to a screen reader.
  const counts = await apiCounts(page, 'fulfil-standard-parallel', query);
  expect(counts.ReceiveOrder!.entered).toBeGreaterThan(0);
  expect(Object.values(counts).some((c) => c.failed > 0), 'some execution failed in the window').toBe(true);
  const list = page.getByTestId('state-counts-list');
  await page.getByText('Per-state counts as a list').click();
  for (const [state, c] of Object.entries(counts)) {
    const node = figure.locator(`[data-testid="state-count-node"][data-state="${state}"]`);
    await expect(node.locator('[data-count="entered"]')).toHaveText(`${n(c.entered)} entered`);
    await expect(node.locator('[data-count="failed"]')).toHaveText(`${n(c.failed)} failed`);
    await expect(node.locator('[data-count="dropped"]')).toHaveText(`${n(c.dropped)} dropped after`);
    await expect(node).toHaveAttribute('data-failed', String(c.failed > 0));
    await expect(node).toHaveAccessibleName(new RegExp(`^${state}, \\w+ state: ${n(c.entered)} entered, ${n(c.failed)} failed, ${n(c.dropped)} dropped after`));
    await expect(list.locator(`li[data-state="${state}"]`)).toContainText(`${n(c.entered)} entered, ${n(c.failed)} failed, ${n(c.dropped)} dropped after`);
  }
  await expect(page.getByTestId('state-counts-basis')).toContainText('that started in the window');
  await expect(page.getByTestId('state-graph-end')).toContainText(/\d+ succeeded · \d+ failed/);
  await page.getByTestId('state-graph-section').screenshot({ path: test.info().outputPath('state-machine-graph.png') });
});

test('a state machine logging at level ERROR gets its graph without counts, and the reason', async ({ page }) => {
  const sm = new StateMachinePage(page);
  await sm.goto('ingest-express-error-level', await settledWindow());
  await page.getByTestId('state-graph-section').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('state-counts-unavailable')).toContainText('The log level is ERROR: Step Functions logs no state entered or exited events below level ALL');
  const figure = page.getByRole('figure', { name: 'Workflow graph with per-state counts' });
  await expect(figure.getByTestId('state-count-node').first()).toBeVisible();
  await expect(figure.locator('[data-count]')).toHaveCount(0);
});
