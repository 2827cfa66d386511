// Pins the whole reconciliation core on generated inputs: Insights rows → log records → join →
// neighbour stats → one verdict per execution (for every world, failed-read set and "now"), and the
// per-minute join and classification. The expected hashes in fixtures/verdict-equivalence.json were
// computed with the code before its performance work; a faster core must give byte-identical JSON.
//
// Regenerate only with code whose verdicts are known to be right:
//   UPDATE_VERDICT_EQUIVALENCE=1 npx vitest run --project unit tests/unit/domain/verdict-equivalence.test.ts

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExecutionArn } from '@/lib/domain/arn';
import { parseEventRows, parseExecutionAggregateRows, parseInsightsTime, parseTerminalMinuteRows, type InsightsRow } from '@/lib/domain/insights-queries';
import { cutToWindow, joinExecutions, joinMinutes } from '@/lib/domain/join';
import { summarizeNeighbours } from '@/lib/domain/neighbour-stats';
import { toIso } from '@/lib/domain/time-window';
import type { NeighbourStats, Verdict } from '@/lib/domain/types';
import { classifyMinute, diagnoseExecution } from '@/lib/domain/verdict';
import { HOUR, MIN, NOW } from './builders';
import { ARN_STRINGS, ISO_TIMES, makeHealthReport, makeWorldInputs, PARTIAL_SETS, TIME_STRINGS, WINDOW, WORLDS } from './equivalence-inputs';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'verdict-equivalence.json');
const ROWS_PER_WORLD = 110;
/** Just after the window (most lag), a while after (some settled), long after (everything settled). */
const NOWS = [NOW + MIN, NOW + 25 * MIN, NOW + 4 * HOUR];

interface Expected {
  sections: Record<string, string>;
  verdicts: number;
  causes: Record<string, number>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);
/** JSON that also tells -0, NaN and ±Infinity apart (JSON.stringify turns them into 0 and null). */
const exact = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `#${Object.is(v, -0) ? '-0' : String(v)}` : v));

/** What every consumer sees: the JSON, a spread copy's JSON (verdictDto spreads), the keys in order. */
function verdictText(v: Verdict): string {
  const json = JSON.stringify(v);
  const spread = JSON.stringify({ ...v });
  if (spread !== json) throw new Error(`a spread copy of the verdict differs from it: ${spread} vs ${json}`);
  if (JSON.stringify(structuredClone(v)) !== json) throw new Error('a structured clone of the verdict differs from it');
  return exact(v);
}

