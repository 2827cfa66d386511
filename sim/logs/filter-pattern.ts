// CloudWatch Logs filter patterns, as FilterLogEvents evaluates them (docs/aws-behaviour.md §7).
// Syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// Supported: the empty pattern, JSON patterns (`{ $.a.b = "v" && ($.n > 3 || $.c IS NULL) }`) and
// unstructured term patterns (`ERROR "exact phrase" -excluded ?either ?or`, `%regex%`).
// Space-delimited patterns (`[ip, user, ...]`) are rejected rather than silently mismatched.

export class InvalidFilterPatternError extends Error {
  constructor(detail: string) {
    super(`Invalid filter pattern: ${detail}`);
    this.name = 'InvalidFilterPatternError';
  }
}

export interface CompiledFilter {
  match(message: string, json?: unknown): boolean;
  /**
   * Top-level conjunctive `$.path = "value"` terms (none when the pattern has a top-level `||`).
   * `path` is the selector without its leading `$.` (`execution_arn`, `details.name`, `a[0].b`);
   * an event can match only if the scalar at `path`, as text, equals `value`.
   */
  equalities: Array<{ path: string; value: string }>;
}

/** FilterLogEvents `filterPattern` is at most 1024 characters [model]. */
const MAX_PATTERN_LENGTH = 1024;

export function compileFilterPattern(pattern: string | undefined): CompiledFilter {
  if (pattern !== undefined && pattern.length > MAX_PATTERN_LENGTH) {
    throw new InvalidFilterPatternError(`the pattern is ${pattern.length} characters long; the maximum is ${MAX_PATTERN_LENGTH}`);
  }
  const text = (pattern ?? '').trim();
  if (text === '') return { match: () => true, equalities: [] };
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) {
    throw new InvalidFilterPatternError('space-delimited patterns ([field, ...]) are not supported by the simulated account');
  }
  return compileTermPattern(text);
}

// ---------------------------------------------------------------------------------------------
// JSON patterns

type Segment = string | number;
type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

type PatternValue =
  | { kind: 'number'; n: number; text: string }
  | { kind: 'text'; text: string; test: (s: string) => boolean; wildcard: boolean }
  | { kind: 'regex'; re: RegExp };

type Condition =
  | { kind: 'and' | 'or'; terms: Condition[] }
  | { kind: 'compare'; path: Segment[]; pathText: string; op: ComparisonOp; value: PatternValue }
  | { kind: 'isNull' | 'notExists' | 'isTrue' | 'isFalse'; path: Segment[] };

const MISSING = Symbol('missing');
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function compileJsonPattern(text: string): CompiledFilter {
  if (!text.endsWith('}')) throw new InvalidFilterPatternError("a JSON pattern must end with '}'");
  const condition = new JsonPatternParser(text).parse();
  const equalities = topLevelEqualities(condition);
  // Values that can only appear literally in a JSON string (no `"`, `\` or `/`, which have short escapes)
  // let a raw-text check reject most events without parsing them. The check is exact unless the message
  // uses \u escapes, in which case it is skipped.
  const literalNeedles = equalities.map((e) => e.value).filter((v) => /^[\x20-\x7e]+$/.test(v) && !/["\\/]/.test(v) && !NUMBER.test(v));

  return {
    equalities,
    match(message: string, json?: unknown): boolean {
      let root = json;
      if (root === undefined) {
        if (literalNeedles.length > 0 && !message.includes('\\u') && literalNeedles.some((v) => !message.includes(v))) return false;
        try {
          root = JSON.parse(message);
        } catch {
          return false;
        }
      }
      if (root === null || typeof root !== 'object' || Array.isArray(root)) return false;
      return evaluate(condition, root);
    },
  };
}

function topLevelEqualities(condition: Condition): Array<{ path: string; value: string }> {
  if (condition.kind === 'or') return [];
  const out: Array<{ path: string; value: string }> = [];
  const visit = (c: Condition): void => {
    if (c.kind === 'and') c.terms.forEach(visit);
    else if (c.kind === 'compare' && c.op === '=' && c.value.kind === 'text' && !c.value.wildcard) {
      out.push({ path: c.pathText, value: c.value.text });
    }
  };
  visit(condition);
  return out;
}

function evaluate(c: Condition, root: object): boolean {
  switch (c.kind) {
    case 'and':
      return c.terms.every((t) => evaluate(t, root));
    case 'or':
      return c.terms.some((t) => evaluate(t, root));
    case 'isNull':
      return resolvePath(root, c.path) === null;
    case 'notExists':
      return resolvePath(root, c.path) === MISSING;
    case 'isTrue':
      return resolvePath(root, c.path) === true;
    case 'isFalse':
      return resolvePath(root, c.path) === false;
    case 'compare':
      return compareNode(resolvePath(root, c.path), c.op, c.value);
  }
}

function resolvePath(root: unknown, path: Segment[]): unknown {
  let node = root;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(node) || seg >= node.length) return MISSING;
      node = node[seg];
    } else {
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, seg)) return MISSING;
      node = (node as Record<string, unknown>)[seg];
    }
  }
  return node;
}

