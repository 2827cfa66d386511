// Plans: a query's commands become the stages a record passes and the stats or rows it feeds.

import { type Aggregate, at, type Command, type InsightsQuery, MalformedQueryError, type SourcePos } from './ast';
import { toText, truthy, type Value } from './values';
import { compileExpr, type Getter, type RecordCtx, RecordScope, RowScope, type Typed } from './compiler';

interface Column<C> extends Typed<C> {
  name: string;
}

interface SortKey<C> {
  get: Getter<C>;
  desc: boolean;
}

export type Slot = Value | Set<string>;

export interface AggregatePlan {
  fn: Aggregate;
  arg: Getter<RecordCtx> | null;
  /** First accumulator slot in a group's state array. */
  offset: number;
  name: string;
  isTime: boolean;
}

export interface StatsPlan {
  by: Array<Column<RecordCtx>>;
  aggregates: AggregatePlan[];
  stateWidth: number;
  /** Output columns: the `by` fields, then the aggregates. */
  columns: Array<{ name: string; isTime: boolean }>;
  filters: Array<Getter<Value[]>>;
  sort: Array<SortKey<Value[]>> | null;
  /** Default order when there is no `sort`: by the first `bin()` column, ascending. */
  binColumn: number;
  display: number[] | null;
}

export interface RowsPlan {
  columns: Array<Column<RecordCtx>>;
  sort: Array<SortKey<RecordCtx>> | null;
}

interface Plan {
  stages: Array<(c: RecordCtx) => boolean>;
  slotCount: number;
  limit: number | undefined;
  stats: StatsPlan | null;
  rows: RowsPlan | null;
}

const plans = new WeakMap<InsightsQuery, Plan>();

/** Accumulator slots each aggregate needs in a group's state array. */
const STATE_WIDTH: Record<Aggregate, number> = {
  count: 1,
  count_distinct: 1,
  min: 1,
  max: 1,
  sum: 1,
  avg: 2,
  earliest: 2,
  latest: 2,
};

function buildPlan(commands: readonly Command[]): Plan {
  const scope = new RecordScope();
  const stages: Array<(c: RecordCtx) => boolean> = [];
  const fieldColumns = new Map<string, Typed<RecordCtx>>();
  let display: string[] | null = null;
  let rowSort: Array<SortKey<RecordCtx>> | null = null;
  let limit: number | undefined;
  let sortOrLimitAt: SourcePos | null = null;
  let stats: StatsPlan | null = null;

  for (const cmd of commands) {
    if (stats !== null) {
      applyAfterStats(cmd, stats, (n) => (limit = Math.min(limit ?? n, n)));
      continue;
    }
    switch (cmd.kind) {
      case 'fields': {
        const assign: Array<(c: RecordCtx) => void> = [];
        for (const item of cmd.items) {
          const typed = compileExpr(item.expr, scope);
          if (item.expr.kind === 'field' && item.alias === undefined) {
            fieldColumns.delete(item.name);
            fieldColumns.set(item.name, typed);
            continue;
          }
          const get = typed.get;
          const slot = scope.define(item.name, typed.isTime);
          assign.push((c) => (c.slots[slot] = get(c)));
          fieldColumns.delete(item.name);
          fieldColumns.set(item.name, scope.field(item.name));
        }
        if (assign.length > 0) {
          stages.push((c) => {
            for (const a of assign) a(c);
            return true;
          });
        }
        break;
      }
      case 'filter': {
        const get = compileExpr(cmd.expr, scope).get;
        stages.push((c) => truthy(get(c)));
        break;
      }
      case 'filterIndex': {
        const get = scope.field(cmd.field).get;
        const values = new Set(cmd.values.map(String));
        stages.push((c) => {
          const v = get(c);
          return v !== undefined && values.has(toText(v));
        });
        break;
      }
      case 'display':
        display = cmd.names;
        break;
      case 'sort':
        rowSort = cmd.keys.map((k) => ({ get: compileExpr(k.expr, scope).get, desc: k.desc }));
        sortOrLimitAt ??= cmd.pos;
        break;
      case 'limit':
        limit = Math.min(limit ?? cmd.n, cmd.n);
        sortOrLimitAt ??= cmd.pos;
        break;
      case 'stats':
        if (sortOrLimitAt !== null) {
          throw new MalformedQueryError(`unexpected symbol found stats ${at(cmd.pos)}: sort and limit must come after stats`);
        }
        stats = compileStats(cmd, scope, display);
        display = null;
        break;
    }
  }

  if (stats !== null) return { stages, slotCount: scope.slotCount, limit, stats, rows: null };

  const names = display ?? (fieldColumns.size > 0 ? [...fieldColumns.keys()] : ['@timestamp', '@message']);
  const columns: Array<Column<RecordCtx>> = names.map((name) => ({ name, ...(fieldColumns.get(name) ?? scope.field(name)) }));
  columns.push({ name: '@ptr', get: (c) => c.rec.get('@ptr') ?? `sim-ptr-${c.seq.toString(36)}`, isTime: false });
  return { stages, slotCount: scope.slotCount, limit, stats: null, rows: { columns, sort: rowSort } };
}

