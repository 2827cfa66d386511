import { expect, test } from '@playwright/test';

test('pages hydrate under the Content-Security-Policy with no violation reported', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'State machines' })).toBeVisible();
  // The not-found page is rendered per request too, so its scripts carry a nonce.
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByTestId('account')).toContainText('simulated account');
  expect(violations).toEqual([]);
});
