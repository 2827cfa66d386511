// Compilation: expressions become closures over a context (one record, or one stats result row).

import { AGGREGATES, at, type BinaryOp, type Expr, type InsightsRecord, MalformedQueryError, type SourcePos } from './ast';
import { compareLoose, toNumber, toText, truthy, type Value } from './values';

const TIME_FIELDS = new Set(['@timestamp', '@ingestionTime']);

export interface RecordCtx {
  rec: InsightsRecord;
  /** Values of `fields ... as alias` for the current record. */
  slots: Value[];
  /** 1-based position in the scan, used for `@ptr`. */
  seq: number;
}

export type Getter<C> = (c: C) => Value;

export interface Typed<C> {
  get: Getter<C>;
  /** Formats as a timestamp in results (`@timestamp`, `bin()`, `fromMillis()` ...). */
  isTime: boolean;
}

interface Scope<C> {
  field(name: string, pos: SourcePos): Typed<C>;
  /** After `stats`: the output column an aggregate or `bin()` expression names. */
  column?(text: string): Typed<C> | undefined;
  /** Before `stats`: the record's `@timestamp`, for `bin()`. */
  timestamp?: (c: C) => number | undefined;
}

export class RecordScope implements Scope<RecordCtx> {
  readonly aliases = new Map<string, { slot: number; isTime: boolean }>();
  slotCount = 0;

  field(name: string): Typed<RecordCtx> {
    const alias = this.aliases.get(name);
    if (alias !== undefined) {
      const slot = alias.slot;
      return { get: (c) => c.slots[slot], isTime: alias.isTime };
    }
    return { get: (c) => c.rec.get(name), isTime: TIME_FIELDS.has(name) };
  }

  timestamp = (c: RecordCtx): number | undefined => toNumber(c.rec.get('@timestamp'));

  define(name: string, isTime: boolean): number {
    const slot = this.slotCount++;
    this.aliases.set(name, { slot, isTime });
    return slot;
  }
}

const squash = (s: string): string => s.replace(/\s+/g, '');

export class RowScope implements Scope<Value[]> {
  constructor(private readonly columns: Array<{ name: string; isTime: boolean }>) {}

  indexOf(name: string): number {
    const exact = this.columns.findIndex((c) => c.name === name);
    return exact >= 0 ? exact : this.columns.findIndex((c) => squash(c.name) === squash(name));
  }

  field(name: string, pos: SourcePos): Typed<Value[]> {
    const found = this.column(name);
    if (found === undefined) throw new MalformedQueryError(`unknown field ${name} ${at(pos)}: after stats only its output fields exist`);
    return found;
  }

  column(text: string): Typed<Value[]> | undefined {
    const index = this.indexOf(text);
    const col = this.columns[index];
    return col === undefined ? undefined : { get: (row) => row[index], isTime: col.isTime };
  }
}

export function compileExpr<C>(e: Expr, scope: Scope<C>): Typed<C> {
  switch (e.kind) {
    case 'literal': {
      const value = e.value;
      return { get: () => value, isTime: false };
    }
    case 'field':
      return scope.field(e.name, e.pos);
    case 'period':
      throw new MalformedQueryError(`unexpected symbol found ${e.text} ${at(e.pos)}`);
    case 'not': {
      const arg = compileExpr(e.arg, scope).get;
      return { get: (c) => !truthy(arg(c)), isTime: false };
    }
    case 'neg': {
      const arg = compileExpr(e.arg, scope).get;
      return { get: (c) => negate(toNumber(arg(c))), isTime: false };
    }
    case 'binary':
      return compileBinary(e, scope);
    case 'in': {
      const arg = compileExpr(e.arg, scope).get;
      const strings = new Set(e.items.filter((i): i is string => typeof i === 'string'));
      const numbers = e.items.filter((i): i is number => typeof i === 'number');
      const negated = e.negated;
      return {
        get: (c) => {
          const v = arg(c);
          if (v === undefined) return false;
          const n = numbers.length > 0 ? toNumber(v) : undefined;
          const found = strings.has(toText(v)) || (n !== undefined && numbers.includes(n));
          return found !== negated;
        },
        isTime: false,
      };
    }
    case 'like': {
      const arg = compileExpr(e.arg, scope).get;
      const pattern = e.pattern;
      const test = typeof pattern === 'string' ? (s: string) => s.includes(pattern) : (s: string) => pattern.test(s);
      const negated = e.negated;
      return {
        get: (c) => {
          const v = arg(c);
          return v === undefined ? false : test(toText(v)) !== negated;
        },
        isTime: false,
      };
    }
    case 'call':
      return compileCall(e, scope);
  }
}

