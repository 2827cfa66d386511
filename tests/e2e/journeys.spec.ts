import { expect, test } from '@playwright/test';
import { ExecutionPage } from './pages/execution-page';
import { OverviewPage, SIM_URL, StateMachinePage } from './support/dashboard';

// What an on-call engineer does: from the overview, into the state machine, filter by the cause, open
// one execution and read both sides, the verdict, its evidence and (where there is one) the fix.
const JOURNEYS = [
  { cause: 'consistent', stateMachine: 'orders-express', evidence: /Terminal event/, remediation: null },
  { cause: 'log-lag', stateMachine: 'orders-express', evidence: /Terminal event/, remediation: null },
  { cause: 'best-effort-drop', stateMachine: 'billing-standard', evidence: /Step Functions status/, remediation: null },
  { cause: 'logging-config', stateMachine: 'ingest-express-error-level', evidence: /Log level/i, remediation: 'aws stepfunctions update-state-machine' },
] as const;

for (const j of JOURNEYS) {
  test(`${j.cause}: overview → ${j.stateMachine} → an execution shows both sides, the verdict, its evidence${j.remediation ? ' and the fix' : ''}`, async ({ page }) => {
    const overview = new OverviewPage(page);
    await overview.goto();
    await overview.row(j.stateMachine).getByRole('link', { name: j.stateMachine }).click();
    await expect(page.getByRole('heading', { level: 1, name: j.stateMachine })).toBeVisible();

    const sm = new StateMachinePage(page);
    const chip = sm.causeFilter(j.cause);
    await expect(chip, `${j.stateMachine} has ${j.cause} executions in the last 3 hours`).toBeEnabled({ timeout: 60_000 });
    await chip.click();
    await expect(page).toHaveURL(new RegExp(`[?&]cause=${j.cause}`));
    const row = page.locator(`[data-testid="execution-row"][data-cause="${j.cause}"]`).first();
    await row.getByRole('link').click();
    await expect(page).toHaveURL(/\/executions\//);

    const view = new ExecutionPage(page);
    await expect(view.service).toContainText('Step Functions says');
    await expect(view.logs).toContainText('CloudWatch Logs says');
    // log-lag may settle between the table and this page; every other cause is fixed by then.
    if (j.cause === 'log-lag') await expect(view.cause).toHaveAttribute('data-cause', /log-lag|consistent/);
    else await expect(view.cause).toHaveAttribute('data-cause', j.cause);
    await expect(view.diagnosis.getByTestId('verdict-summary')).not.toBeEmpty();
    await expect(view.evidenceRow(j.evidence).first()).toBeVisible();
    if (j.remediation) await expect(view.diagnosis.getByTestId('remediation').filter({ hasText: j.remediation }).first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`journey-${j.cause}.png`), fullPage: true });
  });
}

test('missing-permissions: overview → notify-express-undeliverable explains the empty table, and an execution opened by its ARN names the permissions to grant', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await overview.row('notify-express-undeliverable').getByRole('link', { name: 'notify-express-undeliverable' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'notify-express-undeliverable' })).toBeVisible();
  // Nothing reaches the logs and AWS lists no async Express execution: the table is empty, and says why.
  await expect(page.getByTestId('executions-empty')).toContainText('No executions in this window');
  await expect(page.locator('[data-finding="resource-policy-missing"]')).toBeVisible();

  // The ARN an engineer has from the application (StartExecution's answer), an hour ago.
  const now = Date.now();
  const r = await fetch(`${SIM_URL}/__sim/executions?stateMachine=notify-express-undeliverable&from=${now - 2 * 3600_000}&to=${now - 3600_000}&limit=1`);
  const [one] = ((await r.json()) as { executions: Array<{ executionArn: string; startMs: number; endMs: number }> }).executions;
  expect(one).toBeDefined();
  const window = `?from=${new Date(one!.startMs - 60_000).toISOString()}&to=${new Date(one!.endMs + 60_000).toISOString()}`;
  await page.goto(`${ExecutionPage.path(one!.executionArn)}${window}`);
  const view = new ExecutionPage(page);
  await expect(view.service.getByTestId('service-statement')).toContainText('AWS keeps no service-side record');
  await expect(view.logs).toContainText('CloudWatch Logs says');
  await expect(view.cause).toHaveAttribute('data-cause', 'missing-permissions');
  await expect(view.diagnosis.getByTestId('remediation').filter({ hasText: 'logs:PutLogEvents' }).first()).toBeVisible();
  await expect(view.diagnosis.getByTestId('remediation').filter({ hasText: 'delivery.logs.amazonaws.com' }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('journey-missing-permissions.png'), fullPage: true });
});
