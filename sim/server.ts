// The simulated account's HTTP endpoint: one loopback server that answers the four services the
// way AWS does (routing by X-Amz-Target or the IAM query Action), plus a /__sim/ control API used
// only by tests and benches (fault injection, deleting log groups, request log, ground truth, the
// account's clock).

import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildWorld, type SimWorld } from './account';
import { handleCloudWatchRequest, type MetricSource, type MetricStatusFault } from './cloudwatch/handler';
import { handleIamRequest } from './iam/handler';
import type { SimExecution } from './model';
import { buildOrg, type SimOrg } from './org';
import { profileByName } from './scenarios';
import { handleSfnRequest } from './sfn';
import type { SimResponse } from './protocol';
import { DEFAULT_INSIGHTS_QUERY_QUOTA, DEFAULT_QUERY_RUNNING_MS } from './logs/handler';

export interface FaultConfig {
  /** Share of requests answered with the service's throttling error. */
  throttleRate: number;
  /** Share of requests answered with a 500/503. */
  serverErrorRate: number;
  /** Added latency on every request (ms). */
  latencyMs: number;
  /** Share of requests that hang for `timeoutMs` and then have their connection dropped. */
  timeoutRate: number;
  timeoutMs: number;
  /** Actions (`logs:StartQuery`, `states:*`, `*`) answered with AccessDenied. */
  deny: string[];
  /**
   * Actions denied on some resources only, as a policy whose `Resource` lists ARNs: `resource` (a
   * trailing `*` is a prefix) is matched against the request's state machine, execution or Map Run
   * ARN, its log group name, or the resourceArn it asks about (DescribeResourcePolicies).
   */
  denyResources: Array<{ action: string; resource: string }>;
  /**
   * Actions answered as AWS answers a request whose signature does not match: the message echoes the
   * canonical request, signed headers included (`x-amz-security-token` when the caller has a session).
   */
  badSignature: string[];
  /**
   * Actions answered as an AWS-compatible endpoint that does not implement them answers: HTTP 404 with
   * an HTML page (docs/aws-behaviour.md §11.12). Not AWS behaviour: a fault of the endpoint.
   */
  htmlPage?: string[];
  /** Actions answered HTTP 200 with a text/plain body that is not JSON (nor XML): an answer that does not parse. */
  notJson?: string[];
  /** When set, the random faults above apply only to these actions (same syntax as `deny`). */
  only: string[] | null;
  /** Logs Insights queries report Running for at least this long. */
  queryRunningMs: number;
  /** FilterLogEvents answers every page empty with a nextToken, without end (docs/aws-behaviour.md §11.9). */
  endlessEmptyPages: boolean;
  /** FilterLogEvents calls over this many per second are throttled, as AWS's 5 TPS quota does; null: no limit. */
  filterLogEventsTps: number | null;
  /** Logs Insights queries the account runs at once before StartQuery answers LimitExceededException (default 30). */
  insightsQueryQuota?: number;
  /** GetMetricData results answered with StatusCode PartialData, InternalError or Forbidden (per metric and dimension value). */
  metricStatus: MetricStatusFault[];
  /**
   * Organisation only: sources (`accountId` or `accountId/region`) whose every service call is answered
   * with AccessDenied, as a role without the read-only policy is (AssumeRole itself still succeeds).
   */
  denySources?: string[];
}

export const NO_FAULTS: FaultConfig = { throttleRate: 0, serverErrorRate: 0, latencyMs: 0, timeoutRate: 0, timeoutMs: 30_000, deny: [], denyResources: [], badSignature: [], only: null, queryRunningMs: DEFAULT_QUERY_RUNNING_MS, endlessEmptyPages: false, filterLogEventsTps: null, metricStatus: [] };

export interface RecordedRequest {
  at: number;
  action: string;
  /** The access key id of the signed request (which client made it). */
  accessKeyId: string;
  /** The account its credentials act in and the Region it is signed for (an organisation's request log tells sources apart). */
  account?: string;
  region?: string;
  status: number;
  body: string;
}

export interface SimServerOptions {
  port?: number;
  host?: string;
  seed?: number;
  profile?: string;
  /** Override the clock's start (tests): the account is backfilled from here. */
  startedAt?: number;
  /**
   * A simulated organisation (sim/org.ts): two accounts × two Regions, each reachable with its own
   * credentials, and STS AssumeRole. Without it the account is the one account it always was.
   */
  organisation?: boolean;
}

