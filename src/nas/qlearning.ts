/**
 * Tabular Q-learning as used by MetaQNN (SPEC §2; Baker et al. 2017 §3, §4.3):
 * Q(s,u) <- (1 - a) Q(s,u) + a [r + g max_u' Q(s',u')], trajectories updated last step first.
 * Pure module: no DOM, React or tfjs.
 */
import type { QUpdateEvent } from './runlog';

/** Q-values keyed by canonical state and action strings; unseen pairs read as `initialQ`. */
export class QTable {
  private readonly table = new Map<string, Map<string, number>>();
  private count = 0;

  /** `initialQ`: the value of every (state, action) never updated (0.5 in the paper). */
  constructor(readonly initialQ: number) {}

  get(state: string, action: string): number {
    return this.table.get(state)?.get(action) ?? this.initialQ;
  }

  set(state: string, action: string, q: number): void {
    let row = this.table.get(state);
    if (!row) {
      row = new Map();
      this.table.set(state, row);
    }
    if (!row.has(action)) this.count++;
    row.set(action, q);
  }

  /** Stored (state, action, q) triples in insertion order. */
  *entries(): IterableIterator<[state: string, action: string, q: number]> {
    for (const [state, row] of this.table) for (const [action, q] of row) yield [state, action, q];
  }

  /** States with at least one stored value, in insertion order. */
  states(): IterableIterator<string> {
    return this.table.keys();
  }

  /** Number of stored (state, action) values. */
  get size(): number {
    return this.count;
  }

  /** Largest Q(state, u) over `actions` (unseen ones count as `initialQ`); 0 when there are none. */
  maxQ(state: string, actions: readonly string[]): number {
    if (actions.length === 0) return 0;
    const row = this.table.get(state);
    let best = -Infinity;
    for (const action of actions) {
      const q = row?.get(action) ?? this.initialQ;
      if (q > best) best = q;
    }
    return best;
  }
}

/** Learning rate `alpha` and discount `gamma` of the one-step update. */
export interface QLearningParams {
  alpha: number;
  gamma: number;
}

/** One-step update: (1 - alpha) oldQ + alpha (reward + gamma maxNextQ). */
export function qUpdate(
  oldQ: number,
  reward: number,
  maxNextQ: number,
  { alpha, gamma }: QLearningParams,
): number {
  return (1 - alpha) * oldQ + alpha * (reward + gamma * maxNextQ);
}

/** One transition of a trajectory with the legal actions of the state it reaches. */
export interface QTransition {
  state: string;
  action: string;
  nextState: string;
  /** Legal actions of `nextState`; empty for the terminal state. */
  nextActions: readonly string[];
}

/**
 * Updates every transition of one trajectory, last first: the final transition learns the
 * architecture's `reward` with no future term, earlier ones reward 0 plus gamma times the max
 * of the (freshly updated) next state. Returns one event per Q change, in the order applied.
 */
export function updateTrajectory(
  table: QTable,
  trajectory: readonly QTransition[],
  reward: number,
  params: QLearningParams,
  source: QUpdateEvent['source'],
): QUpdateEvent[] {
  const events: QUpdateEvent[] = [];
  for (let i = trajectory.length - 1; i >= 0; i--) {
    const t = trajectory[i] as QTransition;
    const final = i === trajectory.length - 1;
    const r = final ? reward : 0;
    const maxNextQ = final ? 0 : table.maxQ(t.nextState, t.nextActions);
    const oldQ = table.get(t.state, t.action);
    const newQ = qUpdate(oldQ, r, maxNextQ, params);
    table.set(t.state, t.action, newQ);
    events.push({
      type: 'q-update',
      state: t.state,
      action: t.action,
      nextState: t.nextState,
      reward: r,
      oldQ,
      maxNextQ,
      newQ,
      source,
    });
  }
  return events;
}
