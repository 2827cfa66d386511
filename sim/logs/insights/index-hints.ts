// Index hints: which field values a record must have to match, for a caller holding a field index.

import type { Expr, InsightsQuery } from './ast';

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