function negate(n: number | undefined): number | undefined {
  return n === undefined ? undefined : -n;
}

function literalKind(e: Expr): 'number' | 'string' | null {
  if (e.kind !== 'literal') return null;
  return typeof e.value === 'number' ? 'number' : 'string';
}

function compileBinary<C>(e: Extract<Expr, { kind: 'binary' }>, scope: Scope<C>): Typed<C> {
  const l = compileExpr(e.left, scope).get;
  const r = compileExpr(e.right, scope).get;
  switch (e.op) {
    case 'and':
      return { get: (c) => truthy(l(c)) && truthy(r(c)), isTime: false };
    case 'or':
      return { get: (c) => truthy(l(c)) || truthy(r(c)), isTime: false };
    case '+':
    case '-':
    case '*':
    case '/':
    case '%': {
      // Arithmetic is documented for numbers; on a timestamp (`@ingestionTime - @timestamp`) it is
      // not (toMillis() is): the least favourable reading is to refuse it (docs/aws-behaviour.md §11.11).
      const timeOperand = [e.left, e.right].find((x) => compileExpr(x, scope).isTime);
      if (timeOperand !== undefined) {
        throw new MalformedQueryError(`arithmetic on the timestamp ${timeOperand.text} ${at(e.pos)} is not supported: convert it with toMillis() first`);
      }
      const op = e.op;
      return { get: (c) => arithmetic(op, toNumber(l(c)), toNumber(r(c))), isTime: false };
    }
    default: {
      // A literal decides the comparison: `id = 3` compares numerically, `id = "3"` as text.
      // Without one, numbers compare numerically when both sides are numeric.
      const mode = literalKind(e.right) ?? literalKind(e.left);
      const op = e.op;
      return {
        get: (c) => {
          const a = l(c);
          const b = r(c);
          if (a === undefined || b === undefined) return false;
          let cmp: number;
          if (mode === 'number') {
            const x = toNumber(a);
            const y = toNumber(b);
            if (x === undefined || y === undefined) return false;
            cmp = x - y;
          } else if (mode === 'string') {
            const s = toText(a);
            const t = toText(b);
            cmp = s < t ? -1 : s > t ? 1 : 0;
          } else {
            cmp = compareLoose(a, b);
          }
          return applyComparison(op, cmp);
        },
        isTime: false,
      };
    }
  }
}

function applyComparison(op: BinaryOp, cmp: number): boolean {
  switch (op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    default:
      return cmp >= 0;
  }
}

function arithmetic(op: '+' | '-' | '*' | '/' | '%', x: number | undefined, y: number | undefined): number | undefined {
  if (x === undefined || y === undefined) return undefined;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? undefined : x / y;
    case '%':
      return y === 0 ? undefined : x % y;
  }
}

