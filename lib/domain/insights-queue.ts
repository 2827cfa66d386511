// The budget of concurrent Logs Insights queries and its fair queue (docs/aws-behaviour.md §11.12).
// Logs Insights allows a fixed number of concurrent queries per account, shared with everything else
// the account runs (dashboards, other tools, people at the console): sfn-lens keeps to a budget below
// it, and queues the rest. Pure: the caller says when a query may start and when it ended; the
// process-wide instance and its promises live in lib/aws/insights-budget.ts.

/** One query asking for a place: `owner` is what fairness is between (a state machine's ARN, or `other`). */
export interface QueuedQuery {
  id: number;
  owner: string;
  /** What it is, for the queue's view ("per-minute counts", "per-execution log aggregates"…). */
  label: string;
  /** When it asked (ms): how long it waits is shown, never used to decide. */
  askedAt: number;
}

export interface InsightsQueueSnapshot {
  budget: number;
  running: number;
  waiting: number;
  /** Per owner with anything running or waiting, most waiting first. */
  owners: Array<{ owner: string; running: number; waiting: number; longestWaitMs: number }>;
}

/**
 * At most `budget` queries run at once. When a place frees, the next query is the oldest of the owner
 * with the fewest queries running, ties broken by whose turn came longest ago: one state machine with
 * many queries (a wide window, many viewers' distinct ranges) cannot keep another from starting, and a
 * viewer of one state machine is not queued behind every query of the overview's others.
 */
export class InsightsQueue {
  private readonly waitingByOwner = new Map<string, QueuedQuery[]>();
  private readonly runningById = new Map<number, QueuedQuery>();
  /** The order owners last started a query in (a counter, not a clock). */
  private readonly lastTurn = new Map<string, number>();
  private turns = 0;

  constructor(readonly budget: number) {
    if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`The Logs Insights query budget must be a whole number of at least 1; got ${budget}.`);
  }

  /** Adds a query to the queue; `next()` says when it may start. */
  ask(q: QueuedQuery): void {
    const list = this.waitingByOwner.get(q.owner);
    if (list) list.push(q);
    else this.waitingByOwner.set(q.owner, [q]);
  }

  /** Removes a query that no longer waits (its caller gave up); false when it was not waiting. */
  withdraw(id: number): boolean {
    for (const [owner, list] of this.waitingByOwner) {
      const i = list.findIndex((q) => q.id === id);
      if (i < 0) continue;
      list.splice(i, 1);
      if (list.length === 0) this.waitingByOwner.delete(owner);
      return true;
    }
    return false;
  }

  /** The queries that may start now, in order, each counted as running from here on. */
  next(): QueuedQuery[] {
    const started: QueuedQuery[] = [];
    while (this.runningById.size < this.budget && this.waitingByOwner.size > 0) {
      const owner = this.pickOwner();
      const list = this.waitingByOwner.get(owner) ?? [];
      const q = list.shift();
      if (list.length === 0) this.waitingByOwner.delete(owner);
      if (!q) continue;
      this.runningById.set(q.id, q);
      this.lastTurn.set(owner, ++this.turns);
      started.push(q);
    }
    return started;
  }

  /** A running query ended (complete, failed, stopped): its place is free. */
  done(id: number): void {
    const q = this.runningById.get(id);
    if (!q) return;
    this.runningById.delete(id);
    // An owner with nothing left forgets its turn, so the table does not grow with every state machine ever read.
    if (!this.waitingByOwner.has(q.owner) && ![...this.runningById.values()].some((r) => r.owner === q.owner)) this.lastTurn.delete(q.owner);
  }

  snapshot(now: number): InsightsQueueSnapshot {
    const owners = new Map<string, { owner: string; running: number; waiting: number; longestWaitMs: number }>();
    const row = (owner: string) => {
      let r = owners.get(owner);
      if (!r) owners.set(owner, (r = { owner, running: 0, waiting: 0, longestWaitMs: 0 }));
      return r;
    };
    for (const q of this.runningById.values()) row(q.owner).running++;
    let waiting = 0;
    for (const [owner, list] of this.waitingByOwner) {
      const r = row(owner);
      r.waiting += list.length;
      waiting += list.length;
      for (const q of list) r.longestWaitMs = Math.max(r.longestWaitMs, now - q.askedAt);
    }
    return {
      budget: this.budget,
      running: this.runningById.size,
      waiting,
      owners: [...owners.values()].sort((a, b) => b.waiting - a.waiting || b.running - a.running || a.owner.localeCompare(b.owner)),
    };
  }

  private pickOwner(): string {
    let best: string | null = null;
    let bestRunning = Number.POSITIVE_INFINITY;
    let bestTurn = Number.POSITIVE_INFINITY;
    for (const owner of this.waitingByOwner.keys()) {
      let running = 0;
      for (const r of this.runningById.values()) if (r.owner === owner) running++;
      // Never served: turn 0, ahead of everyone served; among those, the order they asked in (Map order).
      const turn = this.lastTurn.get(owner) ?? 0;
      if (running < bestRunning || (running === bestRunning && turn < bestTurn)) {
        best = owner;
        bestRunning = running;
        bestTurn = turn;
      }
    }
    return best ?? '';
  }
}
