/**
 * Run configuration: one table of options with defaults and ranges drives the form, the
 * testing API, validation and (later) the URL. Pure module: no DOM, React or tfjs.
 */

export type StrategyId = 'metaqnn' | 'blockqnn' | 'reinforce' | 'evolution' | 'random';
export type SpaceId = 'layers' | 'block' | 'nasrl' | 'cell' | 'nb201';
/** Image datasets that networks train on in the browser. */
export type ImageDatasetId = 'mnist-28' | 'mnist-14' | 'fashion-mnist-28' | 'fashion-mnist-14';
/** NAS-Bench-201's datasets: accuracies looked up in the benchmark's table, never trained here. */
export type TableDatasetId = 'nb201-cifar10' | 'nb201-cifar100' | 'nb201-imagenet16-120';
export type DatasetId = ImageDatasetId | TableDatasetId;
export type FidelityId = 'test' | 'class' | 'paper';
/** What trains `layers` chains: tfjs, or our own WebGPU engine (src/gpu) with tfjs as its fallback. */
export type TrainingPath = 'tfjs' | 'engine';

export const STRATEGIES: readonly StrategyId[] = ['metaqnn', 'blockqnn', 'reinforce', 'evolution', 'random'];
export const SPACES: readonly SpaceId[] = ['layers', 'block', 'nasrl', 'cell', 'nb201'];

/** Strategies that learn with Q-learning and an epsilon schedule (SPEC §2, §3). */
export const Q_STRATEGIES: readonly StrategyId[] = ['metaqnn', 'blockqnn'];

/**
 * The spaces each strategy searches, its default first (SPEC §2: layers, §3: block, §4: the
 * NAS-RL layers and NASNet cells, §6: the rivals on every space they can mutate or sample).
 * `nb201` is NAS-Bench-201's cell, evaluated from its table.
 */
export const STRATEGY_SPACES: Record<StrategyId, readonly SpaceId[]> = {
  metaqnn: ['layers', 'nb201'],
  blockqnn: ['block'],
  reinforce: ['nasrl', 'cell', 'nb201'],
  evolution: ['layers', 'nasrl', 'cell', 'nb201'],
  random: ['layers', 'nasrl', 'cell', 'nb201'],
};
export const IMAGE_DATASETS: readonly ImageDatasetId[] = [
  'mnist-28',
  'mnist-14',
  'fashion-mnist-28',
  'fashion-mnist-14',
];
export const TABLE_DATASETS: readonly TableDatasetId[] = [
  'nb201-cifar10',
  'nb201-cifar100',
  'nb201-imagenet16-120',
];
export const DATASETS: readonly DatasetId[] = [...IMAGE_DATASETS, ...TABLE_DATASETS];

/** Whether a dataset is a NAS-Bench-201 table (the `nb201` space's only datasets). */
export function isTableDataset(dataset: DatasetId): dataset is TableDatasetId {
  return (TABLE_DATASETS as readonly string[]).includes(dataset);
}
export const FIDELITIES: readonly FidelityId[] = ['test', 'class', 'paper'];
export const TRAINING_PATHS: readonly TrainingPath[] = ['tfjs', 'engine'];

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

/** The NAS-RL layers space (Zoph & Le 2017; SPEC §4), for the REINFORCE controller and its rivals. */
export interface NasRlConfig {
  /** Conv layers per network (fixed here; the paper grows it during the search). */
  layers: number;
  /** Filter heights and widths to choose from, pixels. */
  filterSizes: number[];
  /** Filter counts to choose from. */
  filterCounts: number[];
  /** Stride heights and widths to choose from; `[1]` fixes the stride to 1 (not decided). */
  strides: number[];
  /** Anchor-point skip connections (several inputs concatenated). */
  skips: boolean;
}

/** The NASNet cell space (Zoph et al. 2018; SPEC §4) and the network its cells are stacked into. */
export interface CellConfig {
  /** Blocks per cell (B; paper 5). */
  blocks: number;
  /** Stacks of normal cells, with a reduction cell between two stacks. */
  stacks: number;
  /** Normal cells per stack (N). */
  cellsPerStack: number;
  /** Filters of the first stack; doubled at every reduction. */
  baseFilters: number;
}

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

/** Regularized (aging) evolution (Real et al. 2019; SPEC §6). */
export interface EvolutionSettings {
  /** Unique models to train: the search's budget (C). */
  models: number;
  /** Population size P. */
  populationSize: number;
  /** Tournament sample size S (drawn with replacement). */
  tournamentSize: number;
}

