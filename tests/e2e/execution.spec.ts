import { expect, test, type Page } from '@playwright/test';
import { ExecutionPage, listExecutions, pollFor, type ExecutionRow } from './pages/execution-page';

test('a Standard execution with a best-effort drop shows both sides, the verdict and its evidence', async ({ page, request }) => {
  const rows = await listExecutions(request, 'billing-standard');
  const drop = rows.find((r) => r.verdict.cause === 'best-effort-drop' && r.verdict.detail === 'id-chain-gap') ?? rows.find((r) => r.verdict.cause === 'best-effort-drop');
  expect(drop, 'billing-standard has a best-effort-drop execution').toBeDefined();

  const view = await new ExecutionPage(page).open(drop!.executionArn);
  await expect(view.service).toContainText('Step Functions says');
  await expect(view.service.getByTestId('service-status')).toHaveText(/SUCCEEDED|FAILED/);
  await expect(view.service).toContainText('DescribeExecution');
  await expect(view.logs).toContainText('CloudWatch Logs says');
  await expect(view.logs.getByTestId('log-event').first()).toBeVisible();
  if (drop!.verdict.detail === 'id-chain-gap') await expect(view.logs.getByTestId('missing-event').first()).toContainText(/ids? \d+.* missing/);

  await expect(view.cause).toHaveAttribute('data-cause', 'best-effort-drop');
  await expect(view.diagnosis.getByTestId('verdict-summary')).toContainText(/never arrived|best-effort/);
  await expect(view.evidenceRow('Step Functions status')).toContainText('Step Functions');
  await expect(view.diagnosis).toContainText('best-effort basis');
  await expect(page.getByTestId('breadcrumb-state-machine')).toHaveAttribute('href', `/state-machines/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:stateMachine:billing-standard')}`);
  await page.screenshot({ path: test.info().outputPath('execution-standard-best-effort-drop.png'), fullPage: true });
});

test('an async Express execution says AWS keeps no service-side record and shows the minute’s metrics', async ({ page, request }) => {
  const rows = await listExecutions(request, 'orders-express');
  const done = rows.find((r) => r.verdict.cause === 'consistent');
  expect(done).toBeDefined();

  const view = await new ExecutionPage(page).open(done!.executionArn);
  await expect(view.service.getByTestId('service-statement')).toContainText('AWS keeps no service-side record of async Express executions');
  const metrics = view.service.getByTestId('minute-metrics');
  await expect(metrics).toContainText('AWS/States');
  for (const label of ['Started', 'Succeeded', 'Failed', 'Timed out', 'Aborted']) await expect(metrics).toContainText(label);
  await expect(view.logs.getByTestId('log-status')).toHaveText(/SUCCEEDED|FAILED/);
  await expect(view.cause).toHaveAttribute('data-cause', 'consistent');
  await page.screenshot({ path: test.info().outputPath('execution-async-express.png'), fullPage: true });
});

test('a logging-config verdict offers remediation to copy, and Copy says Copied', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const rows = await listExecutions(request, 'ingest-express-error-level');
  const hidden = rows.find((r) => r.verdict.cause === 'logging-config');
  expect(hidden).toBeDefined();

  const view = await new ExecutionPage(page).open(hidden!.executionArn);
  await expect(view.cause).toHaveAttribute('data-cause', 'logging-config');
  const cli = view.diagnosis.getByTestId('remediation').filter({ hasText: 'aws stepfunctions update-state-machine' });
  await expect(cli.locator('pre')).toContainText('"level":"ALL"');
  await cli.getByRole('button', { name: 'Copy' }).click();
  await expect(cli.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('aws stepfunctions update-state-machine');
  await page.screenshot({ path: test.info().outputPath('execution-logging-config.png'), fullPage: true });
});

test('a malformed ARN shows the API’s 400 message', async ({ page, request }) => {
  const api = await request.get('/api/executions/arn%3Aaws%3Astates%3Aus-east-1%3A123%3Aexecution%3Ax');
  expect(api.status()).toBe(400);
  const { error } = (await api.json()) as { error: { message: string } };

  await page.goto('/executions/arn%3Aaws%3Astates%3Aus-east-1%3A123%3Aexecution%3Ax');
  await expect(page.getByTestId('invalid-request')).toContainText(error.message);
});

// ---- the live re-check ----

const PAGE_MARKER = 'no-reload-marker';

/** Newest orders-express executions whose log-lag verdict is re-checked soon, soonest first. */
async function logLagSoon(request: Parameters<typeof listExecutions>[0]): Promise<ExecutionRow[] | undefined> {
  const now = Date.now();
  const rows = await listExecutions(request, 'orders-express', { from: new Date(now - 5 * 60_000).toISOString() });
  const soon = rows
    .filter((r) => r.verdict.cause === 'log-lag' && r.verdict.recheckAt !== null)
    .map((r) => ({ r, inMs: Date.parse(r.verdict.recheckAt!) - now }))
    .filter(({ inMs }) => inMs > 12_000 && inMs < 75_000)
    .sort((a, b) => a.inMs - b.inMs)
    .map(({ r }) => r);
  return soon.length > 0 ? soon.slice(0, 4) : undefined;
}

async function openMarked(page: Page, arn: string): Promise<{ view: ExecutionPage; navigations: () => number }> {
  let navigations = 0;
  const view = await new ExecutionPage(page).open(arn);
  await page.evaluate((m) => ((window as unknown as Record<string, string>).__marker = m), PAGE_MARKER);
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations++;
  });
  return { view, navigations: () => navigations };
}

test('a log-lag verdict re-checks itself when its countdown ends and changes on screen without a reload', async ({ context, request }) => {
  test.setTimeout(300_000);
  // A late event may be later than the neighbours' p95 too: several candidates are watched at once,
  // and the first whose verdict changes is the one asserted on.
  const watched: Array<{ view: ExecutionPage; navigations: () => number }> = [];
  await pollFor(
    'an orders-express log-lag execution with a re-check within a minute',
    async () => {
      for (const row of (await logLagSoon(request)) ?? []) {
        const page = await context.newPage();
        const opened = await openMarked(page, row.executionArn);
        if ((await opened.view.cause.getAttribute('data-cause')) === 'log-lag' && (await page.getByTestId('recheck-countdown').count()) > 0) watched.push(opened);
        else await page.close();
      }
      return watched.length > 0 ? true : undefined;
    },
    { timeoutMs: 150_000, intervalMs: 4_000 },
  );
  const first = watched[0]!;
  await expect(first.view.page.getByTestId('recheck')).toContainText('Re-checking in');
  await first.view.page.screenshot({ path: test.info().outputPath('execution-log-lag-before.png'), fullPage: true });

  const changed = await Promise.any(
    watched.map(async (w) => {
      await w.view.diagnosis.locator('[data-testid="verdict-cause"]:not([data-cause="log-lag"])').waitFor({ timeout: 120_000 });
      return w;
    }),
  );
  const { page } = changed.view;
  await expect(page.getByTestId('verdict-changed')).toContainText('the verdict changed from');
  expect(await page.evaluate(() => (window as unknown as Record<string, string>).__marker)).toBe(PAGE_MARKER);
  expect(changed.navigations()).toBe(0);
  await page.screenshot({ path: test.info().outputPath('execution-log-lag-after.png'), fullPage: true });
});
