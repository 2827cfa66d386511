// The query's syntax tree and the engine's public types, shared by every stage.

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

export interface Node {
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

export function at(pos: SourcePos): string {
  return `at line ${pos.line} and position ${pos.position}`;
}
