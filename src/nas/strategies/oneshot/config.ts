/**
 * What the config sections of the one-shot strategies (DARTS, SNAS, ENAS; SPEC §5, issue #18)
 * share: the supernet (a NAS-Bench-201 skeleton of mixed-op cells), its epochs and minibatches,
 * the SGD of its shared weights, how often the log takes a snapshot, and the standalone training
 * of the derived cell. Each strategy's section is this plus its own fields.
 * Pure module: no DOM, React or tfjs.
 */
import type { FidelityId, RunConfig } from '../../config';
import type { SupernetOptions, AlphaOptimizer, StandaloneSchedule } from '../../oneshot/trainer';

/** The fields every one-shot section has. */
export interface OneShotCommonConfig {
  /** Epochs of the supernet search. */
  epochs: number;
  /** Images per minibatch (weights, alpha and validation batches alike). */
  batchSize: number;
  /** Channels of the first stage (NAS-Bench-201: 16). */
  channels: number;
  /** Search cells per stage, 3 stages (NAS-Bench-201: 5); the nb201 space's skeleton. */
  cellsPerStage: number;
  /**
   * Cells in all on the darts space, the ones at 1/3 and 2/3 of the depth reduction cells
   * (DARTS's `--layers`: 8 in the search).
   */
  layers: number;
  /** SGD learning rate of the shared weights at epoch 0 (cosine decay to `learningRateMin`). */
  learningRate: number;
  learningRateMin: number;
  momentum: number;
  weightDecay: number;
  /** Clip of the gradient's global norm; 0: none. */
  gradClip: number;
  /** Steps between two `oneshot-step` snapshots in the log (an epoch's last step always logs). */
  snapshotEvery: number;
  /** Epochs of the derived cell's standalone training. */
  standaloneEpochs: number;
}

/** Adam of the architecture parameters (DARTS and SNAS). */
export interface AlphaConfig {
  alphaLearningRate: number;
  alphaBeta1: number;
  alphaBeta2: number;
  alphaWeightDecay: number;
}

/**
 * The common part at each fidelity. `paper` follows DARTS (Liu et al. 2019, §A.1.1: 50 epochs,
 * batch 64, SGD lr 0.025 cosine to 0.001, momentum 0.9, weight decay 3e-4, clip 5) on the
 * NAS-Bench-201 skeleton (C = 16, N = 5; Dong & Yang 2020, §5) or DARTS's search network (C = 16,
 * 8 cells; Liu et al. 2019, §3.1.1); `class` shows the whole story in minutes on a GPU (8 channels,
 * one cell per stage, 5 DARTS cells); `test` is tiny, for CI (4 channels, 3 DARTS cells).
 */
export const ONESHOT_COMMON_PRESETS: Readonly<Record<FidelityId, OneShotCommonConfig>> = {
  paper: {
    epochs: 50,
    batchSize: 64,
    channels: 16,
    cellsPerStage: 5,
    layers: 8,
    learningRate: 0.025,
    learningRateMin: 0.001,
    momentum: 0.9,
    weightDecay: 3e-4,
    gradClip: 5,
    snapshotEvery: 50,
    standaloneEpochs: 20,
  },
  class: {
    epochs: 8,
    batchSize: 64,
    channels: 8,
    cellsPerStage: 1,
    layers: 5,
    learningRate: 0.025,
    learningRateMin: 0.001,
    momentum: 0.9,
    weightDecay: 3e-4,
    gradClip: 5,
    snapshotEvery: 4,
    standaloneEpochs: 3,
  },
  test: {
    epochs: 2,
    // Two minibatches per epoch of the test preset's 128 images. On SwiftShader (no GPU) a DARTS
    // step at batch 32 and 4 channels takes about a minute (its time grows with the batch).
    batchSize: 64,
    channels: 4,
    cellsPerStage: 1,
    // One cell of each kind and stage: normal, reduction, reduction (DARTS's rule for 3 layers).
    layers: 3,
    learningRate: 0.025,
    learningRateMin: 0.001,
    momentum: 0.9,
    weightDecay: 3e-4,
    gradClip: 5,
    snapshotEvery: 1,
    standaloneEpochs: 1,
  },
};

/** DARTS's Adam for alpha (Liu et al. 2019, §A.1.1: lr 3e-4, betas (0.5, 0.999), weight decay 1e-3). */
export const DARTS_ALPHA: AlphaConfig = {
  alphaLearningRate: 3e-4,
  alphaBeta1: 0.5,
  alphaBeta2: 0.999,
  alphaWeightDecay: 1e-3,
};

/** The supernet a section asks for, its initialisation seeded by the run. */
export function supernetOptionsOf(
  section: OneShotCommonConfig & Partial<AlphaConfig>,
  seed: number,
): SupernetOptions {
  const alpha: AlphaOptimizer | undefined =
    section.alphaLearningRate === undefined
      ? undefined
      : {
          learningRate: section.alphaLearningRate,
          beta1: section.alphaBeta1!,
          beta2: section.alphaBeta2!,
          weightDecay: section.alphaWeightDecay!,
        };
  return {
    channels: section.channels,
    cellsPerStage: section.cellsPerStage,
    seed,
    weights: { momentum: section.momentum, weightDecay: section.weightDecay, gradClip: section.gradClip },
    ...(alpha ? { alpha } : {}),
  };
}

/** The schedule of the derived cell's standalone training (the search's and its export's). */
export function standaloneOptionsOf(section: OneShotCommonConfig, seed: number): StandaloneSchedule {
  return {
    epochs: section.standaloneEpochs,
    batchSize: section.batchSize,
    lr: section.learningRate,
    lrMin: section.learningRateMin,
    seed,
  };
}

/** The one-shot section of a config whose strategy is DARTS, SNAS or ENAS. */
export function oneShotSectionOf(config: RunConfig): OneShotCommonConfig & Partial<AlphaConfig> {
  const section = (config as unknown as Record<string, OneShotCommonConfig | undefined>)[config.strategy];
  if (!section) throw new Error(`The config has no '${config.strategy}' section`);
  return section;
}
