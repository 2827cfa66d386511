// Lexer: query text becomes tokens, each with its source position for AWS-style error messages.

import { at, MalformedQueryError, type SourcePos } from './ast';

type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'period' | 'regex' | 'op' | 'eof';

export interface Token {
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

export function unexpected(tok: Token): MalformedQueryError {
  const symbol = tok.kind === 'eof' ? '<EOF>' : tok.text;
  return new MalformedQueryError(`unexpected symbol found ${symbol} ${at(tok.pos)}`);
}

export function tokenize(src: string): Token[] {
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
