/**
 * The Q-learning strategies as `SearchRun` drives them: MetaQNN (SPEC §2) and BlockQNN (SPEC §3)
 * behind one small interface, so the run, its log, restore and the UI treat them alike.
 * What differs is said here once: how proposals are batched, what the epsilon schedule counts,
 * and how a training result becomes a reward.
 * Pure module: no DOM, React or tfjs.
 */
import type { Architecture } from './architecture';
import { DATASET_SIZES, type EpsilonStep, type RunConfig } from './config';
import type { QTable, QTransition } from './qlearning';
import type { ReplayDictionary } from './replay';
import type { Rng } from './rng';
import type { QUpdateEvent, ResultEvent } from './runlog';
import { BlockQnnStrategy, blockReward } from './strategies/blockqnn';
import { MetaQnnStrategy } from './strategies/metaqnn';
import { Nb201QLearningStrategy } from './strategies/nb201qlearning';

/** Classes of every dataset offered (MNIST and Fashion-MNIST). */
export const DATASET_CLASSES = 10;

/** One proposal: what to train, its canonical key and the (state, action) steps that built it. */
export interface QCandidate {
  readonly arch: Architecture;
  /** Canonical architecture string: net string (layers) or block string (NSCs). */
  readonly net: string;
  readonly trajectory: readonly QTransition[];
}

/** Reward-related fields of a result event beyond the accuracy (BlockQNN: FLOPs and density). */
export type RewardTerms = Pick<ResultEvent, 'flops' | 'density' | 'flopsPenalty' | 'densityPenalty'>;

/** A Q-learning strategy as the search run sees it. */
export interface QLearner {
  readonly qTable: QTable;
  readonly replayDictionary: ReplayDictionary;
  /** Proposals of one iteration, all at the same epsilon: 1 for MetaQNN, a batch for BlockQNN. */
  proposeIteration(rng: Rng, epsilon: number): QCandidate[];
  /** The stored reward of an architecture already in the replay dictionary. */
  cachedReward(net: string): number | undefined;
  /** The reward of a trained architecture, with the terms it was computed from. */
  reward(candidate: QCandidate, accuracy: number): { reward: number; terms: RewardTerms };
  /** Learns from one proposal's reward: its trajectory, then the replay samples. */
  observe(candidate: QCandidate, reward: number, replayRng: Rng): QUpdateEvent[];
}

/** Whether the config's strategy learns a Q-table under an epsilon schedule (MetaQNN, BlockQNN). */
export function isQConfig(config: RunConfig): boolean {
  return config.strategy === 'metaqnn' || config.strategy === 'blockqnn';
}

/** How a strategy's epsilon schedule is counted, in proposals. */
export interface ScheduleUnits {
  /** The schedule with `models` = proposals that count at each epsilon. */
  steps: EpsilonStep[];
  /**
   * Whether cached proposals count: MetaQNN counts unique models trained (Baker et al. 2017),
   * BlockQNN counts iterations of a batch, whatever the batch holds.
   */
  countsCached: boolean;
  /** Proposals per iteration (1 for MetaQNN). */
  batchSize: number;
}

/** The epsilon schedule of the config's strategy in proposals. */
export function scheduleUnits(config: RunConfig): ScheduleUnits {
  switch (config.strategy) {
    case 'reinforce':
    case 'evolution':
    case 'random':
      throw new Error(`Strategy '${config.strategy}' has no epsilon schedule`);
    case 'metaqnn':
      return {
        steps: config.metaqnn.epsilonSchedule.map((s) => ({ ...s })),
        countsCached: false,
        batchSize: 1,
      };
    case 'blockqnn': {
      const { batchSize, epsilonSchedule } = config.blockqnn;
      return {
        steps: epsilonSchedule.map((s) => ({ epsilon: s.epsilon, models: s.iterations * batchSize })),
        countsCached: true,
        batchSize,
      };
    }
  }
}

/** Alpha and gamma of the config's strategy (for checking logged Q-updates). */
export function qParams(config: RunConfig): { alpha: number; gamma: number; initialQ: number } {
  const { alpha, gamma, initialQ } = config.strategy === 'blockqnn' ? config.blockqnn : config.metaqnn;
  return { alpha, gamma, initialQ };
}