/**
 * The simulated account's clock: the wall clock plus an offset that tests move forward through
 * `PUT /__sim/clock`, so that what the account would show in N seconds (a lagging event ingested,
 * a running execution ended) is there at once instead of after a sleep. It never runs backwards:
 * a query, an ingestion time or a request already answered stays in the past.
 */
export class SimClock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  get offset(): number {
    return this.offsetMs;
  }
  /** Moves the clock forward by `ms` (0 or more). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the simulated clock only moves forward: advanceMs must be a number of milliseconds ≥ 0, got ${ms}`);
    this.offsetMs += ms;
  }
  /** Moves the clock forward to `epochMs` (not before the clock's now). */
  set(epochMs: number): void {
    const now = this.now();
    if (!Number.isFinite(epochMs) || epochMs < now) throw new RangeError(`the simulated clock only moves forward: now must be epoch milliseconds ≥ ${now}, got ${epochMs}`);
    this.offsetMs += epochMs - now;
  }
}

export interface SimServer {
  url: string;
  world: SimWorld;
  /** Present when started with `organisation: true`. */
  org: SimOrg | null;
  clock: SimClock;
  close(): Promise<void>;
}

/** The signing Region of the aws partition's IAM endpoint (iam.amazonaws.com). */
const IAM_SIGNING_REGION = 'us-east-1';

const SERVICE_PREFIX: Record<string, string> = {
  AWSStepFunctions: 'states',
  Logs_20140328: 'logs',
  GraniteServiceVersion20100801: 'cloudwatch',
};

function matches(patterns: string[], action: string): boolean {
  return patterns.some((p) => {
    if (p === '*' || p === action) return true;
    if (p.endsWith('*')) return action.startsWith(p.slice(0, -1));
    return false;
  });
}

/** The resource a JSON request names: the ARN it acts on, or its log group. */
function resourceOf(body: string): string | null {
  try {
    const b = JSON.parse(body) as Record<string, unknown>;
    for (const k of ['stateMachineArn', 'executionArn', 'mapRunArn', 'logGroupName', 'logGroupIdentifier', 'resourceArn']) if (typeof b[k] === 'string') return b[k];
  } catch {
    // Not JSON (IAM's query protocol): no resource.
  }
  return null;
}

function errorFor(service: string, status: number, code: string, message: string): SimResponse {
  if (service === 'iam') {
    const type = status >= 500 ? 'Receiver' : 'Sender';
    return {
      status,
      headers: { 'content-type': 'text/xml' },
      body: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message.replace(/[<>&]/g, '')}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
    };
  }
  const ct = service === 'logs' ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0';
  const headers: Record<string, string> = { 'content-type': ct, 'x-amzn-errortype': code };
  if (service === 'cloudwatch') headers['x-amzn-query-error'] = `${code.replace(/Exception$/, '')};${status >= 500 ? 'Receiver' : 'Sender'}`;
  return { status, headers, body: JSON.stringify({ __type: code, message }) };
}

/** The service's own throttling error code. */
function throttleCode(service: string): string {
  if (service === 'iam' || service === 'cloudwatch') return 'Throttling';
  return 'ThrottlingException';
}

function accessDenied(service: string, action: string, resource?: string, accountId = '123456789012', policy: 'identity-based' | 'resource-based' = 'identity-based'): SimResponse {
  const on = resource ? ` on resource: ${resource}` : '';
  const message = `User: arn:aws:sts::${accountId}:assumed-role/sfn-lens-readonly/session is not authorized to perform: ${action}${on} because no ${policy} policy allows the ${action} action`;
  if (service === 'iam') return errorFor('iam', 403, 'AccessDenied', message);
  if (service === 'cloudwatch') return errorFor('cloudwatch', 403, 'AccessDenied', message);
  return errorFor(service, 400, 'AccessDeniedException', message);
}

/**
 * AWS's answer to a SigV4 signature it does not accept: InvalidSignatureException whose message echoes
 * the canonical request and the string-to-sign, signed header values included, so a session token
 * (x-amz-security-token) too. Wording as seen from real services in aws/aws-sdk-js#168 (Lambda) and
 * aws/aws-sdk-cpp#17 (Cognito Sync, with a session token) [obs]; the statuses and IAM's code
 * SignatureDoesNotMatch are [inf].
 */
