import 'server-only';
import { toIso } from '@/lib/domain/time-window';
import type { HealthReport, PartialRead, StateMachine, UnreadStateMachine } from '@/lib/domain/types';
import { readRange, type RangeParams } from '@/lib/query/time-range';
import { waitAtMost } from './concurrency';
import { errorEntryOf, type ErrorEntry } from './errors';
import { readStateMachineExecutions } from './state-machine-executions';
import { readStateMachines, type SourceFailure } from './state-machines';
import { windowParam } from './validate';

// The logging health of every state machine (`/api/state-machines`, `sfn-lens check`): the health
// of each one's shared executions view, never a read of its own.

/**
 * The one data-aware health of a state machine over a range: the health of its shared executions
 * view, which weighs the configuration with what the window shows (events arriving, executions
 * started). The overview and the ops view (via `summarizeView`), the state machine page (via the
 * view's DTO) and `/api/state-machines` all read this same object for the same range, so no surface
 * calls a state machine `warning` while another calls it `broken`.
 */
async function readStateMachineHealth(stateMachineArn: string, range: RangeParams, opts: { limited?: boolean } = {}) {
  const r = await readStateMachineExecutions(stateMachineArn, range, opts);
  return { health: r.value.health, partial: r.value.partial, window: r.value.window, readAt: r.readAt };
}

export type StateMachineHealthEntry = { stateMachine: StateMachine } & (
  | { state: 'ready'; health: HealthReport; partial: PartialRead[]; readAt: number }
  | { state: 'error'; error: ErrorEntry }
  | { state: 'pending' }
);

/**
 * Every state machine with its health over a range: the overview's shared reads. Waits at most
 * `waitMs`; a state machine whose view is still being read is `pending` (no health is better than a
 * configuration-only guess the overview contradicts).
 */
export async function loadStateMachinesHealth(
  range: RangeParams,
  opts: { waitMs: number },
): Promise<{ window: { from: string; to: string }; range: RangeParams; stateMachines: StateMachineHealthEntry[]; unread: UnreadStateMachine[]; failedSources: SourceFailure[]; listedAt: number }> {
  const norm = readRange(range);
  const window = windowParam(norm, Date.now());
  const list = await readStateMachines();
  const { machines, unread, failedSources } = list.value;
  const settled = new Map<string, StateMachineHealthEntry>();
  const all = Promise.all(
    machines.map(async (sm) => {
      try {
        const r = await readStateMachineHealth(sm.arn, norm, { limited: true });
        settled.set(sm.arn, { stateMachine: sm, state: 'ready', health: r.health, partial: r.partial, readAt: r.readAt });
      } catch (e) {
        settled.set(sm.arn, { stateMachine: sm, state: 'error', error: errorEntryOf(e) });
      }
    }),
  );
  await waitAtMost(all, opts.waitMs);
  return {
    window: { from: toIso(window.from), to: toIso(window.to) },
    range: norm,
    stateMachines: machines.map((sm) => settled.get(sm.arn) ?? { stateMachine: sm, state: 'pending' as const }),
    unread,
    // Sources whose list failed: their state machines are missing from `stateMachines`, named here instead.
    failedSources,
    listedAt: list.readAt,
  };
}
