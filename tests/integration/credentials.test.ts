// Credentials never reach the browser, the logs or a snapshot (issue #6, Security). This file runs its
// own app, signing with a secret key and a session token that appear nowhere else, behind a recording
// proxy that keeps every Authorization header the app sends to AWS. It then reads everything a browser,
// an API client or a shared link can reach, including answers to failing AWS calls, plus the app's
// own output and the snapshot files on disk, and looks for any credential or signature in them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT, simEnv, startApp, type StartedApp } from '../support/app-server';
import { groundTruth, setFaults, smArn, type Truth } from '../support/sim-client';

const simUrl = inject('simUrl');

const MIN = 60_000;
const STANDARD = 'billing-standard';
const EXPRESS = 'orders-express';
const PAGE_LIKE = /text\/html|text\/x-component/;

// The access key id stays the harness's (the run's read-only policy check counts the app's calls by
// it); the secret and the session token are this run's own, so a hit can only be a leak.
const HARNESS = simEnv(simUrl);
const ACCESS_KEY_ID = HARNESS.AWS_ACCESS_KEY_ID ?? '';
const SECRET_ACCESS_KEY = randomBytes(30).toString('base64');
const SESSION_TOKEN = `IQoJb3JpZ2luX2VjE${randomBytes(48).toString('base64')}`;

interface Collected {
  where: string;
  text: string;
}

/** What a credential leak would look like in a text, each with its name for the failure message. */
interface Needle {
  name: string;
  value: string;
}

/** The needles found in `text`. */
function leaksIn(text: string, needles: readonly Needle[]): string[] {
  return needles.filter((n) => text.includes(n.value)).map((n) => n.name);
}

/** Every collected text that holds a needle, as "where: needles" lines (empty when clean). */
function leaks(items: readonly Collected[], needles: readonly Needle[]): string[] {
  return items.flatMap((c) => {
    const found = leaksIn(c.text, needles);
    return found.length > 0 ? [`${c.where}: ${found.join(', ')}`] : [];
  });
}

