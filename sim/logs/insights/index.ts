// A Logs Insights engine over a documented subset of the query language, for the simulated
// StartQuery/GetQueryResults (docs/aws-behaviour.md §7, §10). It is streaming: records are read once and
// never held. A stats query keeps one small accumulator per group; a plain query keeps at most
// about twice its row limit.
//
// Subset: `fields`, `filter`, `filterIndex`, `stats`, `sort`, `limit`, `display`. Anything else
// fails at parse time with a MalformedQueryError, as an unparseable query does on AWS.
// Syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html

export class MalformedQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedQueryError';
  }
}

export interface InsightsRecord {
  /**
   * `@timestamp` and `@ingestionTime` are epoch milliseconds; JSON fields are flattened with dots.
   * A record may answer `@ptr`; otherwise results carry an opaque generated one.
   */
  get(field: string): string | number | undefined;
  messageBytes: number;
}

export interface InsightsStatistics {
  recordsScanned: number;
  recordsMatched: number;
  bytesScanned: number;
}

export interface InsightsResult {
  rows: Array<Array<{ field: string; value: string }>>;
  statistics: InsightsStatistics;
}

/** Line is 1-based; position is the 0-based column within the line, as in AWS's parser messages. */
export interface SourcePos {
  line: number;
  position: number;
}

export type Literal = string | number;
export type BinaryOp = 'and' | 'or' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

interface Node {
  /** The expression as written; it names an unaliased column (`count(*)`, `bin(1m)`). */
  text: string;
  pos: SourcePos;
}

export type Expr =
  | (Node & { kind: 'field'; name: string })
  | (Node & { kind: 'literal'; value: Literal })
  | (Node & { kind: 'period'; ms: number })
  | (Node & { kind: 'call'; fn: string; args: Expr[]; star: boolean })
  | (Node & { kind: 'not' | 'neg'; arg: Expr })
  | (Node & { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr })
  | (Node & { kind: 'in'; arg: Expr; items: Literal[]; negated: boolean })
  | (Node & { kind: 'like'; arg: Expr; pattern: string | RegExp; negated: boolean });

