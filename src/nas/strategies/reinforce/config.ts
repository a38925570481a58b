/**
 * The REINFORCE controller's config section (Zoph & Le, ICLR 2017; SPEC §4), with the paper's
 * values and the fidelity presets. Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../../config';

/** The REINFORCE controller (Zoph & Le 2017; SPEC §4). */
export interface ReinforceConfig {
  /** Unique models to train: the search's budget. */
  models: number;
  /** Architectures sampled per controller update (m). */
  batchSize: number;
  /** Adam learning rate of the controller. */
  learningRate: number;
  /** Decay of the exponential-moving-average baseline. */
  baselineDecay: number;
  /** Reward from the best validation accuracy: as is, or cubed as in the paper. */
  rewardTransform: 'plain' | 'cubed';
  /** Hidden units per LSTM layer. */
  units: number;
  /** Stacked LSTM layers. */
  lstmLayers: number;
  /** Weights start uniform in [-initRange, initRange]. */
  initRange: number;
}

declare module '../../config' {
  interface StrategySections {
    reinforce: ReinforceConfig;
  }
}

/**
 * The controller of SPEC §4: 2 x 35 LSTM, Adam 0.0006, U(-0.08, 0.08), EMA baseline 0.95,
 * cubed reward, 12,800 architectures (Zoph & Le 2017, §4.1). Batch size m is unconfirmed.
 */
const PAPER_REINFORCE: ReinforceConfig = {
  models: 12800,
  batchSize: 8,
  learningRate: 0.0006,
  baselineDecay: 0.95,
  rewardTransform: 'cubed',
  units: 35,
  lstmLayers: 2,
  initRange: 0.08,
};

/** The section at each fidelity (SPEC §7). */
export const REINFORCE_PRESETS: Readonly<Record<FidelityId, ReinforceConfig>> = {
  paper: PAPER_REINFORCE,
  // 40 models instead of 12,800: a larger step lets the controller visibly learn in a lesson.
  class: { ...PAPER_REINFORCE, models: 40, batchSize: 4, learningRate: 0.02 },
  test: { ...PAPER_REINFORCE, models: 4, batchSize: 2, learningRate: 0.02 },
};
