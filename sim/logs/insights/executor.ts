// Execution: one streaming pass over the records into a stats or rows sink.

import type { InsightsQuery, InsightsRecord, InsightsResult } from './ast';
import { compareNatural, formatValue, toNumber, toText, truthy, type Value } from './values';
import type { RecordCtx } from './compiler';
import { type AggregatePlan, planFor, type RowsPlan, type Slot, type StatsPlan } from './planner';

const DEFAULT_ROW_LIMIT = 10_000;

type OutputRow = Array<{ field: string; value: string }>;

interface Sink {
  add(c: RecordCtx): void;
  finish(cap: number): OutputRow[];
}

/**
 * Runs a query over the records. With `partialUntil`, the same pass also computes the result over
 * the records stamped up to that time (what a poll while the query is Running sees): a second sink
 * fed from the one scan, so the partial result costs no second read of the log group.
 */
export function runInsightsQuery(
  q: InsightsQuery,
  records: Iterable<InsightsRecord>,
  options: { maxRows?: number; partialUntil?: number } = {},
): InsightsResult & { partial?: InsightsResult } {
  const plan = planFor(q);
  const cap = Math.min(plan.limit ?? Infinity, options.maxRows ?? DEFAULT_ROW_LIMIT);
  const newSink = (): Sink => (plan.stats !== null ? new StatsSink(plan.stats) : new RowsSink(plan.rows!, cap));
  const sink = newSink();
  const partialUntil = options.partialUntil;
  const partialSink = partialUntil === undefined ? null : newSink();
  const partialStats = { recordsScanned: 0, recordsMatched: 0, bytesScanned: 0 };
  let ctx: RecordCtx | null = null; // one context, reused for every record
  let recordsScanned = 0;
  let recordsMatched = 0;
  let bytesScanned = 0;

  records: for (const rec of records) {
    recordsScanned++;
    bytesScanned += rec.messageBytes;
    const early = partialSink !== null && (toNumber(rec.get('@timestamp')) ?? Infinity) <= (partialUntil ?? -Infinity);
    if (early) {
      partialStats.recordsScanned++;
      partialStats.bytesScanned += rec.messageBytes;
    }
    if (ctx === null) ctx = { rec, slots: new Array<Value>(plan.slotCount), seq: recordsScanned };
    else {
      ctx.rec = rec;
      ctx.seq = recordsScanned;
    }
    for (const stage of plan.stages) if (!stage(ctx)) continue records;
    recordsMatched++;
    sink.add(ctx);
    if (early && partialSink !== null) {
      partialStats.recordsMatched++;
      partialSink.add(ctx);
    }
  }

  return {
    rows: sink.finish(cap),
    statistics: { recordsScanned, recordsMatched, bytesScanned },
    ...(partialSink !== null ? { partial: { rows: partialSink.finish(cap), statistics: partialStats } } : {}),
  };
}

function compareSortValues(x: Value, y: Value, desc: boolean): number {
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1; // missing last, either way
  const c = compareNatural(x, y);
  return desc ? -c : c;
}

function compareKeys(a: Value[], b: Value[], desc: boolean[]): number {
  for (let k = 0; k < desc.length; k++) {
    const c = compareSortValues(a[k], b[k], desc[k] ?? false);
    if (c !== 0) return c;
  }
  return 0;
}

function toOutputRow(values: Value[], columns: Array<{ name: string; isTime: boolean }>): OutputRow {
  const row: OutputRow = [];
  columns.forEach((col, k) => {
    const v = values[k];
    if (v !== undefined) row.push({ field: col.name, value: formatValue(v, col.isTime) });
  });
  return row;
}

class RowsSink implements Sink {
  private readonly rows: OutputRow[] = [];
  private readonly top: TopN<OutputRow> | null;

  constructor(
    private readonly plan: RowsPlan,
    private readonly cap: number,
  ) {
    const desc = plan.sort?.map((k) => k.desc) ?? [];
    this.top = plan.sort === null ? null : new TopN(cap, (a, b) => compareKeys(a, b, desc));
  }