export const AGGREGATES = ['count', 'count_distinct', 'min', 'max', 'sum', 'avg', 'earliest', 'latest'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export type Command =
  | { kind: 'fields'; pos: SourcePos; items: Array<{ expr: Expr; alias: string | undefined; name: string }> }
  | { kind: 'display'; pos: SourcePos; names: string[] }
  | { kind: 'filter'; pos: SourcePos; expr: Expr }
  | { kind: 'filterIndex'; pos: SourcePos; field: string; values: Literal[] }
  | {
      kind: 'stats';
      pos: SourcePos;
      aggregates: Array<{ fn: Aggregate; arg: Expr | null; name: string; pos: SourcePos }>;
      by: Array<{ expr: Expr; name: string }>;
    }
  | { kind: 'sort'; pos: SourcePos; keys: Array<{ expr: Expr; desc: boolean }> }
  | { kind: 'limit'; pos: SourcePos; n: number };

export interface InsightsQuery {
  readonly source: string;
  readonly commands: readonly Command[];
}

const DEFAULT_ROW_LIMIT = 10_000;
/** The `limit` command and StartQuery's `limit` accept up to 100,000 rows (docs/aws-behaviour.md §11.8). */
const MAX_LIMIT = 100_000;
const TIME_FIELDS = new Set(['@timestamp', '@ingestionTime']);
/** Real commands this engine does not implement; named in the error so a failing query is easy to read. */
const UNSUPPORTED_COMMANDS = new Set(['parse', 'dedup', 'unmask', 'pattern', 'diff', 'anomaly', 'lookup', 'source', 'unnest']);

function at(pos: SourcePos): string {
  return `at line ${pos.line} and position ${pos.position}`;
}

// ---------------------------------------------------------------------------------------------
// Lexer

type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'period' | 'regex' | 'op' | 'eof';

interface Token {
  kind: TokenKind;
  /** As written (for errors); for strings, regexes and backquoted names, `value` is the content. */
  text: string;
  value: string;
  pos: SourcePos;
  start: number;
  end: number;
}

const TWO_CHAR_OPS = ['!=', '<=', '>=', '=~'];
const ONE_CHAR_OPS = '=<>()[],*+-/%|';
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

function unexpected(tok: Token): MalformedQueryError {
  const symbol = tok.kind === 'eof' ? '<EOF>' : tok.text;
  return new MalformedQueryError(`unexpected symbol found ${symbol} ${at(tok.pos)}`);
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const posAt = (index: number): SourcePos => ({ line, position: index - lineStart });
  const push = (kind: TokenKind, start: number, end: number, value: string, pos: SourcePos): void => {
    tokens.push({ kind, text: src.slice(start, end), value, pos, start, end });
  };

  while (i < src.length) {
    const c = src.charAt(i);
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src.charAt(i) !== '\n') i++;
      continue;
    }
    const start = i;
    const pos = posAt(i);

    if (c === '"' || c === "'") {
      let value = '';
      i++;
      while (i < src.length && src.charAt(i) !== c) {
        const ch = src.charAt(i);
        if (ch === '\\' && i + 1 < src.length) {
          const next = src.charAt(i + 1);
          value += ESCAPES[next] ?? next;
          i += 2;
          continue;
        }
        if (ch === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += ch;
        i++;
      }
      if (i >= src.length) throw new MalformedQueryError(`unterminated string starting ${at(pos)}`);
      i++;
      push('string', start, i, value, pos);
      continue;
    }

    if (c === '`') {
      const close = src.indexOf('`', i + 1);
      if (close < 0) throw new MalformedQueryError(`unterminated field name starting ${at(pos)}`);
      i = close + 1;
      push('quoted', start, i, src.slice(start + 1, close), pos);
      continue;
    }

    const prev = tokens[tokens.length - 1];
    const regexAllowed = prev !== undefined && ((prev.kind === 'ident' && prev.text.toLowerCase() === 'like') || (prev.kind === 'op' && prev.text === '=~'));
    if (c === '/' && regexAllowed) {
      let value = '';
      i++;
      while (i < src.length && src.charAt(i) !== '/' && src.charAt(i) !== '\n') {
        if (src.charAt(i) === '\\' && src.charAt(i + 1) === '/') {
          value += '/';
          i += 2;
          continue;
        }
        value += src.charAt(i);
        i++;
      }
      if (src.charAt(i) !== '/') throw new MalformedQueryError(`unterminated regular expression starting ${at(pos)}`);
      i++;
      push('regex', start, i, value, pos);
      continue;
    }

    const number = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if (number.exec(src) !== null) {
      i = number.lastIndex;
      const unit = /[A-Za-z]+/y;
      unit.lastIndex = i;
      if (unit.exec(src) !== null) {
        i = unit.lastIndex;
        push('period', start, i, src.slice(start, i), pos);
      } else {
        push('number', start, i, src.slice(start, i), pos);
      }
      continue;
    }

    const ident = /[A-Za-z_@][A-Za-z0-9_@.]*/y;
    ident.lastIndex = i;
    if (ident.exec(src) !== null) {
      i = ident.lastIndex;
      push('ident', start, i, src.slice(start, i), pos);
      continue;
    }

    const two = src.slice(i, i + 2);
    if (TWO_CHAR_OPS.includes(two)) {
      i += 2;
      push('op', start, i, two, pos);
      continue;
    }
    if (ONE_CHAR_OPS.includes(c)) {
      i++;
      push('op', start, i, c, pos);
      continue;
    }
    throw new MalformedQueryError(`unexpected symbol found ${c} ${at(pos)}`);
  }
  tokens.push({ kind: 'eof', text: '', value: '', pos: posAt(i), start: i, end: i });
  return tokens;
}

const PERIOD_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  d: 86_400_000,
};

// ---------------------------------------------------------------------------------------------
// Parser

const RESERVED = new Set(['and', 'or', 'not', 'in', 'like', 'as', 'by', 'asc', 'desc']);

