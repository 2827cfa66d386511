// A real Prometheus (Debian's package; scripts/test-all.sh and .ci/run install it) scraping the built
// app on the simulated account, with the alerting rules of docs/alerts.yml: asserted through
// Prometheus's own HTTP API.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../support/app-server';
import { freePort } from '../support/free-port';

const appUrl = inject('appUrl');
const RULES = path.join(ROOT, 'docs', 'alerts.yml');
const MISSING = 'Prometheus is not installed: apt-get install -y prometheus (scripts/test-all.sh and .ci/run do it).';

function which(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

describe('docs/alerts.yml', () => {
  it('is valid Prometheus alerting rules (promtool check rules)', () => {
    if (!which('promtool')) throw new Error(MISSING);
    const r = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SUCCESS: 5 rules found/);
  });
});

describe('a real Prometheus scraping sfn-lens', () => {
  let prom: ChildProcess | undefined;
  let promUrl = '';
  let dir = '';
  let log = '';

  beforeAll(async () => {
    if (!which('prometheus')) throw new Error(MISSING);
    dir = mkdtempSync(path.join(os.tmpdir(), 'sfn-lens-prometheus-'));
    // The shipped rules, with every `for:` cut to 10 s so the test need not wait minutes; the
    // expressions are the shipped file's, untouched.
    const rules = readFileSync(RULES, 'utf8').replace(/^(\s+)for: \d+[smh]$/gm, '$1for: 10s');
    expect(rules).not.toEqual(readFileSync(RULES, 'utf8'));
    writeFileSync(path.join(dir, 'alerts.yml'), rules);
    const target = new URL(appUrl);
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 10s',
        '  scrape_timeout: 9s',
        '  evaluation_interval: 2s',
        'rule_files:',
        `  - ${path.join(dir, 'alerts.yml')}`,
        'scrape_configs:',
        '  - job_name: sfn-lens',
        '    metrics_path: /metrics',
        '    static_configs:',
        `      - targets: ['${target.host}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prom = spawn('prometheus', [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prom.stdout?.on('data', (c: Buffer) => (log += c.toString()));
    prom.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (prom.exitCode !== null) throw new Error(`prometheus exited:\n${log}`);
      try {
        if ((await fetch(`${promUrl}/-/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`prometheus not ready in 60 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 90_000);

  afterAll(async () => {
    if (prom && prom.exitCode === null) {
      const exited = new Promise((r) => prom?.once('exit', r));
      prom.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function until<T>(what: string, probe: () => Promise<T | null>, ms = 180_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v !== null) return v;
      if (Date.now() > deadline) throw new Error(`${what} within ${ms / 1000} s. Prometheus log:\n${log}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  async function query(q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const r = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await r.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    expect(body.status).toBe('success');
    return body.data.result;
  }

  it('scrapes the series of every state machine, with their labels', { timeout: 240_000 }, async () => {
    const up = await until('the sfn-lens target up', async () => {
      const r = await query('up{job="sfn-lens"}');
      return r.length === 1 && r[0]?.value[1] === '1' ? r : null;
    });
    expect(up).toHaveLength(1);
    const health = await until('health series for the 9 state machines', async () => {
      const r = await query('sfn_lens_health_status == 1');
      return r.length === 9 ? r : null;
    });
    const byName = Object.fromEntries(health.map((s) => [s.metric.state_machine, s.metric.status]));
    expect(byName).toMatchObject({ 'notify-express-undeliverable': 'broken', 'audit-express-logging-off': 'broken', 'orders-express': 'ok', 'payments-express-tf76': 'warning' });
    for (const s of health) expect(s.metric).toMatchObject({ account: '123456789012', region: 'us-east-1', job: 'sfn-lens' });
  });

  it('fires StepFunctionsLogsNotArriving from docs/alerts.yml for the undeliverable state machine, and for no healthy one', { timeout: 240_000 }, async () => {
    const alerts = await until('StepFunctionsLogsNotArriving firing', async () => {
      const r = await fetch(`${promUrl}/api/v1/alerts`);
      const body = (await r.json()) as { data: { alerts: Array<{ labels: Record<string, string>; state: string }> } };
      const firing = body.data.alerts.filter((a) => a.labels.alertname === 'StepFunctionsLogsNotArriving' && a.state === 'firing');
      return firing.length > 0 ? body.data.alerts : null;
    });
    const firing = (name: string) => alerts.filter((a) => a.labels.alertname === name && a.state === 'firing').map((a) => a.labels.state_machine).sort();
    expect(firing('StepFunctionsLogsNotArriving')).toEqual(['notify-express-undeliverable']);
    const permissions = firing('StepFunctionsLoggingPermissionsBroken');
    for (const healthy of ['orders-express', 'billing-standard', 'batch-standard-dmap']) expect(permissions).not.toContain(healthy);
  });
});
