// Searching executions by what they carried (docs/search.md): what the user types becomes a query that
// finds exactly the executions carrying it, cannot be turned into another query, and is estimated first.
// The queries run on the simulated account's Logs Insights engine.
import { describe, expect, it } from 'vitest';
import {
  estimateSearch,
  isConfirmed,
  MAX_SEARCH_CHARS,
  parseSearch,
  parseSearchRows,
  regexLiteral,
  searchPattern,
  searchQuery,
  searchUnavailable,
  type SearchTerm,
} from '@/lib/domain/execution-search';
import { HOUR_MS, DAY_MS } from '@/lib/domain/time-window';
import { parseInsightsQuery, runInsightsQuery, type InsightsRecord } from '@/sim/logs/insights';
import { expressArn, makeIndexedField } from './builders';

const T0 = Date.UTC(2026, 11, 5, 3, 0, 0);

function term(q: string): SearchTerm {
  const p = parseSearch(q);
  if (!p.ok) throw new Error(p.message);
  return p.term;
}

/** A Step Functions event as Logs Insights sees it: details flattened with dots, payloads as JSON text. */
function record(arn: string, type: string, at: number, details: Record<string, string>): InsightsRecord {
  const fields: Record<string, string> = { type, execution_arn: arn, id: '1' };
  for (const [k, v] of Object.entries(details)) fields[`details.${k}`] = v;
  const message = JSON.stringify({ type, execution_arn: arn, details });
  return { messageBytes: message.length, get: (f) => (f === '@timestamp' ? at : f === '@message' ? message : fields[f]) };
}

/** Executions, each with its input and output (or a failure), and a state event carrying the input too. */
function log(execs: Array<{ name: string; input: string; output?: string; error?: string; cause?: string }>): InsightsRecord[] {
  return execs.flatMap((e, i) => {
    const arn = expressArn(e.name, `0f8b3c2e-1d4a-4b6c-9e7f-${String(i).padStart(12, '0')}`);
    const at = T0 + i * 1000;
    return [
      record(arn, 'ExecutionStarted', at, { input: e.input }),
      record(arn, 'TaskStateEntered', at + 1, { input: e.input, name: 'Charge' }),
      e.error
        ? record(arn, 'ExecutionFailed', at + 5, { error: e.error, cause: e.cause ?? '' })
        : record(arn, 'ExecutionSucceeded', at + 5, { output: e.output ?? '{}' }),
    ];
  });
}

function found(q: string, records: InsightsRecord[]): string[] {
  const rows = runInsightsQuery(parseInsightsQuery(searchQuery(term(q))), records, { maxRows: 100_000 }).rows;
  return parseSearchRows(rows).map((m) => m.executionArn.split(':')[7] ?? '').sort();
}

const ORDERS = log([
  { name: 'a', input: '{"orderId":4711,"amount":12.5}' },
  { name: 'b', input: '{"orderId": 47110}' },
  { name: 'c', input: '{"orderId":"4711"}' },
  { name: 'd', input: '{"customer":{"orderId":4711.5}}' },
  { name: 'e', input: '{"note":"orderId=4711 was refunded"}' },
  { name: 'f', input: '{"items":[{"orderId":4711}]}' },
  { name: 'g', input: '{"x":1}', output: '{"ok":true,"orderId":4711}' },
  { name: 'h', input: '{"x":2}', error: 'States.TaskFailed', cause: 'charge-card failed: upstream returned 503' },
  { name: 'i', input: '{"orderid":4711}' },
]);

describe('parseSearch: what the user typed', () => {
  it('reads key=value as a JSON member and anything else as text', () => {
    expect(term('orderId=4711')).toEqual({ kind: 'key', key: 'orderId', value: '4711' });
    expect(term(' orderId = "A-1" ')).toEqual({ kind: 'key', key: 'orderId', value: 'A-1' });
    expect(term('States.TaskFailed')).toEqual({ kind: 'text', text: 'States.TaskFailed' });
    expect(term('upstream returned 503')).toEqual({ kind: 'text', text: 'upstream returned 503' });
  });

  it('refuses an empty search, a key without a value, control characters and an overlong search, saying what was wrong', () => {
    expect(parseSearch('  ')).toMatchObject({ ok: false, message: expect.stringContaining('empty') });
    expect(parseSearch('orderId=')).toMatchObject({ ok: false, message: expect.stringContaining('no value') });
    expect(parseSearch('a\nb')).toMatchObject({ ok: false, message: expect.stringContaining('U+000A') });
    expect(parseSearch('a\u2028b')).toMatchObject({ ok: false, message: expect.stringContaining('U+2028') });
    expect(parseSearch('x'.repeat(MAX_SEARCH_CHARS + 1))).toMatchObject({ ok: false, message: expect.stringContaining(`${MAX_SEARCH_CHARS + 1} characters`) });
  });
});