function metaQnnLearner(config: RunConfig): QLearner {
  const imageSize = DATASET_SIZES[config.dataset].imageSize;
  const strategy = new MetaQnnStrategy(config.metaqnn, imageSize, DATASET_CLASSES);
  return {
    qTable: strategy.qTable,
    replayDictionary: strategy.replayDictionary,
    proposeIteration(rng, epsilon) {
      const { arch, net, trajectory } = strategy.propose(rng, epsilon);
      return [{ arch: { space: 'layers', layers: arch }, net, trajectory }];
    },
    cachedReward: (net) => strategy.cachedReward(net),
    reward: (_candidate, accuracy) => ({ reward: accuracy, terms: {} }),
    observe(candidate, reward, replayRng) {
      if (candidate.arch.space !== 'layers') throw new Error(`Not a layers architecture: ${candidate.net}`);
      const { net, trajectory } = candidate;
      return strategy.observe({ arch: candidate.arch.layers, net, trajectory }, reward, replayRng);
    },
  };
}

function nb201Learner(config: RunConfig): QLearner {
  const strategy = new Nb201QLearningStrategy(config.metaqnn);
  return {
    qTable: strategy.qTable,
    replayDictionary: strategy.replayDictionary,
    proposeIteration(rng, epsilon) {
      const { arch, net, trajectory } = strategy.propose(rng, epsilon);
      return [{ arch: { space: 'nb201', cell: arch }, net, trajectory }];
    },
    cachedReward: (net) => strategy.cachedReward(net),
    reward: (_candidate, accuracy) => ({ reward: accuracy, terms: {} }),
    observe(candidate, reward, replayRng) {
      if (candidate.arch.space !== 'nb201') throw new Error(`Not a NAS-Bench-201 cell: ${candidate.net}`);
      const { net, trajectory } = candidate;
      return strategy.observe({ arch: candidate.arch.cell, net, trajectory }, reward, replayRng);
    },
  };
}

function blockQnnLearner(config: RunConfig): QLearner {
  const cfg = config.blockqnn;
  const imageSize = DATASET_SIZES[config.dataset].imageSize;
  const input = [imageSize, imageSize, 1] as const;
  const network = { stages: cfg.stages, blocksPerStage: cfg.blocksPerStage, baseWidth: cfg.baseWidth };
  const strategy = new BlockQnnStrategy(cfg);
  const toCandidate = (c: ReturnType<BlockQnnStrategy['propose']>): QCandidate => ({
    arch: { space: 'block', network: { block: c.block, network, classes: DATASET_CLASSES } },
    net: c.net,
    trajectory: c.trajectory,
  });
  return {
    qTable: strategy.qTable,
    replayDictionary: strategy.replayDictionary,
    proposeIteration: (rng, epsilon) => strategy.proposeBatch(rng, epsilon).map(toCandidate),
    cachedReward: (net) => strategy.cachedReward(net),
    reward(candidate, accuracy) {
      if (candidate.arch.space !== 'block') throw new Error(`Not a block: ${candidate.net}`);
      const { reward, ...terms } = blockReward(
        accuracy,
        candidate.arch.network.block,
        cfg,
        input,
        DATASET_CLASSES,
      );
      return { reward, terms };
    },
    observe(candidate, reward, replayRng) {
      if (candidate.arch.space !== 'block') throw new Error(`Not a block: ${candidate.net}`);
      const { block } = candidate.arch.network;
      return strategy.observe(
        { block, net: candidate.net, trajectory: candidate.trajectory },
        reward,
        replayRng,
      );
    },
  };
}

/** The Q-learning strategy of a config. */
export function createLearner(config: RunConfig): QLearner {
  switch (config.strategy) {
    case 'metaqnn':
      return config.space === 'nb201' ? nb201Learner(config) : metaQnnLearner(config);
    case 'blockqnn':
      return blockQnnLearner(config);
    default:
      throw new Error(`Strategy '${config.strategy}' is not Q-learning`);
  }
}
