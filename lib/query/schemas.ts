// The JSON API's answers as the browser checks them before a view reads them (docs/architecture.md,
// "How pages load data"). Each schema names every part a view dereferences; parts shown only as data
// (evidence values, event details, remediation text) are checked as far as the views read them, and
// anything else the server adds passes through. zod/mini, loaded beside the first request
// (fetch-json.ts): the checks add nothing to a page's first load.

import * as z from 'zod/mini';
import type { VerdictCause } from '@/lib/domain/types';
import type { CreatedSnapshot, ExecutionDto, ExecutionsDto, InsightsQueueDto, OverviewDto, ProgressDto, SearchDto, SearchEstimateDto, StateMachineGraphDto, StoppedDto } from './options';

/** A check of the answers of type T: every value of T passes it, so a value that passes is read as T. */
export type AnswerSchema<T> = z.ZodMiniType & { readonly '~answer'?: T };

/** A schema's output with only the fields it names (a loose object lets any other field through). */
type Named<T> = T extends readonly (infer E)[] ? Named<E>[] : T extends object ? { [K in keyof T as string extends K ? never : K]: Named<T[K]> } : T;

/** Binds a schema to the server's type; a schema that would refuse a value of T does not compile (a renamed field, a new cause). */
function answerOf<T>() {
  return <S extends z.ZodMiniType>(schema: [T] extends [Named<z.infer<S>>] ? S : never): AnswerSchema<T> => schema;
}

const iso = z.string();
const isoOrNull = z.nullable(z.string());
const count = z.number();

const CAUSES = ['consistent', 'running', 'log-lag', 'missing-permissions', 'logging-config', 'best-effort-drop', 'insufficient-evidence'] as const satisfies readonly VerdictCause[];
const cause = z.enum(CAUSES);

const window = z.looseObject({ from: iso, to: iso });

const partialRead = z.looseObject({ action: z.string(), error: z.string(), message: z.string() });

const stateMachine = z.looseObject({
  arn: z.string(),
  name: z.string(),
  type: z.enum(['STANDARD', 'EXPRESS']),
  logging: z.looseObject({ level: z.string(), includeExecutionData: z.boolean(), logGroupArn: z.nullable(z.string()) }),
  // Why the definition (and so the workflow graph) could not be read, e.g. KMS without kms:Decrypt.
  definitionUnreadable: z.optional(z.looseObject({ error: z.string(), message: z.string(), kmsKeyId: z.nullable(z.string()) })),
});

const health = z.looseObject({
  status: z.enum(['ok', 'warning', 'broken']),
  findings: z.array(z.looseObject({ id: z.string(), severity: z.string(), title: z.string(), description: z.string() })),
});

const verdictSummary = z.looseObject({ cause, detail: z.string(), confidence: z.string(), summary: z.string(), recheckAt: isoOrNull });

const executionRow = z.looseObject({
  executionArn: z.string(),
  name: z.string(),
  kind: z.nullable(z.string()),
  startDate: isoOrNull,
  stopDate: isoOrNull,
  service: z.looseObject({ status: z.nullable(z.string()) }),
  logs: z.looseObject({ status: z.string(), eventCount: count, idGaps: count, firstEventAt: isoOrNull, lastEventAt: isoOrNull, maxIngestionDelayMs: z.nullable(z.number()) }),
  verdict: verdictSummary,
});

const minute = z.looseObject({ minute: iso, cause, detail: z.string(), summary: z.string() });

export const executionsSchema = answerOf<ExecutionsDto>()(
  z.looseObject({
  stateMachine,
  window,
  generatedAt: iso,
  health,
  executions: z.array(executionRow),
  minutes: z.array(minute),
  metricsPeriodSeconds: z.number(),
  mapChildren: z.nullable(z.looseObject({ series: z.array(z.string()), seriesNotRead: count, minutes: z.array(minute) })),
  partial: z.array(partialRead),
  scanned: z.looseObject({ queries: count, recordsScanned: count, recordsMatched: count, bytesScanned: count }),
  limits: z.looseObject({ narrowed: z.nullable(z.looseObject({ from: iso })) }),
  }),
);

export const executionSchema = answerOf<ExecutionDto>()(
  z.looseObject({
  execution: z.looseObject({ executionArn: z.string(), name: z.string(), kind: z.string(), startDate: isoOrNull, stopDate: isoOrNull }),
  stateMachine,
  definition: z.nullable(z.string()),
  window,
  generatedAt: iso,
  service: z.looseObject({
    record: z.nullable(z.looseObject({ status: z.string(), startDate: isoOrNull, stopDate: isoOrNull })),
    statement: z.nullable(z.string()),
    minuteMetrics: z.nullable(z.looseObject({ minute: iso, started: count })),
  }),
  logs: z.looseObject({
    status: z.string(),
    eventCount: count,
    idGaps: count,
    missingIds: z.array(z.number()),
    events: z.array(z.looseObject({ id: z.number(), type: z.string(), timestamp: iso, ingestionTime: iso, delayMs: z.number() })),
    read: z.boolean(),
  }),
  health,
  verdict: z.looseObject({
    cause,
    detail: z.string(),
    confidence: z.string(),
    summary: z.string(),
    recheckAt: isoOrNull,
    evidence: z.array(z.looseObject({ label: z.string(), source: z.string() })),
    remediation: z.array(z.looseObject({ title: z.string(), text: z.string() })),
  }),
  partial: z.array(partialRead),
  scanned: z.looseObject({ queries: count, filterRequests: count, recordsScanned: count, bytesScanned: count }),
  neighboursRead: z.union([z.string(), window]),
  }),
);

const causeCounts = z.record(z.string(), z.optional(count));