/** Forwards the app's AWS calls to the sim, keeping each Authorization header it sees. */
async function recordingProxy(target: string): Promise<{ url: string; authorizations: Set<string>; close: () => Promise<void> }> {
  const authorizations = new Set<string>();
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    if (req.headers.authorization) authorizations.add(req.headers.authorization);
    const out = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // The sim drops connections on purpose under some faults: so does the proxy.
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let app: StartedApp;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let dataDir = '';
const truth: Record<string, Truth[]> = {};
const collected = { browser: [] as Collected[], api: [] as Collected[], snapshots: [] as Collected[], awsErrors: [] as Collected[], output: [] as Collected[] };
/** Static assets the pages reference, and their statuses. */
const assetStatus = new Map<string, number>();

let windowSeq = 0;
function freshWindow(minutes = 60): { from: string; to: string } {
  windowSeq++;
  const to = Date.now() - windowSeq * 1_000;
  return { from: new Date(to - minutes * MIN).toISOString(), to: new Date(to).toISOString() };
}
const query = (w: { from: string; to: string }) => `from=${encodeURIComponent(w.from)}&to=${encodeURIComponent(w.to)}`;

/** One answer as the client receives it: status line, headers and body. */
async function fetchText(where: string, url: string, init: RequestInit = {}): Promise<Collected & { status: number; body: string; type: string }> {
  const r = await fetch(url, { redirect: 'manual', ...init });
  const body = await r.text();
  const headers = [...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
  return { where, text: `${r.status}\n${headers}\n\n${body}`, status: r.status, body, type: r.headers.get('content-type') ?? '' };
}

async function collect(into: Collected[], where: string, pathAndQuery: string, init: RequestInit = {}) {
  const a = await fetchText(where, `${app.url}${pathAndQuery}`, init);
  into.push(a);
  return a;
}

/** A page as the browser loads it (HTML) and as client navigation loads it (the RSC payload). */
async function collectPage(into: Collected[], pagePath: string) {
  const html = await collect(into, `page ${pagePath}`, pagePath);
  const rsc = await collect(into, `RSC ${pagePath}`, pagePath, { headers: { RSC: '1' } });
  for (const a of [html, rsc]) {
    if (!PAGE_LIKE.test(a.type)) continue;
    for (const m of a.body.matchAll(/\/_next\/static\/[^"'\\\s)<>]+/g)) if (!assetStatus.has(m[0])) assetStatus.set(m[0], 0);
  }
  return html;
}

/** The overview, once every state machine has been read (it answers `pending` after 8 s). */
async function collectOverview(into: Collected[], where: string, range: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const a = await collect(into, where, `/api/overview?${range}`);
    if (a.status !== 200 || !a.body.includes('"state":"pending"') || Date.now() > deadline) return a;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function collectSnapshots(into: Collected[], where: string, executionArn: string) {
  for (const includePayloads of [false, true]) {
    const w = freshWindow(180);
    const created = await collect(into, `${where}: POST /api/snapshots includePayloads=${includePayloads}`, '/api/snapshots', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ executionArn, from: w.from, to: w.to, includePayloads }),
    });
    if (created.status !== 201) continue;
    const { id } = JSON.parse(created.body) as { id: string };
    await collect(into, `${where}: GET /api/snapshots/${id}`, `/api/snapshots/${id}`);
    await collectPage(into, `/d/${id}`);
  }
}

/** The snapshot store's files (SQLite database and its journal) byte for byte. */
function collectStoredFiles(into: Collected[], where: string) {
  for (const file of readdirSync(dataDir)) into.push({ where: `${where} ${file}`, text: readFileSync(path.join(dataDir, file)).toString('latin1') });
}

/** A top-level execution that ended 70–150 minutes ago with all its events logged. */
function settledExecution(sm: string): Truth {
  const now = Date.now();
  const t = truth[sm]?.find((x) => !x.parentArn && x.dropMode === 'none' && x.endMs < now - 70 * MIN && x.endMs > now - 150 * MIN);
  if (!t) throw new Error(`no settled execution of ${sm} in the ground truth`);
  return t;
}

/** Runs `fn` with sim faults in force, always clearing them afterwards. */
async function withFaults(faults: Record<string, unknown>, fn: () => Promise<void>) {
  await setFaults(simUrl, faults);
  try {
    await fn();
  } finally {
    await setFaults(simUrl, null);
  }
}

function needles(): Needle[] {
  const out: Needle[] = [
    { name: 'the secret access key', value: SECRET_ACCESS_KEY },
    { name: 'the harness secret access key', value: HARNESS.AWS_SECRET_ACCESS_KEY ?? '' },
    { name: 'the access key id', value: ACCESS_KEY_ID },
    { name: 'the session token', value: SESSION_TOKEN },
    { name: 'a presigned X-Amz-Signature', value: 'X-Amz-Signature' },
    { name: 'a SigV4 Signature=', value: 'Signature=' },
    { name: 'a SigV4 Authorization header', value: 'AWS4-HMAC-SHA256 Credential' },
  ];
  for (const auth of proxy.authorizations) {
    out.push({ name: 'an Authorization header value the app sent', value: auth });
    const signature = /Signature=([0-9a-f]{64})/.exec(auth)?.[1];
    if (signature) out.push({ name: `the signature ${signature.slice(0, 8)}…`, value: signature });
  }
  return out;
}

beforeAll(async () => {
  await setFaults(simUrl, null);
  const now = Date.now();
  for (const sm of [STANDARD, EXPRESS]) truth[sm] = await groundTruth(simUrl, sm, now - 3 * 60 * MIN, now, 20_000);
  proxy = await recordingProxy(simUrl);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sfn-lens-credentials-'));
  app = await startApp(proxy.url, {
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN: SESSION_TOKEN,
    SFN_LENS_DATA_DIR: dataDir,
  });

  const std = settledExecution(STANDARD).executionArn;
  const exp = settledExecution(EXPRESS).executionArn;

  // What the browser loads: every page, its RSC payload, and every script and stylesheet.
  for (const page of [
    '/',
    '/ops',
    '/login',
    `/state-machines/${encodeURIComponent(smArn(STANDARD))}?${query(freshWindow())}`,
    `/state-machines/${encodeURIComponent(smArn(EXPRESS))}?${query(freshWindow())}`,
    `/executions/${encodeURIComponent(std)}?${query(freshWindow(180))}`,
    `/executions/${encodeURIComponent(exp)}?${query(freshWindow(180))}`,
  ]) {
    await collectPage(collected.browser, page);
  }

  // The JSON API.
  await collect(collected.api, 'GET /api/health', '/api/health');
  await collect(collected.api, 'GET /api/state-machines', '/api/state-machines');
  await collectOverview(collected.api, 'GET /api/overview', query(freshWindow()));
  for (const sm of [STANDARD, EXPRESS]) {
    await collect(collected.api, `GET executions of ${sm}`, `/api/state-machines/${encodeURIComponent(smArn(sm))}/executions?${query(freshWindow())}`);
  }
  for (const arn of [std, exp]) await collect(collected.api, `GET /api/executions/${arn}`, `/api/executions/${encodeURIComponent(arn)}?${query(freshWindow(180))}`);

  // Snapshots, with and without payloads, the pages that share them, and the files they are stored in.
  await collectSnapshots(collected.snapshots, 'Standard', std);
  await collectSnapshots(collected.snapshots, 'Express', exp);
  collectStoredFiles(collected.snapshots, 'stored file');

  // Failing AWS calls: AWS's error messages travel into answers, partial reads and snapshots.
  const errors = collected.awsErrors;
  const missing = 'arn:aws:states:us-east-1:999999999999:execution:no-such-machine:no-such-execution';
  await collect(errors, 'a missing execution: API', `/api/executions/${encodeURIComponent(missing)}`);
  await collectPage(errors, `/executions/${encodeURIComponent(missing)}`);
  await collect(errors, 'a missing execution: snapshot', '/api/snapshots', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ executionArn: missing }) });
  const everyRead = async (label: string) => {
    await collect(errors, `${label}: executions of ${STANDARD}`, `/api/state-machines/${encodeURIComponent(smArn(STANDARD))}/executions?${query(freshWindow())}`);
    await collect(errors, `${label}: execution`, `/api/executions/${encodeURIComponent(std)}?${query(freshWindow(180))}`);
    await collectOverview(errors, `${label}: overview`, query(freshWindow()));
    await collectPage(errors, `/executions/${encodeURIComponent(std)}?${query(freshWindow(180))}`);
    await collectSnapshots(errors, label, std);
  };
  await withFaults({ deny: ['states:DescribeExecution', 'logs:*', 'iam:*', 'cloudwatch:*'] }, () => everyRead('AWS denies the reads'));
  await withFaults({ throttleRate: 1, only: ['logs:*'] }, () => everyRead('CloudWatch Logs throttled'));
  await withFaults({ serverErrorRate: 1, only: ['logs:*', 'cloudwatch:*'] }, () => everyRead('AWS answers 5xx'));
  // AWS's answer to a refused signature echoes the canonical request, session token included.
  await withFaults({ badSignature: ['logs:*', 'iam:*', 'cloudwatch:*', 'states:DescribeExecution'] }, () => everyRead('AWS refuses the signature of the reads'));
  await withFaults({ badSignature: ['states:DescribeStateMachine'] }, async () => {
    await collect(errors, 'AWS refuses the signature of DescribeStateMachine: execution', `/api/executions/${encodeURIComponent(std)}?${query(freshWindow(180))}`);
    await collectPage(errors, `/executions/${encodeURIComponent(std)}?${query(freshWindow(180))}`);
  });

  // Every script and stylesheet: the ones the pages name, and every file the build serves.
  const distDir = path.join(ROOT, process.env.SFN_LENS_DIST_DIR ?? '.next');
  const served = readdirSync(path.join(distDir, 'static'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => `/_next/static/${path.relative(path.join(distDir, 'static'), path.join(d.parentPath, d.name)).split(path.sep).join('/')}`);
  for (const asset of new Set([...assetStatus.keys(), ...served])) {
    const a = await collect(collected.browser, `asset ${asset}`, asset);
    assetStatus.set(asset, a.status);
  }

  collectStoredFiles(errors, 'after the failing calls, stored file');

  // The app's output, after it has had a moment to flush.
  await new Promise((r) => setTimeout(r, 500));
  collected.output.push({ where: 'the app process stdout/stderr', text: app.output() });
}, 300_000);

afterAll(async () => {
  await setFaults(simUrl, null);
  await app?.stop();
  await proxy?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('credentials never reach the browser, the logs or a snapshot', () => {
  it('the leak check finds a planted secret, session token, access key id or signature', () => {
    expect(SECRET_ACCESS_KEY.length).toBeGreaterThanOrEqual(40);
    expect(ACCESS_KEY_ID).toBe('AKIASIMULATED000000');
    // The app really signed its AWS calls with these credentials, through the recording proxy.
    expect(proxy.authorizations.size).toBeGreaterThan(10);
    for (const auth of proxy.authorizations) expect(auth).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/\\d{8}/us-east-1/\\w+/aws4_request, SignedHeaders=[^,]*x-amz-security-token[^,]*, Signature=[0-9a-f]{64}$`));
    const all = needles();
    expect(all.length).toBeGreaterThan(proxy.authorizations.size);
    for (const n of all) {
      expect(n.value, n.name).not.toBe('');
      const planted = [{ where: 'planted', text: `{"message":"…${n.value}…"}` }];
      expect(leaks(planted, all), n.name).toEqual([expect.stringContaining(n.name)]);
    }
    expect(leaks([{ where: 'clean', text: 'arn:aws:states:us-east-1:123456789012:stateMachine:billing-standard' }], all)).toEqual([]);
  });

  it('no page, RSC payload, script or stylesheet the browser loads holds a credential or a signature', () => {
    const pages = collected.browser.filter((c) => c.where.startsWith('page '));
    expect(pages.length).toBe(7);
    for (const p of pages) expect(p.text, p.where).toMatch(/^(200|307)\n/);
    const referenced = [...assetStatus].filter(([url]) => /\.(js|css)$/.test(url));
    expect(referenced.some(([url]) => url.endsWith('.js'))).toBe(true);
    expect(referenced.some(([url]) => url.endsWith('.css'))).toBe(true);
    for (const [url, status] of referenced) expect(status, url).toBe(200);
    expect(leaks(collected.browser, needles())).toEqual([]);
  });

  it('no JSON API answer holds a credential or a signature', () => {
    expect(collected.api.map((c) => Number(c.text.slice(0, 3)))).toEqual(collected.api.map(() => 200));
    expect(leaks(collected.api, needles())).toEqual([]);
  });

  it('no snapshot, with or without payloads, its shared page, or the stored snapshot file holds a credential', () => {
    expect(collected.snapshots.filter((c) => c.where.includes('POST /api/snapshots')).map((c) => Number(c.text.slice(0, 3)))).toEqual([201, 201, 201, 201]);
    expect(collected.snapshots.some((c) => c.where.startsWith('stored file snapshots.sqlite'))).toBe(true);
    expect(leaks(collected.snapshots, needles())).toEqual([]);
  });

  it('no answer to a failing AWS call (missing, denied, throttled, 5xx, refused signature) holds a credential', () => {
    // The faults were in force: their AWS error names reached the answers.
    const text = collected.awsErrors.map((c) => c.text).join('\n');
    for (const name of ['AccessDeniedException', 'ThrottlingException', 'InvalidSignatureException', 'Does Not Exist']) expect(text).toContain(name);
    expect(leaks(collected.awsErrors, needles())).toEqual([]);
  });

  it("the app's own output (stdout and stderr) holds no credential", () => {
    expect(collected.output[0]?.text).toContain('Ready');
    expect(leaks(collected.output, needles())).toEqual([]);
  });
});
