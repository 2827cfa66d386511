import type { IamSimulationResult } from './types';

// A small identity-policy evaluator for the fallback when sfn-lens may not call SimulatePrincipalPolicy:
// Allow/Deny statements with Action/NotAction wildcards; explicit Deny wins. Conditions are not
// evaluated (a conditional Allow counts as an Allow), so this is weaker evidence than the simulation.

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
}

/** IAM returns documents URL-encoded (AWS-FACTS.md §9); other endpoints may not. Accept both. */
export function parsePolicyDocument(text: string): unknown {
  for (const candidate of [text, safeDecode(text)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next form
    }
  }
  return { Statement: [] };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function list(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

function statements(doc: unknown): Statement[] {
  if (!doc || typeof doc !== 'object') return [];
  const s = (doc as { Statement?: unknown }).Statement;
  if (Array.isArray(s)) return s.filter((x): x is Statement => Boolean(x) && typeof x === 'object');
  if (s && typeof s === 'object') return [s as Statement];
  return [];
}

function covers(st: Statement, action: string): boolean {
  if (st.Action !== undefined) return list(st.Action).some((p) => actionMatches(p, action));
  if (st.NotAction !== undefined) return !list(st.NotAction).some((p) => actionMatches(p, action));
  return false;
}

export function evaluateActions(docs: unknown[], actions: string[]): IamSimulationResult[] {
  const all = docs.flatMap(statements);
  return actions.map((action) => {
    const matching = all.filter((st) => covers(st, action));
    if (matching.some((st) => st.Effect === 'Deny')) return { action, decision: 'explicitDeny' as const };
    if (matching.some((st) => st.Effect === 'Allow')) return { action, decision: 'allowed' as const };
    return { action, decision: 'implicitDeny' as const };
  });
}