function compute(): Expected {
  const sections: Record<string, string> = {};
  const causes: Record<string, number> = {};
  let verdicts = 0;

  sections['insights-time'] = hash(exact(TIME_STRINGS.map((s) => [s, parseInsightsTime(s)])));
  sections['iso'] = hash(
    exact(
      ISO_TIMES.map((t) => {
        try {
          return [t, toIso(t)];
        } catch (e) {
          return [t, `throws ${(e as Error).name}`];
        }
      }),
    ),
  );
  sections['arn'] = hash(exact(ARN_STRINGS.map((a) => [a, parseExecutionArn(a)])));

  WORLDS.forEach((w, wi) => {
    const input = makeWorldInputs(w, 1000 + wi, ROWS_PER_WORLD);
    const health = makeHealthReport(w.health);
    const parsed = parseExecutionAggregateRows(input.rows, { boundaryRows: input.boundaryRows, limit: input.rows.length - (wi % 2) });
    const joined = joinExecutions({ service: input.service, logs: parsed.records });
    // Pinned before `unattributed` existed: its row (events without execution_arn) was a skipped row then.
    const { unattributed, ...rest } = parsed;
    sections[`${w.name}/records`] = hash(exact({ ...rest, skippedRows: rest.skippedRows + (unattributed ? 1 : 0) }));
    sections[`${w.name}/join`] = hash(exact(joined));
    sections[`${w.name}/cut`] = hash(
      exact([true, false].map((serviceListComplete) => cutToWindow(joined, WINDOW, { serviceListComplete }).map((r) => r.executionArn))),
    );

    const computed = summarizeNeighbours(parsed.records, { level: w.stateMachine.logging.level });
    const neighbourVariants: NeighbourStats[] = [
      computed,
      summarizeNeighbours([], { level: 'ALL' }),
      { executions: 40, fullyLogged: 12, fullyLoggedShare: 0.3, delayMs: null },
      { executions: 40, fullyLogged: 30, fullyLoggedShare: 0.75, delayMs: { samples: 30, p50: 900, p95: 12 * MIN, max: 50 * MIN } },
      { executions: 500, fullyLogged: 490, fullyLoggedShare: 0.98, delayMs: { samples: 490, p50: 700, p95: 2_000, max: 9_000 } },
    ];
    sections[`${w.name}/neighbours`] = hash(exact([computed, ...joined.slice(0, 20).map((r) => summarizeNeighbours(parsed.records, { level: 'ALL', excludeArn: r.executionArn }))]));

    const texts: string[] = [];
    PARTIAL_SETS.forEach((ps, pi) => {
      NOWS.forEach((now, ni) => {
        const variant = (pi + ni + wi) % 6;
        const neighbours = variant === 5 ? computed : (neighbourVariants[variant] ?? computed);
        const tolerances = variant === 5 ? { settleMs: 20 * MIN, lagMarginMs: 0 } : undefined;
        joined.forEach((row, k) => {
          const v = diagnoseExecution({
            stateMachine: w.stateMachine,
            health,
            executionArn: row.executionArn,
            // Both ways in: the join's parsed ARN, and none (the verdict parses it).
            parsedArn: k % 2 === 0 ? (row.parsedArn ?? undefined) : undefined,
            service: row.service,
            logs: row.logs,
            neighbours,
            partial: ps.partial,
            now,
            ...(tolerances ? { tolerances } : {}),
          });
          const key = `${v.cause}/${v.detail}/${v.confidence}`;
          causes[key] = (causes[key] ?? 0) + 1;
          verdicts++;
          texts.push(verdictText(v));
        });
      });
      sections[`${w.name}/verdicts/${ps.name}`] = hash(texts.join('\n'));
      texts.length = 0;
    });

    const minuteTexts: string[] = [];
    for (const [stepMs, metrics, logs] of [
      [MIN, input.metrics, input.logs],
      [5 * MIN, input.metrics, input.logs],
      [MIN, null, input.logs],
      [MIN, input.metrics, null],
    ] as const) {
      const minutes = joinMinutes(metrics, logs, WINDOW, { stepMs });
      minuteTexts.push(exact(minutes));
      for (const now of NOWS) {
        for (const extra of [{ neighbours: computed }, { neighbours: null }, { lagAllowanceMs: 0 }, { tolerances: { settleMs: 10 * MIN } }]) {
          for (const row of minutes) minuteTexts.push(exact(classifyMinute(row, { stateMachine: w.stateMachine, health, now, ...extra })));
        }
      }
    }
    sections[`${w.name}/minutes`] = hash(minuteTexts.join('\n'));

    // The other parsers that read Insights rows.
    const minuteRows: InsightsRow[] = input.logs.flatMap((m, i) => [
      [
        { field: i % 2 ? 'bin(1m)' : 'minute', value: new Date(m.minute).toISOString().replace('T', ' ').replace('Z', '') },
        { field: 'type', value: 'ExecutionStarted' },
        { field: i % 3 ? 'events' : 'count(*)', value: String(m.started) },
      ],
      [
        { field: '@ptr', value: 'x' },
        { field: 'bin(5m)', value: String(m.minute) },
        { field: 'type', value: i % 7 ? 'ExecutionSucceeded' : 'TaskStateExited' },
        { field: 'events', value: String(m.succeeded) },
      ],
    ]);
    sections[`${w.name}/minute-rows`] = hash(exact(parseTerminalMinuteRows(minuteRows, { limit: 50 })));
    const eventRows: InsightsRow[] = input.rows.map((row) => [
      ...row.map((c) => (c.field === 'firstAt' ? { field: '@timestamp', value: c.value } : c.field === 'lastIngestedAt' ? { field: '@ingestionTime', value: c.value } : c)),
      ...(row.length % 3 ? [{ field: '@message', value: JSON.stringify({ cells: row.length }) }] : []),
      ...(row.length % 2 ? [{ field: '@logStream', value: 'states/orders/abc' }] : [{ field: '@logStream', value: '' }]),
    ]);
    sections[`${w.name}/event-rows`] = hash(exact(parseEventRows(eventRows)));
  });

  return { sections, verdicts, causes: Object.fromEntries(Object.entries(causes).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

describe('the reconciliation core gives the verdicts it gave before its performance work', () => {
  it('gives byte-identical records, joins, neighbour stats and verdicts for thousands of generated executions', () => {
    const actual = compute();
    if (process.env.UPDATE_VERDICT_EQUIVALENCE === '1') writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Expected;
    // Every shape of verdict is exercised (a generator change that loses some would weaken the test).
    expect(actual.verdicts).toBeGreaterThan(30_000);
    expect(Object.keys(actual.causes).length).toBeGreaterThanOrEqual(38);
    expect(actual.causes).toEqual(expected.causes);
    expect(actual.verdicts).toBe(expected.verdicts);
    // Section by section, so a failure names what changed.
    expect(actual.sections).toEqual(expected.sections);
  });
});
