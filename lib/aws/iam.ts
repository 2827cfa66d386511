import 'server-only';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateSimulatePrincipalPolicy,
} from '@aws-sdk/client-iam';
import { evaluateActions, parsePolicyDocument, roleRequestContext } from '@/lib/domain/iam-policy';
import type { IamSimulationResult, RolePermissions } from '@/lib/domain/types';
import { getClients } from './clients';
import { AwsReadError, awsCall, awsPages } from './errors';

/** Pages of one IAM listing read at most: a bound, not a budget (docs/aws-behaviour.md §11.9). */
const MAX_IAM_PAGES = 50;

// The execution role's logs:* permissions: IAM's own simulation first; when sfn-lens may not simulate,
// the role's policy documents evaluated here (identity policies only: no SCPs or boundaries, so weaker).

function roleNameFromArn(roleArn: string): string {
  // arn:aws:iam::123456789012:role/service-role/name → name (paths are not part of the role name).
  const resource = roleArn.split(':').slice(5).join(':');
  return resource.replace(/^role\//, '').split('/').pop() ?? '';
}

/** Condition keys are case-insensitive; they are sent as AWS spells them. */
const KEY_NAMES: Record<string, string> = { 'aws:requestedregion': 'aws:RequestedRegion', 'aws:principalarn': 'aws:PrincipalArn', 'aws:principalaccount': 'aws:PrincipalAccount' };

/**
 * `region` is where the role acts for the state machine: it is given to the simulation as
 * aws:RequestedRegion, with the role as aws:PrincipalArn. A decision that still needs a key sfn-lens
 * cannot supply (implicitDeny with MissingContextValues) is `unknown`, not a missing action
 * (docs/aws-behaviour.md §11.6).
 */
export async function checkRolePermissions(roleArn: string, actions: string[], opts: { region?: string | null } = {}): Promise<RolePermissions> {
  const { iam } = getClients();
  const context = roleRequestContext({ region: opts.region ?? null, roleArn });
  const ContextEntries = Object.entries(context).map(([key, values]) => ({ ContextKeyName: KEY_NAMES[key] ?? key, ContextKeyValues: [...values], ContextKeyType: 'string' as const }));
  try {
    const results: IamSimulationResult[] = [];
    const input = { PolicySourceArn: roleArn, ActionNames: actions, ContextEntries };
    for await (const out of awsPages('iam:SimulatePrincipalPolicy', paginateSimulatePrincipalPolicy, iam, input, MAX_IAM_PAGES)) {
      for (const r of out.EvaluationResults ?? []) {
        const d = r.EvalDecision;
        const missing = r.MissingContextValues ?? [];
        const action = r.EvalActionName ?? '';
        if (d === 'allowed') results.push({ action, decision: 'allowed' });
        else if (d === 'explicitDeny') results.push({ action, decision: 'explicitDeny' });
        else if (missing.length > 0) results.push({ action, decision: 'unknown', missingContextKeys: missing });
        else results.push({ action, decision: 'implicitDeny' });
      }
      if (!out.IsTruncated) break; // the paginator follows Marker alone; IAM promises more only with IsTruncated
    }
    return { roleArn, method: 'simulate-principal-policy', results };
  } catch (e) {
    if (!(e instanceof AwsReadError) || e.kind !== 'access-denied') throw e;
    return { roleArn, method: 'policy-documents', results: evaluateActions(await readRolePolicyDocuments(roleArn), actions, context) };
  }
}

/** The role's inline and attached managed policy documents, decoded (IAM URL-encodes them: docs/aws-behaviour.md §9). */
export async function readRolePolicyDocuments(roleArn: string): Promise<unknown[]> {
  const { iam } = getClients();
  const RoleName = roleNameFromArn(roleArn);
  const docs: unknown[] = [];
  for await (const out of awsPages('iam:ListRolePolicies', paginateListRolePolicies, iam, { RoleName }, MAX_IAM_PAGES)) {
    for (const PolicyName of out.PolicyNames ?? []) {
      const p = await awsCall('iam:GetRolePolicy', () => iam.send(new GetRolePolicyCommand({ RoleName, PolicyName })));
      docs.push(parsePolicyDocument(p.PolicyDocument ?? ''));
    }
    if (!out.IsTruncated) break;
  }
  for await (const out of awsPages('iam:ListAttachedRolePolicies', paginateListAttachedRolePolicies, iam, { RoleName }, MAX_IAM_PAGES)) {
    for (const a of out.AttachedPolicies ?? []) {
      if (!a.PolicyArn) continue;
      const policy = await awsCall('iam:GetPolicy', () => iam.send(new GetPolicyCommand({ PolicyArn: a.PolicyArn })));
      const version = await awsCall('iam:GetPolicyVersion', () =>
        iam.send(new GetPolicyVersionCommand({ PolicyArn: a.PolicyArn, VersionId: policy.Policy?.DefaultVersionId ?? 'v1' })),
      );
      docs.push(parsePolicyDocument(version.PolicyVersion?.Document ?? ''));
    }
    if (!out.IsTruncated) break;
  }
  return docs;
}
