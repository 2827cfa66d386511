// CloudWatch Logs, AWS JSON 1.1 (`X-Amz-Target: Logs_20140328.<Op>`), read calls and Logs Insights.
// Behaviour follows docs/aws-behaviour.md §2, §5, §7 and §10.

import { compileFilterPattern, InvalidFilterPatternError } from './filter-pattern';
import {
  indexableEqualities,
  MalformedQueryError,
  parseInsightsQuery,
  runInsightsQuery,
  type InsightsQuery,
  type InsightsRecord,
} from './insights';
import { ACCOUNT_ID, isForeign, REGION, VALIDATION_STREAM, type ForeignLogEvent, type SimAccount, type SimEvent, type SimLogEvent, type SimStateMachine } from '../model';
import { hash32, hex8 } from '../rand';
import { AwsError, checkRange, decodeToken, encodeToken, jsonError, jsonReply, num, parseJsonBody, str, bool, type SimResponse } from '../protocol';

const CT = 'application/x-amz-json-1.1';
const FIVE_MB = 1_048_576;

export interface LogGroupDef {
  name: string;
  createdAt: number;
  retentionInDays: number | null;
  /** The state machine writing here, if any. */
  sm: SimStateMachine | null;
}

export interface ResourcePolicyDef {
  /** Account-level policies have a name; PutResourcePolicy does not take one with a resourceArn. */
  policyName?: string;
  policyDocument: string;
  lastUpdatedTime: number;
  /**
   * RESOURCE: a log group's own policy (PutResourcePolicy with resourceArn, one per group), listed only
   * when DescribeResourcePolicies asks for `policyScope: RESOURCE` (docs/aws-behaviour.md §11.5).
   */
  policyScope: 'ACCOUNT' | 'RESOURCE';
  /** The ARN the policy was put on, as given (a log group ARN, with or without `:*`). */
  resourceArn?: string;
  revisionId?: string;
}

/**
 * A log group's field index policy (docs/aws-behaviour.md §11.1): its fields are indexed for events
 * ingested after `lastUpdateTime` only, and the newest events are not indexed until a later scan.
 */
export interface IndexPolicyDef {
  fields: string[];
  lastUpdateTime: number;
}

/**
 * Undocumented how long after ingestion an event is indexed (`FieldIndex.lastScanTime` says indexing
 * runs in scans): the simulator leaves the last 5 minutes of ingestion unindexed (least favourable).
 */
export const INDEX_SCAN_LAG_MS = 5 * 60_000;

/** The 5 TPS quota of FilterLogEvents per account and Region (docs/aws-behaviour.md §11.9). */
export const FILTER_LOG_EVENTS_TPS = 5;

interface StoredQuery {
  id: string;
  status: 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled';
  createdAt: number;
  queryString: string;
  logGroups: string[];
  completedAt: number | null;
  rows: Array<Array<{ field: string; value: string }>>;
  statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number; estimatedRecordsSkipped?: number; estimatedBytesSkipped?: number };
  error?: string;
  /** What a poll while Running sees: the query over the first quarter of its time range (computed in the same scan). */
  partial: { rows: StoredQuery['rows']; statistics: StoredQuery['statistics'] } | null;
}

/**
 * GetQueryResults' page size when `maxItems` is not given: undocumented (the maximum is 10,000 a
 * page), so the simulator uses a small one and a client that does not follow `nextToken` misses rows
 * (docs/aws-behaviour.md §11.8).
 */
export const DEFAULT_QUERY_RESULTS_PAGE = 1_000;

/** How long a query stays visibly "Running" so clients exercise their polling. */
export const DEFAULT_QUERY_RUNNING_MS = 150;
/** StartQuery's concurrency quota by default (see SimLogs.insightsQueryQuota). */
export const DEFAULT_INSIGHTS_QUERY_QUOTA = 30;

export class SimLogs {
  private readonly queries = new Map<string, StoredQuery>();
  private queryCounter = 0;
  /** Field index policies by log group name (docs/aws-behaviour.md §10, §11.1). */
  readonly indexPolicies = new Map<string, IndexPolicyDef>();
  /**
   * Fault injection: FilterLogEvents answers every page empty with a nextToken, without end (each
   * page is legal AWS behaviour, docs/aws-behaviour.md §11.9); a reader must bound its paging loop.
   */
  endlessEmptyPages = false;
  /** Fault injection: FilterLogEvents calls over this many per second are throttled (null: no limit). */
  filterLogEventsTps: number | null = null;
  private readonly filterCalls: number[] = [];
  /** Minimum time a query reports Running (fault injection raises it to exercise timeouts). */
  queryRunningMs = DEFAULT_QUERY_RUNNING_MS;
  /**
   * Concurrent Logs Insights queries the account allows (docs/aws-behaviour.md §11.13): 30 as the
   * StartQuery reference said, the lower of the two figures AWS has documented (100 today). A test
   * lowers it (`/__sim/faults` `insightsQueryQuota`) to stand for an account whose other users hold the rest.
   */
  insightsQueryQuota = DEFAULT_INSIGHTS_QUERY_QUOTA;
  /** The most queries that ran at once since the last reset (`GET`/`DELETE /__sim/insights`). */
  maxRunningQueries = 0;
  /** Log groups deleted by the control API (`DELETE /__sim/log-groups`): every call sees them as missing until restored. */
  private readonly deletedGroups = new Set<string>();