describe('the search query finds exactly the executions carrying the key', () => {
  it('orderId=4711 matches the number and the string 4711 at any depth of the input or the output, and nothing longer, shorter or in prose', () => {
    expect(found('orderId=4711', ORDERS)).toEqual(['a', 'c', 'f', 'g']);
  });

  it('one row per execution, however many of its events carry the key', () => {
    const rows = runInsightsQuery(parseInsightsQuery(searchQuery(term('orderId=4711'))), ORDERS, { maxRows: 100_000 }).rows;
    const a = parseSearchRows(rows).find((m) => m.executionArn.includes(':a:'));
    // ExecutionStarted only: the state's TaskStateEntered carries the same input but is not searched.
    expect(a).toMatchObject({ events: 1, firstAt: T0, lastAt: T0 });
  });

  it('text matches the error name or the cause of a failure, case-insensitively', () => {
    expect(found('states.taskfailed', ORDERS)).toEqual(['h']);
    expect(found('returned 503', ORDERS)).toEqual(['h']);
    expect(found('refunded', ORDERS)).toEqual(['e']);
  });

  it('the key is matched as written: orderid is another key', () => {
    expect(found('orderid=4711', ORDERS)).toEqual(['i']);
  });

  it('uses the type index when asked, and only the execution’s start and end events either way', () => {
    const q = searchQuery(term('orderId=4711'), { useTypeIndex: true });
    expect(q.split('\n')[0]).toBe('filterIndex type in ["ExecutionStarted", "ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut"]');
    expect(searchQuery(term('orderId=4711')).split('\n')[0]).toMatch(/^filter type in \[/);
  });
});

describe('escaping: nothing typed can change the query', () => {
  const hostile = [
    '/ | stats count(*) by @logStream',
    'x/ or @message like /.',
    '") or 1=1 | display @message #',
    '.*',
    'a|b',
    '\\x2f',
    '(?i)',
    '`@message`',
    "'; drop",
    'é€😀',
  ];

  it('every character other than an ASCII letter or digit is a \\xHH escape, and non-ASCII is kept as a literal', () => {
    expect(regexLiteral('a.b/c"d')).toBe('a\\x2eb\\x2fc\\x22d');
    expect(regexLiteral('é😀')).toBe('é😀');
    for (const h of hostile) expect(regexLiteral(h)).toMatch(/^(?:[A-Za-z0-9]|\\x[0-9a-f]{2}|[^\x00-\x7f])*$/u);
  });

  it.each(hostile)('%s parses as the same five commands and matches only itself', (h) => {
    const q = searchQuery(term(h));
    const parsed = parseInsightsQuery(q);
    expect(parsed.commands.map((c) => c.kind)).toEqual(['filter', 'filter', 'stats', 'sort', 'limit']);
    const records = log([
      { name: 'hit', input: JSON.stringify({ note: `before ${h} after` }) },
      { name: 'miss', input: JSON.stringify({ note: 'nothing special / | ( ) . * here' }) },
    ]);
    expect(found(h, records)).toEqual(['hit']);
    const asKey = searchQuery(term(`k=${h}`));
    expect(parseInsightsQuery(asKey).commands.map((c) => c.kind)).toEqual(['filter', 'filter', 'stats', 'sort', 'limit']);
    expect(found(`k=${h}`, log([{ name: 'hit', input: JSON.stringify({ k: h }) }, { name: 'miss', input: JSON.stringify({ k: `${h}x` }) }]))).toEqual(['hit']);
  });

  it('a string value is looked for as JSON writes it (a quote inside is \\")', () => {
    expect(searchPattern(term('k=a"b'))).toContain(regexLiteral('a\\"b'));
  });
});

describe('searchUnavailable: logs that cannot answer say why', () => {
  const group = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/x:*';
  it('names includeExecutionData false, a level below ALL, and logging off', () => {
    expect(searchUnavailable({ level: 'ALL', includeExecutionData: false, logGroupArn: group })).toMatch(/includeExecutionData: false/);
    expect(searchUnavailable({ level: 'ERROR', includeExecutionData: true, logGroupArn: group })).toMatch(/level ERROR/);
    expect(searchUnavailable({ level: 'OFF', includeExecutionData: true, logGroupArn: group })).toMatch(/Logging is off/);
    expect(searchUnavailable({ level: 'ALL', includeExecutionData: true, logGroupArn: null })).toMatch(/Logging is off/);
    expect(searchUnavailable({ level: 'ALL', includeExecutionData: true, logGroupArn: group })).toBeNull();
  });
});

describe('estimateSearch: what a search will scan, before it runs', () => {
  const now = T0;
  const window = { from: now - 3 * HOUR_MS, to: now };
  const base = { window, now, confirmAboveBytes: 1024 ** 3, storedBytes: null, retentionInDays: null, creationTime: null, indexedFields: null, lastScan: null };

  it('a scan of the same window is the estimate', () => {
    expect(estimateSearch({ ...base, lastScan: { window, bytes: 5_000 } })).toMatchObject({ bytes: 5_000, basis: 'last-scan', needsConfirmation: false });
  });

  it('then what the executions view of the same range scanned, before another window’s rate or the stored bytes', () => {
    expect(estimateSearch({ ...base, viewScanBytes: 7_000, lastScan: { window: { from: now - HOUR_MS, to: now }, bytes: 1_000 }, storedBytes: 1 })).toMatchObject({ bytes: 7_000, basis: 'view-scan' });
    expect(estimateSearch({ ...base, viewScanBytes: 7_000, lastScan: { window, bytes: 5_000 } })).toMatchObject({ bytes: 5_000, basis: 'last-scan' });
  });

  it('a scan of another window gives bytes per hour', () => {
    expect(estimateSearch({ ...base, lastScan: { window: { from: now - HOUR_MS, to: now }, bytes: 1_000 } })).toMatchObject({ bytes: 3_000, basis: 'scan-rate' });
  });

  it('otherwise the stored bytes spread over the retention, or over the group’s age when it keeps everything', () => {
    const stored = 8 * DAY_MS;
    expect(estimateSearch({ ...base, storedBytes: stored, retentionInDays: 8, creationTime: now - 30 * DAY_MS })).toMatchObject({ bytes: 3 * HOUR_MS, basis: 'stored-bytes' });
    expect(estimateSearch({ ...base, storedBytes: stored, retentionInDays: 30, creationTime: now - 8 * DAY_MS })).toMatchObject({ bytes: 3 * HOUR_MS });
    expect(estimateSearch({ ...base, storedBytes: stored, retentionInDays: null, creationTime: now - 8 * DAY_MS })).toMatchObject({ bytes: 3 * HOUR_MS });
  });

  it('asks for confirmation above the threshold, and when nothing allows an estimate', () => {
    expect(estimateSearch({ ...base, lastScan: { window, bytes: 2 * 1024 ** 3 } })).toMatchObject({ needsConfirmation: true, usd: 0.01 });
    expect(estimateSearch(base)).toMatchObject({ bytes: null, basis: 'unknown', needsConfirmation: true });
  });

  it('a confirmation covers the estimate it was given, and one that grew by up to 10 % since', () => {
    const over = estimateSearch({ ...base, confirmAboveBytes: 100, lastScan: { window, bytes: 1_000 } });
    expect(isConfirmed(over, null)).toBe(false);
    expect(isConfirmed(over, 1_000)).toBe(true);
    expect(isConfirmed(over, 910)).toBe(true);
    expect(isConfirmed(over, 900)).toBe(false);
    expect(isConfirmed(estimateSearch(base), 0)).toBe(true);
    expect(isConfirmed(estimateSearch({ ...base, lastScan: { window, bytes: 10 } }), null)).toBe(true);
  });

  it('says when the type index covers the window (only start and end events are scanned)', () => {
    expect(estimateSearch({ ...base, indexedFields: [makeIndexedField('type', window.from - HOUR_MS)] }).typeIndex).toBe(true);
    expect(estimateSearch({ ...base, indexedFields: [makeIndexedField('type', window.from + HOUR_MS)] }).typeIndex).toBe(false);
  });
});