  add(c: RecordCtx): void {
    const sort = this.plan.sort;
    if (sort === null || this.top === null) {
      if (this.rows.length < this.cap) this.rows.push(this.materialize(c));
      return;
    }
    this.top.offer(
      sort.map((k) => k.get(c)),
      c.seq,
      () => this.materialize(c),
    );
  }

  finish(): OutputRow[] {
    return this.top === null ? this.rows : this.top.result();
  }

  private materialize(c: RecordCtx): OutputRow {
    const cols = this.plan.columns;
    return toOutputRow(
      cols.map((col) => col.get(c)),
      cols,
    );
  }
}

/** The best `cap` items seen so far, in sort order; holds at most 2 × cap between compactions. */
class TopN<T> {
  private items: Array<{ keys: Value[]; seq: number; item: T }> = [];
  private worst: { keys: Value[]; seq: number } | null = null;

  constructor(
    private readonly cap: number,
    private readonly compare: (a: Value[], b: Value[]) => number,
  ) {}

  offer(keys: Value[], seq: number, make: () => T): void {
    if (this.cap <= 0) return;
    // Ties keep the earlier record, so a later one that only equals the worst kept one loses.
    if (this.worst !== null && this.order({ keys, seq }, this.worst) >= 0) return;
    this.items.push({ keys, seq, item: make() });
    if (this.items.length >= 2 * this.cap) this.compact();
  }

  result(): T[] {
    this.compact();
    return this.items.map((i) => i.item);
  }

  private order(a: { keys: Value[]; seq: number }, b: { keys: Value[]; seq: number }): number {
    return this.compare(a.keys, b.keys) || a.seq - b.seq;
  }

  private compact(): void {
    this.items.sort((a, b) => this.order(a, b));
    if (this.items.length >= this.cap) {
      this.items.length = this.cap;
      this.worst = this.items[this.cap - 1] ?? null;
    }
  }
}

/** One state array per group: the `by` values, then each aggregate's accumulator slots. */
class StatsSink implements Sink {
  private readonly groups = new Map<string, Slot[]>();

  constructor(private readonly plan: StatsPlan) {}

  add(c: RecordCtx): void {
    const by = this.plan.by;
    let key: string;
    let values: Value[] | null = null;
    if (by.length === 0) key = '';
    else if (by.length === 1) key = groupKey(by[0]!.get(c));
    else {
      values = by.map((b) => b.get(c));
      key = values.map(groupKey).join('\u001f');
    }
    let state = this.groups.get(key);
    if (state === undefined) {
      state = this.newState(values ?? by.map((b) => b.get(c)));
      this.groups.set(key, state);
    }
    for (const agg of this.plan.aggregates) accumulate(agg, state, c);
  }

  finish(cap: number): OutputRow[] {
    const { plan } = this;
    const sort = plan.sort;
    const bin = plan.binColumn;
    const ordered = sort !== null || bin >= 0;
    const rows: Value[][] = [];
    for (const state of this.groups.values()) {
      const row = toResultRow(plan, state);
      if (!plan.filters.every((f) => truthy(f(row)))) continue;
      rows.push(row);
      if (!ordered && rows.length >= cap) break; // first-seen order: later groups cannot make the cut
    }
    this.groups.clear();
    if (sort !== null) {
      rows.sort((a, b) => {
        for (const k of sort) {
          const c = compareSortValues(k.get(a), k.get(b), k.desc);
          if (c !== 0) return c;
        }
        return 0;
      });
    } else if (bin >= 0) {
      rows.sort((a, b) => compareSortValues(a[bin], b[bin], false));
    }
    if (rows.length > cap) rows.length = cap;
    const display = plan.display;
    if (display === null) return rows.map((row) => toOutputRow(row, plan.columns));
    const columns = display.map((k) => plan.columns[k]!);
    return rows.map((row) => toOutputRow(display.map((k) => row[k]), columns));
  }

  private newState(byValues: Value[]): Slot[] {
    const state: Slot[] = [...byValues];
    state.length = byValues.length + this.plan.stateWidth;
    for (const agg of this.plan.aggregates) {
      if (agg.fn === 'count') state[agg.offset] = 0;
      else if (agg.fn === 'count_distinct') state[agg.offset] = new Set<string>();
      else if (agg.fn === 'avg') {
        state[agg.offset] = 0;
        state[agg.offset + 1] = 0;
      }
    }
    return state;
  }
}

