/**
 * Tabular Q-learning as used by MetaQNN (SPEC §2; Baker et al. 2017 §3, §4.3):
 * Q(s,u) <- (1 - a) Q(s,u) + a [r + g max_u' Q(s',u')], trajectories updated last step first.
 * Pure module: no DOM, React or tfjs.
 */
import { compile, QTable, type CompiledTrajectory } from './qtable';
import { ReplayDictionary } from './replay';
import type { Rng } from './rng';
import type { QUpdateEvent } from './runlog';

export { QCells, QTable } from './qtable';

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
  /** How `action` was chosen (proposals only; trajectories rebuilt for replay have none). */
  choice?: ActionChoice;
}

/**
 * One epsilon-greedy choice as it happened, for the run log and explain mode: the uniform draw
 * compared with epsilon and the Q-values of the legal actions at that moment.
 */
export interface ActionChoice {
  /** The uniform draw u in [0, 1): explore when u < epsilon. Null when the state had one legal
   * action, taken without drawing. */
  u: number | null;
  /** True when u < epsilon: a uniformly random legal action; false: an action of maximal Q. */
  explore: boolean;
  /** Legal actions of the state (canonical strings), in the order offered. */
  actions: readonly string[];
  /** Q(state, a) of each of `actions` when the choice was made. */
  q: readonly number[];
  /** Index of the chosen action in `actions`. */
  index: number;
}

/** Receives each Q change as it is applied (explain mode, tests, format-1 logs). */
export type QUpdateSink = (update: QUpdateEvent) => void;

/**
 * Updates a trajectory in reverse temporal order (last transition first). `reward` is either
 * the architecture's reward, given to the last transition only (MetaQNN: every other
 * transition gets 0), or one reward per transition (BlockQNN's reward shaping). The last
 * transition has no future term; earlier ones add gamma times the max of the (freshly
 * updated) next state. Each change goes to `sink`, in the order applied, when one is given
 * (a run of the paper's length applies millions: none is materialised without a sink).
 */