class Parser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly src: string,
  ) {}

  parseQuery(): Command[] {
    const commands: Command[] = [];
    do commands.push(this.parseCommand());
    while (this.eatOp('|'));
    if (this.peek().kind !== 'eof') throw unexpected(this.peek());
    return commands;
  }

  private parseCommand(): Command {
    const tok = this.next();
    if (tok.kind !== 'ident') throw unexpected(tok);
    const name = tok.text.toLowerCase();
    const pos = tok.pos;
    switch (name) {
      case 'fields':
        return {
          kind: 'fields',
          pos,
          items: this.parseList(() => {
            const expr = this.parseExpr();
            const alias = this.parseAlias();
            return { expr, alias, name: alias ?? (expr.kind === 'field' ? expr.name : expr.text) };
          }),
        };
      case 'display':
        return { kind: 'display', pos, names: this.parseList(() => this.parseFieldName()) };
      case 'filter':
        return { kind: 'filter', pos, expr: this.parseExpr() };
      case 'filterindex': {
        const field = this.parseFieldName();
        if (this.eatOp('=')) return { kind: 'filterIndex', pos, field, values: [this.parseLiteral()] };
        if (this.eatKeyword('in')) return { kind: 'filterIndex', pos, field, values: this.parseLiteralList() };
        throw unexpected(this.peek());
      }
      case 'stats':
        return this.parseStats(pos);
      case 'sort':
        return {
          kind: 'sort',
          pos,
          keys: this.parseList(() => {
            const expr = this.parseExpr();
            if (this.eatKeyword('desc')) return { expr, desc: true };
            this.eatKeyword('asc');
            return { expr, desc: false };
          }),
        };
      case 'limit': {
        const n = this.next();
        const value = Number(n.value);
        if (n.kind !== 'number') throw unexpected(n);
        if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
          throw new MalformedQueryError(`limit must be between 1 and ${MAX_LIMIT}, found ${n.text} ${at(n.pos)}`);
        }
        return { kind: 'limit', pos, n: value };
      }
      default:
        if (UNSUPPORTED_COMMANDS.has(name)) {
          throw new MalformedQueryError(
            `unexpected symbol found ${tok.text} ${at(pos)} (the simulated account supports fields, filter, filterIndex, stats, sort, limit and display)`,
          );
        }
        throw unexpected(tok);
    }
  }

  private parseStats(pos: SourcePos): Command {
    const aggregates = this.parseList(() => {
      const tok = this.next();
      const fn = tok.text.toLowerCase() as Aggregate;
      if (tok.kind !== 'ident' || !AGGREGATES.includes(fn) || !this.isOp(this.peek(), '(')) throw unexpected(tok);
      this.next();
      let arg: Expr | null = null;
      if (this.isOp(this.peek(), '*') && this.isOp(this.peek(1), ')')) {
        if (fn !== 'count') throw unexpected(this.peek());
        this.next();
      } else if (!this.isOp(this.peek(), ')')) {
        arg = this.parseExpr();
      } else if (fn !== 'count') {
        throw unexpected(this.peek());
      }
      this.expectOp(')');
      const text = this.src.slice(tok.start, this.prev().end);
      return { fn, arg, name: this.parseAlias() ?? text, pos: tok.pos };
    });
    const by = this.eatKeyword('by')
      ? this.parseList(() => {
          const expr = this.parseExpr();
          const alias = this.parseAlias();
          return { expr, name: alias ?? (expr.kind === 'field' ? expr.name : expr.text) };
        })
      : [];
    return { kind: 'stats', pos, aggregates, by };
  }

  // Expressions, loosest first: or, and, not, comparison, + -, * / %, unary -, primary.

  private parseExpr(): Expr {
    return this.parseBinaryLevel(() => this.parseAnd(), ['or']);
  }

  private parseAnd(): Expr {
    return this.parseBinaryLevel(() => this.parseNot(), ['and']);
  }

  private parseNot(): Expr {
    const start = this.peek();
    if (this.eatKeyword('not')) {
      const arg = this.parseNot();
      return { kind: 'not', arg, text: this.textFrom(start), pos: start.pos };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const start = this.peek();
    const left = this.parseBinaryLevel(() => this.parseTerm(), ['+', '-']);
    const tok = this.peek();
    if (tok.kind === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(tok.text)) {
      this.next();
      const right = this.parseBinaryLevel(() => this.parseTerm(), ['+', '-']);
      return { kind: 'binary', op: tok.text as BinaryOp, left, right, text: this.textFrom(start), pos: start.pos };
    }
    let negated = false;
    if (this.isKeyword(tok, 'not') && (this.isKeyword(this.peek(1), 'in') || this.isKeyword(this.peek(1), 'like'))) {
      this.next();
      negated = true;
    }
    if (this.eatKeyword('in')) {
      const items = this.parseLiteralList();
      return { kind: 'in', arg: left, items, negated, text: this.textFrom(start), pos: start.pos };
    }
    if (this.eatKeyword('like') || (!negated && this.eatOp('=~'))) {
      const p = this.next();
      let pattern: string | RegExp;
      if (p.kind === 'string') pattern = p.value;
      else if (p.kind === 'regex') pattern = toRegExp(p);
      else throw unexpected(p);
      return { kind: 'like', arg: left, pattern, negated, text: this.textFrom(start), pos: start.pos };
    }
    return left;
  }

  private parseTerm(): Expr {
    return this.parseBinaryLevel(() => this.parseUnary(), ['*', '/', '%']);
  }

  private parseUnary(): Expr {
    const start = this.peek();
    if (this.eatOp('-')) {
      const arg = this.parseUnary();
      if (arg.kind === 'literal' && typeof arg.value === 'number') {
        return { kind: 'literal', value: -arg.value, text: this.textFrom(start), pos: start.pos };
      }
      return { kind: 'neg', arg, text: this.textFrom(start), pos: start.pos };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const tok = this.next();
    const node = (): Node => ({ text: this.textFrom(tok), pos: tok.pos });
    switch (tok.kind) {
      case 'number':
        return { kind: 'literal', value: Number(tok.value), ...node() };
      case 'string':
        return { kind: 'literal', value: tok.value, ...node() };
      case 'period': {
        const m = /^(\d+)([A-Za-z]+)$/.exec(tok.text);
        const unit = m ? PERIOD_UNITS[m[2]!.toLowerCase()] : undefined;
        if (!m || unit === undefined) throw unexpected(tok);
        return { kind: 'period', ms: Number(m[1]) * unit, ...node() };
      }
      case 'quoted':
        return { kind: 'field', name: tok.value, ...node() };
      case 'ident': {
        if (this.isOp(this.peek(), '(')) return this.parseCall(tok);
        if (RESERVED.has(tok.text.toLowerCase())) throw unexpected(tok);
        return { kind: 'field', name: tok.text, ...node() };
      }
      case 'op':
        if (tok.text === '(') {
          const inner = this.parseExpr();
          this.expectOp(')');
          return inner;
        }
        throw unexpected(tok);
      default:
        throw unexpected(tok);
    }
  }

  private parseCall(name: Token): Expr {
    this.expectOp('(');
    let star = false;
    const args: Expr[] = [];
    if (this.isOp(this.peek(), '*') && this.isOp(this.peek(1), ')')) {
      this.next();
      star = true;
    } else if (!this.isOp(this.peek(), ')')) {
      args.push(...this.parseList(() => this.parseExpr()));
    }
    this.expectOp(')');
    return { kind: 'call', fn: name.text.toLowerCase(), args, star, text: this.textFrom(name), pos: name.pos };
  }

  private parseBinaryLevel(operand: () => Expr, ops: string[]): Expr {
    const start = this.peek();
    let left = operand();
    for (;;) {
      const tok = this.peek();
      const op = tok.kind === 'op' ? tok.text : tok.kind === 'ident' ? tok.text.toLowerCase() : '';
      if (!ops.includes(op)) return left;
      this.next();
      const right = operand();
      left = { kind: 'binary', op: op as BinaryOp, left, right, text: this.textFrom(start), pos: start.pos };
    }
  }

  private parseLiteral(): Literal {
    const negative = this.eatOp('-');
    const tok = this.next();
    if (tok.kind === 'number') return negative ? -Number(tok.value) : Number(tok.value);
    if (tok.kind === 'string' && !negative) return tok.value;
    throw unexpected(tok);
  }

  private parseLiteralList(): Literal[] {
    this.expectOp('[');
    const items = this.isOp(this.peek(), ']') ? [] : this.parseList(() => this.parseLiteral());
    this.expectOp(']');
    return items;
  }

  private parseFieldName(): string {
    const tok = this.next();
    if (tok.kind === 'quoted') return tok.value;
    if (tok.kind === 'ident' && !RESERVED.has(tok.text.toLowerCase())) return tok.text;
    throw unexpected(tok);
  }

  private parseAlias(): string | undefined {
    return this.eatKeyword('as') ? this.parseFieldName() : undefined;
  }

  private parseList<T>(item: () => T): T[] {
    const items = [item()];
    while (this.eatOp(',')) items.push(item());
    return items;
  }

  private textFrom(start: Token): string {
    return this.src.slice(start.start, this.prev().end);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  private prev(): Token {
    return this.tokens[Math.max(this.i - 1, 0)]!;
  }

  private next(): Token {
    const tok = this.peek();
    if (tok.kind !== 'eof') this.i++;
    return tok;
  }

  private isOp(tok: Token, op: string): boolean {
    return tok.kind === 'op' && tok.text === op;
  }

  private isKeyword(tok: Token, keyword: string): boolean {
    return tok.kind === 'ident' && tok.text.toLowerCase() === keyword;
  }

  private eatOp(op: string): boolean {
    if (!this.isOp(this.peek(), op)) return false;
    this.i++;
    return true;
  }

  private eatKeyword(keyword: string): boolean {
    if (!this.isKeyword(this.peek(), keyword)) return false;
    this.i++;
    return true;
  }

  private expectOp(op: string): void {
    if (!this.eatOp(op)) throw unexpected(this.peek());
  }
}

/** Insights regexes are Java-flavoured; the common `(?i)` prefix becomes JavaScript's `i` flag. */
function toRegExp(tok: Token): RegExp {
  let source = tok.value;
  let flags = '';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags = 'i';
  }
  try {
    return new RegExp(source, flags);
  } catch {
    throw new MalformedQueryError(`invalid regular expression ${tok.text} ${at(tok.pos)}`);
  }
}

export function parseInsightsQuery(query: string): InsightsQuery {
  const commands = new Parser(tokenize(query), query).parseQuery();
  const q: InsightsQuery = { source: query, commands };
  plans.set(q, buildPlan(commands)); // compiling also validates functions, arities and stats references
  return q;
}

// ---------------------------------------------------------------------------------------------
// Values

type Value = string | number | boolean | undefined;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function toNumber(v: Value): number | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && NUMERIC.test(v.trim())) return Number(v);
  return undefined;
}

