import 'server-only';

// What sfn-lens itself costs AWS, for /metrics: every HTTP request the SDK sends (retries included)
// by action and outcome and, where the request names one, by state machine or log group; the calls
// that failed after the SDK's retries, by action and error; and the bytes each Logs Insights query
// scanned, by log group. Counted by a middleware on each client (lib/aws/clients.ts), process-wide.

export interface RequestCount {
  action: string;
  /** `ok`, or the HTTP status class of a refusal (`4xx`, `5xx`), or `network` when no answer came. */
  outcome: string;
  /** The state machine ARN the request names (directly, through an execution or Map Run ARN), else null. */
  stateMachineArn: string | null;
  /** The log group the request names, else null. */
  logGroup: string | null;
  count: number;
}

interface Stats {
  requests: Map<string, RequestCount>;
  failures: Map<string, { action: string; error: string; count: number }>;
  scanned: Map<string, number>;
  /** StartQuery's log groups by query id, until the query's final GetQueryResults. */
  queries: Map<string, string[]>;
}

const KEY = Symbol.for('sfn-lens.request-stats');

function stats(): Stats {
  const g = globalThis as typeof globalThis & { [KEY]?: Stats };
  g[KEY] ??= { requests: new Map(), failures: new Map(), scanned: new Map(), queries: new Map() };
  return g[KEY];
}

const TERMINAL = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);
const MAX_QUERIES_TRACKED = 1_000;

function stateMachineOf(input: Record<string, unknown>): string | null {
  const sm = input.stateMachineArn;
  if (typeof sm === 'string') return sm.split(':').slice(0, 7).join(':');
  for (const k of ['executionArn', 'mapRunArn'] as const) {
    const v = input[k];
    if (typeof v !== 'string') continue;
    // arn:aws:states:REGION:ACCOUNT:execution:NAME[/label]:ID → the (parent) state machine.
    const parts = v.split(':');
    if (parts.length < 7) return null;
    const name = (parts[6] ?? '').split('/')[0] ?? '';
    return [...parts.slice(0, 5), 'stateMachine', name].join(':');
  }
  return null;
}

function logGroupsOf(input: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of ['logGroupName', 'logGroupIdentifier'] as const) if (typeof input[k] === 'string') out.push(input[k]);
  for (const k of ['logGroupNames', 'logGroupIdentifiers'] as const) if (Array.isArray(input[k])) out.push(...(input[k] as unknown[]).filter((x): x is string => typeof x === 'string'));
  return out.map((g) => (g.startsWith('arn:') ? (g.split(':log-group:')[1] ?? g).replace(/:\*$/, '') : g));
}

export function recordRequest(action: string, input: unknown, outcome: string): void {
  const i = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const stateMachineArn = stateMachineOf(i);
  const logGroup = logGroupsOf(i)[0] ?? null;
  const key = `${action}|${outcome}|${stateMachineArn ?? ''}|${logGroup ?? ''}`;
  const s = stats();
  const c = s.requests.get(key);
  if (c) c.count++;
  else s.requests.set(key, { action, outcome, stateMachineArn, logGroup, count: 1 });
}

export function recordFailure(action: string, error: string): void {
  const s = stats();
  const key = `${action}|${error}`;
  const c = s.failures.get(key);
  if (c) c.count++;
  else s.failures.set(key, { action, error, count: 1 });
}

export function recordQueryStarted(input: unknown, output: unknown): void {
  const queryId = (output as { queryId?: unknown } | undefined)?.queryId;
  if (typeof queryId !== 'string') return;
  const s = stats();
  if (s.queries.size >= MAX_QUERIES_TRACKED) s.queries.delete(s.queries.keys().next().value as string);
  s.queries.set(queryId, logGroupsOf((input ?? {}) as Record<string, unknown>));
}

export function recordQueryResults(input: unknown, output: unknown): void {
  const queryId = (input as { queryId?: unknown } | undefined)?.queryId;
  const out = output as { status?: string; statistics?: { bytesScanned?: number } } | undefined;
  if (typeof queryId !== 'string' || !out?.status || !TERMINAL.has(out.status)) return;
  const s = stats();
  const groups = s.queries.get(queryId);
  if (!groups) return;
  s.queries.delete(queryId);
  const bytes = out.statistics?.bytesScanned ?? 0;
  // A query over several groups is billed once: its bytes go to the first group named.
  const group = groups[0] ?? '';
  s.scanned.set(group, (s.scanned.get(group) ?? 0) + bytes);
}

export function requestStats(): { requests: RequestCount[]; failures: Array<{ action: string; error: string; count: number }>; scannedBytes: Array<{ logGroup: string; bytes: number }> } {
  const s = stats();
  return {
    requests: [...s.requests.values()].map((r) => ({ ...r })),
    failures: [...s.failures.values()].map((f) => ({ ...f })),
    scannedBytes: [...s.scanned].map(([logGroup, bytes]) => ({ logGroup, bytes })),
  };
}

// ---- the middleware -----------------------------------------------------------------------------

type Handler = (args: { input?: unknown; request?: unknown }) => Promise<{ response?: unknown; output?: unknown }>;
interface Stack {
  middlewareStack: {
    add: (mw: (next: Handler, context: { commandName?: string }) => Handler, options: { step: 'initialize' | 'deserialize'; priority?: 'low' | 'high'; name: string }) => void;
  };
}

/** Counts what a client sends. `service` is the IAM prefix of its actions (`states`, `logs`, `iam`, `cloudwatch`). */
export function countRequests<C extends Stack>(client: C, service: string): C {
  const actionOf = (context: { commandName?: string }) => `${service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
  // Per HTTP attempt (inside the SDK's retries): what AWS is asked to do.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        const result = await next(args);
        const status = (result.response as { statusCode?: number } | undefined)?.statusCode ?? 200;
        recordRequest(actionOf(context), args.input, status < 400 ? 'ok' : `${Math.floor(status / 100)}xx`);
        return result;
      } catch (e) {
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        recordRequest(actionOf(context), args.input, status ? `${Math.floor(status / 100)}xx` : 'network');
        throw e;
      }
    },
    { step: 'deserialize', priority: 'low', name: 'sfnLensCountRequests' },
  );
  // Per call (after the retries): what failed for good, and what Logs Insights scanned.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const action = actionOf(context);
      try {
        const result = await next(args);
        if (action === 'logs:StartQuery') recordQueryStarted(args.input, result.output);
        else if (action === 'logs:GetQueryResults') recordQueryResults(args.input, result.output);
        return result;
      } catch (e) {
        recordFailure(action, e instanceof Error && e.name ? e.name : 'Error');
        throw e;
      }
    },
    { step: 'initialize', priority: 'low', name: 'sfnLensCountCalls' },
  );
  return client;
}

/** Counts what each of sfn-lens's clients sends (one hook in lib/aws/clients.ts). */
export function countAllRequests<C extends Record<'sfn' | 'logs' | 'iam' | 'cloudwatch', object>>(c: C): C {
  // The SDK's stack is typed per client; these middlewares only read what every client has.
  countRequests(c.sfn as Stack, 'states');
  countRequests(c.logs as Stack, 'logs');
  countRequests(c.iam as Stack, 'iam');
  countRequests(c.cloudwatch as Stack, 'cloudwatch');
  return c;
}
