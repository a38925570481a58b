/**
 * BlockQNN (Zhong et al., CVPR 2018; SPEC §3) as an ask/tell strategy: epsilon-greedy walks over
 * the `block` space propose blocks (in batches), and each observed reward updates the Q-table
 * along the trajectory, then along `replaySamples` trajectories of the replay dictionary, as in
 * MetaQNN, with BlockQNN's extras switchable: reward shaping of intermediate transitions and
 * the early-stop reward with FLOPs and density penalties.
 * Pure module: no DOM, React or tfjs.
 */
import type { BlockEpsilonStep, BlockQnnConfig } from './config';
import {
  ReplayLearner,
  chooseAction,
  type QTable,
  type QTransition,
  type QUpdateSink,
} from '../../qlearning';
import type { ReplayDictionary } from '../../replay';
import { earlyStopReward, shapedRewards } from '../../rewards';
import type { Rng } from '../../rng';
import {
  NSC_TYPE,
  TERMINAL_STATE,
  actionKey,
  blockDensity,
  blockString,
  initialState,
  legalActions,
  networkFlops,
  nscString,
  parseBlockString,
  stateAfter,
  stateKey,
  trajectoryOf,
  type Block,
  type BlockState,
  type Nsc,
} from '../../spaces/block';

/** Epsilon and schedule step of 0-based `iteration`; null once the schedule is exhausted. */
export function epsilonAtIteration(
  schedule: readonly BlockEpsilonStep[],
  iteration: number,
): { step: number; epsilon: number } | null {
  let end = 0;
  for (let step = 0; step < schedule.length; step++) {
    const s = schedule[step] as BlockEpsilonStep;
    end += s.iterations;
    if (iteration < end) return { step, epsilon: s.epsilon };
  }
  return null;
}

/** The reward of a block and what it was computed from, for the result event and the UI. */
export interface BlockReward {
  /** What the agent learns from: `accuracy`, or the early-stop reward when it is on. */
  reward: number;
  /** MACs of the whole network (`networkFlops`). */
  flops: number;
  /** Edges / nodes of the block DAG (`blockDensity`). */
  density: number;
  /** mu ln(flops / flopsBaseline): subtracted from the accuracy when the early-stop reward is on. */
  flopsPenalty: number;
  /** rho ln(density): subtracted from the accuracy when the early-stop reward is on. */
  densityPenalty: number;
}

/**
 * The reward of a trained block (SPEC §3): its accuracy, or with `earlyStop` the early-stop
 * reward acc - mu ln(FLOPs / baseline) - rho ln(density), from the network's MACs for `input` =
 * [height, width, channels] and the block's density. Both penalty terms are returned either way,
 * so the UI can show what the early-stop reward would subtract.
 */
export function blockReward(
  accuracy: number,
  block: Block,
  cfg: BlockQnnConfig,
  input: readonly [number, number, number],
  classes: number,
): BlockReward {
  const flops = networkFlops(block, cfg, input, classes);
  const density = blockDensity(block);
  const earlyStop = earlyStopReward(accuracy, flops, density, cfg);
  const flopsPenalty = cfg.mu * Math.log(flops / cfg.flopsBaseline);
  const densityPenalty = cfg.rho * Math.log(density);
  return { reward: cfg.earlyStop ? earlyStop : accuracy, flops, density, flopsPenalty, densityPenalty };
}

/** A proposed block with the trajectory that built it. */
export interface BlockCandidate {
  readonly block: Block;
  /** Canonical block string, the key of the replay dictionary. */
  readonly net: string;
  /** Every (state, action) taken, the terminal step last. */
  readonly trajectory: readonly QTransition[];
}

interface LegalSet {
  actions: readonly Nsc[];
  keys: readonly string[];
}

export class BlockQnnStrategy {
  /** The Q-table, replay dictionary and trajectories that each observation updates. */
  private readonly learner: ReplayLearner;
  /** Legal actions depend on the depth alone, so they are computed once per depth. */
  private readonly legalByDepth = new Map<number, LegalSet>();

  constructor(private readonly cfg: BlockQnnConfig) {
    this.learner = new ReplayLearner(
      cfg,
      (net) => this.rebuildTrajectory(net),
      (reward, steps) => this.rewardsFor(reward, steps),
    );
  }

  get qTable(): QTable {
    return this.learner.qTable;
  }

  get replayDictionary(): ReplayDictionary {
    return this.learner.replayDictionary;
  }

  /** Legal next NSCs of a state, with their canonical strings, in `legalActions` order. */
  legal(state: BlockState): LegalSet {
    let set = this.legalByDepth.get(state.depth);
    if (!set) {
      const actions = legalActions(state, this.cfg);
      set = { actions, keys: actions.map(actionKey) };
      this.legalByDepth.set(state.depth, set);
    }
    return set;
  }

  /**
   * Samples one block: at each state, with probability `epsilon` a uniform legal NSC, else one of
   * maximal Q (ties broken uniformly). At maxDepth the terminal is taken without drawing.
   */
  propose(rng: Rng, epsilon: number): BlockCandidate {
    let state = initialState();
    const block: Nsc[] = [];
    const trajectory: QTransition[] = [];
    for (;;) {
      const key = stateKey(state);
      const { actions, keys } = this.legal(state);
      const choice = chooseAction(rng, epsilon, this.qTable, key, keys);
      const i = choice.index;
      const action = actions[i] as Nsc;
      block.push(action);
      if (action.type === NSC_TYPE.terminal) {
        trajectory.push({
          state: key,
          action: keys[i] as string,
          nextState: TERMINAL_STATE,
          nextActions: [],
          choice,
        });
        break;
      }
      state = stateAfter(action);
      trajectory.push({
        state: key,
        action: keys[i] as string,
        nextState: nscString(action),
        nextActions: this.legal(state).keys,
        choice,
      });
    }
    return { block, net: blockString(block), trajectory };
  }

  /** One iteration's batch: `batchSize` proposals at the same epsilon. */
  proposeBatch(rng: Rng, epsilon: number): BlockCandidate[] {
    return Array.from({ length: this.cfg.batchSize }, () => this.propose(rng, epsilon));
  }

  /** The stored reward of a net already in the replay dictionary. */
  cachedReward(net: string): number | undefined {
    return this.learner.cachedReward(net);
  }

  /** Per-transition rewards of a trajectory of `steps` transitions (shaped if configured). */
  rewardsFor(reward: number, steps: number): number[] {
    return shapedRewards(reward, steps, this.cfg.rewardShaping);
  }

  /**
   * Learns from one block (trained or cached): adds it to the replay dictionary, updates its
   * trajectory (source `trajectory`), then `replaySamples` sampled entries (source `replay`).
   * `reward` is the final reward (accuracy or `blockReward(...).reward`).
   */
  observe(candidate: BlockCandidate, reward: number, replayRng: Rng, sink?: QUpdateSink): number[] {
    return this.learner.observe(candidate.net, candidate.trajectory, reward, replayRng, sink);
  }

  /** The trajectory that builds the block `net`, with the legal actions of every state reached. */
  trajectoryOf(net: string): readonly QTransition[] {
    return this.learner.trajectoryOf(net);
  }

  private rebuildTrajectory(net: string): QTransition[] {
    const block = parseBlockString(net);
    return trajectoryOf(block).map((step, i) => {
      const nsc = block[i] as Nsc;
      if (nsc.type === NSC_TYPE.terminal) return { ...step, nextActions: [] };
      return { ...step, nextActions: this.legal(stateAfter(nsc)).keys };
    });
  }
}