/** Booleans (from `ispresent` and comparisons) read as 1 and 0, as in Insights results. */
function toText(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
}

function truthy(v: Value): boolean {
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return v !== '';
}

/** Numeric when both sides are numbers (or numeric strings), otherwise by code unit. */
function compareLoose(a: string | number | boolean, b: string | number | boolean): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = toText(a);
  const t = toText(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/**
 * The `sort` order AWS documents (CWL_QuerySyntax-Sort): every non-number value sorts before every
 * number; non-numbers compare chunk by chunk, digit runs by length and then value, other runs by
 * Unicode code point.
 */
function compareNatural(a: string | number | boolean, b: string | number | boolean): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) {
    if (x !== y) return x - y;
    const s = toText(a);
    const t = toText(b);
    return s < t ? -1 : s > t ? 1 : 0; // AWS lists 01 before 1
  }
  if (x !== undefined) return 1;
  if (y !== undefined) return -1;
  return compareChunks(toText(a), toText(b));
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Chunk-wise comparison without allocating for the common prefix (sorting a million ARNs). */
function compareChunks(s: string, t: string): number {
  let p = 0;
  while (p < s.length && p < t.length && s.charCodeAt(p) === t.charCodeAt(p)) p++;
  if (p === s.length && p === t.length) return 0;
  // Restart at the start of the chunk the common prefix ends in: every chunk before it is equal.
  if (p > 0) {
    const digit = isDigit(s.charCodeAt(p - 1));
    while (p > 0 && isDigit(s.charCodeAt(p - 1)) === digit) p--;
  }
  let i = p;
  let j = p;
  while (i < s.length && j < t.length) {
    const sDigit = isDigit(s.charCodeAt(i));
    const tDigit = isDigit(t.charCodeAt(j));
    let iEnd = i;
    while (iEnd < s.length && isDigit(s.charCodeAt(iEnd)) === sDigit) iEnd++;
    let jEnd = j;
    while (jEnd < t.length && isDigit(t.charCodeAt(jEnd)) === tDigit) jEnd++;
    if (sDigit && tDigit && iEnd - i !== jEnd - j) return iEnd - i - (jEnd - j);
    const chunkS = s.slice(i, iEnd);
    const chunkT = t.slice(j, jEnd);
    if (chunkS !== chunkT) return chunkS < chunkT ? -1 : 1;
    i = iEnd;
    j = jEnd;
  }
  return i < s.length ? 1 : j < t.length ? -1 : 0;
}

