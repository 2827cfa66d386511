// IAM, AWS query protocol: form-encoded `Action=<Op>&Version=2010-05-08&...` in, XML out
// (docs/aws-behaviour.md §9). Read calls only, plus SimulatePrincipalPolicy over the role's own policies.

import { randomUUID } from 'node:crypto';
import { AwsError, decodeToken, encodeToken, type SimResponse } from '../protocol';

export type { SimResponse } from '../protocol';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: unknown;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

export interface IamRole {
  roleName: string;
  arn: string;
  roleId: string;
  createDate: Date;
  path: string;
  assumeRolePolicyDocument: PolicyDocument;
  inlinePolicies: Record<string, PolicyDocument>;
  attachedPolicyArns: string[];
}

export interface IamManagedPolicy {
  arn: string;
  policyName: string;
  policyId: string;
  defaultVersionId: string;
  document: PolicyDocument;
  createDate: Date;
}

export interface IamAccount {
  accountId: string;
  roles: IamRole[];
  managedPolicies: IamManagedPolicy[];
}

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

const API_VERSION = '2010-05-08';
const XMLNS = `https://iam.amazonaws.com/doc/${API_VERSION}/`;
const NAME_PATTERN = /^[\w+=,.@-]{1,128}$/;
const POLICY_ARN_PATTERN = /^arn:aws[\w-]*:iam::(\d{12}|aws):policy\/.+/;
const PRINCIPAL_ARN_PATTERN = /^arn:aws[\w-]*:iam::\d{12}:(user|group|role)\/(?:.*\/)?([^/]+)$/;

type Params = Map<string, string>;
type Xml = string | number | boolean | Date | Xml[] | { [key: string]: Xml | undefined };