export function applyTrajectory(
  table: QTable,
  trajectory: readonly Pick<QTransition, 'state' | 'action' | 'nextState' | 'nextActions'>[],
  reward: number | readonly number[],
  params: QLearningParams,
  source: QUpdateEvent['source'],
  sink?: QUpdateSink,
): void {
  const last = trajectory.length - 1;
  if (typeof reward !== 'number' && reward.length !== trajectory.length) {
    throw new Error(`${trajectory.length} transitions need as many rewards, got ${reward.length}`);
  }
  const { alpha, gamma } = params;
  if (!sink) {
    table.learn(compile(table.cells, trajectory), reward, alpha, gamma);
    return;
  }
  const { cells, nextStart, nextIds } = compile(table.cells, trajectory);
  for (let i = last; i >= 0; i--) {
    const r = typeof reward === 'number' ? (i === last ? reward : 0) : reward[i]!;
    const maxNextQ = i === last ? 0 : table.maxAt(nextIds.subarray(nextStart[i], nextStart[i + 1]));
    const cell = cells[i]!;
    const oldQ = table.at(cell);
    const newQ = (1 - alpha) * oldQ + alpha * (r + gamma * maxNextQ);
    table.put(cell, newQ);
    {
      const t = trajectory[i]!;
      sink({
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
  }
}

/** The Q changes `learn` sends to its sink, in order (tests, explain mode's readers). */
export function updatesOf(learn: (sink: QUpdateSink) => unknown): QUpdateEvent[] {
  const updates: QUpdateEvent[] = [];
  learn((update) => updates.push(update));
  return updates;
}

/** `applyTrajectory`, returning one event per Q change in the order applied. */
export function updateTrajectory(
  table: QTable,
  trajectory: readonly QTransition[],
  reward: number | readonly number[],
  params: QLearningParams,
  source: QUpdateEvent['source'],
): QUpdateEvent[] {
  const events: QUpdateEvent[] = [];
  applyTrajectory(table, trajectory, reward, params, source, (e) => events.push(e));
  return events;
}

/**
 * Epsilon-greedy choice among legal actions (SPEC §2): with probability `epsilon` a uniform
 * random action, else the arg-max of Q with ties broken uniformly at random. Returns the index
 * into `actions`.
 */
export function epsilonGreedy(
  rng: Rng,
  epsilon: number,
  table: QTable,
  state: string,
  actions: readonly string[],
): number {
  return epsilonGreedyChoice(rng, epsilon, table, state, actions).index;
}

/** `epsilonGreedy` with the draw, the mode and the Q-values it saw (same random stream use). */
export function epsilonGreedyChoice(
  rng: Rng,
  epsilon: number,
  table: QTable,
  state: string,
  actions: readonly string[],
): ActionChoice {
  const q = actions.map((action) => table.get(state, action));
  const u = rng.next();
  if (u < epsilon) return { u, explore: true, actions, q, index: rng.int(actions.length) };
  let best = -Infinity;
  let ties: number[] = [];
  q.forEach((value, i) => {
    if (value > best) {
      best = value;
      ties = [i];
    } else if (value === best) {
      ties.push(i);
    }
  });
  return { u, explore: false, actions, q, index: rng.pick(ties) };
}

/**
 * The choice at a state: the only legal action without drawing (MetaQNN and BlockQNN take
 * termination at the layer limit this way), else `epsilonGreedyChoice`.
 */
export function chooseAction(
  rng: Rng,
  epsilon: number,
  table: QTable,
  state: string,
  actions: readonly string[],
): ActionChoice {
  if (actions.length === 1) {
    return { u: null, explore: false, actions, q: [table.get(state, actions[0] as string)], index: 0 };
  }
  return epsilonGreedyChoice(rng, epsilon, table, state, actions);
}

/** The rates of Q-learning with experience replay (Baker et al. 2017, §4.3). */
export interface ReplayLearnerConfig {
  alpha: number;
  gamma: number;
  initialQ: number;
  /** Replay-dictionary entries, drawn with replacement, updated after the observed trajectory. */
  replaySamples: number;
}

/**
 * The Q-table, replay dictionary and trajectory memo of a Q-learning strategy, and how it learns
 * from one architecture. Shared by MetaQNN, BlockQNN and NAS-Bench-201 Q-learning; each gives
 * how to rebuild the trajectory of a net string (for replayed nets not proposed in this run).
 */
export class ReplayLearner {
  readonly qTable: QTable;
  readonly replayDictionary = new ReplayDictionary();
  /** Trajectories of nets seen, for replay updates. */
  private readonly trajectoryByNet = new Map<string, readonly QTransition[]>();
  /** Per replay-dictionary entry: its trajectory compiled to cells, and its reward(s). */
  private readonly plans: { trajectory: CompiledTrajectory; reward: number | readonly number[] }[] = [];
  private readonly planByNet = new Map<
    string,
    { trajectory: CompiledTrajectory; reward: number | readonly number[] }
  >();

  /**
   * `rebuild`: the trajectory that builds a net, with the legal actions of every state reached.
   * `rewardsFor`: per-transition rewards of a trajectory of `steps` transitions (BlockQNN's
   * shaping); by default the final transition alone earns the reward.
   */
  constructor(
    private readonly cfg: ReplayLearnerConfig,
    private readonly rebuild: (net: string) => readonly QTransition[],
    private readonly rewardsFor?: (reward: number, steps: number) => readonly number[],
  ) {
    this.qTable = new QTable(cfg.initialQ);
  }

  /** The stored reward of a net already in the replay dictionary. */
  cachedReward(net: string): number | undefined {
    return this.replayDictionary.rewardOf(net);
  }

  /** The trajectory that builds `net` (memoised). */
  trajectoryOf(net: string): readonly QTransition[] {
    let trajectory = this.trajectoryByNet.get(net);
    if (!trajectory) {
      trajectory = this.rebuild(net);
      this.trajectoryByNet.set(net, trajectory);
    }
    return trajectory;
  }

  /**
   * Learns from one architecture (trained or cached): adds (net, reward) to the replay
   * dictionary, updates its trajectory (source `trajectory`), then `replaySamples` entries drawn
   * from the dictionary (source `replay`). Returns the dictionary indices drawn, in order (the
   * run log's `replay` event); `sink` receives every Q change in the order applied.
   */
  observe(
    net: string,
    trajectory: readonly QTransition[],
    reward: number,
    replayRng: Rng,
    sink?: QUpdateSink,
  ): number[] {
    if (!this.trajectoryByNet.has(net)) this.trajectoryByNet.set(net, trajectory);
    const params = { alpha: this.cfg.alpha, gamma: this.cfg.gamma };
    const rewardsOf = (steps: readonly QTransition[], r: number) => this.rewardsFor?.(r, steps.length) ?? r;
    this.replayDictionary.add(net, reward);
    // Each entry's trajectory compiled once, with its rewards: a replay sample is then an index.
    // One plan per net, shared by its entries (a long run repeats a few thousand nets many times).
    let plan = this.planByNet.get(net);
    if (!plan) {
      const replayed = this.trajectoryOf(net);
      plan = { trajectory: compile(this.qTable.cells, replayed), reward: rewardsOf(replayed, reward) };
      this.planByNet.set(net, plan);
    }
    this.plans.push(plan);
    const update = (steps: readonly QTransition[], r: number, source: QUpdateEvent['source']) =>
      applyTrajectory(this.qTable, steps, rewardsOf(steps, r), params, source, sink);
    update(trajectory, reward, 'trajectory');
    const samples: number[] = [];
    for (let k = 0; k < this.cfg.replaySamples; k++) {
      const index = this.replayDictionary.sampleIndex(replayRng);
      samples.push(index);
      if (sink) {
        const entry = this.replayDictionary.entries[index]!;
        update(this.trajectoryOf(entry.net), entry.reward, 'replay');
      } else {
        const plan = this.plans[index]!;
        this.qTable.learn(plan.trajectory, plan.reward, params.alpha, params.gamma);
      }
    }
    return samples;
  }
}
