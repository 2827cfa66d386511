import { expect, test } from '@playwright/test';
import { ExecutionPage, listExecutions } from './pages/execution-page';

test('a shared diagnosis opens in a fresh browser with the verdict that was seen, and the verdict now', async ({ page, context, browser, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const rows = await listExecutions(request, 'billing-standard');
  const drop = rows.find((r) => r.verdict.cause === 'best-effort-drop');
  expect(drop).toBeDefined();

  const view = await new ExecutionPage(page).open(drop!.executionArn);
  await expect(view.cause).toHaveAttribute('data-cause', 'best-effort-drop');
  const link = await view.share();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('share-dialog.png') });

  // The stored snapshot holds no execution input or output unless the sharer opted in.
  const id = link.split('/d/')[1]!;
  const stored = await request.get(`/api/snapshots/${id}`);
  expect(stored.status()).toBe(200);
  const snapshot = (await stored.json()) as { payloadsIncluded: boolean; execution: { service: { record: { input: unknown } }; verdict: { cause: string } } };
  expect(snapshot.payloadsIncluded).toBe(false);
  expect(snapshot.execution.service.record.input).toBeNull();
  expect(snapshot.execution.verdict.cause).toBe('best-effort-drop');

  const fresh = await browser.newContext();
  const recipient = await fresh.newPage();
  await recipient.goto(link);
  await expect(recipient.getByTestId('snapshot-banner')).toContainText('taken');
  await expect(recipient.getByTestId('snapshot-banner')).toContainText('execution input/output left out');
  const frozen = recipient.getByTestId('diagnosis');
  await expect(frozen.getByTestId('verdict-cause')).toHaveAttribute('data-cause', 'best-effort-drop');
  await expect(frozen.getByTestId('evidence-row').first()).toBeVisible();
  const now = recipient.getByTestId('verdict-now');
  await expect(now.getByTestId('verdict-cause')).toHaveAttribute('data-cause', 'best-effort-drop');
  await expect(now.getByTestId('unchanged-since-snapshot')).toBeVisible();
  await recipient.screenshot({ path: test.info().outputPath('share-snapshot.png'), fullPage: true });
  await fresh.close();
});

test('an unknown or malformed diagnosis link shows the not-found page', async ({ page, request }) => {
  for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', 'not-a-snapshot']) {
    // The page answers 404 as the API does: nothing streams before the snapshot is looked up.
    const res = await page.goto(`/d/${id}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toContainText('This diagnosis link does not exist');
    const api = await request.get(`/api/snapshots/${id}`);
    expect(api.status()).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('snapshot-not-found');
  }
  await page.screenshot({ path: test.info().outputPath('share-not-found.png') });
});
