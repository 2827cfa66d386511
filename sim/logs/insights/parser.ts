// Parser: tokens become commands and expressions (the documented subset; anything else is a MalformedQueryError).

import { type Aggregate, AGGREGATES, at, type BinaryOp, type Command, type Expr, type Literal, MalformedQueryError, type Node, type SourcePos } from './ast';
import { type Token, tokenize, unexpected } from './lexer';

/** The `limit` command and StartQuery's `limit` accept up to 100,000 rows (docs/aws-behaviour.md §11.8). */
const MAX_LIMIT = 100_000;

/** Real commands this engine does not implement; named in the error so a failing query is easy to read. */
const UNSUPPORTED_COMMANDS = new Set(['parse', 'dedup', 'unmask', 'pattern', 'diff', 'anomaly', 'lookup', 'source', 'unnest']);

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

/** The commands of a query, or a MalformedQueryError naming where it stops making sense. */
export function parseCommands(query: string): Command[] {
  return new Parser(tokenize(query), query).parseQuery();
}
