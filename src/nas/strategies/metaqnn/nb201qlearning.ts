/**
 * MetaQNN-style Q-learning (Baker et al., ICLR 2017; SPEC §2) on the NAS-Bench-201 cell space,
 * with the same ask/tell interface as `MetaQnnStrategy`: an epsilon-greedy walk picks one op per
 * edge in the benchmark's edge order, and each observed reward updates the Q-table along the
 * 6-step trajectory, then along `replaySamples` trajectories drawn from the replay dictionary.
 * Pure module: no DOM, React or tfjs.
 */
import {
  ReplayLearner,
  epsilonGreedyChoice,
  type QTable,
  type QTransition,
  type QUpdateSink,
} from '../../qlearning';
import type { ReplayDictionary } from '../../replay';
import type { Rng } from '../../rng';
import {
  NB201_EDGE_COUNT,
  TERMINAL_STATE,
  cellString,
  legalActions,
  parseCellString,
  stateKey,
  trajectoryOf,
  type Nb201Cell,
  type Nb201Op,
} from '../../spaces/nb201';

/** Q-learning settings of the NAS-Bench-201 strategy (SPEC §2 values: 0.01, 1, 0.5, 100). */
export interface Nb201QLearningConfig {
  /** Q-learning rate. */
  alpha: number;
  /** Discount factor. */
  gamma: number;
  /** Initial value of every Q(s, u). */
  initialQ: number;
  /** Replay-dictionary samples (with replacement) updated after each model. */
  replaySamples: number;
}

/** A proposed cell with the trajectory that built it. */
export interface Nb201Candidate {
  /** The op of each edge, in `NB201_EDGES` order. */
  readonly arch: Nb201Cell;
  /** Canonical cell string, the key of the replay dictionary. */
  readonly net: string;
  /** The 6 (state, action) steps, edge 0 first; the last reaches `T`. */
  readonly trajectory: readonly QTransition[];
}

export class Nb201QLearningStrategy {
  /** The Q-table, replay dictionary and trajectories that each observation updates. */
  private readonly learner: ReplayLearner;

  constructor(cfg: Nb201QLearningConfig) {
    this.learner = new ReplayLearner(cfg, (net) => {
      const ops = parseCellString(net);
      return trajectoryOf(ops).map((step, k) => ({
        ...step,
        nextActions: legalActions(ops.slice(0, k + 1)),
      }));
    });
  }

  get qTable(): QTable {
    return this.learner.qTable;
  }

  get replayDictionary(): ReplayDictionary {
    return this.learner.replayDictionary;
  }

  /**
   * Samples one cell: for each edge in order, with probability `epsilon` a uniform op, else an
   * op of maximal Q (ties broken uniformly).
   */
  propose(rng: Rng, epsilon: number): Nb201Candidate {
    const ops: Nb201Op[] = [];
    const trajectory: QTransition[] = [];
    for (let k = 0; k < NB201_EDGE_COUNT; k++) {
      const state = stateKey(ops);
      const actions = legalActions(ops);
      const choice = epsilonGreedyChoice(rng, epsilon, this.qTable, state, actions);
      const op = actions[choice.index] as Nb201Op;
      ops.push(op);
      const last = k === NB201_EDGE_COUNT - 1;
      trajectory.push({
        state,
        action: op,
        nextState: last ? TERMINAL_STATE : stateKey(ops),
        nextActions: legalActions(ops),
        choice,
      });
    }
    const arch = ops as unknown as Nb201Cell;
    return { arch, net: cellString(arch), trajectory };
  }

  /** The stored reward of a net already in the replay dictionary. */
  cachedReward(net: string): number | undefined {
    return this.learner.cachedReward(net);
  }

  /**
   * Learns from one model (looked up or cached): adds it to the replay dictionary, updates its
   * trajectory (source `trajectory`), then `replaySamples` sampled entries (source `replay`).
   */
  observe(candidate: Nb201Candidate, reward: number, replayRng: Rng, sink?: QUpdateSink): number[] {
    return this.learner.observe(candidate.net, candidate.trajectory, reward, replayRng, sink);
  }

  /** The trajectory that builds `net` (a cell string), with the legal actions of every state reached. */
  trajectoryOf(net: string): readonly QTransition[] {
    return this.learner.trajectoryOf(net);
  }
}
