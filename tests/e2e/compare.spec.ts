import { expect, test } from '@playwright/test';
import { ExecutionPage, SM } from './pages/execution-page';

interface Row {
  executionArn: string;
  service: { status: string | null };
  verdict: { cause: string };
}

const STATES = ['LoadInvoices', 'WaitForSettlement', 'PostLedger'];

test('from a failed execution, “Compare with a run that worked” names the first divergence and pins b in the address', async ({ page, request }) => {
  const r = await request.get(`/api/state-machines/${encodeURIComponent(SM('billing-standard'))}/executions`);
  expect(r.ok()).toBe(true);
  const rows = ((await r.json()) as { executions: Row[] }).executions;
  const failed = rows.find((x) => x.service.status === 'FAILED' && x.verdict.cause === 'consistent');
  expect(failed, 'billing-standard has a fully logged failed execution').toBeDefined();

  await new ExecutionPage(page).open(failed!.executionArn);
  await page.getByTestId('compare-link').click();

  const view = page.getByTestId('compare-view');
  await expect(view).toBeVisible();
  await expect(page.getByTestId('side-a')).toContainText('FAILED');
  await expect(page.getByTestId('side-b').getByTestId('side-status')).toHaveText('SUCCEEDED');
  const divergence = page.getByTestId('first-divergence');
  await expect(divergence).toContainText('First divergence:');
  const said = (await divergence.textContent()) ?? '';
  // The highlighted row is the state the sentence names.
  const highlighted = page.locator('[data-testid="compare-row"][data-diverges="true"] code');
  await expect(highlighted).toHaveCount(1);
  const state = (await highlighted.textContent()) ?? '';
  expect(STATES).toContain(state);
  expect(said).toContain(state);

  // The execution chosen as b is written into the address: the link shows the same pair.
  await expect(page).toHaveURL(/[?&]b=arn%3Aaws%3Astates/);
  const b = new URL(page.url()).searchParams.get('b');
  expect(b).not.toBe(failed!.executionArn);
  await expect(page.getByTestId('side-b').getByRole('link')).toHaveAttribute('href', new RegExp(`^/executions/${encodeURIComponent(b!)}`));
  await page.screenshot({ path: test.info().outputPath('compare.png'), fullPage: true });

  await page.reload();
  await expect(page.getByTestId('first-divergence')).toHaveText(said);
  expect(new URL(page.url()).searchParams.get('b')).toBe(b);
});

test('a comparison of executions of two state machines shows the API’s 400 message', async ({ page, request }) => {
  const a = 'arn:aws:states:us-east-1:123456789012:execution:billing-standard:run-1';
  const b = 'arn:aws:states:us-east-1:123456789012:execution:batch-standard-dmap:run-1';
  const query = `a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
  const api = await request.get(`/api/compare?${query}`);
  expect(api.status()).toBe(400);
  const { error } = (await api.json()) as { error: { message: string } };
  await page.goto(`/compare?${query}`);
  await expect(page.getByTestId('invalid-request')).toContainText(error.message);
});
