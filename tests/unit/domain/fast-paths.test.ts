// The fast paths of the reconciliation core against the straightforward code they replace: same
// results for every input, including the ones no fast path takes.
import { describe, expect, it } from 'vitest';
import { checkSafeValue, parseExecutionArn, type ParsedExecutionArn } from '@/lib/domain/arn';
import { parseExecutionAggregateRows, parseInsightsTime, type InsightsRow } from '@/lib/domain/insights-queries';
import { joinExecutions, type ExecutionRow } from '@/lib/domain/join';
import { observedDelayMs, isFullyLogged, summarizeNeighbours } from '@/lib/domain/neighbour-stats';
import { StringIndex } from '@/lib/domain/string-index';
import { toIso } from '@/lib/domain/time-window';
import type { LogLevel, LogRecord, NeighbourStats, ServiceExecution } from '@/lib/domain/types';
import { ACCOUNT, makeLogRecord, makeServiceExecution, NOW, REGION } from './builders';
import { ARN_STRINGS, rng } from './equivalence-inputs';

const YEAR_10000 = Date.UTC(10_000, 0, 1);

describe('toIso', () => {
  it('renders every instant as Date#toISOString does', () => {
    const r = rng(7);
    const samples = [0, -0, 0.25, 0.999, 59_999.5, YEAR_10000 - 1, YEAR_10000 - 0.5, YEAR_10000, -1, -0.5, 8.64e15, -8.64e15, NOW];
    for (let i = 0; i < 20_000; i++) samples.push(Math.floor(r() * YEAR_10000), r() * YEAR_10000, NOW + Math.floor(r() * 86_400_000), -Math.floor(r() * 1e13));
    // The same minute twice in a row, then another: the cached minute must follow.
    for (let i = 0; i < 2_000; i++) samples.push(NOW + i * 7_919, NOW + i * 7_919 + 13, NOW - i * 60_000);
    for (const ms of samples) expect(toIso(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws for what Date cannot render', () => {
    for (const ms of [NaN, Infinity, -Infinity, 8.64e15 + 1]) expect(() => toIso(ms)).toThrow(RangeError);
  });
});

describe('parseInsightsTime', () => {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');

  it('reads `YYYY-MM-DD HH:MM:SS.mmm` as Date.UTC does, even out-of-range fields', () => {
    const r = rng(11);
    for (let i = 0; i < 20_000; i++) {
      const y = i % 50 === 0 ? Math.floor(r() * 100) : 1900 + Math.floor(r() * 8100);
      const mo = Math.floor(r() * 14);
      const d = Math.floor(r() * 33);
      const h = Math.floor(r() * 26);
      const mi = Math.floor(r() * 61);
      const s = Math.floor(r() * 61);
      const ms = Math.floor(r() * 1000);
      const sep = i % 3 === 0 ? 'T' : ' ';
      const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${sep}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}${i % 5 === 0 ? 'Z' : ''}`;
      expect(parseInsightsTime(text), text).toBe(Date.UTC(y, mo - 1, d, h, mi, s, ms));
    }
  });

  it('reads every time of a day in a row (the cached day changes under it)', () => {
    for (let t = NOW - 86_400_000; t < NOW + 86_400_000; t += 61_001) {
      const text = new Date(t).toISOString().replace('T', ' ').replace('Z', '');
      expect(parseInsightsTime(text)).toBe(t);
    }
  });
});

describe('parseExecutionArn', () => {
  const OTHER = `arn:aws:states:eu-west-1:${ACCOUNT}:execution:other:run-0`;

  it('gives the same result for an ARN whose prefix it has just seen as for one it has not', () => {
    const arns = [
      ...ARN_STRINGS,
      `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:run-2`,
      `arn:aws:states:${REGION}:${ACCOUNT}:execution:billing:run-2`,
      `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:run/2`,
      `arn:aws:states:${REGION}:${ACCOUNT}:express:orders:run-2:id/with/slashes`,
      `arn:aws:states:${REGION}:${ACCOUNT}:express:orders::id`,
      `arn:aws:states:${REGION}:${ACCOUNT}:executions:orders:run-2`,
      `arn:aws:states:${REGION}:${ACCOUNT}:express:orders:run-2:id:more`,
      `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:${'n'.repeat(256)}`,
    ];
    for (const primer of arns) {
      for (const arn of arns) {
        // Another prefix first: the full parser; then the same prefix: the fast path when it applies.
        parseExecutionArn(OTHER);
        const cold = parseExecutionArn(arn);
        parseExecutionArn(primer);
        const warm = parseExecutionArn(arn);
        expect(warm, `${arn} after ${primer}`).toEqual(cold);
      }
    }
  });

  it('names the state machine of each ARN, not of the one before', () => {
    const a = parseExecutionArn(`arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:run-1`);
    const b = parseExecutionArn(`arn:aws:states:${REGION}:${ACCOUNT}:execution:ordersX:run-1`);
    const c = parseExecutionArn(`arn:aws:states:${REGION}:${ACCOUNT}:execution:order:run-1`);
    expect([a, b, c].map((p) => (p.ok ? [p.value.stateMachineName, p.value.stateMachineArn] : null))).toEqual([
      ['orders', `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:orders`],
      ['ordersX', `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:ordersX`],
      ['order', `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:order`],
    ]);
  });
});

describe('checkSafeValue', () => {
  it('accepts exactly the printable ASCII characters outside the forbidden ones (one regular expression for two)', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const safe = /^[\x21-\x7e]+$/.test(ch) && !/["'`\\|*?{}[\]<>]/.test(ch);
      expect(checkSafeValue(`arn${ch}x`).length === 0, `U+${c.toString(16)}`).toBe(safe);
    }
  });
});

