/**
 * BlockQNN's config section (Zhong et al., CVPR 2018; SPEC §3): the block space, the network
 * the blocks are stacked into, Q-learning and the reward, with the paper's values and the
 * fidelity presets. Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../../config';

/** One step of BlockQNN's epsilon schedule: `iterations` batches of blocks at `epsilon`. */
export interface BlockEpsilonStep {
  epsilon: number;
  iterations: number;
}

/**
 * BlockQNN search space, network, Q-learning and reward settings (SPEC §3), flat so that the
 * options table, the form and the URL address every field as `blockqnn.<field>`.
 */
export interface BlockQnnConfig {
  /** Layers a block may hold before the terminal is forced (T; unconfirmed: 10). */
  maxDepth: number;
  /** Kernel sides of conv layers (ReLU-Conv-BN), pixels. */
  convKernels: number[];
  /** Kernel sides of max pooling layers (stride 1, SAME), pixels. */
  maxPoolKernels: number[];
  /** Kernel sides of average pooling layers (stride 1, SAME), pixels. */
  avgPoolKernels: number[];
  /** Stages of stacked blocks, separated by 2x2 stride-2 max pooling. */
  stages: number;
  /** Blocks stacked per stage (N). */
  blocksPerStage: number;
  /** Channels of the first stage; doubled at every later stage. */
  baseWidth: number;
  /** Q-learning rate. */
  alpha: number;
  /** Discount factor. */
  gamma: number;
  /** Initial value of every Q(s, u). */
  initialQ: number;
  /** Replay-dictionary samples (with replacement) updated after each block. */
  replaySamples: number;
  /** Intermediate transitions earn r_T / T instead of 0 (SPEC §3, unconfirmed form). */
  rewardShaping: boolean;
  /** Reward = accuracy - mu ln(FLOPs / flopsBaseline) - rho ln(density) instead of accuracy. */
  earlyStop: boolean;
  /** Weight of the log-FLOPs penalty (unconfirmed: 1). */
  mu: number;
  /** Weight of the log-density penalty (unconfirmed: 8). */
  rho: number;
  /** Network multiply-accumulates at which the FLOPs penalty is 0. */
  flopsBaseline: number;
  /** Blocks sampled per iteration; the epsilon schedule counts iterations (unconfirmed: 64). */
  batchSize: number;
  epsilonSchedule: BlockEpsilonStep[];
}

declare module '../../config' {
  interface StrategySections {
    blockqnn: BlockQnnConfig;
  }
}

/**
 * BlockQNN's epsilon schedule as quoted by SPEC §3 (unconfirmed): 178 iterations; at the
 * batch size of 64 that is 11,392 blocks.
 */
export const BLOCKQNN_EPSILON_SCHEDULE: readonly BlockEpsilonStep[] = [
  { epsilon: 1.0, iterations: 95 },
  { epsilon: 0.9, iterations: 7 },
  { epsilon: 0.8, iterations: 7 },
  { epsilon: 0.7, iterations: 7 },
  { epsilon: 0.6, iterations: 10 },
  { epsilon: 0.5, iterations: 10 },
  { epsilon: 0.4, iterations: 10 },
  { epsilon: 0.3, iterations: 10 },
  { epsilon: 0.2, iterations: 10 },
  { epsilon: 0.1, iterations: 12 },
];

/** BlockQNN's schedule with every step's iterations scaled by `factor` (at least 1 each). */
export function scaleBlockSchedule(
  schedule: readonly BlockEpsilonStep[],
  factor: number,
): BlockEpsilonStep[] {
  return schedule.map((s) => ({
    epsilon: s.epsilon,
    iterations: Math.max(1, Math.round(s.iterations * factor)),
  }));
}

/**
 * BlockQNN at the paper's scale (SPEC §3). Unconfirmed values are kept as editable defaults:
 * maxDepth 10, mu 1, rho 8, batch 64, the schedule. The network (3 stages of N = 2 blocks from
 * 32 channels) is ours. The early-stop reward is off by default: here every block trains to
 * the end of its (short) schedule, and with mu 1 and rho 8 the penalties outweigh any accuracy.
 * The FLOPs baseline is about the MACs of a one-conv-3x3 block at this scale (28×28 input).
 */
const PAPER_BLOCKQNN: BlockQnnConfig = {
  maxDepth: 10,
  convKernels: [1, 3, 5],
  maxPoolKernels: [1, 3],
  avgPoolKernels: [1, 3],
  stages: 3,
  blocksPerStage: 2,
  baseWidth: 32,
  alpha: 0.01,
  gamma: 1,
  initialQ: 0.5,
  replaySamples: 100,
  rewardShaping: true,
  earlyStop: false,
  mu: 1,
  rho: 8,
  flopsBaseline: 1e7,
  batchSize: 64,
  epsilonSchedule: BLOCKQNN_EPSILON_SCHEDULE.map((s) => ({ ...s })),
};

/** The section at each fidelity (SPEC §7). */
export const BLOCKQNN_PRESETS: Readonly<Record<FidelityId, BlockQnnConfig>> = {
  paper: PAPER_BLOCKQNN,
  class: {
    ...PAPER_BLOCKQNN,
    maxDepth: 5,
    stages: 2,
    blocksPerStage: 1,
    baseWidth: 8,
    flopsBaseline: 1e5,
    batchSize: 4,
    // 15 iterations of 4 blocks: 60 blocks, the shape of the paper's schedule.
    epsilonSchedule: scaleBlockSchedule(BLOCKQNN_EPSILON_SCHEDULE, 0.06),
  },
  test: {
    ...PAPER_BLOCKQNN,
    maxDepth: 3,
    convKernels: [1, 3],
    maxPoolKernels: [3],
    avgPoolKernels: [3],
    stages: 2,
    blocksPerStage: 1,
    baseWidth: 4,
    replaySamples: 20,
    flopsBaseline: 1e4,
    batchSize: 2,
    epsilonSchedule: [
      { epsilon: 1, iterations: 2 },
      { epsilon: 0.5, iterations: 1 },
    ],
  },
};
