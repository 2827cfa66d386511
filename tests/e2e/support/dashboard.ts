// Page objects of the dashboard views the overview/state machine/ops specs drive.
import { expect, type Locator, type Page } from '@playwright/test';

export const ACCOUNT = '123456789012';
export const smArn = (name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}`;
export const SCENARIOS = [
  'audit-express-logging-off',
  'batch-standard-dmap',
  'billing-standard',
  'fulfil-standard-parallel',
  'ingest-express-error-level',
  'ledger-standard-kms',
  'notify-express-undeliverable',
  'orders-express',
  'payments-express-tf76',
] as const;

// The simulated account's control API (faults, request log, ground truth). playwright.config.ts pins
// its port; without it the tests that need it must fail loudly, not be skipped.
if (!process.env.SIM_PORT) throw new Error('SIM_PORT is not set: playwright.config.ts pins it for the simulated account’s control API');
export const SIM_URL = `http://127.0.0.1:${process.env.SIM_PORT}`;

export interface Truth {
  executionArn: string;
  startMs: number;
  dropMode: 'none' | 'all' | 'terminal' | 'middle';
  loggedEvents: number;
  largeInput?: boolean;
  hostileInput?: boolean;
}

/**
 * The simulator's ground truth: the executions of a state machine that started `sinceMinutes` (default
 * the 3 hours of the default window) to `settledMinutes` ago. A shorter span is cheaper: the simulator
 * derives every execution's events to answer.
 */
export async function truthOf(stateMachine: string, settledMinutes: number, sinceMinutes = 180): Promise<Truth[]> {
  const now = Date.now();
  const r = await fetch(`${SIM_URL}/__sim/executions?stateMachine=${encodeURIComponent(stateMachine)}&from=${now - sinceMinutes * 60_000}&to=${now - settledMinutes * 60_000}&limit=100000`);
  if (!r.ok) throw new Error(`ground truth: ${r.status}`);
  return ((await r.json()) as { executions: Truth[] }).executions;
}

export async function setSimFaults(faults: Record<string, unknown> | null): Promise<void> {
  const r = await fetch(`${SIM_URL}/__sim/faults`, { method: faults ? 'PUT' : 'DELETE', body: faults ? JSON.stringify(faults) : undefined });
  if (!r.ok) throw new Error(`faults: ${r.status}`);
}

/** The app's AWS requests since `since` (epoch ms), as the simulated account recorded them (bodies may be cut, ending in …). */
export async function appRequests(since: number): Promise<Array<{ action: string; body: string }>> {
  const r = await fetch(`${SIM_URL}/__sim/requests?since=${since}&accessKeyId=AKIASIMULATED000000`);
  return ((await r.json()) as { requests: Array<{ action: string; body: string }> }).requests;
}

/** Calls sfn-lens itself made to the simulated account since `since` (ms), by action. */
export async function appRequestCounts(since: number): Promise<Record<string, number>> {
  const requests = await appRequests(since);
  const counts: Record<string, number> = {};
  for (const { action } of requests) counts[action] = (counts[action] ?? 0) + 1;
  return counts;
}

export class OverviewPage {
  readonly rows: Locator;
  constructor(readonly page: Page) {
    this.rows = page.getByTestId('state-machine-row');
  }
  async goto(query = '') {
    await this.page.goto(`/${query}`);
    await expect(this.page.getByRole('heading', { name: 'State machines' })).toBeVisible();
    // A row still being read says so (queued / reading n %, docs/cold-views.md) and gets its counts when the read ends.
    // The first overview of a fresh account reads every state machine cold, three at a time.
    await expect(this.page.getByTestId('read-state-cell')).toHaveCount(0, { timeout: 100_000 });
  }
  row(name: string): Locator {
    return this.page.locator(`[data-testid="state-machine-row"][data-name="${name}"]`);
  }
  health(name: string): Locator {
    return this.row(name).getByTestId('health-cell');
  }
}

export class StateMachinePage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly chart: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByRole('grid', { name: /Executions/ });
    this.rows = page.getByTestId('execution-row');
    this.chart = page.getByTestId('reconciliation-chart');
  }
  async goto(name: string, query = '') {
    await this.page.goto(`/state-machines/${encodeURIComponent(smArn(name))}${query}`);
    // The header comes with the data: a cold read of orders-express (9,000 rows, the simulator scanning
    // its log group on one thread while the other specs' reads queue behind it) took over 15 s once.
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: 45_000 });
    // A cold view first shows its health and metrics while the Logs Insights queries run (docs/cold-views.md): wait for the whole view.
    await expect(this.page.getByTestId('first-look')).toHaveCount(0, { timeout: 45_000 });
  }
  causeFilter(cause: string): Locator {
    return this.page.getByRole('group', { name: 'Filter by cause' }).locator(`button[data-cause="${cause}"]`);
  }
  search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search by name or ARN' });
  }
  /** A cause that has rows in this window, preferring the disagreements. */
  async causeWithRows(candidates: readonly string[]): Promise<string> {
    for (const c of candidates) {
      const chip = this.causeFilter(c);
      if (await chip.isEnabled()) return c;
    }
    throw new Error(`none of ${candidates.join(', ')} has rows`);
  }
}

export class OpsPage {
  readonly tiles: Locator;
  constructor(readonly page: Page) {
    this.tiles = page.getByTestId('ops-tile');
  }
  async goto(query = '') {
    await this.page.goto(`/ops${query}`);
    await expect(this.page.getByRole('heading', { name: 'Ops view' })).toBeVisible();
  }
  async waitUntilAllRead() {
    await expect(this.tiles).toHaveCount(SCENARIOS.length);
    await expect(this.page.locator('[data-testid="ops-tile"][data-state="pending"]')).toHaveCount(0, { timeout: 60_000 });
  }
}
