// Whether the CloudWatch Logs resource policies let log delivery write to a state machine's log
// group: the resource-based side of delivery, beside the role's identity side (iam-policy.ts). A
// small evaluator for the statements AWS writes for vended logs (docs/aws-behaviour.md §4, §11.5):
// the delivery principal, resource wildcards, aws:SourceAccount/aws:SourceArn; an explicit Deny wins.

import { actionMatches, parsePolicyDocument, policyValues, wildcardMatches } from './iam-policy';
import { DELIVERY_ACTIONS, DELIVERY_PRINCIPAL } from './logging-facts';
import type { ResourcePolicy } from './types';

/** The log group a state machine delivers to, as its ARN names it. */
export interface LogDestination {
  arn: string;
  name: string;
  region: string;
  accountId: string;
  partition: string;
}

export interface PolicyCoverage {
  covered: boolean;
  /** The policy that covers the group, or why none does. */
  policyName: string | null;
  reason: string;
  /** Not covered by what was read, and the group's own policy was not read: unknown, not missing. */
  groupPolicyUnread?: boolean;
}

/** IAM resource wildcards: `*` any run of characters (including `:` and `/`), `?` one; case-sensitive. */
function resourceMatches(pattern: string, value: string): boolean {
  return wildcardMatches(pattern, value, false);
}

function principalIsDelivery(p: unknown): boolean {
  if (p === '*') return true;
  if (!p || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return policyValues(o.Service).includes(DELIVERY_PRINCIPAL) || policyValues(o.AWS).includes('*');
}

/** Conditions sfn-lens can judge: aws:SourceAccount and aws:SourceArn. Unknown keys are not held against the statement. */
function conditionsAllow(cond: unknown, account: string, sourceProbe: string): { ok: boolean; why?: string } {
  if (!cond || typeof cond !== 'object') return { ok: true };
  for (const [operator, block] of Object.entries(cond as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') continue;
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      const values = policyValues(raw);
      const k = key.toLowerCase();
      if (k === 'aws:sourceaccount' && /^String(Equals|Like)$/i.test(operator)) {
        if (!values.some((v) => resourceMatches(v, account))) return { ok: false, why: `its aws:SourceAccount condition names ${values.join(', ')}, not ${account}` };
      }
      if (k === 'aws:sourcearn' && /^(Arn|String)(Equals|Like)$/i.test(operator)) {
        if (!values.some((v) => resourceMatches(v, sourceProbe))) return { ok: false, why: `its aws:SourceArn condition (${values.join(', ')}) excludes this account's log deliveries` };
      }
    }
  }
  return { ok: true };
}

/**
 * Whether some resource policy lets `delivery.logs.amazonaws.com` create streams and put events in
 * the group. Tested against a stream ARN of the group, so `log-group:NAME:*`, `log-group:/aws/vendedlogs/*`
 * and `log-group:*` cover it and a bare `log-group:NAME` does not. An explicit Deny wins.
 */
export function resourcePolicyCoverage(
  policies: readonly ResourcePolicy[],
  dest: LogDestination,
): PolicyCoverage {
  const streamArn = `${dest.arn}:log-stream:sfn-lens-probe`;
  const sourceProbe = `arn:${dest.partition}:logs:${dest.region}:${dest.accountId}:sfn-lens-probe`;
  const allowedBy = new Map<string, string>();
  const nearMisses: string[] = [];
  for (const policy of policies) {
    const doc = parsePolicyDocument(policy.document) as { Statement?: unknown };
    const statements = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
    // A policy attached to this very group (policyScope RESOURCE) governs it: a statement naming the
    // group itself, bare or with :*, or naming no resource, covers its streams.
    const ownPolicy = policy.scope === 'RESOURCE' && policy.resourceArn != null && policy.resourceArn.replace(/:\*$/, '') === dest.arn.replace(/:\*$/, '');
    for (const st of statements as Array<Record<string, unknown>>) {
      if (!st || typeof st !== 'object' || !principalIsDelivery(st.Principal)) continue;
      const named = policyValues(st.Resource);
      const resources = ownPolicy ? (named.length === 0 ? [`${dest.arn}:*`] : named.map((r) => (r === dest.arn ? `${dest.arn}:*` : r))) : named;
      if (!resources.some((r) => resourceMatches(r, streamArn))) {
        if (resources.length > 0) nearMisses.push(`${policy.name} allows ${resources.join(', ')}`);
        continue;
      }
      const actions = DELIVERY_ACTIONS.filter((a) => policyValues(st.Action).some((p) => actionMatches(p, a)));
      if (st.Effect === 'Deny') {
        if (actions.length > 0) return { covered: false, policyName: policy.name, reason: `${policy.name} explicitly denies ${actions.join(' and ')} to ${DELIVERY_PRINCIPAL} on ${dest.name}.` };
        continue;
      }
      if (st.Effect !== 'Allow') continue;
      const cond = conditionsAllow(st.Condition, dest.accountId, sourceProbe);
      if (!cond.ok) {
        nearMisses.push(`${policy.name} covers the group but ${cond.why}`);
        continue;
      }
      for (const a of actions) if (!allowedBy.has(a)) allowedBy.set(a, policy.name);
    }
  }
  const missing = DELIVERY_ACTIONS.filter((a) => !allowedBy.has(a));
  if (missing.length === 0) return { covered: true, policyName: allowedBy.get(DELIVERY_ACTIONS[0] ?? '') ?? null, reason: `${[...new Set(allowedBy.values())].join(', ')} allow delivery to ${dest.name}.` };
  const partial = allowedBy.size > 0 ? ` Only ${[...allowedBy.keys()].join(', ')} ${allowedBy.size === 1 ? 'is' : 'are'} allowed.` : '';
  const misses = nearMisses.length > 0 ? ` Closest: ${nearMisses.slice(0, 2).join('; ')}.` : '';
  return {
    covered: false,
    policyName: null,
    reason: `None of the ${policies.length} resource ${policies.length === 1 ? 'policy allows' : 'policies allow'} ${missing.join(' and ')} for ${DELIVERY_PRINCIPAL} on ${dest.name}.${partial}${misses}`,
  };
}
