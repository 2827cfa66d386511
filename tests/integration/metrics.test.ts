// GET /metrics of the built app on the simulated account: the overview's health and counts in the
// Prometheus text format, from the overview's shared reads, behind the README's access modes.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type StartedApp } from '../support/app-server';
import { recordedRequests } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');

const NAMES = ['audit-express-logging-off', 'batch-standard-dmap', 'billing-standard', 'fulfil-standard-parallel', 'ingest-express-error-level', 'ledger-standard-kms', 'notify-express-undeliverable', 'orders-express', 'payments-express-tf76'];

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format's samples (no escapes beyond \" and \\ occur in our label values). */
function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] ?? ''] = (l[2] ?? '').replace(/\\(.)/g, '$1');
    out.push({ name: m[1] ?? '', labels, value: Number(m[3]) });
  }
  return out;
}

const value = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

async function scrape(url = appUrl, headers: Record<string, string> = {}) {
  const r = await fetch(`${url}/metrics`, { headers });
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

/** Scrapes until every state machine's view has been read (the first reads of a window take a while). */
async function settledScrape(): Promise<Sample[]> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const r = await scrape();
    expect(r.status).toBe(200);
    const samples = parseMetrics(r.text);
    const read = samples.filter((s) => s.name === 'sfn_lens_state_machine_read');
    if (read.length === NAMES.length && read.every((s) => s.value === 1)) return samples;
    if (Date.now() > deadline) throw new Error(`views not read in 150 s: ${JSON.stringify(read)}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

describe('GET /metrics', () => {
  it('gives every state machine its health, findings and counts, labelled with account, region, state machine and type', { timeout: 180_000 }, async () => {
    const r = await scrape();
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = await settledScrape();
    const smLabels = (name: string) => ({ account: '123456789012', region: 'us-east-1', state_machine: name });
    for (const name of NAMES) expect(value(samples, 'sfn_lens_state_machine_read', smLabels(name)), name).toBe(1);
    expect(value(samples, 'sfn_lens_health_status', { ...smLabels('notify-express-undeliverable'), type: 'EXPRESS', status: 'broken' })).toBe(1);
    expect(value(samples, 'sfn_lens_health_status', { ...smLabels('notify-express-undeliverable'), status: 'ok' })).toBe(0);
    expect(value(samples, 'sfn_lens_health_status', { ...smLabels('payments-express-tf76'), status: 'warning' })).toBe(1);
    expect(value(samples, 'sfn_lens_health_status', { ...smLabels('orders-express'), status: 'ok' })).toBe(1);
    expect(value(samples, 'sfn_lens_health_status', { ...smLabels('billing-standard'), type: 'STANDARD', status: 'ok' })).toBe(1);
    expect(value(samples, 'sfn_lens_health_finding', { ...smLabels('notify-express-undeliverable'), finding: 'no-events-delivered', severity: 'error' })).toBe(1);
    expect(value(samples, 'sfn_lens_health_finding', { ...smLabels('ingest-express-error-level'), finding: 'level-error', severity: 'warning' })).toBe(1);
    // Both sides over the window: executions ran on the undeliverable state machine, none reached the logs.
    expect(value(samples, 'sfn_lens_executions_started', { ...smLabels('notify-express-undeliverable'), source: 'cloudwatch_metrics' })).toBeGreaterThan(0);
    expect(value(samples, 'sfn_lens_executions_started', { ...smLabels('notify-express-undeliverable'), source: 'cloudwatch_logs' })).toBe(0);
    expect(value(samples, 'sfn_lens_executions', { ...smLabels('billing-standard'), cause: 'consistent' })).toBeGreaterThan(0);
    expect(value(samples, 'sfn_lens_window_seconds', {})).toBe(3 * 3600);
    // What sfn-lens costs AWS: requests by action (retries included) and bytes scanned, by state machine.
    expect(value(samples, 'sfn_lens_aws_requests_total', { action: 'logs:StartQuery', outcome: 'ok', state_machine: 'orders-express' })).toBeGreaterThan(0);
    expect(value(samples, 'sfn_lens_scanned_bytes_total', { state_machine: 'orders-express' })).toBeGreaterThan(0);
    expect(value(samples, 'sfn_lens_view_scanned_bytes', smLabels('orders-express'))).toBeGreaterThan(0);
  });

  it('costs AWS no reads of its own: two Prometheus servers and an overview viewer asking at once share one read per view', { timeout: 240_000 }, async () => {
    // A fresh app (nothing read yet) signing with its own key, so that its requests are told from
    // everything else in the simulated account's request log.
    const key = 'AKIAMETRICSCOST0000';
    const fresh = await startApp(simUrl, { AWS_ACCESS_KEY_ID: key });
    try {
      const t0 = Date.now();
      const scrapes = await Promise.all([scrape(fresh.url), scrape(fresh.url), fetch(`${fresh.url}/api/overview`).then((r) => r.status)]);
      expect(scrapes.map((r) => (typeof r === 'number' ? r : r.status))).toEqual([200, 200, 200]);
      // Whatever the three started goes on in the background, shared. Only the simulated account is
      // watched from here (asking the app would start reads of views whose short life has passed),
      // until each view's reads are in and the app has been quiet for a while.
      const viewKey = (r: { action: string; body: string }) => {
        const body = JSON.parse(r.body) as { logGroupNames?: string[]; logGroupIdentifiers?: string[]; queryString?: string; MetricDataQueries?: unknown };
        return r.action === 'logs:StartQuery'
          ? `${r.action} ${(body.logGroupNames ?? body.logGroupIdentifiers ?? []).join(',')} ${(body.queryString ?? '').slice(0, 30)}`
          : `${r.action} ${/stateMachine:([^"\\]+)/.exec(JSON.stringify(body.MetricDataQueries))?.[1] ?? ''}`;
      };
      let requests: Array<{ action: string; body: string; status: number }> = [];
      for (let seen = -1, quietSince = Date.now(), deadline = Date.now() + 200_000; ; ) {
        requests = (await recordedRequests(simUrl, t0, key)).requests;
        // The state machines' own series (a Distributed Map's children have labelled series of their own, `parent/label`).
        const metricReads = new Set(requests.filter((r) => r.action === 'cloudwatch:GetMetricData').map(viewKey).filter((k) => NAMES.includes(k.split(' ')[1] ?? '')));
        if (requests.length !== seen) {
          seen = requests.length;
          quietSince = Date.now();
        } else if (metricReads.size === NAMES.length && Date.now() - quietSince > 3_000) break;
        if (Date.now() > deadline) throw new Error(`the views were not all read in 200 s (${metricReads.size} of ${NAMES.length})`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const perView = new Map<string, number>();
      for (const r of requests) if (r.action === 'logs:StartQuery' || r.action === 'cloudwatch:GetMetricData') perView.set(viewKey(r), (perView.get(viewKey(r)) ?? 0) + 1);
      // Every state machine's view was read (metrics for each; three queries — aggregate, endings, per-minute —
      // for each with a log group: all but audit-express-logging-off) …
      expect([...perView.keys()].filter((k) => k.startsWith('cloudwatch:') && NAMES.includes(k.split(' ')[1] ?? '')).length).toBe(NAMES.length);
      expect([...perView.keys()].filter((k) => k.startsWith('logs:')).length).toBe(3 * (NAMES.length - 1));
      // … once, though three clients asked for it.
      for (const [k, n] of perView) expect(n, k).toBe(1);
      expect(requests.filter((r) => r.action === 'states:ListStateMachines')).toHaveLength(1);
      const byAction: Record<string, number> = {};
      for (const r of requests) byAction[r.action] = (byAction[r.action] ?? 0) + 1;
      console.log(`2 scrapes + 1 overview viewer on a fresh app: ${requests.length} AWS requests ${JSON.stringify(byAction)}`);
    } finally {
      await fresh.stop();
    }
  });
});

describe('GET /metrics access', () => {
  let secretApp: StartedApp;
  const TOKEN = 'scrape-token-0123456789abcdef';

  beforeAll(async () => {
    secretApp = await startApp(simUrl, { SFN_LENS_AUTH: 'secret', SFN_LENS_AUTH_SECRET: 'a-secret-of-sixteen-chars', SFN_LENS_METRICS_TOKEN: TOKEN });
  }, 120_000);
  afterAll(async () => {
    await secretApp?.stop();
  });

  it('answers a scraper with the bearer token in secret mode, and refuses one without it or with a wrong one (401, never a login page)', { timeout: 60_000 }, async () => {
    const none = await scrape(secretApp.url);
    expect(none.status).toBe(401);
    expect(none.type).toContain('application/json');
    const wrong = await scrape(secretApp.url, { authorization: 'Bearer scrape-token-0123456789abcdeX' });
    expect(wrong.status).toBe(401);
    const ok = await scrape(secretApp.url, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('# TYPE sfn_lens_health_status gauge');
    // The token opens /metrics only.
    expect((await fetch(`${secretApp.url}/api/state-machines`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(401);
  });

  it('needs the token in mode none too once SFN_LENS_METRICS_TOKEN is set, and lets the proxy-header mode\'s proxy through', { timeout: 120_000 }, async () => {
    const open = await startApp(simUrl, { SFN_LENS_METRICS_TOKEN: TOKEN });
    const proxied = await startApp(simUrl, { SFN_LENS_AUTH: 'proxy-header' });
    try {
      expect((await scrape(open.url)).status).toBe(401);
      expect((await scrape(open.url, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      expect((await scrape(proxied.url)).status).toBe(401);
      expect((await scrape(proxied.url, { 'x-forwarded-user': 'prometheus' })).status).toBe(200);
    } finally {
      await Promise.all([open.stop(), proxied.stop()]);
    }
  });
});