const summary = z.looseObject({
  health,
  executions: z.looseObject({ total: count, byCause: causeCounts, mismatched: count }),
  metrics: z.nullable(z.looseObject({ started: count, ended: count })),
  unlogged: z.looseObject({ ended: count, byCause: causeCounts }),
  scanned: z.looseObject({ bytes: count }),
  trouble: count,
});

const sourceInfo = z.looseObject({ key: z.string(), name: z.string(), accountId: z.nullable(z.string()), region: z.string(), label: z.string() });

const overviewEntry = z.discriminatedUnion('state', [
  z.looseObject({ stateMachine, state: z.literal('ready'), summary }),
  z.looseObject({ stateMachine, state: z.literal('error'), error: z.looseObject({ message: z.string() }) }),
  z.looseObject({
    stateMachine,
    state: z.literal('pending'),
    read: z.looseObject({ state: z.enum(['queued', 'reading', 'done', 'failed', 'stopped']), percent: z.nullable(z.number()), label: z.string() }),
  }),
]);

export const overviewSchema = answerOf<OverviewDto>()(
  z.looseObject({
  generatedAt: iso,
  window,
  stateMachines: z.array(overviewEntry),
  unread: z.array(z.looseObject({ arn: z.string(), name: z.string(), read: partialRead })),
  filter: z.looseObject({ account: z.nullable(z.string()), region: z.nullable(z.string()) }),
  sources: z.array(sourceInfo),
  failedSources: z.array(z.looseObject({ source: sourceInfo, error: z.looseObject({ code: z.string(), message: z.string() }) })),
  }),
);

const queryState = z.enum(['queued', 'running', 'complete', 'failed', 'stopped']);

export const progressSchema = answerOf<ProgressDto>()(
  z.looseObject({
    progress: z.nullable(
      z.looseObject({
        state: z.enum(['queued', 'reading', 'done', 'failed', 'stopped']),
        fraction: z.nullable(z.number()),
        expectedFrom: z.nullable(z.enum(['last-scan', 'stored-bytes'])),
        bytesScanned: count,
        recordsScanned: count,
        elapsedMs: z.number(),
        usdSoFar: z.number(),
        queries: z.array(z.looseObject({ label: z.string(), state: queryState, bytesScanned: count, recordsScanned: count, fraction: z.nullable(z.number()) })),
      }),
    ),
  }),
);

export const stoppedSchema = answerOf<StoppedDto>()(z.looseObject({ stopped: count }));

export const insightsQueueSchema = answerOf<InsightsQueueDto>()(
  z.looseObject({
    budget: count,
    running: count,
    waiting: count,
    stateMachines: z.array(z.looseObject({ stateMachineArn: z.nullable(z.string()), name: z.string(), running: count, waiting: count, longestWaitMs: z.number() })),
  }),
);

export const createdSnapshotSchema = answerOf<CreatedSnapshot>()(z.looseObject({ id: z.string(), url: z.string(), takenAt: iso, expiresAt: iso }));

/** An error answer of the JSON API (README "JSON API"). */
export const errorBodySchema = z.looseObject({ error: z.looseObject({ code: z.string(), message: z.string(), action: z.optional(z.string()) }) });

const searchEstimate = z.looseObject({
  bytes: z.nullable(count),
  usd: z.nullable(z.number()),
  basis: z.enum(['last-scan', 'view-scan', 'scan-rate', 'stored-bytes', 'unknown']),
  typeIndex: z.boolean(),
  confirmAboveBytes: count,
  needsConfirmation: z.boolean(),
});

/** The estimate a 409 `confirmation-required` carries beside its error (docs/search.md). */
export const searchEstimateSchema = answerOf<SearchEstimateDto>()(searchEstimate);

export const searchSchema = answerOf<SearchDto>()(
  z.looseObject({
    search: z.string(),
    window,
    generatedAt: iso,
    logGroupName: z.string(),
    query: z.string(),
    estimate: searchEstimate,
    scanned: z.looseObject({ recordsScanned: count, recordsMatched: count, bytesScanned: count, usd: z.number() }),
    status: z.string(),
    limitReached: z.boolean(),
    executions: z.array(executionRow),
    notInView: z.array(z.looseObject({ executionArn: z.string(), firstAt: isoOrNull, lastAt: isoOrNull })),
    partial: z.array(partialRead),
  }),
);

const stateCount = z.looseObject({ entered: count, failed: count, dropped: count, notAttributedInside: count });

/** The state machine page's workflow graph with per-state counts (docs/workflow-graph.md, "Per-state counts"). */
export const stateMachineGraphSchema = answerOf<StateMachineGraphDto>()(
  z.looseObject({
    stateMachine: z.looseObject({ arn: z.string(), name: z.string(), type: z.string(), level: z.string() }),
    window,
    generatedAt: iso,
    readAt: iso,
    definition: z.nullable(z.string()),
    counts: z.nullable(
      z.looseObject({
        byState: z.record(z.string(), stateCount),
        executions: count,
        ended: z.looseObject({ succeeded: count, failed: count, aborted: count, redriven: count, noTerminal: count }),
        recent: count,
        unattributed: z.looseObject({ failed: count, dropped: count, ambiguous: count }),
        unknownStates: z.array(z.string()),
        cut: z.nullable(z.looseObject({ from: iso })),
      }),
    ),
    unavailable: z.nullable(z.looseObject({ reason: z.enum(['no-definition', 'level', 'no-destination', 'read-failed']), message: z.string() })),
    settledBefore: iso,
    partial: z.array(partialRead),
    scanned: z.looseObject({ queries: count, bytesScanned: count }),
  }),
);