/** Random search (SPEC §6): the baseline. */
export interface RandomConfig {
  /** Unique models to train: the search's budget. */
  models: number;
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
  /** Which code trains each model; the engine falls back to tfjs per model (src/gpu/engineTrainer.ts). */
  trainingPath: TrainingPath;
  data: DataConfig;
  training: TrainingConfig;
  metaqnn: MetaQnnConfig;
  blockqnn: BlockQnnConfig;
  nasrl: NasRlConfig;
  cell: CellConfig;
  reinforce: ReinforceConfig;
  evolution: EvolutionSettings;
  random: RandomConfig;
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

/** Images per dataset split available after `npm install` prepares the data. */
export const DATASET_SIZES: Record<DatasetId, { train: number; imageSize: number; label: string }> = {
  'mnist-28': { train: 60000, imageSize: 28, label: 'MNIST 28×28' },
  'mnist-14': { train: 60000, imageSize: 14, label: 'MNIST 14×14' },
  'fashion-mnist-28': { train: 70000, imageSize: 28, label: 'Fashion-MNIST 28×28' },
  'fashion-mnist-14': { train: 70000, imageSize: 14, label: 'Fashion-MNIST 14×14' },
  // Table datasets train nothing here: no images, and no split to draw from.
  'nb201-cifar10': { train: 0, imageSize: 32, label: 'NAS-Bench-201 · CIFAR-10' },
  'nb201-cifar100': { train: 0, imageSize: 32, label: 'NAS-Bench-201 · CIFAR-100' },
  'nb201-imagenet16-120': { train: 0, imageSize: 16, label: 'NAS-Bench-201 · ImageNet16-120' },
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

/** The NAS-RL space of SPEC §4: sizes {1,3,5,7}, filters {24,36,48,64}, stride 1, skips. */
const PAPER_NASRL: NasRlConfig = {
  layers: 15,
  filterSizes: [1, 3, 5, 7],
  filterCounts: [24, 36, 48, 64],
  strides: [1],
  skips: true,
};

/** NASNet's B = 5 blocks; the stacking (3 stacks of N = 2 from 32 filters) is ours. */
const PAPER_CELL: CellConfig = { blocks: 5, stacks: 3, cellsPerStack: 2, baseFilters: 32 };

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

/** Real et al. 2019: P = 100, S = 25, C = 20,000 (SPEC §6). */
const PAPER_EVOLUTION: EvolutionSettings = { models: 20000, populationSize: 100, tournamentSize: 25 };

/** Fidelity presets (SPEC §7). `paper` is faithful; `class` and `test` keep the rules, scaled down. */
export const FIDELITY_PRESETS: Record<
  FidelityId,
  Omit<RunConfig, 'strategy' | 'space' | 'fidelity' | 'seed' | 'trainingPath'>
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
    blockqnn: PAPER_BLOCKQNN,
    nasrl: PAPER_NASRL,
    cell: PAPER_CELL,
    reinforce: PAPER_REINFORCE,
    evolution: PAPER_EVOLUTION,
    random: { models: PAPER_EVOLUTION.models },
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
    blockqnn: {
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
    nasrl: { ...PAPER_NASRL, layers: 4, filterCounts: [8, 12, 16, 24] },
    cell: { blocks: 3, stacks: 2, cellsPerStack: 1, baseFilters: 8 },
    // 40 models instead of 12,800: a larger step lets the controller visibly learn in a lesson.
    reinforce: { ...PAPER_REINFORCE, models: 40, batchSize: 4, learningRate: 0.02 },
    evolution: { models: 40, populationSize: 10, tournamentSize: 3 },
    random: { models: 40 },
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
    blockqnn: {
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
    nasrl: { layers: 2, filterSizes: [1, 3], filterCounts: [4, 8], strides: [1], skips: true },
    cell: { blocks: 2, stacks: 2, cellsPerStack: 1, baseFilters: 4 },
    reinforce: { ...PAPER_REINFORCE, models: 4, batchSize: 2, learningRate: 0.02 },
    evolution: { models: 4, populationSize: 2, tournamentSize: 2 },
    random: { models: 4 },
  },
};

/** A full config for a fidelity preset. The app's default is `class` on MNIST 14×14, seed 1. */
export function presetConfig(fidelity: FidelityId = 'class', seed = 1): RunConfig {
  const preset = structuredClone(FIDELITY_PRESETS[fidelity]);
  return { strategy: 'metaqnn', space: 'layers', fidelity, seed, trainingPath: 'tfjs', ...preset };
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

/** The sections of the options table: run, data, training, and one per strategy and space. */
export type OptionGroup = 'run' | 'data' | 'training' | StrategyId | 'nasrl' | 'cell';

/** How a config field is edited and checked. The table in `options.ts` lists every field. */
export type OptionKind = 'enum' | 'int' | 'number' | 'boolean' | 'int-list' | 'pool-list' | 'schedule';

export interface ConfigOption {
  /** Dotted path into RunConfig, e.g. `metaqnn.alpha`. */
  path: string;
  /** Short English label for the form. */
  label: string;
  kind: OptionKind;
  group: OptionGroup;
  /** Inclusive bounds of a number, or of every element of a list. */
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** One sentence of help: what it is, in which unit, where the default comes from. */
  help: string;
}
