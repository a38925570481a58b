/**
 * How an `nb201` cell sampled by a sample-based strategy is trained when its section says
 * `evaluate: 'train'` (src/nas/spaces/nb201Section.ts): exactly as a one-shot strategy trains its
 * derived cell alone at the run's fidelity (the skeleton, SGD and cosine schedule of
 * ONESHOT_COMMON_PRESETS), so that a comparison sets the two families' cells side by side on the
 * same training. Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from './config';
import type { StandaloneSchedule, WeightOptimizer } from './oneshot/trainer';
import {
  ONESHOT_COMMON_PRESETS,
  standaloneOptionsOf,
  type OneShotCommonConfig,
} from './strategies/oneshot/config';

/** The standalone training of one `nb201` cell. */
export interface Nb201Training {
  /** Channels of the first stage and cells per stage of the network's skeleton. */
  channels: number;
  cellsPerStage: number;
  weights: WeightOptimizer;
  schedule: StandaloneSchedule;
}

/** The fields of a one-shot section that decide its derived cell's standalone training. */
const STANDALONE_FIELDS = [
  'channels',
  'cellsPerStage',
  'standaloneEpochs',
  'batchSize',
  'learningRate',
  'learningRateMin',
  'momentum',
  'weightDecay',
  'gradClip',
] as const satisfies readonly (keyof OneShotCommonConfig)[];

/** The training of cell `seed`'s run under `config`: the one-shot derived cell's at its fidelity. */
export function nb201TrainingOf(config: RunConfig, seed: number): Nb201Training {
  const section = ONESHOT_COMMON_PRESETS[config.fidelity];
  return {
    channels: section.channels,
    cellsPerStage: section.cellsPerStage,
    weights: { momentum: section.momentum, weightDecay: section.weightDecay, gradClip: section.gradClip },
    schedule: standaloneOptionsOf(section, seed),
  };
}

/**
 * The first field in which a one-shot section trains its derived cell otherwise than a trained
 * `nb201` cell of the same fidelity is trained (then they cannot be compared), or undefined.
 */
export function standaloneMismatch(
  section: OneShotCommonConfig,
  fidelity: RunConfig['fidelity'],
): keyof OneShotCommonConfig | undefined {
  const preset = ONESHOT_COMMON_PRESETS[fidelity];
  return STANDALONE_FIELDS.find((field) => section[field] !== preset[field]);
}
