import { expect, test } from '@playwright/test';

test('the overview lists every scenario state machine with its type and log level', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'State machines' })).toBeVisible();
  await expect(page.getByTestId('account')).toContainText('simulated account');
  const rows = page.getByTestId('state-machine-row');
  await expect(rows).toHaveCount(7);
  const errorLevel = rows.filter({ hasText: 'ingest-express-error-level' });
  await expect(errorLevel).toContainText('EXPRESS');
  await expect(errorLevel).toContainText('ERROR');
  await page.screenshot({ path: test.info().outputPath('overview.png'), fullPage: true });
});
