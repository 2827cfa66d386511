// The simulated organisation: several accounts × Regions on one endpoint, each reachable only with its
// own credentials. Credentials that STS did not issue act in the hub account (123456789012, today's
// simulated account, unchanged); a member account's data is reachable only through a session that
// AssumeRole issued for a role of that account (query protocol, XML answer, as AWS STS does:
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). The Region is the one the
// request is signed for, so each account × Region is its own world with its own scenarios.
//
// Members other than the hub's us-east-1 are kept small (two state machines, a short history) so that
// tests across four sources stay quick.

import { randomBytes } from 'node:crypto';
import { buildWorld, type SimWorld } from './account';
import type { IamAccount } from './iam/handler';
import { ACCOUNT_ID, REGION } from './model';
import type { SimResponse } from './protocol';
import { demoScenarios, type Profile, type Scenario } from './scenarios';

export const HUB_ACCOUNT = ACCOUNT_ID;
export const MEMBER_ACCOUNT = '210987654321';
export const ORG_REGIONS = [REGION, 'eu-west-1'] as const;
/** The read-only role every account of the organisation has for sfn-lens (README "For a team"). */
export const ORG_ROLE_NAME = 'sfn-lens-readonly';
/** The member account's role trusts the hub only with this external id. */
export const MEMBER_EXTERNAL_ID = 'sfn-lens-sim-external-id';

export const orgRoleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/${ORG_ROLE_NAME}`;

/** A small copy of one of the demo scenarios, renamed (names are per account: IAM roles are global). */
function small(from: string, name: string, rate: number): Scenario {
  const s = demoScenarios(1).find((x) => x.name === from);
  if (!s) throw new Error(`no demo scenario ${from}`);
  const logGroupName = s.logging.logGroupName ? s.logging.logGroupName.replace(from, name) : null;
  return { ...s, name, rate, logging: { ...s.logging, logGroupName }, hostileInputShare: 0, largeInputShare: 0, purpose: `${s.purpose} (organisation member copy)` };
}

const SMALL_BACKFILL_MS = 20 * 60_000;

/** Each member of the organisation and its scenarios; the hub's us-east-1 is the `demo` (or `bench`) profile. */
export function orgMembers(hubProfile: Profile): Array<{ accountId: string; region: string; profile: Profile }> {
  const p = (name: string, scenarios: Scenario[]): Profile => ({ name, scenarios, backfillMs: SMALL_BACKFILL_MS });
  return [
    { accountId: HUB_ACCOUNT, region: 'us-east-1', profile: hubProfile },
    { accountId: HUB_ACCOUNT, region: 'eu-west-1', profile: p('hub-eu', [small('orders-express', 'eu-orders-express', 0.2), small('audit-express-logging-off', 'eu-audit-express-logging-off', 0.1)]) },
    { accountId: MEMBER_ACCOUNT, region: 'us-east-1', profile: p('member-us', [small('orders-express', 'shop-orders-express', 0.2), small('notify-express-undeliverable', 'shop-notify-express-undeliverable', 0.1)]) },
    { accountId: MEMBER_ACCOUNT, region: 'eu-west-1', profile: p('member-eu', [small('ingest-express-error-level', 'shop-eu-ingest-express', 0.2), small('payments-express-tf76', 'shop-eu-payments-express', 0.1)]) },
  ];
}

export interface SimOrg {
  /** The world a request reaches: its account (from its credentials) and Region (from its signature). */
  world(accountId: string, region: string): SimWorld;
  /** The account credentials act in. */
  accountOf(accessKeyId: string): string;
  /** sts:AssumeRole on the query protocol. */
  handleSts(body: string, callerAccount: string, now: number): SimResponse;
  members: Array<{ accountId: string; region: string; world: SimWorld }>;
}

const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function stsError(status: number, code: string, message: string): SimResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="${STS_XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message.replace(/[<>&]/g, '')}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`,
  };
}

export function buildOrg(hubWorld: SimWorld, hubProfile: Profile, seed: number, startedAt: number): SimOrg {
  const members = orgMembers(hubProfile).map((m, i) => ({
    accountId: m.accountId,
    region: m.region,
    world: i === 0 ? hubWorld : buildWorld(m.profile, seed + i, startedAt, m.accountId, m.region),
  }));
  // IAM is global: an account's roles are one list whichever Region a state machine is in.
  for (const accountId of new Set(members.map((m) => m.accountId))) {
    const worlds = members.filter((m) => m.accountId === accountId).map((m) => m.world);
    const iam: IamAccount = { accountId, roles: worlds.flatMap((w) => w.iam.roles), managedPolicies: worlds.flatMap((w) => w.iam.managedPolicies) };
    for (const w of worlds) w.iam = iam;
  }
  const empty = new Map<string, SimWorld>();
  const sessions = new Map<string, string>();

  return {
    members,
    world(accountId, region) {
      const m = members.find((x) => x.accountId === accountId && x.region === region);
      if (m) return m.world;
      // A Region the account does not use answers as AWS does: nothing there.
      const key = `${accountId}/${region}`;
      let w = empty.get(key);
      if (!w) {
        w = buildWorld({ name: 'empty', scenarios: [], backfillMs: 0 }, seed, startedAt, accountId, region);
        empty.set(key, w);
      }
      return w;
    },
    accountOf(accessKeyId) {
      return sessions.get(accessKeyId) ?? HUB_ACCOUNT;
    },
    handleSts(body, callerAccount, now) {
      const p = new URLSearchParams(body);
      const action = p.get('Action');
      if (action !== 'AssumeRole') return stsError(400, 'InvalidAction', `Could not find operation ${action ?? ''} for version 2011-06-15`);
      const roleArn = p.get('RoleArn') ?? '';
      const session = p.get('RoleSessionName') ?? '';
      if (!/^[\w+=,.@-]{2,64}$/.test(session)) return stsError(400, 'ValidationError', `1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
      const m = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
      const denied = () => stsError(403, 'AccessDenied', `User: arn:aws:sts::${callerAccount}:assumed-role/hub/session is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      if (!m || m[2] !== ORG_ROLE_NAME || !members.some((x) => x.accountId === m[1])) return denied();
      const accountId = m[1] ?? '';
      // The member's trust policy has an sts:ExternalId condition; the hub's own role has none.
      if (accountId === MEMBER_ACCOUNT && p.get('ExternalId') !== MEMBER_EXTERNAL_ID) return denied();
      const duration = Number(p.get('DurationSeconds') ?? 3600);
      const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
      sessions.set(accessKeyId, accountId);
      const expiration = new Date(now + duration * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body:
          `<AssumeRoleResponse xmlns="${STS_XMLNS}"><AssumeRoleResult><Credentials>` +
          `<AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey>` +
          `<SessionToken>${randomBytes(48).toString('base64')}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `<AssumedRoleUser><AssumedRoleId>AROA${accountId}:${session}</AssumedRoleId><Arn>arn:aws:sts::${accountId}:assumed-role/${ORG_ROLE_NAME}/${session}</Arn></AssumedRoleUser>` +
          `</AssumeRoleResult><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      };
    },
  };
}
