import { expect, test } from '@playwright/test';
import { ExecutionPage } from './pages/execution-page';
import { simNow } from '../support/sim-client';
import { SIM_URL } from './support/dashboard';

// The workflow graph of docs/workflow-graph.md on the simulated account: fulfil-standard-parallel has
// a Parallel state (branch 1: PickItems → PackParcel, branch 2: NotifyCustomer); some of its
// executions fail inside a branch, some lost an event inside a branch (best-effort delivery).

interface Truth {
  executionArn: string;
  finalStatus: string;
  dropMode: 'none' | 'all' | 'terminal' | 'middle';
  cause?: string;
  lost?: Array<{ id: number; type: string }>;
  parentArn?: string;
}

/** Ground truth of executions that started 3 h to 10 min ago: settled, every event that will arrive has. */
async function truth(stateMachine: string): Promise<Truth[]> {
  // The simulated account's clock, not this machine's: the window is of its executions.
  const now = await simNow(SIM_URL);
  const r = await fetch(`${SIM_URL}/__sim/executions?stateMachine=${stateMachine}&from=${now - 180 * 60_000}&to=${now - 10 * 60_000}&limit=100000`);
  expect(r.ok).toBe(true);
  return ((await r.json()) as { executions: Truth[] }).executions;
}

const BRANCH_OF: Record<string, number> = { PickItems: 0, PackParcel: 0, NotifyCustomer: 1 };

test('a run that failed inside a Parallel branch is drawn with the branches nested and the failing state marked', async ({ page }) => {
  const failed = (await truth('fulfil-standard-parallel')).find((e) => e.finalStatus === 'FAILED' && e.dropMode === 'none' && /^(PickItems|PackParcel|NotifyCustomer) failed/.test(e.cause ?? ''));
  expect(failed, 'an execution that failed inside a branch').toBeDefined();
  const failing = (failed!.cause ?? '').split(' ')[0]!;

  await new ExecutionPage(page).open(failed!.executionArn);
  const figure = page.getByRole('figure', { name: 'Workflow graph' });
  await expect(figure).toBeVisible();

  // The Parallel state is a frame holding its two branches side by side, each with its own states.
  const parallel = figure.getByTestId('parallel-frame');
  await expect(parallel.getByRole('group', { name: 'Branch 1 of FulfilInParallel' }).getByTestId('workflow-node')).toHaveCount(2);
  await expect(parallel.getByRole('group', { name: 'Branch 2 of FulfilInParallel' }).getByTestId('workflow-node')).toHaveCount(1);
  const branches = parallel.getByTestId('workflow-branch');
  await expect(branches).toHaveCount(2);
  const branchBox = [await branches.nth(0).boundingBox(), await branches.nth(1).boundingBox()];
  expect(branchBox[1]!.x, 'branch 2 is drawn beside branch 1').toBeGreaterThan(branchBox[0]!.x + branchBox[0]!.width - 1);

  const failingNode = branches.nth(BRANCH_OF[failing]!).getByRole('button', { name: new RegExp(`^${failing}, Task state: failed, States\\.TaskFailed: ${failing} failed`) });
  await expect(failingNode).toHaveAttribute('data-outcome', 'failed');
  await expect(figure.getByRole('button', { name: /^FulfilInParallel, Parallel state: failed/ })).toBeVisible();
  await expect(figure.getByRole('button', { name: /^ReceiveOrder, Task state: succeeded/ })).toBeVisible();
  await expect(figure.getByRole('button', { name: /^CloseOrder, Pass state: never reached/ })).toBeVisible();
  await expect(figure.getByTestId('workflow-end')).toHaveAttribute('data-terminal', 'ExecutionFailed');

  // Every node is reachable with the keyboard, in drawing order, and Enter opens its events.
  const first = figure.getByRole('button', { name: /^ReceiveOrder,/ });
  await first.focus();
  await expect(first).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(figure.getByRole('button', { name: /^FulfilInParallel,/ })).toBeFocused();
  await failingNode.focus();
  await page.keyboard.press('Enter');
  await expect(failingNode).toHaveAttribute('aria-pressed', 'true');
  const details = page.getByTestId('workflow-state-details');
  await expect(details).toContainText(`${failing} (Task)`);
  await expect(details).toContainText('TaskFailed');
  await expect(details).toContainText(failed!.cause!);
  await expect(details).toContainText('TaskStateEntered');

  // The same marks as a list, for screen readers.
  await page.getByText('Workflow states as a list').click();
  const list = page.getByRole('list', { name: 'Workflow states' });
  await expect(list.getByRole('listitem').filter({ hasText: new RegExp(`^${failing} \\(Task in FulfilInParallel\\): failed`) })).toHaveCount(1);
  await expect(list.getByRole('listitem').filter({ hasText: /^CloseOrder \(Pass\): never reached/ })).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('workflow-graph-parallel-failed.png'), fullPage: true });
  // The view as docs/workflow-graph.png shows it: the Workflow section at 1280 px.
  await page.setViewportSize({ width: 1280, height: 900 });
  const section = (await page.getByTestId('workflow').boundingBox())!;
  // boundingBox is relative to the viewport; a full-page clip is in page coordinates.
  const scrollY = await page.evaluate(() => window.scrollY);
  await page.screenshot({ path: test.info().outputPath('workflow-section.png'), fullPage: true, clip: { x: 0, y: section.y + scrollY - 12, width: 1280, height: section.height + 24 } });
});

test('a run whose logged record stops inside a Parallel branch says where it stops and what should have come next', async ({ page }) => {
  // A Task event inside a branch lost (ids 9 on are the branches': 1 ExecutionStarted, 2–6 ReceiveOrder, 7–8 the Parallel's start).
  const stopped = (await truth('fulfil-standard-parallel')).find((e) => e.dropMode === 'middle' && (e.lost ?? []).some((l) => l.id > 9 && l.type.startsWith('Task')));
  expect(stopped, 'an execution that lost an event inside a branch').toBeDefined();
  // The lost Task event inside a branch the execution was chosen for (not just its first lost event).
  const lost = stopped!.lost!.find((l) => l.id > 9 && l.type.startsWith('Task'))!;

  await new ExecutionPage(page).open(stopped!.executionArn);
  const figure = page.getByRole('figure', { name: 'Workflow graph' });
  const stop = figure.getByTestId('parallel-frame').getByTestId('record-stop');
  await expect(stop).toHaveCount(1);
  await expect(stop).toContainText(`id ${lost.id} never arrived after event ${lost.id - 1}`);
  await expect(stop).toContainText('The logged record breaks here');
  await expect(stop).toContainText('Next expected:');
  await expect(page.getByTestId('workflow-basis')).toContainText('The record is not whole');
  await page.screenshot({ path: test.info().outputPath('workflow-graph-record-stops.png'), fullPage: true });
});

test('a state machine whose definition cannot be read (KMS, no kms:Decrypt) shows the events without a graph and says why', async ({ page }) => {
  const run = (await truth('ledger-standard-kms')).find((e) => !e.parentArn);
  expect(run).toBeDefined();
  const view = await new ExecutionPage(page).open(run!.executionArn);
  await expect(page.getByTestId('workflow-unavailable')).toContainText('could not be read (KmsAccessDeniedException');
  await expect(page.getByTestId('workflow-unavailable')).toContainText('kms:Decrypt');
  await expect(page.getByRole('figure', { name: 'Workflow graph' })).toHaveCount(0);
  await expect(view.logs.getByTestId('log-event').first()).toBeVisible();
});
