// Hostile and malformed input on every route (issue: Reliability). Every bad value is refused with a
// 4xx and an `{ error: { code, message } }` body naming what was wrong, never a 5xx, and none of
// them reaches AWS: the sim's request log shows no filter pattern or Logs Insights query carrying it.
// The inputs are a fixed, generated list (no randomness), so a failure names the same input every run.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordedRequests, setFaults, smArn } from '../support/sim-client';

const appUrl = inject('appUrl');
const simUrl = inject('simUrl');

/** Every hostile value carries this token, so the request log can be searched for any of them. */
const MARK = 'zqfuzz';
const SM = 'billing-standard';
const EXEC_PREFIX = `arn:aws:states:us-east-1:123456789012:execution:${SM}:`;
const SM_PREFIX = 'arn:aws:states:us-east-1:123456789012:stateMachine:';

/** Hostile pieces, each put into ARN positions where a careless app would pass it on to AWS. */
const HOSTILE_PIECES: Array<[label: string, value: string]> = [
  ['double quote', `${MARK}"x`],
  ['single quote', `${MARK}'x`],
  ['backtick', `${MARK}\`x`],
  ['pipe', `${MARK}|x`],
  ['Insights pipe with a command', `${MARK} | stats count(*)`],
  ['newline', `${MARK}\nfields @message`],
  ['carriage return', `${MARK}\rx`],
  ['tab', `${MARK}\tx`],
  ['wildcard', `${MARK}*`],
  ['question mark', `${MARK}?`],
  ['braces', `${MARK}{ $.x = 1 }`],
  ['closing brace', `${MARK}}`],
  ['dollar', `${MARK}$x`],
  ['filter-pattern break-out', `${MARK}" } || { $.execution_arn = "*`],
  ['backslash', `${MARK}\\x`],
  ['brackets', `${MARK}[x]`],
  ['angle brackets', `${MARK}<script>`],
  ['space', `${MARK} x`],
  ['NUL', `${MARK}\u0000x`],
  ['unicode letters', `${MARK}ünïcødé`],
  ['emoji', `${MARK}🙂`],
  ['right-to-left override', `${MARK}\u202ex`],
  ['zero-width space', `${MARK}\u200bx`],
  ['10 kB string', `${MARK}${'a'.repeat(10_000)}`],
];

/** Whole-ARN shapes that are wrong without any hostile character. */
const MALFORMED_ARNS: Array<[label: string, value: string]> = [
  ['not an ARN', `${MARK}-not-an-arn`],
  ['only a colon', ':'],
  ['too few parts', 'arn:aws:states:us-east-1'],
  ['wrong service', `arn:aws:lambda:us-east-1:123456789012:function:${MARK}`],
  ['percent-encoded slash', `arn:aws:states:us-east-1:123456789012:stateMachine:${MARK}%2Fx`],
  ['path traversal', `../../${MARK}`],
];

const enc = encodeURIComponent;

interface Case {
  label: string;
  method?: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Words the error message must contain (what was wrong). */
  names: RegExp;
  status?: number[];
}

function arnCases(): Case[] {
  const out: Case[] = [];
  for (const [label, piece] of HOSTILE_PIECES) {
    out.push({ label: `state machine ARN with ${label}`, path: `/api/state-machines/${enc(SM_PREFIX + piece)}/executions`, names: /state machine ARN|ARN/i });
    out.push({ label: `execution ARN with ${label}`, path: `/api/executions/${enc(EXEC_PREFIX + piece)}`, names: /execution ARN|ARN/i });
    out.push({ label: `bare ${label}`, path: `/api/executions/${enc(piece)}`, names: /ARN/i });
    out.push({
      label: `snapshot of an execution ARN with ${label}`,
      method: 'POST',
      path: '/api/snapshots',
      body: JSON.stringify({ executionArn: EXEC_PREFIX + piece.slice(0, 3_000) }),
      names: /ARN|body/i,
    });
  }
  for (const [label, arn] of MALFORMED_ARNS) {
    out.push({ label: `state machine ARN: ${label}`, path: `/api/state-machines/${enc(arn)}/executions`, names: /ARN|state machine/i });
    out.push({ label: `execution ARN: ${label}`, path: `/api/executions/${enc(arn)}`, names: /ARN|execution/i });
  }
  // An execution ARN where a state machine ARN is expected, and the other way round.
  out.push({ label: 'execution ARN as a state machine', path: `/api/state-machines/${enc(`${EXEC_PREFIX}x`)}/executions`, names: /state ?machine/i });
  out.push({ label: 'state machine ARN as an execution', path: `/api/executions/${enc(smArn(SM))}`, names: /execution/i });
  return out;
}