  constructor(
    readonly account: SimAccount,
    readonly groups: LogGroupDef[],
    readonly resourcePolicies: ResourcePolicyDef[],
  ) {}

  handle(op: string, body: string, now: number): SimResponse {
    try {
      const p = parseJsonBody(body);
      switch (op) {
        case 'DescribeLogGroups':
          return jsonReply(CT, this.describeLogGroups(p));
        case 'DescribeLogStreams':
          return jsonReply(CT, this.describeLogStreams(p, now));
        case 'GetLogEvents':
          return jsonReply(CT, this.getLogEvents(p, now));
        case 'FilterLogEvents':
          this.throttleFilterLogEvents();
          return jsonReply(CT, this.filterLogEvents(p, now));
        case 'DescribeResourcePolicies':
          return jsonReply(CT, this.describeResourcePolicies(p));
        case 'DescribeIndexPolicies':
          return jsonReply(CT, this.describeIndexPolicies(p));
        case 'StartQuery':
          return jsonReply(CT, this.startQuery(p, now));
        case 'GetQueryResults':
          return jsonReply(CT, this.getQueryResults(p, now));
        case 'StopQuery':
          return jsonReply(CT, this.stopQuery(p, now));
        default:
          throw new AwsError(400, 'UnknownOperationException', `Operation ${op} is not supported by this endpoint.`);
      }
    } catch (e) {
      if (e instanceof AwsError) return jsonError(CT, e);
      throw e;
    }
  }

  /**
   * Deletes a log group as `aws logs delete-log-group` would, except that the events stay: restoring
   * it brings them back (a query started before the deletion keeps its results). Returns false for a
   * group the account never had.
   */
  deleteGroup(name: string): boolean {
    if (!this.groups.some((g) => g.name === name)) return false;
    this.deletedGroups.add(name);
    return true;
  }

  restoreGroup(name: string): boolean {
    if (!this.groups.some((g) => g.name === name)) return false;
    this.deletedGroups.delete(name);
    return true;
  }

  /** The groups that exist now (not deleted through the control API). */
  private liveGroups(): LogGroupDef[] {
    return this.deletedGroups.size === 0 ? this.groups : this.groups.filter((g) => !this.deletedGroups.has(g.name));
  }

  /** The group named by a name or ARN; `missingMessage` is the operation's own wording for a missing group. */
  group(nameOrArn: string | undefined, missingMessage: (name: string) => string = () => 'The specified log group does not exist.'): LogGroupDef {
    if (!nameOrArn) throw new AwsError(400, 'InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be specified.');
    const name = nameOrArn.startsWith('arn:') ? (nameOrArn.split(':')[6] ?? '') : nameOrArn;
    const g = this.liveGroups().find((x) => x.name === name);
    if (!g) throw new AwsError(400, 'ResourceNotFoundException', missingMessage(name));
    return g;
  }