function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  const iso = d.toISOString(); // 2023-11-14T22:13:20.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

function formatValue(v: string | number | boolean, isTime: boolean): string {
  if (isTime) {
    const ms = toNumber(v);
    if (ms !== undefined) return formatTimestamp(ms);
  }
  return toText(v);
}

// ---------------------------------------------------------------------------------------------
// Compilation: expressions become closures over a context (one record, or one stats result row).

interface RecordCtx {
  rec: InsightsRecord;
  /** Values of `fields ... as alias` for the current record. */
  slots: Value[];
  /** 1-based position in the scan, used for `@ptr`. */
  seq: number;
}

type Getter<C> = (c: C) => Value;

interface Typed<C> {
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

class RecordScope implements Scope<RecordCtx> {
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

class RowScope implements Scope<Value[]> {
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

function compileExpr<C>(e: Expr, scope: Scope<C>): Typed<C> {
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

// ---------------------------------------------------------------------------------------------
// Plans

interface Column<C> extends Typed<C> {
  name: string;
}

interface SortKey<C> {
  get: Getter<C>;
  desc: boolean;
}

type Slot = Value | Set<string>;

interface AggregatePlan {
  fn: Aggregate;
  arg: Getter<RecordCtx> | null;
  /** First accumulator slot in a group's state array. */
  offset: number;
  name: string;
  isTime: boolean;
}

interface StatsPlan {
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

interface RowsPlan {
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

function planFor(q: InsightsQuery): Plan {
  let plan = plans.get(q);
  if (plan === undefined) {
    plan = buildPlan(q.commands);
    plans.set(q, plan);
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Execution

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

// ---------------------------------------------------------------------------------------------
// Index hints

/**
 * The top-level conjunctive `field = "value"` / `field in [...]` filters and every `filterIndex`,
 * before `stats`, on log fields (not aliases). A record can match only if its field has one of the
 * values, so a caller holding a field index may skip the rest (and report estimatedRecordsSkipped).
 * Terms on the same field are intersected. Numeric literals are left out: `id = 3` also matches "3.0".
 */
export function indexableEqualities(q: InsightsQuery): Array<{ field: string; values: string[] }> {
  const found = new Map<string, string[]>();
  const add = (field: string, values: string[]): void => {
    const prev = found.get(field);
    found.set(field, prev === undefined ? [...new Set(values)] : prev.filter((v) => values.includes(v)));
  };
  const aliases = new Set<string>();
  for (const cmd of q.commands) {
    if (cmd.kind === 'stats') break;
    if (cmd.kind === 'fields') {
      for (const item of cmd.items) if (item.expr.kind !== 'field' || item.alias !== undefined) aliases.add(item.name);
    } else if (cmd.kind === 'filterIndex') {
      if (!aliases.has(cmd.field)) add(cmd.field, cmd.values.map(String));
    } else if (cmd.kind === 'filter') {
      for (const term of conjuncts(cmd.expr)) {
        const eq = equalityTerm(term);
        if (eq !== null && !aliases.has(eq.field)) add(eq.field, eq.values);
      }
    }
  }
  return [...found].map(([field, values]) => ({ field, values }));
}

function conjuncts(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function equalityTerm(e: Expr): { field: string; values: string[] } | null {
  if (e.kind === 'binary' && e.op === '=') {
    const [field, literal] = e.left.kind === 'field' ? [e.left, e.right] : [e.right, e.left];
    if (field.kind === 'field' && literal.kind === 'literal' && typeof literal.value === 'string') {
      return { field: field.name, values: [literal.value] };
    }
  }
  if (e.kind === 'in' && !e.negated && e.arg.kind === 'field' && e.items.every((i) => typeof i === 'string')) {
    return { field: e.arg.name, values: e.items.map(String) };
  }
  return null;
}