describe('StringIndex', () => {
  it('gives each distinct key its position in the order added, as a Map would', () => {
    const r = rng(3);
    const index = new StringIndex(10);
    const reference = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      // Few distinct keys at first (many repeats), then mostly new ones: the table grows past its hint.
      const key = `k${Math.floor(r() * (i < 1000 ? 50 : 40_000))}`;
      const expected = reference.get(key) ?? -1;
      if (expected === -1) reference.set(key, reference.size);
      expect(index.add(key)).toBe(expected);
    }
  });

  it('tells apart anagrams, the empty key, long keys and non-ASCII keys', () => {
    const index = new StringIndex();
    const keys = ['', 'ab', 'ba', 'a'.repeat(1000), 'a'.repeat(1001), 'é', 'e\u0301', '\u0000', 'arn:aws:states:x'];
    keys.forEach((k) => expect(index.add(k)).toBe(-1));
    keys.forEach((k, i) => expect(index.add(k)).toBe(i));
  });
});

/** joinExecutions before its performance work: three maps and a set. */
function referenceJoin(input: { service: readonly ServiceExecution[]; logs: readonly LogRecord[] }): ExecutionRow[] {
  const better = (a: ServiceExecution, b: ServiceExecution) => (a.stopDate === null && b.stopDate !== null ? b : a);
  const service = new Map<string, ServiceExecution>();
  for (const s of input.service) {
    const prev = service.get(s.executionArn);
    service.set(s.executionArn, prev ? better(prev, s) : s);
  }
  const logs = new Map<string, LogRecord>();
  for (const l of input.logs) if (!logs.has(l.executionArn)) logs.set(l.executionArn, l);
  const rows: ExecutionRow[] = [];
  for (const executionArn of new Set([...service.keys(), ...logs.keys()])) {
    const s = service.get(executionArn) ?? null;
    const l = logs.get(executionArn) ?? null;
    const parsed = parseExecutionArn(executionArn);
    rows.push({
      executionArn,
      name: s?.name || (parsed.ok ? parsed.value.name : executionArn),
      kind: parsed.ok ? parsed.value.kind : null,
      parsedArn: parsed.ok ? parsed.value : null,
      service: s,
      logs: l,
      startedAt: s?.startDate ?? l?.startedAt ?? l?.firstEventAt ?? null,
      stoppedAt: s?.stopDate ?? l?.stoppedAt ?? null,
    });
  }
  return rows.sort((a, b) => {
    if (a.startedAt !== b.startedAt) {
      if (a.startedAt === null) return 1;
      if (b.startedAt === null) return -1;
      return b.startedAt - a.startedAt;
    }
    return a.executionArn < b.executionArn ? -1 : a.executionArn > b.executionArn ? 1 : 0;
  });
}

