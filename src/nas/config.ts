/**
 * Run configuration: one table of options with defaults and ranges drives the form, the
 * testing API, validation and (later) the URL. Pure module: no DOM, React or tfjs.
 */

export type StrategyId = 'metaqnn';
export type SpaceId = 'layers';
export type DatasetId = 'mnist-28' | 'mnist-14' | 'fashion-mnist-28' | 'fashion-mnist-14';
export type FidelityId = 'test' | 'class' | 'paper';

export const STRATEGIES: readonly StrategyId[] = ['metaqnn'];
export const SPACES: readonly SpaceId[] = ['layers'];
export const DATASETS: readonly DatasetId[] = [
  'mnist-28',
  'mnist-14',
  'fashion-mnist-28',
  'fashion-mnist-14',
];
export const FIDELITIES: readonly FidelityId[] = ['test', 'class', 'paper'];

/** One step of the epsilon schedule: `models` unique models are trained at `epsilon`. */
export interface EpsilonStep {
  epsilon: number;
  models: number;
}

/** MetaQNN search space and Q-learning settings (SPEC §2). */
export interface MetaQnnConfig {
  /** Maximum number of layers before termination is forced. */
  layerLimit: number;
  /** Allowed conv filter counts (output channels). */
  convFilters: number[];
  /** Allowed conv receptive fields (odd, pixels). */
  convSizes: number[];
  /** Allowed pooling (size, stride) pairs. */
  poolOptions: [number, number][];
  /** Allowed fully connected widths (units). */
  fcWidths: number[];
  /** Maximum consecutive FC layers. */
  maxFc: number;
  /** Q-learning rate. */
  alpha: number;
  /** Discount factor. */
  gamma: number;
  /** Initial value of every Q(s, u). */
  initialQ: number;
  /** Replay-dictionary samples (with replacement) updated after each model. */
  replaySamples: number;
  epsilonSchedule: EpsilonStep[];
}

/** How each sampled network is trained (SPEC §2, "Training each sampled net"). */
export interface TrainingConfig {
  epochs: number;
  batchSize: number;
  /** Adam learning rate at the start of training. */
  learningRate: number;
  /** Factor applied to the learning rate every `lrDecayEvery` epochs. */
  lrDecayFactor: number;
  lrDecayEvery: number;
  /** Factor applied to the learning rate when a run is no better than chance after epoch 1. */
  restartLrFactor: number;
  /** Maximum restarts at a lower learning rate. */
  maxRestarts: number;
  /** Dropout after every 2 layers, p_i = i / 2n (SPEC §2). */
  dropout: boolean;
}

export interface DataConfig {
  /** Training images drawn from the dataset's training split. */
  trainImages: number;
  /** Validation images, held out from the end of the training split. */
  valImages: number;
}

export interface RunConfig {
  strategy: StrategyId;
  space: SpaceId;
  dataset: DatasetId;
  fidelity: FidelityId;
  /** Run seed: every random choice derives from it (SPEC §8). */
  seed: number;
  data: DataConfig;
  training: TrainingConfig;
  metaqnn: MetaQnnConfig;
}

/** MetaQNN's epsilon schedule, Baker et al. Table 2 (2,700 unique models). */
export const PAPER_EPSILON_SCHEDULE: readonly EpsilonStep[] = [
  { epsilon: 1.0, models: 1500 },
  { epsilon: 0.9, models: 100 },
  { epsilon: 0.8, models: 100 },
  { epsilon: 0.7, models: 100 },
  { epsilon: 0.6, models: 150 },
  { epsilon: 0.5, models: 150 },
  { epsilon: 0.4, models: 150 },
  { epsilon: 0.3, models: 150 },
  { epsilon: 0.2, models: 150 },
  { epsilon: 0.1, models: 150 },
];

/** The paper's schedule with every step scaled by `factor` (at least one model per step). */
export function scaleSchedule(schedule: readonly EpsilonStep[], factor: number): EpsilonStep[] {
  return schedule.map((s) => ({ epsilon: s.epsilon, models: Math.max(1, Math.round(s.models * factor)) }));
}

/** Images per dataset split available after `npm install` prepares the data. */
export const DATASET_SIZES: Record<DatasetId, { train: number; imageSize: number; label: string }> = {
  'mnist-28': { train: 60000, imageSize: 28, label: 'MNIST 28×28' },
  'mnist-14': { train: 60000, imageSize: 14, label: 'MNIST 14×14' },
  'fashion-mnist-28': { train: 70000, imageSize: 28, label: 'Fashion-MNIST 28×28' },
  'fashion-mnist-14': { train: 70000, imageSize: 14, label: 'Fashion-MNIST 14×14' },
};

