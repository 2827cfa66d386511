// The ops view and the overview of a team's sfn-lens (README "For a team", docs/sources.md): the simulated
// organisation (sim/org.ts, two accounts × two Regions, each account through its own assumed role)
// read by one app whose configuration file names the four sources. Filtered by account and by Region
// through the page's own form; the filters are in the URL, so a reload (a wall screen's link) keeps them.
//
// This file starts its own organisation and app (the web server of playwright.config.ts is the
// one-account simulator, which every other spec reads).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { HUB_ACCOUNT, MEMBER_ACCOUNT, MEMBER_EXTERNAL_ID, ORG_REGIONS, orgRoleArn } from '../../sim/org';
import { startSimServer, type SimServer } from '../../sim/server';
import { startApp, type StartedApp } from '../support/app-server';

let sim: SimServer;
let app: StartedApp;
let dir = '';
let members: Array<{ accountId: string; region: string; stateMachines: string[] }> = [];

const nameOf = (arn: string) => arn.split(':').pop() ?? arn;
const namesOf = (keep: (m: (typeof members)[number]) => boolean) => members.filter(keep).flatMap((m) => m.stateMachines.map(nameOf)).sort();

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  sim = await startSimServer({ organisation: true, seed: 11 });
  members = ((await (await fetch(`${sim.url}/__sim/org`)).json()) as { members: typeof members }).members;
  dir = mkdtempSync(path.join(os.tmpdir(), 'sfn-lens-e2e-org-'));
  const config = {
    sources: [
      { name: 'hub', accountId: HUB_ACCOUNT, regions: [...ORG_REGIONS], roleArn: orgRoleArn(HUB_ACCOUNT) },
      { name: 'shop', accountId: MEMBER_ACCOUNT, regions: [...ORG_REGIONS], roleArn: orgRoleArn(MEMBER_ACCOUNT), externalId: MEMBER_EXTERNAL_ID },
    ],
  };
  writeFileSync(path.join(dir, 'sfn-lens.config.json'), JSON.stringify(config));
  app = await startApp(sim.url, { SFN_LENS_CONFIG: path.join(dir, 'sfn-lens.config.json'), SFN_LENS_SOURCE: 'sim' });
});