export function handleIamRequest(body: string, account: IamAccount): SimResponse {
  const requestId = randomUUID();
  try {
    const p = parseForm(body);
    const action = p.get('Action');
    if (!action) throw new AwsError(400, 'MissingAction', 'Missing Action');
    const op = OPS[action];
    if (!op || p.get('Version') !== API_VERSION) {
      throw new AwsError(400, 'InvalidAction', `Could not find operation ${action} for version ${p.get('Version') ?? '(none)'}`);
    }
    const result = op(p, account);
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body:
        `<${action}Response xmlns="${XMLNS}"><${action}Result>${toXml(result)}</${action}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    };
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return {
      status: e.status,
      headers: { 'content-type': 'text/xml' },
      body:
        `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
        `<Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message></Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
}

type Op = (p: Params, account: IamAccount) => Xml;

const OPS: Record<string, Op> = {
  GetRole(p, account) {
    const role = findRole(account, requireName(p, 'RoleName'));
    return {
      Role: {
        Path: role.path,
        RoleName: role.roleName,
        RoleId: role.roleId,
        Arn: role.arn,
        CreateDate: role.createDate,
        AssumeRolePolicyDocument: encodeDocument(role.assumeRolePolicyDocument),
        MaxSessionDuration: 3600,
        RoleLastUsed: {},
      },
    };
  },

  ListRolePolicies(p, account) {
    const role = findRole(account, requireName(p, 'RoleName'));
    const { items, ...more } = paginate(Object.keys(role.inlinePolicies), p);
    return { PolicyNames: items, ...more };
  },

  GetRolePolicy(p, account) {
    const role = findRole(account, requireName(p, 'RoleName'));
    const policyName = requireName(p, 'PolicyName');
    const doc = role.inlinePolicies[policyName];
    if (!doc) throw new AwsError(404, 'NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
    return { RoleName: role.roleName, PolicyName: policyName, PolicyDocument: encodeDocument(doc) };
  },

  ListAttachedRolePolicies(p, account) {
    const role = findRole(account, requireName(p, 'RoleName'));
    const attached = role.attachedPolicyArns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
    const { items, ...more } = paginate(attached, p);
    return { AttachedPolicies: items, ...more };
  },

  GetPolicy(p, account) {
    const policy = findPolicy(account, requirePolicyArn(p));
    const resource = policy.arn.slice(policy.arn.indexOf(':policy/') + ':policy'.length);
    return {
      Policy: {
        PolicyName: policy.policyName,
        PolicyId: policy.policyId,
        Arn: policy.arn,
        Path: resource.slice(0, resource.lastIndexOf('/') + 1),
        DefaultVersionId: policy.defaultVersionId,
        AttachmentCount: account.roles.filter((r) => r.attachedPolicyArns.includes(policy.arn)).length,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: policy.createDate,
        UpdateDate: policy.createDate,
      },
    };
  },

  GetPolicyVersion(p, account) {
    const policy = findPolicy(account, requirePolicyArn(p));
    const versionId = required(p, 'VersionId');
    if (!/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(versionId)) {
      throw validationError('versionId', versionId, 'Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?');
    }
    // The simulated account keeps only the default version of each policy.
    if (versionId !== policy.defaultVersionId) {
      throw new AwsError(404, 'NoSuchEntity', `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
    }
    return {
      PolicyVersion: { Document: encodeDocument(policy.document), VersionId: versionId, IsDefaultVersion: true, CreateDate: policy.createDate },
    };
  },

  SimulatePrincipalPolicy(p, account) {
    const sourceArn = required(p, 'PolicySourceArn');
    const principal = PRINCIPAL_ARN_PATTERN.exec(sourceArn);
    if (!principal) throw new AwsError(400, 'InvalidInput', `Invalid ARN: ${sourceArn}`);
    const role = account.roles.find((r) => r.arn === sourceArn);
    if (!role) throw new AwsError(404, 'NoSuchEntity', `The ${principal[1]} with name ${principal[2]} cannot be found.`);
    const actions = memberList(p, 'ActionNames');
    if (actions.length === 0) throw validationError('actionNames', null, 'Member must not be null');
    const resources = memberList(p, 'ResourceArns');
    const context = contextEntries(p);
    const sources = policySources(role, account);
    const results = actions.flatMap((action) =>
      (resources.length > 0 ? resources : ['*']).map((resource) => {
        const { decision, matched, missing } = evaluate(sources, action, resource, context);
        return {
          EvalActionName: action,
          EvalResourceName: resource,
          EvalDecision: decision,
          MatchedStatements: matched.map((s) => ({ SourcePolicyId: s.id, SourcePolicyType: s.type })),
          MissingContextValues: missing,
        };
      }),
    );
    const { items, ...more } = paginate(results, p);
    return { EvaluationResults: items, ...more };
  },
};

// ---- policy evaluation ----

interface PolicySource {
  id: string;
  type: 'role' | 'user-managed' | 'aws-managed';
  doc: PolicyDocument;
}

/** The role's inline and attached managed policies; AWS-managed ones unknown to the account are skipped. */
function policySources(role: IamRole, account: IamAccount): PolicySource[] {
  const inline = Object.entries(role.inlinePolicies).map(([id, doc]): PolicySource => ({ id, type: 'role', doc }));
  const managed = role.attachedPolicyArns.flatMap((arn): PolicySource[] => {
    const policy = account.managedPolicies.find((m) => m.arn === arn);
    if (!policy) return [];
    return [{ id: policy.policyName, type: arn.includes(':iam::aws:policy/') ? 'aws-managed' : 'user-managed', doc: policy.document }];
  });
  return [...inline, ...managed];
}

export function evaluatePolicies(docs: PolicyDocument[], action: string, resource = '*', context: Context = new Map()): Decision {
  return evaluate(docs.map((doc, i) => ({ id: `PolicyInputList.${i + 1}`, type: 'role', doc })), action, resource, context).decision;
}

/** Context keys (lower-case: condition keys are case-insensitive) and their values, from ContextEntries. */
export type Context = Map<string, string[]>;