  private groupParam(p: Record<string, unknown>): LogGroupDef {
    const name = str(p, 'logGroupName');
    const id = str(p, 'logGroupIdentifier');
    if (name !== undefined && id !== undefined) {
      throw new AwsError(400, 'InvalidParameterException', 'LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    }
    return this.group(name ?? id);
  }

  private describeLogGroups(p: Record<string, unknown>) {
    const limit = num(p, 'limit');
    checkRange('limit', limit, 1, 50);
    const prefix = str(p, 'logGroupNamePrefix');
    const pattern = str(p, 'logGroupNamePattern');
    if (prefix !== undefined && pattern !== undefined) {
      throw new AwsError(400, 'InvalidParameterException', 'LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.');
    }
    const ids = p.logGroupIdentifiers;
    const idList = Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : null;
    const all = this.liveGroups()
      .filter((g) => (prefix === undefined || g.name.startsWith(prefix)) && (pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase())))
      .filter((g) => !idList || idList.some((id) => id === g.name || id === groupArn(g.name, this.account) || id === `${groupArn(g.name, this.account)}:*`))
      .sort((a, b) => a.name.localeCompare(b.name));
    const offset = decodeToken<{ o: number }>(str(p, 'nextToken'), 'InvalidParameterException')?.o ?? 0;
    const size = limit ?? 50;
    const page = all.slice(offset, offset + size);
    return {
      logGroups: page.map((g) => ({
        logGroupName: g.name,
        creationTime: g.createdAt,
        ...(g.retentionInDays !== null ? { retentionInDays: g.retentionInDays } : {}),
        metricFilterCount: 0,
        arn: `${groupArn(g.name, this.account)}:*`,
        logGroupArn: groupArn(g.name, this.account),
        storedBytes: this.storedBytesEstimate(g),
        logGroupClass: 'STANDARD',
      })),
      nextToken: offset + size < all.length ? encodeToken({ o: offset + size }) : undefined,
    };
  }

  private storedBytesEstimate(g: LogGroupDef): number {
    const sm = g.sm;
    if (!sm || !sm.scenario.deliveryWorks) return 180;
    // Roughly: executions so far × events × ~450 bytes (a real figure is only updated hourly by AWS anyway).
    return Math.round(sm.scenario.rate * ((Date.now() - this.account.epochMs) / 1000) * 12 * 450);
  }

  /**
   * Without `policyScope` (ACCOUNT, the model's default) only account-level policies; with
   * `policyScope: RESOURCE` and `resourceArn`, the policy put on exactly that ARN (as it was put: the
   * model does not say that `arn…:log-group:NAME` and `arn…:log-group:NAME:*` name the same policy,
   * so the simulator does not match one with the other). Paged by `limit`/`nextToken`.
   */
  private describeResourcePolicies(p: Record<string, unknown>) {
    const limit = num(p, 'limit');
    checkRange('limit', limit, 1, 50);
    const scope = str(p, 'policyScope') ?? 'ACCOUNT';
    if (scope !== 'ACCOUNT' && scope !== 'RESOURCE') {
      throw new AwsError(400, 'InvalidParameterException', `Invalid policyScope: ${scope}`);
    }
    const resourceArn = str(p, 'resourceArn');
    const all = this.resourcePolicies.filter((r) => r.policyScope === scope && (scope === 'ACCOUNT' || resourceArn === undefined || r.resourceArn === resourceArn));
    const offset = decodeToken<{ o: number }>(str(p, 'nextToken'), 'InvalidParameterException')?.o ?? 0;
    const size = limit ?? 50;
    return {
      resourcePolicies: all.slice(offset, offset + size).map((r) => ({
        ...(r.policyName !== undefined ? { policyName: r.policyName } : {}),
        policyDocument: r.policyDocument,
        lastUpdatedTime: r.lastUpdatedTime,
        policyScope: r.policyScope,
        ...(r.resourceArn !== undefined ? { resourceArn: r.resourceArn } : {}),
        ...(r.revisionId !== undefined ? { revisionId: r.revisionId } : {}),
      })),
      ...(offset + size < all.length ? { nextToken: encodeToken({ o: offset + size }) } : {}),
    };
  }

  /** A log-group-level policy, as the model shapes it: no `policyName`, `source: LOG_GROUP`, `lastUpdateTime`. */
  private describeIndexPolicies(p: Record<string, unknown>) {
    const ids = p.logGroupIdentifiers;
    if (!Array.isArray(ids) || ids.length !== 1 || typeof ids[0] !== 'string') {
      throw new AwsError(400, 'InvalidParameterException', 'logGroupIdentifiers must contain exactly one log group.');
    }
    const g = this.group(ids[0]);
    const policy = this.indexPolicies.get(g.name);
    return {
      indexPolicies: policy
        ? [{ logGroupIdentifier: groupArn(g.name, this.account), lastUpdateTime: policy.lastUpdateTime, policyDocument: JSON.stringify({ Fields: policy.fields }), source: 'LOG_GROUP' }]
        : [],
    };
  }

  private throttleFilterLogEvents(): void {
    const tps = this.filterLogEventsTps;
    if (tps === null) return;
    const t = Date.now();
    while (this.filterCalls.length > 0 && (this.filterCalls[0] ?? 0) <= t - 1_000) this.filterCalls.shift();
    if (this.filterCalls.length >= tps) throw new AwsError(400, 'ThrottlingException', 'Rate exceeded');
    this.filterCalls.push(t);
  }

  /** Log streams of a group: the validation stream, another writer's stream, then one per bucket the executions wrote to. */
  private streamNames(g: LogGroupDef, now: number): string[] {
    const names = [VALIDATION_STREAM];
    const sm = g.sm;
    const foreign = sm?.scenario.foreignLines;
    if (sm && foreign && !this.account.foreignEvents(sm, this.account.epochMs, now, now).next().done) names.push(foreign.stream);
    if (!sm || !sm.scenario.deliveryWorks || sm.scenario.logging.level === 'OFF') return names;
    const seen = new Set<string>();
    const stepMs = sm.type === 'EXPRESS' ? 60_000 : 3_600_000;
    for (let t = Math.floor(this.account.epochMs / stepMs) * stepMs; t <= now; t += stepMs) {
      for (const e of this.account.executions(sm, t, Math.min(t + stepMs, now + 1))) {
        if (this.account.loggedEvents(e).some((ev) => ev.ingestionTime <= now)) seen.add(this.account.streamNameFor(e));
        if (sm.type === 'EXPRESS' && seen.size % 4 === 0 && seen.size > 0 && e.startMs - t > 20_000) break;
      }
    }
    return names.concat([...seen]);
  }

  private describeLogStreams(p: Record<string, unknown>, now: number) {
    const g = this.groupParam(p);
    const limit = num(p, 'limit');
    checkRange('limit', limit, 1, 50);
    const prefix = str(p, 'logStreamNamePrefix');
    const orderBy = str(p, 'orderBy') ?? 'LogStreamName';
    if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
      throw new AwsError(400, 'InvalidParameterException', `Invalid orderBy: ${orderBy}`);
    }
    if (prefix !== undefined && orderBy === 'LastEventTime') {
      throw new AwsError(400, 'InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const descending = bool(p, 'descending') ?? false;
    let names = this.streamNames(g, now).filter((n) => prefix === undefined || n.startsWith(prefix));
    // Stream names embed the time, so name order and last-event order agree (validation stream first in time).
    names = orderBy === 'LogStreamName' ? names.sort() : names;
    if (descending) names.reverse();
    const offset = decodeToken<{ o: number }>(str(p, 'nextToken'), 'InvalidParameterException')?.o ?? 0;
    const size = limit ?? 50;
    const page = names.slice(offset, offset + size);
    return {
      logStreams: page.map((n) => {
        const events = this.streamEvents(g, n, now);
        const first = events[0]?.timestamp ?? g.createdAt;
        const last = events[events.length - 1]?.timestamp ?? g.createdAt;
        return {
          logStreamName: n,
          creationTime: first,
          firstEventTimestamp: first,
          lastEventTimestamp: last,
          lastIngestionTime: Math.max(first, ...events.map((e) => e.ingestionTime)),
          arn: `${groupArn(g.name, this.account)}:log-stream:${n}`,
          storedBytes: 0,
        };
      }),
      nextToken: offset + size < names.length ? encodeToken({ o: offset + size }) : undefined,
    };
  }

  /** Readable events of one stream, oldest first. */
  private streamEvents(g: LogGroupDef, stream: string, now: number): Array<{ timestamp: number; ingestionTime: number; message: string; eventId: string }> {
    if (stream === VALIDATION_STREAM) {
      return [{ timestamp: g.createdAt, ingestionTime: g.createdAt + 40, message: 'Permissions are set correctly to deliver logs to this log group.', eventId: '0'.repeat(56) }];
    }
    const sm = g.sm;
    if (sm?.scenario.foreignLines && stream === sm.scenario.foreignLines.stream) {
      const lines = [...this.account.foreignEvents(sm, this.account.epochMs, now, now)];
      if (lines.length === 0) throw new AwsError(400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
      return lines.map((ev) => ({ timestamp: ev.timestamp, ingestionTime: ev.ingestionTime, message: ev.message, eventId: eventId(ev) }));
    }
    const m = /^states\/([^/]+(?:\/[^/]+)?)\/(\d{4})-(\d{2})-(\d{2})-(\d{2})(?:-(\d{2}))?\/([0-9a-f]{8})$/.exec(stream);
    if (!sm || !m) throw new AwsError(400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
    const minute = m[6] !== undefined;
    const from = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]), Number(m[5]), minute ? Number(m[6]) : 0);
    const to = from + (minute ? 60_000 : 3_600_000);
    const out: SimEvent[] = [];
    for (const e of this.account.executions(sm, from, to)) {
      for (const x of [e, ...this.account.mapChildren(e)]) {
        if (this.account.streamNameFor(x) !== stream) continue;
        for (const ev of this.account.loggedEvents(x)) if (ev.ingestionTime <= now) out.push(ev);
      }
    }
    if (out.length === 0 && !this.streamNames(g, now).includes(stream)) {
      throw new AwsError(400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
    }
    out.sort((a, b) => a.timestamp - b.timestamp || eventId(a).localeCompare(eventId(b)));
    return out.map((ev) => ({ timestamp: ev.timestamp, ingestionTime: ev.ingestionTime, message: messageOf(ev), eventId: eventId(ev) }));
  }

  private getLogEvents(p: Record<string, unknown>, now: number) {
    const g = this.groupParam(p);
    const stream = str(p, 'logStreamName', true) ?? '';
    const limit = num(p, 'limit');
    checkRange('limit', limit, 1, 100_000);
    const startTime = num(p, 'startTime') ?? 0;
    const endTime = num(p, 'endTime') ?? Number.MAX_SAFE_INTEGER;
    const startFromHead = bool(p, 'startFromHead') ?? false;
    const token = str(p, 'nextToken');
    const events = this.streamEvents(g, stream, now).filter((e) => e.timestamp >= startTime && e.timestamp < endTime);
    const size = limit ?? 10_000;
    let from: number;
    if (token !== undefined) {
      const m = /^([fb])\/(\d+)$/.exec(token);
      if (!m) throw new AwsError(400, 'InvalidParameterException', 'The specified nextToken is invalid.');
      from = Math.min(Number(m[2]), events.length);
    } else {
      from = startFromHead ? 0 : Math.max(0, events.length - size);
    }
    const page = events.slice(from, from + size);
    return {
      events: page.map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
      nextForwardToken: `f/${String(from + page.length).padStart(56, '0')}`,
      nextBackwardToken: `b/${String(Math.max(0, from - size)).padStart(56, '0')}`,
    };
  }

  private filterLogEvents(p: Record<string, unknown>, now: number) {
    const g = this.groupParam(p);
    const limit = num(p, 'limit');
    checkRange('limit', limit, 1, 100_000);
    const patternText = str(p, 'filterPattern');
    let pattern;
    try {
      pattern = compileFilterPattern(patternText);
    } catch (e) {
      if (e instanceof InvalidFilterPatternError) throw new AwsError(400, 'InvalidParameterException', e.message);
      throw e;
    }
    const streamNames = Array.isArray(p.logStreamNames) ? p.logStreamNames.filter((x): x is string => typeof x === 'string') : null;
    const streamPrefix = str(p, 'logStreamNamePrefix');
    if (streamNames && streamPrefix !== undefined) {
      throw new AwsError(400, 'InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive.');
    }
    const startTime = num(p, 'startTime') ?? 0;
    const endTime = num(p, 'endTime') ?? now;
    if (startTime > endTime) throw new AwsError(400, 'InvalidParameterException', 'startTime must be less than or equal to endTime.');
    const size = limit ?? 10_000;
    const cursor = decodeToken<{ t: number; k: string; a: number }>(str(p, 'nextToken'), 'InvalidParameterException');
    const asOf = cursor?.a ?? now;
    // "A returned page might only be partially full, or even empty … Partially full or empty pages
    // don't necessarily mean that pagination is finished" [model logs]: the first page of every
    // search is empty with a nextToken (least favourable), and, under fault injection, every page.
    if (!cursor || this.endlessEmptyPages) {
      return { events: [], searchedLogStreams: [], nextToken: encodeToken({ t: cursor?.t ?? startTime - 1, k: cursor?.k ?? '~', a: asOf }) };
    }

    const accept = (ev: SimLogEvent, message: string, json: unknown) =>
      (!streamNames || streamNames.includes(ev.logStreamName)) &&
      (streamPrefix === undefined || ev.logStreamName.startsWith(streamPrefix)) &&
      pattern.match(message, json);
    const afterCursor = (ev: SimLogEvent) => !cursor || ev.timestamp > cursor.t || (ev.timestamp === cursor.t && eventId(ev) > cursor.k);

    const out: Array<{ ev: SimLogEvent; message: string }> = [];
    let bytes = 0;
    let full = false;
    let pageCap = size;
    const collect = (events: SimLogEvent[]) => {
      events.sort((a, b) => a.timestamp - b.timestamp || eventId(a).localeCompare(eventId(b)));
      for (const ev of events) {
        if (!afterCursor(ev)) continue;
        // Another writer's line is matched as written: JSON patterns parse it, and fail on plain text.
        const json = isForeign(ev) ? undefined : jsonOf(ev);
        const message = isForeign(ev) ? ev.message : JSON.stringify(json);
        if (!accept(ev, message, json)) continue;
        if (out.length >= Math.min(size, pageCap) || bytes + message.length > FIVE_MB) {
          full = true;
          return;
        }
        out.push({ ev, message });
        bytes += message.length;
      }
    };

    // An equality on $.execution_arn leads straight to one execution: no window scan needed.
    const arnEq = pattern.equalities.find((q) => q.path === '$.execution_arn' || q.path === 'execution_arn');
    let resumeAt: number | null = null;
    if (arnEq) {
      const e = this.account.executionByArn(arnEq.value, asOf);
      const owner = e ? (e.sm.parent ?? e.sm) : null;
      if (e && owner && owner.scenario.logging.logGroupName === g.name) {
        const events = this.account.loggedEvents(e).filter((ev) => ev.ingestionTime <= asOf && ev.timestamp >= startTime && ev.timestamp <= endTime);
        // Partially full pages: at most half of the execution's events on one page.
        pageCap = Math.max(1, Math.ceil(events.length / 2));
        collect(events);
      }
    } else {
      // Scan the window in one-minute chunks; like AWS, a page may end early (and even be empty) with a nextToken.
      const chunkMs = 60_000;
      let t = Math.max(startTime, cursor?.t ?? startTime);
      let chunks = 0;
      while (t <= endTime && !full) {
        const chunkEnd = Math.min(endTime, t + chunkMs - 1);
        collect([...this.account.logEvents(g.name, t, chunkEnd, asOf)]);
        if (full) break;
        t = chunkEnd + 1;
        if (++chunks >= 30 && t <= endTime) {
          resumeAt = t;
          break;
        }
      }
    }
    const last = out[out.length - 1];
    let nextToken: string | undefined;
    if (full && last) nextToken = encodeToken({ t: last.ev.timestamp, k: eventId(last.ev), a: asOf });
    else if (resumeAt !== null) nextToken = encodeToken({ t: resumeAt - 1, k: '~', a: asOf });
    return {
      events: out.map(({ ev, message }) => ({
        logStreamName: ev.logStreamName,
        timestamp: ev.timestamp,
        message,
        ingestionTime: ev.ingestionTime,
        eventId: eventId(ev),
      })),
      searchedLogStreams: [],
      ...(nextToken ? { nextToken } : {}),
    };
  }

  private startQuery(p: Record<string, unknown>, now: number) {
    const names: string[] = [];
    const one = str(p, 'logGroupName');
    if (one !== undefined) names.push(one);
    for (const key of ['logGroupNames', 'logGroupIdentifiers']) {
      const v = p[key];
      if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') names.push(x);
    }
    if (names.length === 0) throw new AwsError(400, 'InvalidParameterException', 'Either logGroupName, logGroupNames or logGroupIdentifiers must be specified.');
    if (names.length > 50) throw new AwsError(400, 'InvalidParameterException', 'A query can target at most 50 log groups.');
    // AWS does not document StartQuery's wording for a missing group: this one names the group
    // and the account [inf], where the read calls say "The specified log group does not exist."
    const groups = names.map((n) => this.group(n.replace(/:\*$/, ''), (name) => `Log group '${name}' does not exist for account ID '${this.account.accountId}'`));
    const startTime = num(p, 'startTime');
    const endTime = num(p, 'endTime');
    if (startTime === undefined || endTime === undefined) throw new AwsError(400, 'InvalidParameterException', 'startTime and endTime are required.');
    if (startTime > endTime) throw new AwsError(400, 'InvalidParameterException', 'endTime must be greater than startTime.');
    const queryString = str(p, 'queryString', true) ?? '';
    if (queryString.length > 10_000) throw new AwsError(400, 'InvalidParameterException', 'queryString must be at most 10000 characters.');
    const limit = num(p, 'limit');
    checkRange('limit', limit, 1, 100_000);
    let query: InsightsQuery;
    try {
      query = parseInsightsQuery(queryString);
    } catch (e) {
      if (e instanceof MalformedQueryError) throw new AwsError(400, 'MalformedQueryException', e.message);
      throw e;
    }
    // A query counts against the quota until it ends as AWS would end it (its scan done and its
    // running time over), whether or not anyone reads its results (docs/aws-behaviour.md §11.13).
    const running = this.runningQueries(now);
    if (running >= this.insightsQueryQuota) throw new AwsError(400, 'LimitExceededException', `Account maximum query concurrency limit of [${this.insightsQueryQuota}] reached.`);
    this.maxRunningQueries = Math.max(this.maxRunningQueries, running + 1);

    const id = `${hex8(hash32(now, ++this.queryCounter))}-${hex8(hash32(this.queryCounter, 2)).slice(0, 4)}-4${hex8(hash32(this.queryCounter, 3)).slice(0, 3)}-a${hex8(hash32(this.queryCounter, 4)).slice(0, 3)}-${hex8(hash32(now, 5))}${hex8(hash32(now, 6)).slice(0, 4)}`;
    const stored: StoredQuery = {
      id,
      status: 'Scheduled',
      createdAt: now,
      queryString,
      logGroups: groups.map((g) => g.name),
      completedAt: null,
      rows: [],
      statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
      partial: null,
    };
    this.queries.set(id, stored);
    if (this.queries.size > 500) {
      const oldest = this.queries.keys().next().value;
      if (oldest !== undefined) this.queries.delete(oldest);
    }
    setTimeout(() => {
      if (stored.status !== 'Scheduled') return;
      stored.status = 'Running';
      try {
        const fromMs = startTime * 1000;
        const toMs = endTime * 1000 + 999;
        const result = this.runQuery(query, groups, fromMs, toMs, now, limit, fromMs + Math.floor((toMs - fromMs) / 4));
        stored.rows = result.rows;
        stored.statistics = result.statistics;
        stored.partial = result.partial ?? null;
        stored.completedAt = Date.now();
      } catch (e) {
        stored.status = 'Failed';
        stored.error = e instanceof Error ? e.message : String(e);
      }
    }, 10);
    return { queryId: id };
  }

  /**
   * Runs a query over the readable events. A field index covers the events ingested after its policy
   * was last updated and before the newest, not yet scanned, stretch (docs/aws-behaviour.md §11.1):
   * - `filterIndex` returns indexed data only: a group without the field indexed gives nothing, and
   *   events outside the index's coverage are not returned even when they match;
   * - a plain `filter field = "value"` on an indexed field skips the covered events that do not
   *   match, and scans the rest (the same rows as without the index, fewer bytes).
   */
  runQuery(query: InsightsQuery, groups: LogGroupDef[], fromMs: number, toMs: number, asOf: number, limit?: number, partialUntil?: number) {
    const equalities = indexableEqualities(query);
    const indexOnly = new Set(query.commands.flatMap((c) => (c.kind === 'filterIndex' ? [c.field] : [])));
    let skippedRecords = 0;
    let skippedBytes = 0;
    const { indexPolicies, account } = this;
    function* source(): Generator<InsightsRecord> {
      for (const g of groups) {
        const policy = indexPolicies.get(g.name);
        const indexed = new Set(policy?.fields ?? []);
        if ([...indexOnly].some((f) => !indexed.has(f))) continue;
        const usable = equalities.filter((q) => indexed.has(q.field));
        const covered = (ev: SimLogEvent) => policy !== undefined && ev.ingestionTime >= policy.lastUpdateTime && ev.ingestionTime <= asOf - INDEX_SCAN_LAG_MS;
        for (const ev of account.logEvents(g.name, fromMs, toMs, asOf)) {
          const inIndex = covered(ev);
          if (indexOnly.size > 0 && !inIndex) continue;
          const logId = `${account.accountId}:${g.name}`;
          const rec = isForeign(ev) ? foreignRecord(ev, logId) : toRecord(ev, logId);
          if (inIndex && usable.length > 0 && !usable.every((q) => q.values.includes(String(rec.get(q.field) ?? '')))) {
            skippedRecords++;
            skippedBytes += rec.messageBytes;
            continue;
          }
          yield rec;
        }
      }
    }
    const result = runInsightsQuery(query, source(), { maxRows: limit, ...(partialUntil !== undefined ? { partialUntil } : {}) });
    return {
      rows: result.rows,
      statistics: {
        ...result.statistics,
        ...(skippedRecords > 0 ? { estimatedRecordsSkipped: skippedRecords, estimatedBytesSkipped: skippedBytes } : {}),
      },
      ...(result.partial ? { partial: result.partial } : {}),
    };
  }

  private getQueryResults(p: Record<string, unknown>, now: number) {
    const id = str(p, 'queryId', true) ?? '';
    const q = this.queries.get(id);
    if (!q) throw new AwsError(400, 'ResourceNotFoundException', 'Query does not exist.');
    const maxItems = num(p, 'maxItems');
    checkRange('maxItems', maxItems, 1, 10_000);
    const token = decodeToken<{ q: string; o: number }>(str(p, 'nextToken'), 'InvalidParameterException');
    if (token !== undefined && (token.q !== id || !Number.isInteger(token.o) || token.o < 0)) throw new AwsError(400, 'InvalidParameterException', 'The specified token is invalid or has expired.');
    // Pages of at most maxItems rows (default: a small page), each with a nextToken while rows remain.
    const page = (rows: StoredQuery['rows']) => {
      const offset = token?.o ?? 0;
      const size = maxItems ?? DEFAULT_QUERY_RESULTS_PAGE;
      return { results: rows.slice(offset, offset + size), ...(offset + size < rows.length ? { nextToken: encodeToken({ q: id, o: offset + size }) } : {}) };
    };
    if (q.status === 'Failed') return { status: 'Failed', results: [], statistics: q.statistics };
    if (q.status === 'Cancelled') return { status: 'Cancelled', results: [], statistics: q.statistics };
    if (q.status === 'Scheduled') return { status: 'Scheduled', results: [], statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } };
    // Running for queryRunningMs, and still for a moment after a long scan ends: a client that polled
    // while the scan blocked sees Running once, as it would on AWS, before Complete. While Running,
    // AWS "returns only partial results": here the query over the first quarter of its time range,
    // partial aggregates that look final (docs/aws-behaviour.md §11.8).
    if (this.visiblyRunning(q, now)) {
      return { status: 'Running', ...page(q.partial?.rows ?? []), statistics: this.statisticsSoFar(q, now) };
    }
    q.status = 'Complete';
    q.partial = null;
    return {
      status: 'Complete',
      ...page(q.rows),
      statistics: q.statistics,
      encryptionKey: undefined,
    };
  }

  /**
   * A running query's statistics at `now`. They grow as the scan would, with the account's clock
   * (tests move it through /__sim/clock): the share of queryRunningMs gone by, of what the whole scan
   * reads. AWS documents that a running query's statistics are those of the scan so far, and gives
   * no total.
   */
  private statisticsSoFar(q: StoredQuery, now: number): StoredQuery['statistics'] {
    const partial = q.partial?.statistics ?? { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };
    const gone = q.completedAt === null ? 0 : Math.min(1, Math.max(0, (now - q.createdAt) / Math.max(1, this.queryRunningMs)));
    return {
      recordsMatched: Math.max(partial.recordsMatched, Math.floor(q.statistics.recordsMatched * gone)),
      recordsScanned: Math.max(partial.recordsScanned, Math.floor(q.statistics.recordsScanned * gone)),
      bytesScanned: Math.max(partial.bytesScanned, Math.floor(q.statistics.bytesScanned * gone)),
    };
  }

  /** Queries scheduled or still running at `now`. */
  runningQueries(now: number): number {
    let n = 0;
    for (const q of this.queries.values()) if (q.status === 'Scheduled' || (q.status === 'Running' && this.visiblyRunning(q, now))) n++;
    return n;
  }

  /** Running for queryRunningMs of the account's clock, and for a moment after a long scan ends. */
  private visiblyRunning(q: StoredQuery, now: number): boolean {
    return q.completedAt === null || now < Math.max(q.createdAt + this.queryRunningMs, q.completedAt + 50);
  }

  private stopQuery(p: Record<string, unknown>, now: number) {
    const id = str(p, 'queryId', true) ?? '';
    const q = this.queries.get(id);
    if (!q) throw new AwsError(400, 'ResourceNotFoundException', 'Query does not exist.');
    // A query is stoppable while GetQueryResults still shows it Running, whether or not the scan behind it is done.
    if (q.status === 'Complete' || q.status === 'Failed' || q.status === 'Cancelled' || !this.visiblyRunning(q, now)) return { success: false };
    // A stopped scan read no further: its statistics stay those it had grown to (what the query cost
    // so far), never the whole scan's the simulator computed up front.
    q.statistics = this.statisticsSoFar(q, now);
    q.status = 'Cancelled';
    q.rows = [];
    q.partial = null;
    return { success: true };
  }
}

export function groupArn(name: string, where: { accountId: string; region: string } = { accountId: ACCOUNT_ID, region: REGION }): string {
  return `arn:aws:logs:${where.region}:${where.accountId}:log-group:${name}`;
}

function eventId(ev: SimLogEvent): string {
  // CloudWatch event ids are opaque digit strings; ours sort by time, then by execution and event.
  if (isForeign(ev)) return `${String(ev.timestamp).padStart(15, '0')}9999999999${String(ev.seq % 10_000).padStart(4, '0')}`;
  return `${String(ev.timestamp).padStart(15, '0')}${String(hash32(ev.execution.sm.seed, ev.execution.index)).padStart(10, '0')}${String(ev.id).padStart(4, '0')}`;
}

/** The message Step Functions writes: every scalar is a string (docs/aws-behaviour.md §2). */
export function jsonOf(ev: SimEvent): Record<string, unknown> {
  return {
    id: String(ev.id),
    type: ev.type,
    details: ev.details,
    previous_event_id: String(ev.previousEventId),
    event_timestamp: String(ev.timestamp),
    execution_arn: ev.execution.arn,
    redrive_count: '0',
  };
}

export function messageOf(ev: SimEvent): string {
  return JSON.stringify(jsonOf(ev));
}

/**
 * A log event as Logs Insights sees it: the system fields every record has, `@message` rendered on
 * demand (at most once), and `discovered` for every other field.
 */
function insightsRecord<E extends { timestamp: number; ingestionTime: number; logStreamName: string }>(
  ev: E,
  logId: string,
  render: (ev: E) => string,
  discovered: (ev: E, field: string) => string | number | undefined,
): InsightsRecord {
  let message: string | null = null;
  const msg = () => (message ??= render(ev));
  return {
    get(field: string): string | number | undefined {
      switch (field) {
        case '@timestamp':
          return ev.timestamp;
        case '@ingestionTime':
          return ev.ingestionTime;
        case '@logStream':
          return ev.logStreamName;
        case '@log':
          return logId;
        case '@message':
          return msg();
        default:
          return discovered(ev, field);
      }
    },
    get messageBytes() {
      return msg().length;
    },
  };
}

/** The fields Logs Insights discovers in a Step Functions event (docs/aws-behaviour.md §2): every scalar a string. */
function sfnField(ev: SimEvent, field: string): string | undefined {
  switch (field) {
    case 'id':
      return String(ev.id);
    case 'type':
      return ev.type;
    case 'execution_arn':
      return ev.execution.arn;
    case 'previous_event_id':
      return String(ev.previousEventId);
    case 'event_timestamp':
      return String(ev.timestamp);
    case 'redrive_count':
      return '0';
    default: {
      if (!field.startsWith('details.')) return undefined;
      let v: unknown = ev.details;
      for (const part of field.slice(8).split('.')) {
        if (v === null || typeof v !== 'object') return undefined;
        v = (v as Record<string, unknown>)[part];
      }
      if (v === undefined || v === null) return undefined;
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
  }
}

function toRecord(ev: SimEvent, logId: string): InsightsRecord {
  return insightsRecord(ev, logId, messageOf, sfnField);
}

/**
 * Another writer's line as Logs Insights sees it: the system fields, and a JSON line's top-level
 * fields as discovered fields. A plain-text line has no `execution_arn`, `type` or `id`.
 */
function foreignRecord(ev: ForeignLogEvent, logId: string): InsightsRecord {
  let parsed: Record<string, unknown> | null | undefined;
  const json = () => {
    if (parsed === undefined) {
      try {
        const v: unknown = JSON.parse(ev.message);
        parsed = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      } catch {
        parsed = null;
      }
    }
    return parsed;
  };
  return insightsRecord(
    ev,
    logId,
    (e) => e.message,
    (_e, field) => {
      const v = json()?.[field];
      if (v === undefined || v === null) return undefined;
      return typeof v === 'object' ? JSON.stringify(v) : typeof v === 'number' ? v : String(v);
    },
  );
}
