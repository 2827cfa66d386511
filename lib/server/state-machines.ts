import 'server-only';
import { toAwsReadError } from '@/lib/aws/errors';
import { describeStateMachine, listStateMachineArns } from '@/lib/aws/step-functions';
import { parseStateMachineArn } from '@/lib/domain/arn';
import type { StateMachine, UnreadStateMachine } from '@/lib/domain/types';
import { arnMatchesFilter, filterSources, type Source, type SourceFilter } from '@/lib/sources';
import { mapLimit } from './concurrency';
import { errorEntryOf, type ErrorEntry } from './errors';
import { sharedRead } from './shared-reads';
import { allSources, sourceInfo } from './sources';

export interface StateMachineList {
  /** Described, sorted by name. */
  machines: StateMachine[];
  /**
   * Listed but not described — denied (a policy that scopes states:DescribeStateMachine to some ARNs),
   * throttled or failing past the SDK's retries — sorted by name. Named, never left out silently: one
   * state machine that cannot be read does not hide every other one. A state machine deleted between
   * the two calls (StateMachineDoesNotExist) is simply gone.
   */
  unread: UnreadStateMachine[];
}

export async function getStateMachines(source: Source = allSources()[0] as Source): Promise<StateMachineList> {
  const arns = await listStateMachineArns(source);
  const unread: UnreadStateMachine[] = [];
  const described = await mapLimit(arns, 8, async (arn) => {
    try {
      return await describeStateMachine(arn);
    } catch (e) {
      const err = toAwsReadError(e, 'states:DescribeStateMachine');
      if (err.kind === 'not-found') return null;
      const parsed = parseStateMachineArn(arn);
      const name = parsed.ok ? parsed.value.name : arn;
      unread.push({ arn, name, read: { action: err.action, error: err.awsName, message: err.message, what: `state machine ${name}` } });
      return null;
    }
  });
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return { machines: described.filter((sm): sm is StateMachine => sm !== null).sort(byName), unread: unread.sort(byName) };
}

/** Configuration changes seldom: the list is kept a minute, one naming state machines it could not describe only as long as a failure. */
const LIST_TTL_MS = 60_000;
const UNREAD_TTL_MS = 5_000;

/** One source's state machines, shared by every view (the overview, the ops view, `/api/state-machines`). */
export function readSourceStateMachines(source: Source) {
  const key = source.key === 'default' ? 'state-machines' : `state-machines:${source.key}`;
  return sharedRead(key, () => getStateMachines(source), { ttlMs: LIST_TTL_MS, ttlFor: (list) => (list.unread.length > 0 ? UNREAD_TTL_MS : LIST_TTL_MS) });
}

/** A source whose state machines could not be listed: named on every view it leaves out. */
export interface SourceFailure {
  source: { key: string; name: string; accountId: string | null; region: string; label: string };
  error: ErrorEntry;
}

/**
 * The state machines of every source (or of those the filter keeps), each source read on its own: one
 * that is denied, throttled or unreachable is a `SourceFailure` and the others still show. With one
 * source its failure is the view's, as it always was.
 */
export async function readStateMachines(filter: SourceFilter = { account: null, region: null }): Promise<{ value: StateMachineList & { failedSources: SourceFailure[] }; readAt: number }> {
  const sources = filterSources(allSources(), filter);
  const results = await Promise.all(
    sources.map(async (source): Promise<{ source: Source; list: Awaited<ReturnType<typeof readSourceStateMachines>> } | { source: Source; error: ErrorEntry }> => {
      try {
        return { source, list: await readSourceStateMachines(source) };
      } catch (e) {
        // With one source its failure is the view's, as it always was.
        if (allSources().length === 1) throw e;
        return { source, error: errorEntryOf(e) };
      }
    }),
  );
  const machines: StateMachine[] = [];
  const unread: UnreadStateMachine[] = [];
  const failedSources: SourceFailure[] = [];
  let readAt = Date.now();
  for (const r of results) {
    if ('error' in r) {
      failedSources.push({ source: sourceInfo(r.source), error: r.error });
      continue;
    }
    machines.push(...r.list.value.machines);
    unread.push(...r.list.value.unread);
    readAt = Math.min(readAt, r.list.readAt);
  }
  const byName = (a: { name: string; arn: string }, b: { name: string; arn: string }) => a.name.localeCompare(b.name) || a.arn.localeCompare(b.arn);
  const keep = (sm: { arn: string }) => arnMatchesFilter(sm.arn, filter);
  return { value: { machines: machines.filter(keep).sort(byName), unread: unread.filter(keep).sort(byName), failedSources }, readAt };
}