/**
 * Turns a group's state into its result row in place, to keep peak memory at one array per group.
 * Aggregate j's result goes to slot by.length + j, which is at or before its own accumulator (each
 * aggregate has at least one slot), so no accumulator is overwritten before it is read.
 */
function toResultRow(plan: StatsPlan, state: Slot[]): Value[] {
  plan.aggregates.forEach((agg, j) => {
    state[plan.by.length + j] = aggregateResult(agg, state);
  });
  state.length = plan.by.length + plan.aggregates.length;
  return state as Value[];
}

function groupKey(v: Value): string {
  return v === undefined ? '\u0000' : toText(v);
}

function accumulate(agg: AggregatePlan, state: Slot[], c: RecordCtx): void {
  const o = agg.offset;
  if (agg.arg === null) {
    state[o] = (state[o] as number) + 1; // count(*)
    return;
  }
  const v = agg.arg(c);
  if (v === undefined) return;
  switch (agg.fn) {
    case 'count':
      state[o] = (state[o] as number) + 1;
      return;
    case 'count_distinct':
      (state[o] as Set<string>).add(toText(v));
      return;
    case 'min':
    case 'max': {
      const cur = state[o] as Value;
      if (cur === undefined || (agg.fn === 'min' ? compareMinMax(v, cur) < 0 : compareMinMax(v, cur) > 0)) state[o] = v;
      return;
    }
    case 'sum':
    case 'avg': {
      const n = toNumber(v);
      if (n === undefined) return;
      state[o] = ((state[o] as number | undefined) ?? 0) + n;
      if (agg.fn === 'avg') state[o + 1] = (state[o + 1] as number) + 1;
      return;
    }
    case 'earliest':
    case 'latest': {
      const t = toNumber(c.rec.get('@timestamp')) ?? 0;
      const best = state[o] as number | undefined;
      // How AWS breaks a tie between two records of the same millisecond is undocumented (real
      // Step Functions logs share milliseconds): the least favourable reading goes against the log's
      // order. latest() keeps the record read first (a StateExited over the ExecutionSucceeded of the
      // same millisecond), earliest() the one read last (docs/aws-behaviour.md §11.4).
      if (best === undefined || (agg.fn === 'earliest' ? t <= best : t > best)) {
        state[o] = t;
        state[o + 1] = v;
      }
      return;
    }
  }
}

/**
 * min()/max() return "the log field value"; whether values that are JSON strings but look like
 * numbers (`"id":"13"`) compare as numbers is undocumented. The least favourable reading: numbers
 * compare as numbers, anything else as text by code unit, so max("9", "13") is "9" (docs/aws-behaviour.md §11.4).
 */
function compareMinMax(a: string | number | boolean, b: string | number | boolean): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const s = toText(a);
  const t = toText(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Distinct values up to which the simulated count_distinct() is exact. */
const COUNT_DISTINCT_EXACT_UP_TO = 16;

/**
 * count_distinct() "is just an approximation" when the field "has very high cardinality"; how high is
 * undocumented. The simulator takes the least favourable reading: above 16 distinct values the count
 * is an estimate that is never exact (off by one or more, up or down, by a hash of the values), so
 * a figure that relies on it (ids missing = max id − distinct ids) is caught (docs/aws-behaviour.md §11.4).
 */
function approximateDistinct(values: Set<string>): number {
  const n = values.size;
  if (n <= COUNT_DISTINCT_EXACT_UP_TO) return n;
  let h = 2166136261;
  for (const v of values) for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 16777619) >>> 0;
  const off = 1 + Math.floor((n * (h % 3)) / 100);
  return h % 2 === 0 ? n - off : n + off;
}

function aggregateResult(agg: AggregatePlan, state: Slot[]): Value {
  const slot = state[agg.offset];
  switch (agg.fn) {
    case 'count_distinct':
      return approximateDistinct(slot as Set<string>);
    case 'avg': {
      const n = state[agg.offset + 1] as number;
      return n === 0 ? undefined : (slot as number) / n;
    }
    case 'earliest':
    case 'latest':
      return state[agg.offset + 1] as Value;
    default:
      return slot as Value;
  }
}