/**
 * IAM evaluation logic for identity policies: an explicit Deny wins, else any Allow, else implicit deny.
 * A statement's Condition is evaluated on the request context; a key the context lacks makes the
 * condition false (so a conditioned Allow gives implicitDeny) and is listed in MissingContextValues
 * (docs/aws-behaviour.md §11.6). The keys of every statement for the action are listed, Allow or Deny:
 * AWS does not say which it lists; the most it could.
 */
function evaluate(sources: PolicySource[], action: string, resource: string, context: Context): { decision: Decision; matched: PolicySource[]; missing: string[] } {
  const allows: PolicySource[] = [];
  const denies: PolicySource[] = [];
  const missing = new Set<string>();
  for (const source of sources) {
    for (const st of source.doc.Statement) {
      if (!statementApplies(st, action, resource)) continue;
      if (!conditionHolds(st.Condition, context, missing)) continue;
      (st.Effect === 'Deny' ? denies : allows).push(source);
    }
  }
  const m = [...missing];
  if (denies.length > 0) return { decision: 'explicitDeny', matched: denies, missing: m };
  if (allows.length > 0) return { decision: 'allowed', matched: allows, missing: m };
  return { decision: 'implicitDeny', matched: [], missing: m };
}

/**
 * Condition operators the simulated account's policies use: String(Not)Equals(IgnoreCase),
 * String(Not)Like, Arn(Not)Equals/Like, Bool, Null, with IfExists. Any other operator never holds.
 * A missing key: false for positive operators, true for negated ones and IfExists (IAM's rules).
 */
function conditionHolds(condition: unknown, context: Context, missing: Set<string>): boolean {
  if (condition === undefined) return true;
  if (!condition || typeof condition !== 'object') return false;
  let holds = true;
  for (const [rawOp, block] of Object.entries(condition as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') return false;
    let op = rawOp;
    const ifExists = op.endsWith('IfExists');
    if (ifExists) op = op.slice(0, -'IfExists'.length);
    const negated = /^(String|Arn)Not/.test(op);
    if (negated) op = op.replace('Not', '');
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      const patterns = (Array.isArray(raw) ? raw : [raw]).map(String);
      const values = context.get(key.toLowerCase());
      if (op === 'Null') {
        holds &&= patterns.some((p) => (p === 'true') === (values === undefined));
        continue;
      }
      if (values === undefined) {
        missing.add(key);
        holds &&= negated || ifExists;
        continue;
      }
      const test = (pattern: string, value: string): boolean => {
        switch (op) {
          case 'StringEquals':
            return pattern === value;
          case 'StringEqualsIgnoreCase':
            return pattern.toLowerCase() === value.toLowerCase();
          case 'StringLike':
          case 'ArnLike':
          case 'ArnEquals':
            return globMatch(pattern, value, false);
          case 'Bool':
            return pattern.toLowerCase() === value.toLowerCase();
          default:
            return false;
        }
      };
      const any = values.some((v) => patterns.some((p) => test(p, v)));
      holds &&= negated ? !any : any;
    }
  }
  return holds;
}

/** `ContextEntries.member.N.ContextKeyName` / `.ContextKeyValues.member.M` → key → values. */
function contextEntries(p: Params): Context {
  const context: Context = new Map();
  for (let n = 1; ; n++) {
    const name = p.get(`ContextEntries.member.${n}.ContextKeyName`);
    if (name === undefined) break;
    context.set(name.toLowerCase(), memberList(p, `ContextEntries.member.${n}.ContextKeyValues`));
  }
  return context;
}

function statementApplies(st: PolicyStatement, action: string, resource: string): boolean {
  const actionMatches =
    st.Action !== undefined
      ? asList(st.Action).some((pattern) => globMatch(pattern, action, true))
      : st.NotAction !== undefined && !asList(st.NotAction).some((pattern) => globMatch(pattern, action, true));
  if (!actionMatches) return false;
  // The simulator's default resource `*` stands for "any resource" [inf], so it meets every Resource.
  if (st.Resource === undefined || resource === '*') return true;
  return asList(st.Resource).some((pattern) => globMatch(pattern, resource, false));
}