test.afterAll(async () => {
  await app?.stop();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Chooses a filter in the page's form and applies it, as a user does. */
async function applyFilter(page: Page, filter: { account?: string; region?: string }) {
  const form = page.getByTestId('source-filter');
  if (filter.account !== undefined) await form.getByLabel('Account').selectOption(filter.account);
  if (filter.region !== undefined) await form.getByLabel('Region').selectOption(filter.region);
  await form.getByRole('button', { name: 'Apply' }).click();
}

async function tileNames(page: Page): Promise<string[]> {
  const tiles = page.getByTestId('ops-tile');
  return (await tiles.evaluateAll((ts) => ts.map((t) => t.getAttribute('data-name') ?? ''))).sort();
}

test('the ops view of four sources filters by account and by Region from its form, and the filters survive a reload', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`${app.url}/ops?from=now-15m`);
  await expect(page.getByRole('heading', { name: 'Ops view' })).toBeVisible();
  // The header names the sources, not the default Region, which is not theirs.
  await expect(page.getByTestId('sources-count')).toHaveText('4 sources: 2 accounts × 2 Regions');
  const tiles = page.getByTestId('ops-tile');
  await expect(tiles).toHaveCount(namesOf(() => true).length, { timeout: 60_000 });
  expect(await tileNames(page)).toEqual(namesOf(() => true));
  // Each tile says whose it is.
  const shopEu = members.find((m) => m.accountId === MEMBER_ACCOUNT && m.region === 'eu-west-1');
  const one = page.locator(`[data-testid="ops-tile"][data-name="${nameOf(shopEu?.stateMachines[0] ?? '')}"]`);
  await expect(one.getByTestId('ops-source')).toContainText(`${MEMBER_ACCOUNT} · eu-west-1`);

  await applyFilter(page, { account: MEMBER_ACCOUNT });
  await expect(page).toHaveURL(new RegExp(`[?&]account=${MEMBER_ACCOUNT}(&|$)`));
  await expect(page).toHaveURL(/[?&]from=now-15m(&|$)/);
  await expect(tiles).toHaveCount(namesOf((m) => m.accountId === MEMBER_ACCOUNT).length);
  expect(await tileNames(page)).toEqual(namesOf((m) => m.accountId === MEMBER_ACCOUNT));
  await expect(page.locator(`[data-testid="ops-tile"]:not([data-account="${MEMBER_ACCOUNT}"])`)).toHaveCount(0);

  await applyFilter(page, { region: 'eu-west-1' });
  await expect(page).toHaveURL(/[?&]region=eu-west-1(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]account=${MEMBER_ACCOUNT}(&|$)`));
  const expected = namesOf((m) => m.accountId === MEMBER_ACCOUNT && m.region === 'eu-west-1');
  await expect(tiles).toHaveCount(expected.length);
  expect(await tileNames(page)).toEqual(expected);
  await expect(page.locator('[data-testid="ops-tile"]:not([data-region="eu-west-1"])')).toHaveCount(0);
  await expect(page.locator('[data-testid="ops-tile"][data-state="pending"]')).toHaveCount(0, { timeout: 90_000 });
  await page.screenshot({ path: test.info().outputPath('ops-filtered.png'), fullPage: true });

  await page.reload();
  await expect(tiles).toHaveCount(expected.length);
  expect(await tileNames(page)).toEqual(expected);
  const form = page.getByTestId('source-filter');
  await expect(form.getByLabel('Account')).toHaveValue(MEMBER_ACCOUNT);
  await expect(form.getByLabel('Region')).toHaveValue('eu-west-1');

  // Back to every account, the Region kept: the hub's and the member's eu-west-1.
  await applyFilter(page, { account: '' });
  await expect(page).not.toHaveURL(/[?&]account=\d/);
  const eu = namesOf((m) => m.region === 'eu-west-1');
  await expect(tiles).toHaveCount(eu.length);
  expect(await tileNames(page)).toEqual(eu);
});

test('the overview of four sources filters by account and by Region from its form, and the filters survive a reload', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`${app.url}/?from=now-15m`);
  const rows = page.getByTestId('state-machine-row');
  await expect(rows).toHaveCount(namesOf(() => true).length, { timeout: 60_000 });

  await applyFilter(page, { region: 'us-east-1' });
  await expect(page).toHaveURL(/[?&]region=us-east-1(&|$)/);
  const us = namesOf((m) => m.region === 'us-east-1');
  await expect(rows).toHaveCount(us.length);
  await expect(page.getByTestId('region-cell').filter({ hasNotText: 'us-east-1' })).toHaveCount(0);

  await applyFilter(page, { account: HUB_ACCOUNT });
  await expect(page).toHaveURL(new RegExp(`[?&]account=${HUB_ACCOUNT}(&|$)`));
  const hubUs = namesOf((m) => m.accountId === HUB_ACCOUNT && m.region === 'us-east-1');
  await expect(rows).toHaveCount(hubUs.length);
  await expect(page.getByTestId('account-cell').filter({ hasNotText: HUB_ACCOUNT })).toHaveCount(0);
  expect((await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-name') ?? ''))).sort()).toEqual(hubUs);

  await page.reload();
  await expect(rows).toHaveCount(hubUs.length);
  await expect(page.getByTestId('source-filter').getByLabel('Account')).toHaveValue(HUB_ACCOUNT);
  await expect(page.getByTestId('source-filter').getByLabel('Region')).toHaveValue('us-east-1');
  await page.screenshot({ path: test.info().outputPath('overview-filtered.png'), fullPage: true });
});