function compareNode(node: unknown, op: ComparisonOp, value: PatternValue): boolean {
  // AWS: "The SELECTOR must point to a value node (string or number) ... both {$.users = 1} and
  // {$.users != 1} will fail to match" when it points to an array or object. We treat a missing
  // field and null the same way, so `!=` never matches an event that lacks the field.
  if (typeof node !== 'string' && typeof node !== 'number' && typeof node !== 'boolean') return false;
  const text = String(node);
  let equal: boolean;
  switch (value.kind) {
    case 'number':
      if (typeof node === 'number') return applyNumeric(node, op, value.n);
      // [inf] Relational operators need a JSON number; `=`/`!=` against a string compare the text.
      if (op !== '=' && op !== '!=') return false;
      equal = text === value.text;
      break;
    case 'text':
      equal = value.test(text);
      break;
    case 'regex':
      equal = value.re.test(text);
      break;
  }
  return op === '=' ? equal : !equal;
}

function applyNumeric(a: number, op: ComparisonOp, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/**
 * AWS documents `*` as a wildcard only at the start or end of a value: "*Event will match PutEvent
 * and GetEvent. Event* will match EventId ... Ev*ent will only match the actual string Ev*ent".
 * So `*x*` is a substring match and an interior `*` is literal.
 */
function wildcardTest(value: string): { test: (s: string) => boolean; wildcard: boolean } {
  const leading = value.startsWith('*');
  const trailing = value.length > 1 && value.endsWith('*');
  if (!leading && !trailing) return { test: (s) => s === value, wildcard: false };
  const core = value.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return { test: (s) => s.includes(core), wildcard: true };
  if (leading) return { test: (s) => s.endsWith(core), wildcard: true };
  return { test: (s) => s.startsWith(core), wildcard: true };
}

class JsonPatternParser {
  private i = 1; // past the opening '{'
  private readonly end: number; // index of the closing '}'

  constructor(private readonly src: string) {
    this.end = src.length - 1;
  }

  parse(): Condition {
    const c = this.parseOr();
    this.skipWs();
    if (this.i !== this.end) this.fail(`unexpected '${this.src.charAt(this.i)}'`);
    return c;
  }

  private parseOr(): Condition {
    const terms = [this.parseAnd()];
    while (this.eat('||')) terms.push(this.parseAnd());
    return terms.length === 1 ? terms[0]! : { kind: 'or', terms };
  }

  private parseAnd(): Condition {
    const terms = [this.parseUnary()];
    while (this.eat('&&')) terms.push(this.parseUnary());
    return terms.length === 1 ? terms[0]! : { kind: 'and', terms };
  }

  private parseUnary(): Condition {
    if (this.eat('(')) {
      const c = this.parseOr();
      if (!this.eat(')')) this.fail("missing ')'");
      return c;
    }
    return this.parseCondition();
  }

  private parseCondition(): Condition {
    this.skipWs();
    if (this.src.charAt(this.i) !== '$') this.fail("expected a selector starting with '$'");
    const start = this.i;
    const path = this.parseSelector();
    const pathText = this.src.slice(start, this.i).replace(/^\$\.?/, '');
    this.skipWs();

    const word = /^[A-Za-z]+/.exec(this.src.slice(this.i, this.end))?.[0]?.toUpperCase();
    if (word === 'IS' || word === 'NOT') {
      this.i += word.length;
      this.skipWs();
      const next = /^[A-Za-z]+/.exec(this.src.slice(this.i, this.end))?.[0]?.toUpperCase();
      this.i += next?.length ?? 0;
      if (word === 'IS' && next === 'NULL') return { kind: 'isNull', path };
      if (word === 'IS' && next === 'TRUE') return { kind: 'isTrue', path };
      if (word === 'IS' && next === 'FALSE') return { kind: 'isFalse', path };
      if (word === 'NOT' && next === 'EXISTS') return { kind: 'notExists', path };
      this.fail(`expected IS NULL, IS TRUE, IS FALSE or NOT EXISTS after ${this.src.slice(start, this.i)}`);
    }

    const op = /^(?:!=|<=|>=|=|<|>)/.exec(this.src.slice(this.i, this.end))?.[0] as ComparisonOp | undefined;
    if (op === undefined) this.fail(`expected a comparison operator after ${this.src.slice(start, this.i).trim()}`);
    this.i += op.length;
    const value = this.parseValue();
    if (op !== '=' && op !== '!=' && value.kind !== 'number') {
      this.fail(`the ${op} operator needs a numeric value`);
    }
    return { kind: 'compare', path, pathText, op, value };
  }

  private parseSelector(): Segment[] {
    this.i++; // '$'
    const path: Segment[] = [];
    for (;;) {
      const c = this.src.charAt(this.i);
      if (c === '.') {
        const name = /^[A-Za-z0-9_-]+/.exec(this.src.slice(this.i + 1, this.end))?.[0];
        if (name === undefined) this.fail(`expected a property name after '.' at position ${this.i + 1}`);
        path.push(name);
        this.i += 1 + name.length;
      } else if (c === '[') {
        const index = /^\[(\d+)\]/.exec(this.src.slice(this.i, this.end));
        if (index === null) this.fail(`expected an array index like [0] at position ${this.i}`);
        path.push(Number(index[1]));
        this.i += index[0].length;
      } else {
        break;
      }
    }
    if (path.length === 0) this.fail("a selector needs a property after '$', like $.execution_arn");
    return path;
  }

  private parseValue(): PatternValue {
    this.skipWs();
    const c = this.src.charAt(this.i);
    if (c === '"') {
      let text = '';
      let j = this.i + 1;
      for (; j < this.end; j++) {
        const ch = this.src.charAt(j);
        if (ch === '\\' && j + 1 < this.end) text += this.src.charAt(++j);
        else if (ch === '"') break;
        else text += ch;
      }
      if (j >= this.end) this.fail('unterminated quoted value');
      this.i = j + 1;
      return { kind: 'text', text, ...wildcardTest(text) };
    }
    if (c === '%') {
      const close = this.src.indexOf('%', this.i + 1);
      if (close < 0 || close >= this.end) this.fail("unterminated regular expression (missing closing '%')");
      const source = this.src.slice(this.i + 1, close);
      this.i = close + 1;
      try {
        return { kind: 'regex', re: new RegExp(source) };
      } catch {
        this.fail(`invalid regular expression %${source}%`);
      }
    }
    const raw = /^[^\s()&|]+/.exec(this.src.slice(this.i, this.end))?.[0];
    if (raw === undefined) this.fail(`missing value at position ${this.i}`);
    this.i += raw.length;
    if (NUMBER.test(raw)) return { kind: 'number', n: Number(raw), text: raw };
    return { kind: 'text', text: raw, ...wildcardTest(raw) };
  }

  private skipWs(): void {
    while (this.i < this.end && /\s/.test(this.src.charAt(this.i))) this.i++;
  }

  private eat(token: string): boolean {
    this.skipWs();
    if (this.src.startsWith(token, this.i) && this.i + token.length <= this.end) {
      this.i += token.length;
      return true;
    }
    return false;
  }

  private fail(detail: string): never {
    throw new InvalidFilterPatternError(detail);
  }
}

// ---------------------------------------------------------------------------------------------
// Unstructured term patterns: every plain term must occur, no `-term` may occur, and when `?term`s
// are present at least one must occur. Terms are case-sensitive substrings: AWS's own example has
// `ERROR` matching "Exiting with ERRORCODE: -1".

type TermKind = 'must' | 'mustNot' | 'any';

function compileTermPattern(text: string): CompiledFilter {
  const terms: Array<{ kind: TermKind; test: (m: string) => boolean }> = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
    if (i >= text.length) break;
    let kind: TermKind = 'must';
    const prefix = text.charAt(i);
    if (prefix === '-' || prefix === '?') {
      kind = prefix === '-' ? 'mustNot' : 'any';
      i++;
      while (i < text.length && /\s/.test(text.charAt(i))) i++;
      if (i >= text.length) throw new InvalidFilterPatternError(`'${prefix}' must be followed by a term`);
    }
    let term: string;
    if (text.charAt(i) === '"') {
      term = '';
      let j = i + 1;
      for (; j < text.length; j++) {
        const ch = text.charAt(j);
        if (ch === '\\' && j + 1 < text.length) term += text.charAt(++j);
        else if (ch === '"') break;
        else term += ch;
      }
      if (j >= text.length) throw new InvalidFilterPatternError('unterminated quoted term');
      i = j + 1;
      terms.push({ kind, test: (m) => m.includes(term) });
      continue;
    }
    const start = i;
    while (i < text.length && !/\s/.test(text.charAt(i))) i++;
    term = text.slice(start, i);
    if (term.length >= 2 && term.startsWith('%') && term.endsWith('%')) {
      let re: RegExp;
      try {
        re = new RegExp(term.slice(1, -1));
      } catch {
        throw new InvalidFilterPatternError(`invalid regular expression ${term}`);
      }
      terms.push({ kind, test: (m) => re.test(m) });
      continue;
    }
    if (term.includes('"')) throw new InvalidFilterPatternError(`unexpected '"' in term ${term}`);
    terms.push({ kind, test: (m) => m.includes(term) });
  }

  const must = terms.filter((t) => t.kind === 'must');
  const mustNot = terms.filter((t) => t.kind === 'mustNot');
  const any = terms.filter((t) => t.kind === 'any');
  return {
    equalities: [],
    match: (message) =>
      must.every((t) => t.test(message)) &&
      !mustNot.some((t) => t.test(message)) &&
      (any.length === 0 || any.some((t) => t.test(message))),
  };
}