/** IAM wildcards: `*` any run of characters, `?` exactly one. Action names are case-insensitive, ARNs are not. */
function globMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

// ---- request parsing ----

function parseForm(body: string): Params {
  const params: Params = new Map();
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawKey, rawValue] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      params.set(decodeURIComponent(rawKey.replace(/\+/g, ' ')), decodeURIComponent(rawValue.replace(/\+/g, ' ')));
    } catch {
      // The common-errors page documents MalformedQueryString with status 404.
      throw new AwsError(404, 'MalformedQueryString', 'The query string contains a syntax error.');
    }
  }
  return params;
}

/** `Name.member.1=a&Name.member.2=b` → ['a', 'b'], in index order. */
function memberList(p: Params, name: string): string[] {
  const prefix = `${name}.member.`;
  return [...p.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, value]) => [Number(key.slice(prefix.length)), value] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, value]) => value);
}

// IAM validation messages name the member in camelCase.
const camel = (key: string): string => key.charAt(0).toLowerCase() + key.slice(1);

function validationError(member: string, value: string | null, constraint: string): AwsError {
  const shown = value === null ? 'null' : `'${value}'`;
  return new AwsError(400, 'ValidationError', `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

function required(p: Params, key: string): string {
  const v = p.get(key);
  if (v === undefined || v === '') throw validationError(camel(key), null, 'Member must not be null');
  return v;
}

function requireName(p: Params, key: string): string {
  const v = required(p, key);
  if (!NAME_PATTERN.test(v)) throw validationError(camel(key), v, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  return v;
}

function requirePolicyArn(p: Params): string {
  const arn = required(p, 'PolicyArn');
  if (!POLICY_ARN_PATTERN.test(arn)) throw new AwsError(400, 'InvalidInput', `ARN ${arn} is not valid.`);
  return arn;
}

function findRole(account: IamAccount, roleName: string): IamRole {
  const role = account.roles.find((r) => r.roleName === roleName);
  if (!role) throw new AwsError(404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
  return role;
}

function findPolicy(account: IamAccount, arn: string): IamManagedPolicy {
  const policy = account.managedPolicies.find((m) => m.arn === arn);
  if (!policy) throw new AwsError(404, 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

function paginate<T extends Xml>(all: T[], p: Params): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const rawMax = p.get('MaxItems');
  const max = rawMax === undefined ? 100 : Number(rawMax);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw validationError('maxItems', rawMax ?? null, 'Member must have value between 1 and 1000');
  }
  const start = decodeToken<{ o: number }>(p.get('Marker'), 'ValidationError')?.o ?? 0;
  if (!Number.isInteger(start) || start < 0) throw new AwsError(400, 'ValidationError', 'Invalid Marker.');
  const items = all.slice(start, start + max);
  const truncated = start + max < all.length;
  return { items, IsTruncated: truncated, ...(truncated ? { Marker: encodeToken({ o: start + max }) } : {}) };
}

// ---- response writing ----

/** Real IAM returns policy documents URL-encoded; clients must decodeURIComponent them (docs/aws-behaviour.md §9). */
const encodeDocument = (doc: PolicyDocument): string => encodeURIComponent(JSON.stringify(doc));

const XML_ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => XML_ENTITIES[c] ?? c);
}

/** Objects become elements, arrays become `<member>` lists, dates ISO-8601 without millis like IAM. */
function toXml(v: Xml): string {
  if (v instanceof Date) return v.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (Array.isArray(v)) return v.map((item) => `<member>${toXml(item)}</member>`).join('');
  if (typeof v === 'object') {
    return Object.entries(v)
      .filter((entry): entry is [string, Xml] => entry[1] !== undefined)
      .map(([key, value]) => `<${key}>${toXml(value)}</${key}>`)
      .join('');
  }
  return escapeXml(String(v));
}