const PAPER_METAQNN: MetaQnnConfig = {
  layerLimit: 12,
  convFilters: [64, 128, 256, 512],
  convSizes: [1, 3, 5],
  poolOptions: [
    [5, 3],
    [3, 2],
    [2, 2],
  ],
  fcWidths: [512, 256, 128],
  maxFc: 2,
  alpha: 0.01,
  gamma: 1,
  initialQ: 0.5,
  replaySamples: 100,
  epsilonSchedule: PAPER_EPSILON_SCHEDULE.map((s) => ({ ...s })),
};

/** Fidelity presets (SPEC §7). `paper` is faithful; `class` and `test` keep the rules, scaled down. */
export const FIDELITY_PRESETS: Record<
  FidelityId,
  Omit<RunConfig, 'strategy' | 'space' | 'fidelity' | 'seed'>
> = {
  paper: {
    dataset: 'mnist-28',
    data: { trainImages: 55000, valImages: 5000 },
    training: {
      epochs: 20,
      batchSize: 128,
      learningRate: 0.001,
      lrDecayFactor: 0.2,
      lrDecayEvery: 5,
      restartLrFactor: 0.4,
      maxRestarts: 5,
      dropout: true,
    },
    metaqnn: PAPER_METAQNN,
  },
  class: {
    dataset: 'mnist-14',
    data: { trainImages: 2000, valImages: 500 },
    training: {
      epochs: 2,
      batchSize: 64,
      learningRate: 0.001,
      lrDecayFactor: 0.2,
      lrDecayEvery: 5,
      restartLrFactor: 0.4,
      maxRestarts: 2,
      dropout: false,
    },
    metaqnn: {
      ...PAPER_METAQNN,
      layerLimit: 8,
      convFilters: [8, 16, 32],
      fcWidths: [64, 32],
      epsilonSchedule: scaleSchedule(PAPER_EPSILON_SCHEDULE, 0.02),
    },
  },
  test: {
    dataset: 'mnist-14',
    data: { trainImages: 128, valImages: 64 },
    training: {
      epochs: 1,
      batchSize: 64,
      learningRate: 0.002,
      lrDecayFactor: 0.2,
      lrDecayEvery: 5,
      restartLrFactor: 0.4,
      maxRestarts: 0,
      dropout: false,
    },
    metaqnn: {
      ...PAPER_METAQNN,
      layerLimit: 3,
      convFilters: [4, 8],
      convSizes: [1, 3],
      poolOptions: [[2, 2]],
      fcWidths: [16],
      replaySamples: 20,
      epsilonSchedule: [
        { epsilon: 1, models: 3 },
        { epsilon: 0.5, models: 1 },
        { epsilon: 0.1, models: 1 },
      ],
    },
  },
};

/** A full config for a fidelity preset. The app's default is `class` on MNIST 14×14, seed 1. */
export function presetConfig(fidelity: FidelityId = 'class', seed = 1): RunConfig {
  const preset = structuredClone(FIDELITY_PRESETS[fidelity]);
  return { strategy: 'metaqnn', space: 'layers', fidelity, seed, ...preset };
}

export const DEFAULT_CONFIG: RunConfig = presetConfig('class', 1);

/** A recursive partial of the config, as accepted by `configure()`. */
export type ConfigPatch = {
  [K in keyof RunConfig]?: RunConfig[K] extends unknown[]
    ? RunConfig[K]
    : RunConfig[K] extends object
      ? { [J in keyof RunConfig[K]]?: RunConfig[K][J] }
      : RunConfig[K];
};

/** A refused value, addressed by its dotted path (e.g. `metaqnn.alpha`). */
export interface FieldError {
  path: string;
  message: string;
}

/** How a config field is edited and checked. The table in `options.ts` lists every field. */
export type OptionKind = 'enum' | 'int' | 'number' | 'boolean' | 'int-list' | 'pool-list' | 'schedule';

export interface ConfigOption {
  /** Dotted path into RunConfig, e.g. `metaqnn.alpha`. */
  path: string;
  /** Short English label for the form. */
  label: string;
  kind: OptionKind;
  group: 'run' | 'data' | 'training' | 'metaqnn';
  /** Inclusive bounds of a number, or of every element of a list. */
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** One sentence of help: what it is, in which unit, where the default comes from. */
  help: string;
}
