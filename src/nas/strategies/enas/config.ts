/**
 * ENAS's config section (Pham et al., ICML 2018; SPEC §5): the shared supernet fields and the
 * controller of the micro search (melodyguan/enas, scripts/cifar10_micro_search.sh).
 * Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../../config';
import { ONESHOT_COMMON_PRESETS, type OneShotCommonConfig } from '../oneshot/config';

/** ENAS (SPEC §5). */
export interface EnasConfig extends OneShotCommonConfig {
  /** Adam learning rate of the controller (0.0035, micro search). */
  controllerLearningRate: number;
  /** Weight of the sampled child's entropy in its reward (1e-4). */
  entropyWeight: number;
  /** Decay of the controller's EMA baseline (0.99). */
  baselineDecay: number;
  /** Hidden units of the controller's LSTM (64, micro search). */
  lstmUnits: number;
  /** The controller's logits l become C tanh(l / T) (NAS-Bench-201's ENAS: T = 5, C = 2.5). */
  controllerTemperature: number;
  /** C above; 0 leaves the logits as they are. */
  controllerTanhConstant: number;
  /** Controller updates after each epoch of the shared weights (30 in the micro search). */
  controllerSteps: number;
  /** Children sampled per controller update, each rewarded on one validation minibatch (10). */
  controllerBatch: number;
  /** Children sampled at the end; the best on the validation split is the derived cell (10). */
  deriveSamples: number;
}

declare module '../../config' {
  interface StrategySections {
    enas: EnasConfig;
  }
}

const ENAS_CONTROLLER = {
  controllerLearningRate: 0.0035,
  entropyWeight: 1e-4,
  baselineDecay: 0.99,
  lstmUnits: 64,
  // NAS-Bench-201's ENAS controller for this cell (lib/models/cell_searchs/
  // search_model_enas_utils.py: `tanh_constant=2.5, temperature=5.0`).
  controllerTemperature: 5,
  controllerTanhConstant: 2.5,
} as const;

/** ENAS's child SGD (micro search: lr 0.05 cosine to 0.0005, l2 1e-4, clip 5), its 150 epochs. */
const ENAS_CHILD = { learningRate: 0.05, learningRateMin: 0.0005, weightDecay: 1e-4, gradClip: 5 } as const;

export const ENAS_PRESETS: Readonly<Record<FidelityId, EnasConfig>> = {
  paper: {
    ...ONESHOT_COMMON_PRESETS.paper,
    ...ENAS_CHILD,
    ...ENAS_CONTROLLER,
    epochs: 150,
    controllerSteps: 30,
    controllerBatch: 10,
    deriveSamples: 10,
  },
  class: {
    ...ONESHOT_COMMON_PRESETS.class,
    ...ENAS_CHILD,
    ...ENAS_CONTROLLER,
    controllerSteps: 10,
    controllerBatch: 5,
    deriveSamples: 10,
  },
  test: {
    ...ONESHOT_COMMON_PRESETS.test,
    ...ENAS_CHILD,
    ...ENAS_CONTROLLER,
    controllerSteps: 1,
    controllerBatch: 2,
    deriveSamples: 2,
  },
};
