// Page object of the execution page and the shared-diagnosis page, plus finders that pick executions
// in a given state through the JSON API (the simulated account is generated live, so tests look up
// what they need instead of hard-coding ARNs).
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export const SM = (name: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;

export interface ExecutionRow {
  executionArn: string;
  name: string;
  startDate: string | null;
  stopDate: string | null;
  verdict: { cause: string; detail: string; recheckAt: string | null };
}

export async function listExecutions(request: APIRequestContext, stateMachine: string, window: { from?: string } = {}): Promise<ExecutionRow[]> {
  const qs = window.from ? `?from=${encodeURIComponent(window.from)}` : '';
  const r = await request.get(`/api/state-machines/${encodeURIComponent(SM(stateMachine))}/executions${qs}`);
  expect(r.ok(), await r.text()).toBe(true);
  return ((await r.json()) as { executions: ExecutionRow[] }).executions;
}

export async function executionJson(request: APIRequestContext, arn: string): Promise<string> {
  const r = await request.get(`/api/executions/${encodeURIComponent(arn)}`);
  expect(r.ok()).toBe(true);
  return r.text();
}

/** Calls `find` until it returns something, or fails with `what` after `timeoutMs`. */
export async function pollFor<T>(what: string, find: () => Promise<T | undefined>, { timeoutMs = 60_000, intervalMs = 3_000 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export class ExecutionPage {
  readonly service: Locator;
  readonly logs: Locator;
  readonly diagnosis: Locator;
  readonly cause: Locator;

  constructor(readonly page: Page) {
    this.service = page.getByTestId('service-panel');
    this.logs = page.getByTestId('logs-panel');
    this.diagnosis = page.getByTestId('diagnosis');
    this.cause = this.diagnosis.getByTestId('verdict-cause');
  }

  static path(arn: string): string {
    return `/executions/${encodeURIComponent(arn)}`;
  }

  async open(arn: string): Promise<this> {
    await this.page.goto(ExecutionPage.path(arn));
    await expect(this.page.getByTestId('execution-view')).toBeVisible();
    return this;
  }

  evidenceRow(label: string | RegExp): Locator {
    return this.diagnosis.getByTestId('evidence-row').filter({ hasText: label });
  }

  /** Opens a log event's details (by event type), where its input and output are shown. */
  async expandEvent(type: string): Promise<Locator> {
    const event = this.logs.locator(`[data-testid="log-event"][data-event-type="${type}"]`).first();
    await event.locator('summary').click();
    return event;
  }

  /** Share → (optionally) include payloads → Create link; returns the link shown. */
  async share({ includePayloads = false } = {}): Promise<string> {
    await this.page.getByRole('button', { name: 'Share diagnosis' }).click();
    const include = this.page.getByLabel('include execution input/output');
    await expect(include).not.toBeChecked();
    if (includePayloads) await include.check();
    await this.page.getByRole('button', { name: 'Create link' }).click();
    const link = this.page.getByTestId('share-link');
    await expect(link).toHaveValue(/\/d\/[A-Za-z0-9_-]{22}$/);
    return link.inputValue();
  }
}
