// Searching executions by what they carried (docs/search.md), over HTTP against the simulated account:
// a key finds exactly the execution whose input carries it, with its verdict; a search expected to scan
// more than the threshold asks first and then reports the real bytes; logs without execution data say
// why a search cannot work there.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type StartedApp } from '../support/app-server';
import { groundTruth, recordedRequests, simNow, smArn, type Truth } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');

const SM = 'orders-express';
const MIN = 60_000;

interface SearchBody {
  search: string;
  query: string;
  estimate: { bytes: number | null; basis: string; needsConfirmation: boolean; confirmAboveBytes: number };
  scanned: { bytesScanned: number; recordsScanned: number; usd: number };
  status: string;
  executions: Array<{ executionArn: string; verdict: { cause: string } }>;
  notInView: Array<{ executionArn: string }>;
}
interface ErrorBody {
  error: { code: string; message: string };
  estimate?: { bytes: number | null; basis: string; needsConfirmation: boolean };
}

function searchUrl(base: string, sm: string, params: Record<string, string>): string {
  return `${base}/api/state-machines/${encodeURIComponent(smArn(sm))}/search?${new URLSearchParams(params)}`;
}

/** A settled orders-express execution whose ExecutionStarted was logged, and a 20-minute window around it. */
async function pickExecution(): Promise<{ t: Truth & { orderId: number }; from: string; to: string }> {
  // The simulated account's clock, not this machine's: the window is of its executions.
  const now = await simNow(simUrl);
  const truth = await groundTruth(simUrl, SM, now - 100 * MIN, now - 40 * MIN, 20_000);
  const t = truth.find((x): x is Truth & { orderId: number } => x.orderId !== undefined && x.dropMode === 'none' && x.status === 'SUCCEEDED');
  if (!t) throw new Error('the demo profile has no settled, fully logged orders-express execution with an orderId');
  return { t, from: new Date(t.startMs - 10 * MIN).toISOString(), to: new Date(t.startMs + 10 * MIN).toISOString() };
}

describe('GET /api/state-machines/{arn}/search', () => {
  it('orderId=<key> finds exactly the one execution whose input carries it, with its verdict, and says what it scanned', async () => {
    const { t, from, to } = await pickExecution();
    // The page shows the executions view of the range first: the search's estimate is taken from what it scanned.
    expect((await fetch(`${appUrl}/api/state-machines/${encodeURIComponent(smArn(SM))}/executions?from=${from}&to=${to}`)).status).toBe(200);
    const since = Date.now();
    const r = await fetch(searchUrl(appUrl, SM, { q: `orderId=${t.orderId}`, from, to }));
    const text = await r.text();
    expect(r.status, text.slice(0, 300)).toBe(200);
    const body = JSON.parse(text) as SearchBody;
    expect(body.status).toBe('Complete');
    expect(body.notInView).toEqual([]);
    expect(body.executions.map((e) => e.executionArn)).toEqual([t.executionArn]);
    expect(body.executions[0]?.verdict.cause).toBe('consistent');
    expect(body.scanned.bytesScanned).toBeGreaterThan(0);
    expect(body.estimate.basis).toBe('view-scan');
    const ratio = (body.estimate.bytes ?? 0) / body.scanned.bytesScanned;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(3);
    // One search query, over the log group, with the key escaped.
    const { requests } = await recordedRequests(simUrl, since);
    const searches = requests.filter((q) => q.action === 'logs:StartQuery' && q.body.includes('details.input like'));
    expect(searches).toHaveLength(1);
  });

  it('a neighbouring key (the next order) is another execution, and a key no execution carries finds none', async () => {
    const { t, from, to } = await pickExecution();
    const other = await fetch(searchUrl(appUrl, SM, { q: `orderId=${t.orderId}0`, from, to }));
    const body = (await other.json()) as SearchBody;
    expect(body.executions.map((e) => e.executionArn)).not.toContain(t.executionArn);
    const none = (await (await fetch(searchUrl(appUrl, SM, { q: 'orderId=no-such-order', from, to }))).json()) as SearchBody;
    expect(none.executions).toEqual([]);
    expect(none.notInView).toEqual([]);
  });

  it('a search written to break out of the query finds nothing instead of running something else', async () => {
    const { from, to } = await pickExecution();
    const r = await fetch(searchUrl(appUrl, SM, { q: '/ or @message like /./ | display @message', from, to }));
    expect(r.status).toBe(200);
    const body = (await r.json()) as SearchBody;
    expect(body.executions).toEqual([]);
    // Still the five commands of a search: the typed `|` and `/` are escapes inside the regular expression.
    expect(body.query.split('\n').map((l) => l.replace(/^\| /, '').split(' ')[0])).toEqual(['filter', 'filter', 'stats', 'sort', 'limit']);
    expect(body.query).not.toContain('| display');
  });

  it('says why a search cannot work where execution data is not logged (409 search-unavailable)', async () => {
    for (const [sm, why] of [
      ['notify-express-undeliverable', /includeExecutionData: false/],
      ['audit-express-logging-off', /Logging is off/],
    ] as const) {
      const r = await fetch(searchUrl(appUrl, sm, { q: 'orderId=1' }));
      expect(r.status).toBe(409);
      const body = (await r.json()) as ErrorBody;
      expect(body.error.code).toBe('search-unavailable');
      expect(body.error.message).toMatch(why);
    }
  });

  it('refuses bad input with what was wrong (400)', async () => {
    for (const [params, code, what] of [
      [{}, 'invalid-search', /missing/],
      [{ q: '  ' }, 'invalid-search', /empty/],
      [{ q: 'a\u0000b' }, 'invalid-search', /U\+0000/],
      [{ q: 'x', confirmAbove: 'lots' }, 'invalid-parameter', /whole number/],
      [{ q: 'x', sort: 'asc' }, 'unknown-parameter', /sort/],
    ] as const) {
      const r = await fetch(searchUrl(appUrl, SM, params));
      expect(r.status).toBe(400);
      const body = (await r.json()) as ErrorBody;
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(what);
    }
  });
});

describe('a search over the confirmation threshold', () => {
  let app: StartedApp;
  beforeAll(async () => {
    // A threshold of 1 KiB: every real search is over it.
    app = await startApp(simUrl, { SFN_LENS_SEARCH_CONFIRM_BYTES: '1024' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers 409 confirmation-required with the estimate, runs when confirmed, reports the real bytes, and estimates the same window from them next time', async () => {
    const { t, from, to } = await pickExecution();
    const q = `orderId=${t.orderId}`;
    const first = await fetch(searchUrl(app.url, SM, { q, from, to }));
    expect(first.status).toBe(409);
    const refused = (await first.json()) as ErrorBody;
    expect(refused.error.code).toBe('confirmation-required');
    expect(refused.estimate).toMatchObject({ basis: 'stored-bytes', needsConfirmation: true });
    const estimated = refused.estimate?.bytes ?? 0;
    expect(estimated).toBeGreaterThan(1024);

    const confirmed = await fetch(searchUrl(app.url, SM, { q, from, to, confirmAbove: String(estimated) }));
    expect(confirmed.status).toBe(200);
    const body = (await confirmed.json()) as SearchBody;
    expect(body.executions.map((e) => e.executionArn)).toEqual([t.executionArn]);
    expect(body.scanned.bytesScanned).toBeGreaterThan(0);

    // The next search of the same window is estimated from what this one really read.
    const again = await fetch(searchUrl(app.url, SM, { q: 'orderId=1', from, to }));
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).estimate).toMatchObject({ basis: 'last-scan', bytes: body.scanned.bytesScanned });
  });
});