const HOUR = 3_600_000;
function windowCases(now: number): Case[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const windows: Array<[label: string, query: string, names: RegExp]> = [
    ['from in 1970', `from=${enc('1970-01-01T00:00:00Z')}`, /window|from/i],
    ['from and to in 1970', `from=${enc('1970-01-01T00:00:00Z')}&to=${enc('1970-01-01T01:00:00Z')}`, /window|from|to/i],
    ['to in year 3000', `to=${enc('3000-01-01T00:00:00Z')}`, /to.*future/i],
    ['from in year 3000', `from=${enc('3000-01-01T00:00:00Z')}`, /from.*future/i],
    ['from after to', `from=${enc(iso(now - HOUR))}&to=${enc(iso(now - 2 * HOUR))}`, /not before/i],
    ['from equal to to', `from=${enc(iso(now - HOUR))}&to=${enc(iso(now - HOUR))}`, /not before/i],
    ['a 30-day window', `from=${enc(iso(now - 30 * 24 * HOUR))}&to=${enc(iso(now - HOUR))}`, /window.*long/i],
    ['a 50-year window', `from=${enc('1990-01-01T00:00:00Z')}&to=${enc(iso(now - HOUR))}`, /window.*long/i],
    ['from not a date', `from=${MARK}`, /from/i],
    ['to not a date', `to=${MARK}`, /to/i],
    ['from a number', 'from=1700000000000', /from/i],
    ['from with a hostile string', `from=${enc(`${MARK}" | stats count(*)`)}`, /from/i],
    ['from an invalid calendar date', `from=${enc('2024-02-30T00:00:00Z')}`, /from/i],
    ['from a 10 kB string', `from=${'9'.repeat(10_000)}`, /from/i],
    ['from a rolling expression out of range', 'from=now-99999d', /from|window/i],
  ];
  const out: Case[] = [];
  for (const [label, query, names] of windows) {
    out.push({ label: `executions API: ${label}`, path: `/api/state-machines/${enc(smArn(SM))}/executions?${query}&unknown=${MARK}`, names });
    out.push({ label: `execution API: ${label}`, path: `/api/executions/${enc(`${EXEC_PREFIX}x`)}?${query}`, names });
    out.push({ label: `overview API: ${label}`, path: `/api/overview?${query}`, names });
    out.push({ label: `snapshot: ${label}`, method: 'POST', path: '/api/snapshots', body: JSON.stringify({ executionArn: `${EXEC_PREFIX}x`, ...Object.fromEntries(new URLSearchParams(query)) }), names: /window|from|to|body/i });
  }
  return out;
}

function snapshotCases(): Case[] {
  const bodies: Array<[label: string, body: string, names: RegExp]> = [
    ['empty body', '', /JSON/i],
    ['not JSON', `${MARK}{`, /JSON/i],
    ['JSON null', 'null', /body|object/i],
    ['a JSON array', '[]', /body|object|expected/i],
    ['a JSON string', JSON.stringify(MARK), /body|object|expected/i],
    ['no executionArn', '{}', /executionArn/],
    ['executionArn empty', JSON.stringify({ executionArn: '' }), /executionArn/],
    ['executionArn a number', JSON.stringify({ executionArn: 42 }), /executionArn/],
    ['executionArn an object', JSON.stringify({ executionArn: { $ne: MARK } }), /executionArn/],
    ['includePayloads a string', JSON.stringify({ executionArn: `${EXEC_PREFIX}x`, includePayloads: 'yes' }), /includePayloads/],
    ['from a number', JSON.stringify({ executionArn: `${EXEC_PREFIX}x`, from: 1 }), /from/],
    ['a body over 4 kB', JSON.stringify({ executionArn: `${EXEC_PREFIX}x`, padding: MARK.repeat(1_000) }), /body|characters/i],
  ];
  const out: Case[] = bodies.map(([label, body, names]) => ({ label: `snapshot body: ${label}`, method: 'POST' as const, path: '/api/snapshots', body, names }));
  const ids: Array<[label: string, id: string]> = [
    ['too short', 'abc'],
    ['hostile characters', `${MARK}"'|*{}$`],
    ['unicode', `${MARK}ünïcødé`],
    ['10 kB', 'a'.repeat(10_000)],
    ['path traversal', `..%2F..%2F${MARK}`],
    ['well-formed but unknown', 'A'.repeat(22)],
  ];
  for (const [label, id] of ids) out.push({ label: `snapshot id ${label}`, path: `/api/snapshots/${id.includes('%') ? id : enc(id)}`, names: /snapshot/i, status: [404] });
  return out;
}

interface Answer {
  status: number;
  text: string;
}

async function call(c: Case): Promise<Answer> {
  const r = await fetch(`${appUrl}${c.path}`, {
    method: c.method ?? 'GET',
    body: c.body,
    headers: c.body !== undefined ? { 'content-type': 'application/json' } : undefined,
  });
  return { status: r.status, text: await r.text() };
}

function expectNamedRefusal(c: Case, a: Answer) {
  const where = `${c.label}: ${a.status} ${a.text.slice(0, 300)}`;
  expect(a.status, where).toBeGreaterThanOrEqual(400);
  expect(a.status, where).toBeLessThan(500);
  if (c.status) expect(c.status, where).toContain(a.status);
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(a.text) as typeof body;
  } catch {
    throw new Error(`${where}: the answer is not JSON`);
  }
  expect(typeof body.error?.code, where).toBe('string');
  expect(typeof body.error?.message, where).toBe('string');
  expect(String(body.error?.message), where).toMatch(c.names);
  // The message quotes at most a short, escaped excerpt of the input: never the 10 kB string back.
  expect(String(body.error?.message).length, where).toBeLessThan(1_000);
}