function compileStats(cmd: Extract<Command, { kind: 'stats' }>, scope: RecordScope, display: string[] | null): StatsPlan {
  const by = cmd.by.map((b) => ({ name: b.name, ...compileExpr(b.expr, scope) }));
  let offset = by.length;
  const aggregates = cmd.aggregates.map((a): AggregatePlan => {
    const arg = a.arg === null ? null : compileExpr(a.arg, scope);
    const plan: AggregatePlan = {
      fn: a.fn,
      arg: arg?.get ?? null,
      offset,
      name: a.name,
      // [inf] earliest/latest of a timestamp read as timestamps; min/max stay epoch milliseconds.
      isTime: (a.fn === 'earliest' || a.fn === 'latest') && arg?.isTime === true,
    };
    offset += STATE_WIDTH[a.fn];
    return plan;
  });
  const columns = [...by.map((b) => ({ name: b.name, isTime: b.isTime })), ...aggregates.map((a) => ({ name: a.name, isTime: a.isTime }))];
  const binColumn = cmd.by.findIndex((b) => b.expr.kind === 'call' && b.expr.fn === 'bin');
  const plan: StatsPlan = {
    by,
    aggregates,
    stateWidth: offset - by.length,
    columns,
    filters: [],
    sort: null,
    binColumn,
    display: null,
  };
  if (display !== null) plan.display = resolveDisplay(display, plan, cmd.pos);
  return plan;
}

function resolveDisplay(names: string[], stats: StatsPlan, pos: SourcePos): number[] {
  const scope = new RowScope(stats.columns);
  return names.map((name) => {
    const index = scope.indexOf(name);
    if (index < 0) throw new MalformedQueryError(`unknown field ${name} ${at(pos)}: after stats only its output fields exist`);
    return index;
  });
}

function applyAfterStats(cmd: Command, stats: StatsPlan, setLimit: (n: number) => void): void {
  const scope = new RowScope(stats.columns);
  switch (cmd.kind) {
    case 'filter':
      stats.filters.push(compileExpr(cmd.expr, scope).get);
      return;
    case 'sort':
      stats.sort = cmd.keys.map((k) => ({ get: compileExpr(k.expr, scope).get, desc: k.desc }));
      return;
    case 'limit':
      setLimit(cmd.n);
      return;
    case 'display':
      stats.display = resolveDisplay(cmd.names, stats, cmd.pos);
      return;
    default:
      throw new MalformedQueryError(`unexpected symbol found ${cmd.kind} ${at(cmd.pos)}: only filter, sort, limit and display may follow stats`);
  }
}

export function planFor(q: InsightsQuery): Plan {
  let plan = plans.get(q);
  if (plan === undefined) {
    plan = buildPlan(q.commands);
    plans.set(q, plan);
  }
  return plan;
}
