import { parseArn } from './arn';
import type { IamSimulationResult } from './types';

// A small identity-policy evaluator for the fallback when sfn-lens may not call SimulatePrincipalPolicy:
// Allow/Deny statements with Action/NotAction wildcards; explicit Deny wins. Conditions are judged
// on the context keys sfn-lens knows (the same ones it gives the simulation); a condition on any other
// key makes its statement undecidable, and an Allow that rests on one is `unknown`, neither allowed nor
// denied (docs/aws-behaviour.md §11.6). Weaker evidence than the simulation (no SCPs, no boundaries).

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Condition?: unknown;
}

/** Context keys (lower-case) and their values, as sfn-lens supplies them for requests the role makes. */
export type RequestContext = Readonly<Record<string, readonly string[]>>;

/**
 * What sfn-lens knows of the requests an execution role makes for log delivery: the Region of the
 * state machine, and the role itself as principal. Every other key (tags, source IP, VPC…) is unknown.
 */
export function roleRequestContext(opts: { region: string | null; roleArn: string }): RequestContext {
  const parsed = parseArn(opts.roleArn);
  const account = parsed.ok && parsed.value.service === 'iam' && /^\d{12}$/.test(parsed.value.accountId) ? parsed.value.accountId : undefined;
  return {
    ...(opts.region ? { 'aws:requestedregion': [opts.region] } : {}),
    'aws:principalarn': [opts.roleArn],
    ...(account ? { 'aws:principalaccount': [account] } : {}),
  };
}

/** The condition's keys sfn-lens could not judge; empty when it was judged (see `conditionHolds`). */
type ConditionOutcome = { holds: boolean; unknownKeys: string[] };

/** IAM wildcards: `*` any run of characters, `?` one. */
export function wildcardMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'is' : 's');
  return re.test(value);
}

/** One operator on one context value; null for operators this evaluator does not implement. */
function compare(op: string, pattern: string, value: string): boolean | null {
  switch (op) {
    case 'stringequals':
    case 'arnequals':
      return op === 'arnequals' ? wildcardMatches(pattern, value, false) : pattern === value;
    case 'stringequalsignorecase':
      return pattern.toLowerCase() === value.toLowerCase();
    case 'stringlike':
    case 'arnlike':
      return wildcardMatches(pattern, value, false);
    case 'bool':
      return pattern.toLowerCase() === value.toLowerCase();
    default:
      return null;
  }
}

/**
 * A statement's Condition block against the known context: every operator and key must hold. Keys
 * the context does not have, and operators not implemented here, are unknown.
 */
export function conditionHolds(condition: unknown, context: RequestContext): ConditionOutcome {
  if (!condition || typeof condition !== 'object') return { holds: true, unknownKeys: [] };
  const unknownKeys: string[] = [];
  let holds = true;
  for (const [rawOp, block] of Object.entries(condition as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') continue;
    let op = rawOp.toLowerCase();
    const qualifier = op.startsWith('forallvalues:') ? 'all' : op.startsWith('foranyvalue:') ? 'any' : null;
    if (qualifier) op = op.slice(op.indexOf(':') + 1);
    if (op.endsWith('ifexists')) op = op.slice(0, -'ifexists'.length);
    const negated = /^(string|arn)not/.test(op);
    if (negated) op = op.replace('not', '');
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      const patterns = policyValues(raw);
      const values = context[key.toLowerCase()];
      if (op === 'null') {
        if (values === undefined) unknownKeys.push(key);
        else holds &&= patterns.some((p) => p.toLowerCase() === 'false');
        continue;
      }
      // Absent from what sfn-lens knows is not absent from the real request: unknown, even under IfExists.
      if (values === undefined) {
        unknownKeys.push(key);
        continue;
      }
      const each = values.map((v) => patterns.map((p) => compare(op, p, v)));
      if (each.some((r) => r.some((x) => x === null))) {
        unknownKeys.push(key);
        continue;
      }
      const matches = each.map((r) => r.some((x) => x === true));
      const ok = negated ? matches.every((m) => !m) : qualifier === 'all' ? matches.every(Boolean) : matches.some(Boolean);
      holds &&= ok;
    }
  }
  return { holds, unknownKeys };
}

/** IAM returns documents URL-encoded (docs/aws-behaviour.md §9); other endpoints may not. Accept both. */
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

/** A policy element's values: one string, or the strings of a list. */
export function policyValues(v: unknown): string[] {
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
  if (st.Action !== undefined) return policyValues(st.Action).some((p) => actionMatches(p, action));
  if (st.NotAction !== undefined) return !policyValues(st.NotAction).some((p) => actionMatches(p, action));
  return false;
}

export function evaluateActions(docs: unknown[], actions: string[], context: RequestContext = {}): IamSimulationResult[] {
  const all = docs.flatMap(statements);
  return actions.map((action): IamSimulationResult => {
    const matching = all.filter((st) => covers(st, action)).map((st) => ({ st, cond: conditionHolds(st.Condition, context) }));
    // A condition that was judged false takes its statement out; an unjudged one leaves it in doubt.
    const applies = (effect: string) => matching.filter((m) => m.st.Effect === effect && m.cond.holds && m.cond.unknownKeys.length === 0);
    const inDoubt = (effect: string) => matching.filter((m) => m.st.Effect === effect && m.cond.holds && m.cond.unknownKeys.length > 0);
    const keys = (ms: typeof matching) => [...new Set(ms.flatMap((m) => m.cond.unknownKeys))];
    if (applies('Deny').length > 0) return { action, decision: 'explicitDeny' };
    const doubtfulDenies = inDoubt('Deny');
    if (applies('Allow').length > 0) {
      return doubtfulDenies.length > 0 ? { action, decision: 'unknown', missingContextKeys: keys(doubtfulDenies) } : { action, decision: 'allowed' };
    }
    const doubtfulAllows = inDoubt('Allow');
    if (doubtfulAllows.length > 0) return { action, decision: 'unknown', missingContextKeys: keys([...doubtfulAllows, ...doubtfulDenies]) };
    return { action, decision: 'implicitDeny' };
  });
}