describe('hostile and malformed request values', () => {
  let since = 0;
  const seen: string[] = [];

  beforeAll(async () => {
    await setFaults(simUrl, null);
    since = Date.now();
  });

  afterAll(async () => {
    await setFaults(simUrl, null);
  });

  it('refuses ARNs with quotes, pipes, newlines, wildcards, braces, dollars, unicode or 10 kB, naming the ARN, never with a 5xx', async () => {
    const cases = arnCases();
    expect(cases.length).toBeGreaterThan(90);
    for (const c of cases) {
      const a = await call(c);
      seen.push(c.label);
      expectNamedRefusal(c, a);
    }
  });

  it('refuses time windows in 1970 or 3000, reversed, too long or not dates, naming from, to or the window, never with a 5xx', async () => {
    const cases = windowCases(Date.now());
    for (const c of cases) {
      const a = await call(c);
      seen.push(c.label);
      expectNamedRefusal(c, a);
    }
  });

  it('refuses malformed snapshot requests with 400 and unknown or malformed snapshot ids with 404', async () => {
    for (const c of snapshotCases()) {
      const a = await call(c);
      seen.push(c.label);
      expectNamedRefusal(c, a);
      if (c.method === 'POST') expect(a.status, c.label).toBe(400);
    }
  });

  it('refuses unknown query parameters, even hostile ones, with a 400 naming the parameter', async () => {
    const q = `?${MARK}=${enc('" | stats count(*)')}&filterPattern=${enc(`{ $.x = "${MARK}" }`)}&queryString=${enc(`fields ${MARK}`)}`;
    const from = enc(new Date(Date.now() - 20 * 60_000).toISOString());
    for (const path of [`/api/state-machines/${enc(smArn(SM))}/executions${q}&from=${from}`, `/api/executions/${enc(`${EXEC_PREFIX}x`)}${q}`, `/api/overview${q}&from=now-21m`, `/api/state-machines${q}`]) {
      const r = await fetch(`${appUrl}${path}`);
      expect(r.status, path).toBe(400);
      const { error } = (await r.json()) as { error: { code: string; message: string } };
      expect(error.code, path).toBe('unknown-parameter');
      expect(error.message, path).toMatch(/Unknown query parameter .*: this endpoint takes/);
    }
    // The same requests without them are answered (and do reach AWS, which the last test relies on).
    for (const path of [`/api/state-machines/${enc(smArn(SM))}/executions?from=${from}`, '/api/overview?from=now-21m', '/api/state-machines']) {
      const r = await fetch(`${appUrl}${path}`);
      expect(r.status, path).toBe(200);
      await r.text();
    }
    // An execution named "x" exists on neither side: answered (after reading AWS) with a 404, not a 400.
    const unknownExecution = await fetch(`${appUrl}/api/executions/${enc(`${EXEC_PREFIX}x`)}`);
    expect(unknownExecution.status).toBe(404);
    expect(((await unknownExecution.json()) as { error: { code: string } }).error.code).toBe('execution-not-found');
    seen.push('unknown query parameters');
  });

  it('serves the pages of hostile ARNs and windows without a server error', async () => {
    const paths = [
      ...HOSTILE_PIECES.filter(([label]) => label !== '10 kB string').flatMap(([, piece]) => [`/state-machines/${enc(SM_PREFIX + piece)}`, `/executions/${enc(EXEC_PREFIX + piece)}`]),
      `/?from=${MARK}`,
      `/ops?from=${enc('3000-01-01T00:00:00Z')}`,
      `/state-machines/${enc(smArn(SM))}?from=${enc('1970-01-01T00:00:00Z')}&to=${MARK}`,
      `/d/${enc(`${MARK}"'`)}`,
    ];
    for (const p of paths) {
      const r = await fetch(`${appUrl}${p}`);
      expect(r.status, p).toBeLessThan(500);
      await r.text();
    }
    seen.push('pages');
  });

  it('lets none of the hostile values reach AWS: no filter pattern, Logs Insights query or other AWS request carries them', async () => {
    // Runs after the cases above (vitest runs a file's tests in order).
    expect(seen.length).toBeGreaterThan(150);
    const { requests } = await recordedRequests(simUrl, since);
    const offending: string[] = [];
    let filterPatterns = 0;
    for (const r of requests) {
      let body: { filterPattern?: string; queryString?: string } = {};
      try {
        body = JSON.parse(r.body) as typeof body;
      } catch {
        // IAM (form-encoded): checked as text below.
      }
      if (typeof body.filterPattern === 'string') filterPatterns++;
      if (body.filterPattern?.toLowerCase().includes(MARK)) offending.push(`${r.action} filterPattern ${body.filterPattern.slice(0, 200)}`);
      if (body.queryString?.toLowerCase().includes(MARK)) offending.push(`${r.action} queryString ${body.queryString.slice(0, 200)}`);
      else if (r.body.toLowerCase().includes(MARK)) offending.push(`${r.action} ${r.body.slice(0, 200)}`);
    }
    expect(offending).toEqual([]);
    // The valid requests of this run did reach AWS: the log is the app's, not an empty one.
    expect(requests.length).toBeGreaterThan(0);
    expect(filterPatterns + requests.filter((r) => r.action === 'logs:StartQuery').length).toBeGreaterThan(0);
  });
});