function compileCall<C>(e: Extract<Expr, { kind: 'call' }>, scope: Scope<C>): Typed<C> {
  const column = scope.column?.(e.text);
  if (column !== undefined) return column;
  if ((AGGREGATES as readonly string[]).includes(e.fn)) {
    throw new MalformedQueryError(`aggregate function ${e.fn} is only allowed in stats, found ${at(e.pos)}`);
  }
  const arity = (min: number, max = min): void => {
    if (e.star || e.args.length < min || e.args.length > max) {
      throw new MalformedQueryError(`invalid number of arguments for ${e.fn} ${at(e.pos)}`);
    }
  };
  const arg = (k: number): Typed<C> => compileExpr(e.args[k]!, scope);
  const period = (k: number): number => {
    const p = e.args[k];
    if (p?.kind !== 'period') throw new MalformedQueryError(`${e.fn} needs a time period such as 1m ${at(e.pos)}`);
    return p.ms;
  };
  const text = (f: (s: string) => Value): Typed<C> => {
    arity(1);
    const a = arg(0).get;
    return {
      get: (c) => {
        const v = a(c);
        return v === undefined ? undefined : f(toText(v));
      },
      isTime: false,
    };
  };
  const numeric = (f: (n: number) => number): Typed<C> => {
    arity(1);
    const a = arg(0).get;
    return {
      get: (c) => {
        const n = toNumber(a(c));
        return n === undefined ? undefined : f(n);
      },
      isTime: false,
    };
  };

  switch (e.fn) {
    case 'ispresent': {
      arity(1);
      const a = arg(0).get;
      return { get: (c) => a(c) !== undefined, isTime: false };
    }
    case 'isempty': {
      arity(1);
      const a = arg(0).get;
      return { get: (c) => (a(c) ?? '') === '', isTime: false };
    }
    case 'isblank': {
      arity(1);
      const a = arg(0).get;
      return {
        get: (c) => {
          const v = a(c);
          return v === undefined || toText(v).trim() === '';
        },
        isTime: false,
      };
    }
    case 'coalesce': {
      arity(1, Infinity);
      const args = e.args.map((x) => compileExpr(x, scope));
      return {
        get: (c) => {
          for (const a of args) {
            const v = a.get(c);
            if (v !== undefined) return v;
          }
          return undefined;
        },
        isTime: args.every((a) => a.isTime),
      };
    }
    case 'concat': {
      arity(1, Infinity);
      const args = e.args.map((x) => compileExpr(x, scope).get);
      return {
        get: (c) => args.map((a) => {
          const v = a(c);
          return v === undefined ? '' : toText(v);
        }).join(''),
        isTime: false,
      };
    }
    case 'strlen':
      return text((s) => [...s].length);
    case 'tolower':
      return text((s) => s.toLowerCase());
    case 'toupper':
      return text((s) => s.toUpperCase());
    case 'trim':
      return text((s) => s.trim());
    case 'substr': {
      // substr(s, x) / substr(s, x, y): from 0-based index x, y characters (`substr("xyZfooxyZ", 3, 3)` is "foo").
      arity(2, 3);
      const a = arg(0).get;
      const from = arg(1).get;
      const len = e.args.length === 3 ? arg(2).get : null;
      return {
        get: (c) => {
          const v = a(c);
          const x = toNumber(from(c));
          if (v === undefined || x === undefined) return undefined;
          const chars = [...toText(v)];
          const start = Math.max(0, Math.floor(x));
          const y = len === null ? chars.length : toNumber(len(c));
          if (y === undefined) return undefined;
          return chars.slice(start, start + Math.max(0, Math.floor(y))).join('');
        },
        isTime: false,
      };
    }
    case 'strcontains': {
      arity(2);
      const a = arg(0).get;
      const b = arg(1).get;
      return {
        get: (c) => {
          const x = a(c);
          const y = b(c);
          return x === undefined || y === undefined ? undefined : toText(x).includes(toText(y)) ? 1 : 0;
        },
        isTime: false,
      };
    }
    case 'abs':
      return numeric(Math.abs);
    case 'floor':
      return numeric(Math.floor);
    case 'ceil':
      return numeric(Math.ceil);
    case 'tomillis': {
      arity(1);
      const a = arg(0).get;
      return {
        get: (c) => {
          const v = a(c);
          const n = toNumber(v);
          if (n !== undefined || typeof v !== 'string') return n;
          const parsed = Date.parse(v);
          return Number.isNaN(parsed) ? undefined : parsed;
        },
        isTime: false,
      };
    }
    case 'frommillis': {
      arity(1);
      const a = arg(0).get;
      return { get: (c) => toNumber(a(c)), isTime: true };
    }
    case 'bin': {
      arity(1);
      const ms = period(0);
      const ts = scope.timestamp;
      if (ts === undefined) throw new MalformedQueryError(`bin is only allowed before stats results ${at(e.pos)}`);
      return {
        get: (c) => {
          const t = ts(c);
          return t === undefined ? undefined : Math.floor(t / ms) * ms;
        },
        isTime: true,
      };
    }
    case 'datefloor':
    case 'dateceil': {
      arity(2);
      const a = arg(0).get;
      const ms = period(1);
      const round = e.fn === 'datefloor' ? Math.floor : Math.ceil;
      return {
        get: (c) => {
          const t = toNumber(a(c));
          return t === undefined ? undefined : round(t / ms) * ms;
        },
        isTime: true,
      };
    }
    default:
      throw new MalformedQueryError(`unexpected symbol found ${e.fn} ${at(e.pos)} (function not supported by the simulated account)`);
  }
}