function badSignature(service: string, req: http.IncomingMessage, body: string): SimResponse {
  const auth = String(req.headers.authorization ?? '');
  const signed = (/SignedHeaders=([^,\s]+)/.exec(auth)?.[1] ?? 'host;x-amz-date').split(';');
  const header = (h: string) => String(req.headers[h] ?? '').trim();
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const canonical = ['POST', new URL(req.url ?? '/', 'http://sim').pathname, '', ...signed.map((h) => `${h}:${header(h)}`), '', signed.join(';'), sha256(body)].join('\n');
  const date = header('x-amz-date');
  const scope = /Credential=[^/]+\/([^,\s]+)/.exec(auth)?.[1] ?? '';
  const message =
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
    `\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${date}\n${scope}\n${sha256(canonical)}'\n`;
  if (service === 'iam') return errorFor('iam', 403, 'SignatureDoesNotMatch', message);
  return errorFor(service, 400, 'InvalidSignatureException', message);
}

/** What a web server that routes nothing to this call answers: its own HTML 404 page. */
function htmlNotFoundPage(): SimResponse {
  return {
    status: 404,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: '<!DOCTYPE html>\n<html lang="en"><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n',
  };
}

export async function startSimServer(options: SimServerOptions = {}): Promise<SimServer> {
  const profile = profileByName(options.profile ?? 'demo');
  const seed = options.seed ?? 42;
  const clock = new SimClock();
  const startedAt = options.startedAt ?? clock.now();
  const world = buildWorld(profile, seed, startedAt);
  const hubWorld = world;
  const org = options.organisation ? buildOrg(world, profile, seed, startedAt) : null;
  let faults: FaultConfig = { ...NO_FAULTS };
  const recorded: RecordedRequest[] = [];
  const counts = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();

  const metricSourceOf = (world: SimWorld): MetricSource => (q) => {
    if (q.namespace !== 'AWS/States') return null;
    const arn = q.dimensions.find((d) => d.Name === 'StateMachineArn')?.Value;
    // Distributed Map children count under the labelled ARN `stateMachine:parent/label` (docs/aws-behaviour.md §11.3).
    const sm = arn ? (world.account.stateMachineByArn(arn) ?? world.account.labelledStateMachineByArn(arn)) : undefined;
    if (!sm) return null;
    return world.account.metric(sm, q.metricName, q.startMs, q.endMs, q.periodSec * 1000, clock.now());
  };

  const metricSource = metricSourceOf(world);
  const metricSources = new Map<SimWorld, MetricSource>([[world, metricSource]]);

  function record(action: string, status: number, body: string, accessKeyId: string, where?: { account: string; region: string }) {
    counts.set(`${accessKeyId} ${action}`, (counts.get(`${accessKeyId} ${action}`) ?? 0) + 1);
    // On the wall clock, as the tests' `since` is: a request log is about the test run, not the account.
    recorded.push({ at: Date.now(), action, accessKeyId, ...where, status, body: body.length > 4096 ? `${body.slice(0, 4096)}…` : body });
    if (recorded.length > 20_000) recorded.splice(0, recorded.length - 20_000);
  }

  function control(req: http.IncomingMessage, body: string, url: URL): SimResponse {
    const json = (status: number, payload: unknown): SimResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    const path = url.pathname;
    // An organisation's control calls name the account and Region they are about (default: the hub's us-east-1).
    const acct = url.searchParams.get('account');
    const world = org && acct ? org.world(acct, url.searchParams.get('region') ?? 'us-east-1') : hubWorld;
    if (path === '/__sim/org') {
      if (!org) return json(404, { error: 'not an organisation: start the sim with organisation: true (SIM_ORG=1)' });
      return json(200, { members: org.members.map((m) => ({ accountId: m.accountId, region: m.region, stateMachines: m.world.account.stateMachines.map((sm) => sm.arn) })) });
    }
    if (path === '/__sim/health') return json(200, { ok: true, profile: profile.name, seed, startedAt: world.account.createdAt, now: clock.now() });
    if (path === '/__sim/clock') {
      // GET: the account's now; PUT {"advanceMs": n} or {"now": epochMs}: moves it forward (never back).
      if (req.method === 'PUT' || req.method === 'POST') {
        try {
          const to = JSON.parse(body) as { advanceMs?: unknown; now?: unknown };
          if (typeof to.advanceMs === 'number' && to.now === undefined) clock.advance(to.advanceMs);
          else if (typeof to.now === 'number' && to.advanceMs === undefined) clock.set(to.now);
          else return json(400, { error: 'the clock takes {"advanceMs": milliseconds} or {"now": epoch milliseconds}' });
        } catch (e) {
          return json(400, { error: e instanceof RangeError ? e.message : 'the clock takes JSON: {"advanceMs": milliseconds} or {"now": epoch milliseconds}' });
        }
      } else if (req.method !== 'GET') return json(405, { error: 'use GET or PUT' });
      return json(200, { now: clock.now(), offsetMs: clock.offset });
    }
    if (path === '/__sim/faults') {
      if (req.method === 'DELETE') faults = { ...NO_FAULTS };
      else if (req.method === 'PUT' || req.method === 'POST') {
        try {
          faults = { ...NO_FAULTS, ...(JSON.parse(body) as Partial<FaultConfig>) };
        } catch {
          return json(400, { error: 'fault config must be JSON' });
        }
      }
      for (const w of org ? org.members.map((m) => m.world) : [world]) {
        w.logs.queryRunningMs = faults.queryRunningMs;
        w.logs.endlessEmptyPages = faults.endlessEmptyPages;
        w.logs.filterLogEventsTps = faults.filterLogEventsTps;
        w.logs.insightsQueryQuota = faults.insightsQueryQuota ?? DEFAULT_INSIGHTS_QUERY_QUOTA;
      }
      return json(200, faults);
    }
    if (path === '/__sim/requests') {
      if (req.method === 'DELETE') {
        recorded.length = 0;
        counts.clear();
        return json(200, { ok: true });
      }
      const since = Number(url.searchParams.get('since') ?? 0);
      const key = url.searchParams.get('accessKeyId');
      const byAction: Record<string, number> = {};
      for (const [k, n] of counts) {
        const [who = '', action = ''] = k.split(' ');
        if (key === null || who === key) byAction[action] = (byAction[action] ?? 0) + n;
      }
      return json(200, { counts: byAction, requests: recorded.filter((r) => r.at >= since && (key === null || r.accessKeyId === key)) });
    }
    if (path === '/__sim/insights') {
      // The Logs Insights queries running now and the most that ran at once (DELETE: counts from now on).
      if (req.method === 'DELETE') world.logs.maxRunningQueries = world.logs.runningQueries(clock.now());
      return json(200, { running: world.logs.runningQueries(clock.now()), maxRunning: world.logs.maxRunningQueries, quota: world.logs.insightsQueryQuota });
    }
    if (path === '/__sim/index-policies' && (req.method === 'PUT' || req.method === 'POST')) {
      // The policy is put now unless `lastUpdateTime` (epoch ms) says when: it indexes events ingested after that.
      const { logGroupName, fields, lastUpdateTime } = JSON.parse(body) as { logGroupName: string; fields: string[]; lastUpdateTime?: number };
      if (fields.length === 0) world.logs.indexPolicies.delete(logGroupName);
      else world.logs.indexPolicies.set(logGroupName, { fields, lastUpdateTime: lastUpdateTime ?? clock.now() });
      return json(200, { ok: true });
    }
    if (path === '/__sim/log-groups') {
      // DELETE ?name= deletes a log group (every Logs call then answers as AWS does for a missing
      // group); PUT ?name= brings it back with its events.
      const name = url.searchParams.get('name') ?? '';
      if (req.method !== 'DELETE' && req.method !== 'PUT') return json(405, { error: 'use DELETE or PUT' });
      const known = req.method === 'DELETE' ? world.logs.deleteGroup(name) : world.logs.restoreGroup(name);
      if (!known) return json(404, { error: `unknown log group ${name}` });
      return json(200, { ok: true, name, deleted: req.method === 'DELETE' });
    }
    if (path === '/__sim/scenarios') {
      return json(200, {
        stateMachines: world.account.stateMachines.map((sm) => ({ name: sm.name, arn: sm.arn, type: sm.type, purpose: sm.scenario.purpose, logGroupName: sm.scenario.logging.logGroupName, rate: sm.scenario.rate })),
      });
    }
    if (path === '/__sim/executions') {
      // Ground truth for tests: what really happened, including what the logs lost.
      const sm = world.account.stateMachineByName(url.searchParams.get('stateMachine') ?? '');
      if (!sm) return json(404, { error: 'unknown state machine' });
      const now = clock.now();
      const from = Number(url.searchParams.get('from') ?? now - 3600_000);
      const to = Number(url.searchParams.get('to') ?? now);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), 100_000);
      const out: unknown[] = [];
      const truth = (e: SimExecution) => ({
        executionArn: e.arn,
        startMs: e.startMs,
        endMs: e.endMs,
        finalStatus: e.finalStatus,
        status: world.account.status(e, now),
        dropMode: e.dropMode,
        loggedEvents: world.account.loggedEvents(e).length,
        lastIngestionMs: Math.max(0, ...world.account.loggedEvents(e).map((ev) => ev.ingestionTime)),
        statusMetricEmissions: world.account.statusMetricEmissions(e),
        ...(e.largeInput ? { largeInput: true } : {}),
        ...(e.input.includes('<script>') ? { hostileInput: true } : {}),
        ...(orderIdOf(e.input) !== null ? { orderId: orderIdOf(e.input) } : {}),
        ...(e.parent ? { parentArn: e.parent.arn } : {}),
        ...(e.cause ? { cause: e.cause } : {}),
        // The events best-effort delivery lost, so that a test can find a record that stops where it wants one.
        ...(e.dropMode === 'none' ? {} : { lost: world.account.history(e).filter((ev) => ev.dropped).map((ev) => ({ id: ev.id, type: ev.type })) }),
      });
      for (const e of world.account.executions(sm, from, Math.min(to, now + 1))) {
        if (out.length >= limit) break;
        out.push(truth(e));
        for (const c of world.account.mapChildren(e)) if (c.startMs <= now && out.length < limit) out.push(truth(c));
      }
      return json(200, { executions: out });
    }
    return json(404, { error: `unknown control path ${path}` });
  }

  /** The account and Region a signed request acts in (organisation only). */
  function whereOf(req: http.IncomingMessage, accessKeyId: string): { account: string; region: string } | undefined {
    if (!org) return undefined;
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
    return { account: org.accountOf(accessKeyId), region };
  }

  async function dispatch(req: http.IncomingMessage, body: string, where: { account: string; region: string } | undefined): Promise<{ response: SimResponse | null; action: string }> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const contentType = String(req.headers['content-type'] ?? '');
    let service = '';
    let op = '';
    if (target.includes('.')) {
      const [prefix, name] = target.split('.', 2);
      service = SERVICE_PREFIX[prefix ?? ''] ?? '';
      op = name ?? '';
    } else if (contentType.startsWith('application/x-www-form-urlencoded')) {
      // STS and IAM both speak the query protocol; the credential scope names the service signed for.
      service = org && /Credential=[^/]+\/\d{8}\/[^/]+\/sts\//.test(String(req.headers.authorization)) ? 'sts' : 'iam';
      op = new URLSearchParams(body).get('Action') ?? '';
    }
    if (!service) {
      return { response: errorFor('states', 400, 'UnknownOperationException', `Unknown operation: target "${target}"`), action: 'unknown' };
    }
    const action = `${service === 'cloudwatch' ? 'cloudwatch' : service}:${op}`;
    if (!req.headers.authorization) {
      return { response: errorFor(service, 403, service === 'iam' ? 'MissingAuthenticationToken' : 'MissingAuthenticationTokenException', 'Missing Authentication Token'), action };
    }
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (org && where) {
      if (service === 'sts') return { response: org.handleSts(body, where.account, clock.now()), action };
      // A read never crosses to another account: an ARN of an account the credentials do not act in is
      // refused, as AWS refuses it without a resource policy that grants it — and Step Functions has
      // none (docs/aws-behaviour.md §11.14).
      const resource = resourceOf(body);
      const arnAccount = resource?.startsWith('arn:') ? resource.split(':')[4] : undefined;
      if (arnAccount && arnAccount !== where.account) return { response: accessDenied(service, action, resource ?? undefined, where.account, 'resource-based'), action };
      if ((faults.denySources ?? []).some((d) => d === where.account || d === `${where.account}/${where.region}`)) return { response: accessDenied(service, action, undefined, where.account), action };
    }
    if (matches(faults.deny, action)) return { response: accessDenied(service, action), action };
    if (faults.denyResources.length > 0) {
      const resource = resourceOf(body);
      if (resource && faults.denyResources.some((d) => matches([d.action], action) && matches([d.resource], resource))) return { response: accessDenied(service, action, resource), action };
    }
    if (matches(faults.badSignature, action)) return { response: badSignature(service, req, body), action };
    if (matches(faults.htmlPage ?? [], action)) return { response: htmlNotFoundPage(), action };
    if (matches(faults.notJson ?? [], action)) return { response: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'OK' }, action };
    // IAM has one endpoint per partition; the account's is the aws partition's, which takes requests
    // signed for us-east-1 only. A request scoped to another Region (a client pinned or configured for
    // another partition) is refused as IAM refuses it (docs/aws-behaviour.md §11.10).
    if (service === 'iam') {
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization))?.[1];
      if (scope !== IAM_SIGNING_REGION) {
        return { response: errorFor('iam', 403, 'SignatureDoesNotMatch', `Credential should be scoped to a valid region, not '${scope ?? ''}'. `), action };
      }
    }
    const subject = faults.only === null || matches(faults.only, action);
    if (subject && faults.timeoutRate > 0 && Math.random() < faults.timeoutRate) {
      await new Promise((r) => setTimeout(r, faults.timeoutMs));
      return { response: null, action };
    }
    if (subject && faults.throttleRate > 0 && Math.random() < faults.throttleRate) {
      return { response: errorFor(service, 400, throttleCode(service), 'Rate exceeded'), action };
    }
    if (subject && faults.serverErrorRate > 0 && Math.random() < faults.serverErrorRate) {
      return { response: errorFor(service, Math.random() < 0.5 ? 500 : 503, Math.random() < 0.5 ? 'InternalFailure' : 'ServiceUnavailable', 'The service is unavailable. Please try again later.'), action };
    }
    const now = clock.now();
    const w = org && where ? org.world(where.account, service === 'iam' ? IAM_SIGNING_REGION : where.region) : world;
    let metrics = metricSources.get(w);
    if (!metrics) {
      metrics = metricSourceOf(w);
      metricSources.set(w, metrics);
    }
    switch (service) {
      case 'states':
        return { response: handleSfnRequest(op, body, w.account, now), action };
      case 'logs':
        return { response: w.logs.handle(op, body, now), action };
      case 'iam':
        return { response: handleIamRequest(body, w.iam), action };
      default:
        return { response: handleCloudWatchRequest(target, body, metrics, { now, statusFaults: faults.metricStatus }), action };
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 10 * 1024 * 1024) {
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ __type: 'RequestEntityTooLarge', message: 'Request body too large' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://sim');
      const send = (r: SimResponse) => {
        res.writeHead(r.status, { ...r.headers, 'x-amzn-requestid': crypto.randomUUID(), 'content-length': Buffer.byteLength(r.body) });
        res.end(r.body);
      };
      if (url.pathname.startsWith('/__sim/')) {
        send(control(req, body, url));
        return;
      }
      if (req.method !== 'POST') {
        send(errorFor('states', 400, 'UnknownOperationException', 'AWS APIs are POST /'));
        return;
      }
      const accessKeyId = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'anonymous';
      const where = whereOf(req, accessKeyId);
      dispatch(req, body, where)
        .then(({ response, action }) => {
          if (response === null) {
            record(action, 0, body, accessKeyId, where);
            req.socket.destroy();
            return;
          }
          record(action, response.status, body, accessKeyId, where);
          send(response);
        })
        .catch((e: unknown) => {
          console.error('sim: internal error', e);
          record('error', 500, body, accessKeyId);
          send(errorFor('states', 500, 'InternalFailure', 'The simulated service failed unexpectedly.'));
        });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Idle keep-alive connections stay open until the client closes them. With a timeout, a request
  // written on an idle connection while the simulator is busy in a long synchronous scan (seconds for
  // a big Insights query) arrives after its idle timer ran out: Node's timers run before the socket
  // is read, the connection is destroyed and the client sees ECONNRESET ("socket hang up") on every
  // request it queued there. That is an artefact of simulating AWS in one JavaScript thread, not
  // something an AWS endpoint does; dropped connections are injected on purpose with `timeoutRate`.
  server.keepAliveTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${addr.address}:${addr.port}`,
    world,
    org,
    clock,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The business key an execution's input carries (orders-express), for the search tests' ground truth. */
function orderIdOf(input: string): number | null {
  try {
    const v = (JSON.parse(input) as { orderId?: unknown }).orderId;
    return typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}