describe('joinExecutions', () => {
  it('joins as the three-map version did: repeated ARNs on either side, any order, missing times', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const arn = (i: number) =>
        i % 17 === 0 ? `not-an-arn-${i}` : i % 5 === 0 ? `arn:aws:states:${REGION}:${ACCOUNT}:express:orders:e-${i}:id-${i}` : `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:run-${i}`;
      const n = 5 + Math.floor(r() * 200);
      const service: ServiceExecution[] = [];
      const logs: LogRecord[] = [];
      for (let k = 0; k < n; k++) {
        const i = Math.floor(r() * n * (seed % 3 === 0 ? 0.5 : 1.5));
        const start = NOW - Math.floor(r() * 1000) * 1000;
        if (r() < 0.7) {
          const running = r() < 0.3;
          service.push(makeServiceExecution({ executionArn: arn(i), name: r() < 0.1 ? '' : `run-${i}`, status: running ? 'RUNNING' : 'SUCCEEDED', startDate: start, stopDate: running ? null : start + 500 }));
        }
        if (r() < 0.7) {
          const started = r() < 0.8;
          logs.push(
            makeLogRecord({
              executionArn: arn(seed % 2 === 0 ? Math.floor(r() * n) : i),
              startedAt: started ? start : null,
              firstEventAt: r() < 0.9 ? start + 1 : null,
              stoppedAt: r() < 0.5 ? start + 400 : null,
              eventCount: Math.floor(r() * 9),
            }),
          );
        }
      }
      // Sometimes both sides in the same order (the join's cursor), sometimes not.
      if (seed % 4 === 1) logs.sort((a, b) => (a.executionArn < b.executionArn ? -1 : 1));
      const input = { service, logs };
      expect(joinExecutions(input), `seed ${seed}`).toEqual(referenceJoin(input));
      expect(JSON.stringify(joinExecutions(input))).toBe(JSON.stringify(referenceJoin(input)));
    }
  });

  it('keeps the parsed ARN of each row (not of the row before)', () => {
    const rows = joinExecutions({
      service: [makeServiceExecution({ executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:orders:a` })],
      logs: [makeLogRecord({ executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:express:orders/Map:b:id` })],
    });
    expect(rows.map((row) => (row.parsedArn as ParsedExecutionArn).name).sort()).toEqual(['a', 'b']);
  });
});

/** summarizeNeighbours before its performance work: filters, a map and a comparator sort. */
function referenceNeighbours(records: readonly LogRecord[], opts: { level: LogLevel; excludeArn?: string }): NeighbourStats {
  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? 0;
  const others = records.filter((r) => r.executionArn !== opts.excludeArn);
  const fullyLogged = others.filter((r) => isFullyLogged(r, opts.level)).length;
  const delays = others
    .filter((r) => r.terminalType !== null)
    .map(observedDelayMs)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  return {
    executions: others.length,
    fullyLogged,
    fullyLoggedShare: others.length === 0 ? null : fullyLogged / others.length,
    delayMs: delays.length === 0 ? null : { samples: delays.length, p50: percentile(delays, 50), p95: percentile(delays, 95), max: delays[delays.length - 1] ?? 0 },
  };
}

describe('summarizeNeighbours', () => {
  it('summarises as the filter-and-sort version did, odd delays included', () => {
    const odd = [NaN, -5, Infinity, 0, -0];
    for (let seed = 1; seed <= 30; seed++) {
      const r = rng(100 + seed);
      const records = Array.from({ length: Math.floor(r() * 300) }, (_, i) =>
        makeLogRecord({
          executionArn: `arn-${i}`,
          terminalType: r() < 0.8 ? 'ExecutionSucceeded' : null,
          idGaps: r() < 0.1 ? 1 : 0,
          lastEventAt: r() < 0.9 ? NOW : null,
          lastIngestedAt: r() < 0.9 ? NOW + Math.floor(r() * 90_000) : null,
          maxIngestionDelayMs: r() < 0.3 ? (seed % 5 === 0 && r() < 0.2 ? (odd[Math.floor(r() * odd.length)] ?? null) : Math.floor(r() * 60_000)) : null,
        }),
      );
      for (const level of ['ALL', 'ERROR'] as const) {
        for (const excludeArn of [undefined, 'arn-3']) {
          expect(summarizeNeighbours(records, { level, excludeArn }), `seed ${seed}`).toEqual(referenceNeighbours(records, { level, excludeArn }));
        }
      }
    }
  });
});

describe('parseExecutionAggregateRows', () => {
  it('counts a repeated ARN once, as a skipped row, wherever it repeats', () => {
    const row = (arn: string, events: string): InsightsRow => [
      { field: 'execution_arn', value: arn },
      { field: 'events', value: events },
    ];
    const parsed = parseExecutionAggregateRows([row('a', '1'), row('b', '2'), row('a', '3'), row('c', '4'), row('b', '5'), row('a', '6')]);
    expect(parsed.records.map((r) => [r.executionArn, r.eventCount])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 4],
    ]);
    expect(parsed.skippedRows).toBe(3);
  });
});
