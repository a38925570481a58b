/**
 * The table of run options: one row per leaf field of `RunConfig`, with its kind, range and help.
 * The form, the testing API (`configure()`), validation and run-log import all read it.
 * Pure module: no DOM, React or tfjs.
 */
import {
  DATASET_SIZES,
  DATASETS,
  FIDELITIES,
  isTableDataset,
  presetConfig,
  TABLE_DATASETS,
  SPACES,
  STRATEGIES,
  STRATEGY_SPACES,
  TRAINING_PATHS,
  type ConfigOption,
  type DatasetId,
  type FieldError,
  type FidelityId,
  type RunConfig,
  type SpaceId,
  type StrategyId,
} from './config';
import { formatMessage, message, optionLabel, type Message, type MessageParam } from './message';

/** A row of the options table with the few rules that inclusive `min`/`max` cannot say. */
export interface OptionRule extends ConfigOption {
  /** The lower bound is excluded: the range is (min, max]. */
  exclusiveMin?: boolean;
  /** Every value must be odd (conv receptive fields keep SAME padding symmetric). */
  oddOnly?: boolean;
  /** Most entries a list may hold. */
  maxItems?: number;
  /** A schedule's count field: unique `models` (MetaQNN) or `iterations` of a batch (BlockQNN). */
  countKey?: 'models' | 'iterations';
}

/** Help text of a value that SPEC.md marks unconfirmed: a default to edit, not a paper fact. */
const unconfirmed = (source: string): string =>
  `Unconfirmed paper value (${source}), kept as an editable default.`;

const MAX_SEED = 2 ** 31 - 1;
const LARGEST_TRAIN_SPLIT = Math.max(...Object.values(DATASET_SIZES).map((d) => d.train));

/** Every leaf field of `RunConfig`, in form order. */
export const CONFIG_OPTIONS: readonly OptionRule[] = [
  // Run
  {
    path: 'strategy',
    label: 'Strategy',
    kind: 'enum',
    group: 'run',
    choices: STRATEGIES,
    help: 'The search algorithm: MetaQNN (Baker et al. 2017) and BlockQNN (Zhong et al. 2018) learn with Q-learning; REINFORCE is the LSTM controller of Zoph & Le 2017; evolution is regularized (aging) evolution (Real et al. 2019); random search is the baseline.',
  },
  {
    path: 'space',
    label: 'Search space',
    kind: 'enum',
    group: 'run',
    choices: SPACES,
    help: 'Which architectures can be proposed: `layers` is the chain space of Baker et al. 2017 (MetaQNN); `block` the NSC block space of Zhong et al. 2018 (BlockQNN); `nasrl` the conv layers with skips of Zoph & Le 2017; `cell` the NASNet normal and reduction cells; `nb201` the cell of NAS-Bench-201, looked up in its table.',
  },
  {
    path: 'dataset',
    label: 'Dataset',
    kind: 'enum',
    group: 'run',
    choices: DATASETS,
    help: 'Images the sampled networks train on (MetaQNN used MNIST at 28×28, the class preset 14×14), or a NAS-Bench-201 table (`nb201-*`, the `nb201` space only): its 12-epoch validation accuracy is the reward.',
  },
  {
    path: 'fidelity',
    label: 'Fidelity',
    kind: 'enum',
    group: 'run',
    choices: FIDELITIES,
    help: 'Preset of sizes: `paper` follows Baker et al. 2017, `class` and `test` keep its rules at a smaller scale.',
  },
  {
    path: 'seed',
    label: 'Seed',
    kind: 'int',
    group: 'run',
    min: 0,
    max: MAX_SEED,
    help: 'Integer that every random choice of the run derives from; the same seed replays the same run.',
  },
  // Data
  {
    path: 'data.trainImages',
    label: 'Train images',
    kind: 'int',
    group: 'data',
    min: 1,
    max: LARGEST_TRAIN_SPLIT - 1,
    help: "Images drawn from the dataset's training split; with validation images at most the split size (paper: 55,000).",
  },
  {
    path: 'data.valImages',
    label: 'Validation images',
    kind: 'int',
    group: 'data',
    min: 1,
    max: 20000,
    help: 'Images held out from the end of the training split to score each network (paper: 5,000, Baker et al. 2017, §5).',
  },
  // Training
  {
    path: 'training.epochs',
    label: 'Epochs',
    kind: 'int',
    group: 'training',
    min: 1,
    max: 200,
    help: 'Passes over the training images for each sampled network (paper: 20, Baker et al. 2017, §5).',
  },
  {
    path: 'training.batchSize',
    label: 'Batch size',
    kind: 'int',
    group: 'training',
    min: 1,
    max: 1024,
    help: 'Images per Adam step (paper: 128, Baker et al. 2017, §5).',
  },
  {
    path: 'training.learningRate',
    label: 'Learning rate',
    kind: 'number',
    group: 'training',
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: 'Adam step size at the start of training (paper: 0.001, Baker et al. 2017, §5).',
  },
  {
    path: 'training.lrDecayFactor',
    label: 'LR decay factor',
    kind: 'number',
    group: 'training',
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: 'Factor applied to the learning rate every decay period (paper: 0.2, Baker et al. 2017, §5).',
  },
  {
    path: 'training.lrDecayEvery',
    label: 'LR decay every',
    kind: 'int',
    group: 'training',
    min: 1,
    max: 200,
    help: 'Epochs between learning-rate decays (paper: 5, Baker et al. 2017, §5).',
  },
  {
    path: 'training.restartLrFactor',
    label: 'Restart LR factor',
    kind: 'number',
    group: 'training',
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: 'Factor applied to the learning rate when a network is no better than chance after epoch 1 (paper: 0.4, §5).',
  },
  {
    path: 'training.maxRestarts',
    label: 'Max restarts',
    kind: 'int',
    group: 'training',
    min: 0,
    max: 10,
    help: 'How many times training may restart at a lower learning rate (paper: 5, Baker et al. 2017, §5).',
  },
  {
    path: 'training.dropout',
    label: 'Dropout',
    kind: 'boolean',
    group: 'training',
    help: 'Dropout after every 2 layers with p = i / 2n for the i-th of n (on in the paper, Baker et al. 2017, §5).',
  },
  {
    path: 'trainingPath',
    label: 'Training path',
    kind: 'enum',
    group: 'training',
    choices: TRAINING_PATHS,
    help: 'What trains each model: `tfjs` (its WebGPU, WebGL or CPU backend), or `engine`, our own WebGPU kernels (one command buffer per step; BlockQNN, NAS-RL and NASNet networks are their tfjs model converted layer by layer). Without WebGPU, or after an engine error, that model trains on tfjs instead, and the run log says why. Off by default until it is measured on a real GPU (on SwiftShader, with no GPU, it trained a small class-fidelity search about 2× faster than tfjs, while single training steps were mixed).',
  },
  // MetaQNN
  {
    path: 'metaqnn.layerLimit',
    label: 'Layer limit',
    kind: 'int',
    group: 'metaqnn',
    min: 1,
    max: 30,
    help: 'Layers before termination is forced (paper: 12 for MNIST and SVHN, Baker et al. 2017, §4.2).',
  },
  {
    path: 'metaqnn.convFilters',
    label: 'Conv filters',
    kind: 'int-list',
    group: 'metaqnn',
    min: 1,
    max: 1024,
    maxItems: 16,
    help: 'Allowed output channels of a conv layer (paper: 64, 128, 256, 512, Baker et al. 2017, Table 1).',
  },
  {
    path: 'metaqnn.convSizes',
    label: 'Conv sizes',
    kind: 'int-list',
    group: 'metaqnn',
    min: 1,
    max: 7,
    oddOnly: true,
    maxItems: 4,
    help: 'Allowed odd receptive fields of a conv layer in pixels (paper: 1, 3, 5, Baker et al. 2017, Table 1).',
  },
  {
    path: 'metaqnn.poolOptions',
    label: 'Pool options',
    kind: 'pool-list',
    group: 'metaqnn',
    min: 1,
    max: 7,
    maxItems: 16,
    help: 'Allowed pooling size×stride pairs in pixels, stride at most size (paper: 5x3, 3x2, 2x2, Table 1).',
  },
  {
    path: 'metaqnn.fcWidths',
    label: 'FC widths',
    kind: 'int-list',
    group: 'metaqnn',
    min: 1,
    max: 4096,
    maxItems: 16,
    help: 'Allowed units of a fully connected layer (paper: 512, 256, 128, Baker et al. 2017, Table 1).',
  },
  {
    path: 'metaqnn.maxFc',
    label: 'Max FC layers',
    kind: 'int',
    group: 'metaqnn',
    min: 0,
    max: 4,
    help: 'Most consecutive fully connected layers (paper: 2, Baker et al. 2017, Table 1).',
  },
  {
    path: 'metaqnn.alpha',
    label: 'Alpha',
    kind: 'number',
    group: 'metaqnn',
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: 'Q-learning rate, the weight of each new target (paper: 0.01, Baker et al. 2017, §4.3).',
  },
  {
    path: 'metaqnn.gamma',
    label: 'Gamma',
    kind: 'number',
    group: 'metaqnn',
    min: 0,
    max: 1,
    help: 'Discount factor on the next state’s best Q-value (paper: 1, Baker et al. 2017, §4.3).',
  },
  {
    path: 'metaqnn.initialQ',
    label: 'Initial Q',
    kind: 'number',
    group: 'metaqnn',
    min: 0,
    max: 1,
    help: 'Starting value of every Q(s, u), in accuracy units (paper: 0.5, Baker et al. 2017, §4.3).',
  },
  {
    path: 'metaqnn.replaySamples',
    label: 'Replay samples',
    kind: 'int',
    group: 'metaqnn',
    min: 0,
    max: 1000,
    help: 'Replay-dictionary entries re-updated after each model (paper: 100, Baker et al. 2017, §4.3).',
  },
  {
    path: 'metaqnn.epsilonSchedule',
    label: 'Epsilon schedule',
    kind: 'schedule',
    group: 'metaqnn',
    min: 1,
    max: 100000,
    maxItems: 50,
    help: 'Steps of epsilon:models, counted in unique models trained (paper: 1.0:1500 … 0.1:150, Table 2).',
  },
  // BlockQNN
  {
    path: 'blockqnn.maxDepth',
    label: 'Max block depth',
    kind: 'int',
    group: 'blockqnn',
    min: 1,
    max: 20,
    help: `Layers a block may hold before the terminal is forced (T). ${unconfirmed('10, third-party code')}`,
  },
  {
    path: 'blockqnn.convKernels',
    label: 'Conv kernels',
    kind: 'int-list',
    group: 'blockqnn',
    min: 1,
    max: 7,
    oddOnly: true,
    maxItems: 4,
    help: 'Kernel sides of ReLU-Conv-BN layers in pixels, stride 1, SAME (paper: 1, 3, 5, Zhong et al. 2018, Table 1).',
  },
  {
    path: 'blockqnn.maxPoolKernels',
    label: 'Max-pool kernels',
    kind: 'int-list',
    group: 'blockqnn',
    min: 1,
    max: 7,
    oddOnly: true,
    maxItems: 4,
    help: 'Kernel sides of max pooling in pixels, stride 1, SAME (paper: 1, 3, Zhong et al. 2018, Table 1).',
  },
  {
    path: 'blockqnn.avgPoolKernels',
    label: 'Avg-pool kernels',
    kind: 'int-list',
    group: 'blockqnn',
    min: 1,
    max: 7,
    oddOnly: true,
    maxItems: 4,
    help: 'Kernel sides of average pooling in pixels, stride 1, SAME (paper: 1, 3, Zhong et al. 2018, Table 1).',
  },
  {
    path: 'blockqnn.stages',
    label: 'Stages',
    kind: 'int',
    group: 'blockqnn',
    min: 1,
    max: 5,
    help: 'Stages of stacked blocks; each later stage starts with a 2×2 stride-2 max pool and doubles the width.',
  },
  {
    path: 'blockqnn.blocksPerStage',
    label: 'Blocks per stage (N)',
    kind: 'int',
    group: 'blockqnn',
    min: 1,
    max: 8,
    help: 'How many copies of the block each stage stacks (N in Zhong et al. 2018, Figure 4).',
  },
  {
    path: 'blockqnn.baseWidth',
    label: 'Base width',
    kind: 'int',
    group: 'blockqnn',
    min: 1,
    max: 512,
    help: 'Channels of every conv in the first stage (filters); doubled at each later stage.',
  },
  {
    path: 'blockqnn.alpha',
    label: 'Alpha',
    kind: 'number',
    group: 'blockqnn',
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: 'Q-learning rate (0.01, as MetaQNN; Zhong et al. 2018, §3.3).',
  },
  {
    path: 'blockqnn.gamma',
    label: 'Gamma',
    kind: 'number',
    group: 'blockqnn',
    min: 0,
    max: 1,
    help: 'Discount factor on the next state’s best Q-value (1, as MetaQNN).',
  },
  {
    path: 'blockqnn.initialQ',
    label: 'Initial Q',
    kind: 'number',
    group: 'blockqnn',
    min: 0,
    max: 1,
    help: 'Starting value of every Q(s, u) (0.5, as MetaQNN).',
  },
  {
    path: 'blockqnn.replaySamples',
    label: 'Replay samples',
    kind: 'int',
    group: 'blockqnn',
    min: 0,
    max: 1000,
    help: 'Replay-dictionary entries re-updated after each block (100, as MetaQNN).',
  },
  {
    path: 'blockqnn.rewardShaping',
    label: 'Reward shaping',
    kind: 'boolean',
    group: 'blockqnn',
    help: `Intermediate transitions earn r_T / T instead of 0, so early termination is not over-valued. ${unconfirmed('SPEC §3')}`,
  },
  {
    path: 'blockqnn.earlyStop',
    label: 'Early-stop reward',
    kind: 'boolean',
    group: 'blockqnn',
    help: 'Reward = accuracy − mu·ln(FLOPs / baseline) − rho·ln(density) instead of the accuracy (Zhong et al. 2018, §3.4). Off by default: here every block trains to the end of its schedule.',
  },
  {
    path: 'blockqnn.mu',
    label: 'Mu (FLOPs weight)',
    kind: 'number',
    group: 'blockqnn',
    min: 0,
    max: 100,
    help: `Weight of the log-FLOPs penalty of the early-stop reward. ${unconfirmed('1, third-party code')}`,
  },
  {
    path: 'blockqnn.rho',
    label: 'Rho (density weight)',
    kind: 'number',
    group: 'blockqnn',
    min: 0,
    max: 100,
    help: `Weight of the log-density penalty; density = edges / nodes of the block DAG. ${unconfirmed('8, third-party code')}`,
  },
  {
    path: 'blockqnn.flopsBaseline',
    label: 'FLOPs baseline',
    kind: 'number',
    group: 'blockqnn',
    min: 0,
    exclusiveMin: true,
    max: 1e15,
    help: 'Network multiply-accumulates at which the FLOPs penalty is 0 (the normalisation of ln FLOPs). About a one-conv block network at this preset.',
  },
  {
    path: 'blockqnn.batchSize',
    label: 'Blocks per iteration',
    kind: 'int',
    group: 'blockqnn',
    min: 1,
    max: 256,
    help: `Blocks sampled together from the same Q-table; the epsilon schedule counts these batches. ${unconfirmed('64')}`,
  },
  {
    path: 'blockqnn.epsilonSchedule',
    label: 'Epsilon schedule',
    kind: 'schedule',
    group: 'blockqnn',
    countKey: 'iterations',
    min: 1,
    max: 100000,
    maxItems: 50,
    help: `Steps of epsilon:iterations, each iteration one batch of blocks (1.0:95, 0.9:7 … 0.1:12). ${unconfirmed('SPEC §3')}`,
  },
  // NAS-RL layers space (SPEC §4)
  {
    path: 'nasrl.layers',
    label: 'Layers',
    kind: 'int',
    group: 'nasrl',
    min: 1,
    max: 20,
    help: 'Conv layers per network, fixed here (Zoph & Le 2017 grow it during the search; 15 is the size of their best CIFAR-10 network).',
  },
  {
    path: 'nasrl.filterSizes',
    label: 'Filter sizes',
    kind: 'int-list',
    group: 'nasrl',
    min: 1,
    max: 7,
    maxItems: 6,
    help: 'Filter heights and widths the controller picks from, pixels; height and width are separate decisions ({1, 3, 5, 7}, SPEC §4).',
  },
  {
    path: 'nasrl.filterCounts',
    label: 'Filter counts',
    kind: 'int-list',
    group: 'nasrl',
    min: 1,
    max: 512,
    maxItems: 8,
    help: 'Output channels each layer picks from ({24, 36, 48, 64}, SPEC §4).',
  },
  {
    path: 'nasrl.strides',
    label: 'Strides',
    kind: 'int-list',
    group: 'nasrl',
    min: 1,
    max: 3,
    maxItems: 3,
    help: 'Stride heights and widths to choose from ({1, 2, 3} in the paper’s stride experiment); a single 1 fixes the stride and drops the decision.',
  },
  {
    path: 'nasrl.skips',
    label: 'Skip connections',
    kind: 'boolean',
    group: 'nasrl',
    help: 'Anchor points: each layer decides which earlier layers feed it, P(j → i) = sigmoid(vᵀ tanh(W_prev h_j + W_curr h_i)); inputs are concatenated (SPEC §4).',
  },
  // NASNet cell space (SPEC §4)
  {
    path: 'cell.blocks',
    label: 'Blocks per cell',
    kind: 'int',
    group: 'cell',
    min: 1,
    max: 5,
    help: 'B: blocks of two inputs, two ops and a combine op in each cell (5, Zoph et al. 2018).',
  },
  {
    path: 'cell.stacks',
    label: 'Stacks',
    kind: 'int',
    group: 'cell',
    min: 1,
    max: 3,
    help: 'Stacks of normal cells, with a reduction cell (stride 2) between two stacks (NASNet uses 3).',
  },
  {
    path: 'cell.cellsPerStack',
    label: 'Cells per stack',
    kind: 'int',
    group: 'cell',
    min: 1,
    max: 6,
    help: 'N: normal cells in each stack (NASNet’s search networks are small; ours default to 2).',
  },
  {
    path: 'cell.baseFilters',
    label: 'Base filters',
    kind: 'int',
    group: 'cell',
    min: 1,
    max: 256,
    help: 'Filters of the first stack, doubled at every reduction cell.',
  },
  // REINFORCE controller (SPEC §4)
  {
    path: 'reinforce.models',
    label: 'Models',
    kind: 'int',
    group: 'reinforce',
    min: 1,
    max: 100000,
    help: 'Budget: unique models to train (12,800 in Zoph & Le 2017). A re-proposed architecture reuses its result and does not count.',
  },
  {
    path: 'reinforce.batchSize',
    label: 'Batch (m)',
    kind: 'int',
    group: 'reinforce',
    min: 1,
    max: 64,
    help: `Architectures sampled per controller update; the gradient averages over them. ${unconfirmed('SPEC §4 names m, not its value')}`,
  },
  {
    path: 'reinforce.learningRate',
    label: 'Learning rate',
    kind: 'number',
    group: 'reinforce',
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: 'Adam learning rate of the controller (0.0006, SPEC §4; the class preset uses 0.02 so that 40 models visibly move it).',
  },
  {
    path: 'reinforce.baselineDecay',
    label: 'Baseline decay',
    kind: 'number',
    group: 'reinforce',
    min: 0,
    max: 0.9999,
    help: 'Decay of the moving-average baseline b ← decay·b + (1 − decay)·R, from b = 0 (0.95, as NASNet).',
  },
  {
    path: 'reinforce.rewardTransform',
    label: 'Reward',
    kind: 'enum',
    group: 'reinforce',
    choices: ['cubed', 'plain'],
    help: 'The reward from the best validation accuracy: cubed as in Zoph & Le 2017, or plain.',
  },
  {
    path: 'reinforce.units',
    label: 'LSTM units',
    kind: 'int',
    group: 'reinforce',
    min: 1,
    max: 256,
    help: 'Hidden units per LSTM layer, also the token embedding size (35, SPEC §4).',
  },
  {
    path: 'reinforce.lstmLayers',
    label: 'LSTM layers',
    kind: 'int',
    group: 'reinforce',
    min: 1,
    max: 4,
    help: 'Stacked LSTM layers of the controller (2, SPEC §4).',
  },
  {
    path: 'reinforce.initRange',
    label: 'Init range',
    kind: 'number',
    group: 'reinforce',
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: 'Every controller weight starts uniform in [−r, r] (0.08, SPEC §4).',
  },
  // Regularized evolution (SPEC §6)
  {
    path: 'evolution.models',
    label: 'Models',
    kind: 'int',
    group: 'evolution',
    min: 1,
    max: 100000,
    help: 'Budget C: unique models to train (20,000 in Real et al. 2019). A child already seen reuses its result and does not count.',
  },
  {
    path: 'evolution.populationSize',
    label: 'Population (P)',
    kind: 'int',
    group: 'evolution',
    min: 2,
    max: 1000,
    help: 'Members kept alive; the first P are uniformly random, then each child evicts the oldest (100, Real et al. 2019).',
  },
  {
    path: 'evolution.tournamentSize',
    label: 'Tournament (S)',
    kind: 'int',
    group: 'evolution',
    min: 1,
    max: 1000,
    help: 'Members sampled with replacement per child; the best of them is the parent (25, Real et al. 2019).',
  },
  // Random search (SPEC §6)
  {
    path: 'random.models',
    label: 'Models',
    kind: 'int',
    group: 'random',
    min: 1,
    max: 100000,
    help: 'Budget: unique models to train, each drawn uniformly from the legal architectures of the space.',
  },
];

const OPTIONS_BY_PATH: ReadonlyMap<string, OptionRule> = new Map(CONFIG_OPTIONS.map((o) => [o.path, o]));

/** The row of the options table for a dotted path, or undefined. */
export function findOption(path: string): OptionRule | undefined {
  return OPTIONS_BY_PATH.get(path);
}

// ---------------------------------------------------------------------------------------------
// Reading and writing by path

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The value at a dotted path (`metaqnn.alpha`), or undefined when any step is missing. */
export function getOption(config: RunConfig, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** A deep copy of `config` with the option at `path` set to a copy of `value`. Throws on an unknown path. */
export function setOption(config: RunConfig, path: string, value: unknown): RunConfig {
  if (!OPTIONS_BY_PATH.has(path)) throw new Error(`Unknown setting '${path}'`);
  const copy = structuredClone(config);
  const keys = path.split('.');
  let node = copy as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (!isPlainObject(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = structuredClone(value);
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Checking values

/** The allowed range of a number option as text, e.g. `(0, 1]` or `[1, 200]`. */
export function rangeText(option: OptionRule): string {
  const lo = option.min ?? -Infinity;
  const hi = option.max ?? Infinity;
  return `${option.exclusiveMin ? '(' : '['}${lo}, ${hi}]`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function inRange(option: OptionRule, x: number): boolean {
  const lo = option.min ?? -Infinity;
  const hi = option.max ?? Infinity;
  return (option.exclusiveMin ? x > lo : x >= lo) && x <= hi;
}

function checkIntList(option: OptionRule, value: unknown): Message | undefined {
  const label = optionLabel(option.path);
  if (!Array.isArray(value)) return message('list.notList', { label, value: show(value) });
  if (value.length === 0) return message('list.empty', { label });
  if (option.maxItems !== undefined && value.length > option.maxItems)
    return message('list.tooMany', { label, max: option.maxItems, count: value.length });
  const seen = new Set<number>();
  for (const x of value) {
    if (typeof x !== 'number' || !Number.isInteger(x) || !inRange(option, x))
      return message('list.notIntegers', { label, range: rangeText(option), value: show(x) });
    if (option.oddOnly && x % 2 === 0) return message('list.notOdd', { label, value: x });
    if (seen.has(x)) return message('list.repeated', { label, value: x });
    seen.add(x);
  }
  return undefined;
}

function checkPoolList(option: OptionRule, value: unknown): Message | undefined {
  const label = optionLabel(option.path);
  if (!Array.isArray(value)) return message('pools.notList', { label, value: show(value) });
  if (value.length === 0) return message('pools.empty', { label });
  if (option.maxItems !== undefined && value.length > option.maxItems)
    return message('pools.tooMany', { label, max: option.maxItems, count: value.length });
  const seen = new Set<string>();
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2)
      return message('pools.notPair', { label, value: show(pair) });
    const [size, stride] = pair as unknown[];
    if (typeof size !== 'number' || !Number.isInteger(size) || !inRange(option, size))
      return message('pools.badSize', { label, range: rangeText(option), value: show(size) });
    if (typeof stride !== 'number' || !Number.isInteger(stride) || stride < 1 || stride > size)
      return message('pools.badStride', { label, size, value: show(stride) });
    const key = `${size}x${stride}`;
    if (seen.has(key)) return message('pools.repeated', { label, pair: key });
    seen.add(key);
  }
  return undefined;
}

function checkSchedule(option: OptionRule, value: unknown): Message | undefined {
  const label = optionLabel(option.path);
  const count = option.countKey ?? 'models';
  if (!Array.isArray(value)) return message('schedule.notList', { label, count, value: show(value) });
  if (value.length === 0) return message('schedule.empty', { label });
  if (option.maxItems !== undefined && value.length > option.maxItems)
    return message('schedule.tooMany', { label, max: option.maxItems, count: value.length });
  for (const [i, step] of value.entries()) {
    const at = { label, step: i + 1 };
    if (!isPlainObject(step)) return message('schedule.notStep', { ...at, count, value: show(step) });
    const extra = Object.keys(step).find((k) => k !== 'epsilon' && k !== count);
    if (extra !== undefined) return message('schedule.unknownField', { ...at, field: extra });
    const { epsilon, [count]: models } = step;
    if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon < 0 || epsilon > 1)
      return message('schedule.badEpsilon', { ...at, value: show(epsilon) });
    if (typeof models !== 'number' || !Number.isInteger(models) || !inRange(option, models))
      return message('schedule.badCount', { ...at, count, range: rangeText(option), value: show(models) });
  }
  return undefined;
}

/** Why `value` is not allowed for `option` on its own (cross-field rules aside), or undefined if it is. */
export function optionValueProblem(option: OptionRule, value: unknown): Message | undefined {
  const label = optionLabel(option.path);
  if (value === undefined) return message('option.missing', { label });
  switch (option.kind) {
    case 'enum': {
      const choices = option.choices ?? [];
      if (typeof value === 'string' && choices.includes(value)) return undefined;
      return message('option.unknownChoice', { label, value: show(value), choices: choices.join(', ') });
    }
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : message('option.notBoolean', { label, value: show(value) });
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && inRange(option, value)
        ? undefined
        : message('option.notInteger', { label, range: rangeText(option), value: show(value) });
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && inRange(option, value)
        ? undefined
        : message('option.notNumber', { label, range: rangeText(option), value: show(value) });
    case 'int-list':
      return checkIntList(option, value);
    case 'pool-list':
      return checkPoolList(option, value);
    case 'schedule':
      return checkSchedule(option, value);
  }
}

/** `optionValueProblem` in English. */
export function checkOptionValue(option: OptionRule, value: unknown): string | undefined {
  const problem = optionValueProblem(option, value);
  return problem === undefined ? undefined : formatMessage(problem);
}

/** A refused value as a message, addressed like `FieldError`. */
export interface FieldProblem {
  path: string;
  problem: Message;
}

/** The English form of field problems (`FieldError`: what `configure()` and the tests read). */
export function inEnglish(problems: readonly FieldProblem[]): FieldError[] {
  return problems.map(({ path, problem }) => ({ path, message: formatMessage(problem) }));
}

/** `a or b or c` as a message, for lists of alternatives. */
function orList(items: readonly string[]): MessageParam {
  const [first, ...rest] = items;
  return rest.length === 0 ? (first ?? '') : message('orList', { first: first ?? '', rest: orList(rest) });
}

/** Keys present in `config` (top level and the three groups) that no option names. */
function unknownKeys(config: unknown): FieldProblem[] {
  const errors: FieldProblem[] = [];
  if (!isPlainObject(config))
    return [{ path: '', problem: message('config.notObject', { value: show(config) }) }];
  const groups = new Set(['data', 'training', ...STRATEGIES, 'nasrl', 'cell']);
  for (const [key, value] of Object.entries(config)) {
    if (groups.has(key)) {
      if (!isPlainObject(value)) {
        errors.push({ path: key, problem: message('config.groupNotObject', { key, value: show(value) }) });
        continue;
      }
      for (const sub of Object.keys(value)) {
        if (!OPTIONS_BY_PATH.has(`${key}.${sub}`))
          errors.push({
            path: `${key}.${sub}`,
            problem: message('config.unknownSetting', { key: `${key}.${sub}` }),
          });
      }
    } else if (!OPTIONS_BY_PATH.has(key)) {
      errors.push({ path: key, problem: message('config.unknownSetting', { key }) });
    }
  }
  return errors;
}

/**
 * Every problem with a config: unknown keys, wrong types, out-of-range values and cross-field
 * rules (train + validation images fit the dataset). Empty when the config is usable.
 * Accepts untrusted input (an imported file) despite its type.
 */
export function configProblems(config: RunConfig): FieldProblem[] {
  const errors = unknownKeys(config);
  if (!isPlainObject(config)) return errors;
  for (const option of CONFIG_OPTIONS) {
    const problem = optionValueProblem(option, getOption(config, option.path));
    if (problem !== undefined) errors.push({ path: option.path, problem });
  }
  const failed = new Set(errors.map((e) => e.path));
  if (!failed.has('strategy') && !failed.has('space')) {
    const spaces = STRATEGY_SPACES[config.strategy];
    if (!spaces.includes(config.space)) {
      errors.push({
        path: 'space',
        problem: message('config.spaceMismatch', {
          space: config.space,
          strategy: config.strategy,
          spaces: orList(spaces),
        }),
      });
    }
  }
  if (!failed.has('space') && !failed.has('dataset')) {
    const table = isTableDataset(config.dataset);
    if (table !== (config.space === 'nb201')) {
      errors.push({
        path: 'dataset',
        problem: table
          ? message('config.tableNeedsNb201', { dataset: config.dataset })
          : message('config.nb201NeedsTable', { datasets: TABLE_DATASETS.join(', ') }),
      });
    }
  }
  if (!failed.has('evolution.populationSize') && !failed.has('evolution.tournamentSize')) {
    const { populationSize, tournamentSize } = config.evolution;
    if (tournamentSize > populationSize) {
      errors.push({
        path: 'evolution.tournamentSize',
        problem: message('config.tournamentTooLarge', { population: populationSize, value: tournamentSize }),
      });
    }
  }
  if (
    !['dataset', 'data.trainImages', 'data.valImages'].some((p) => failed.has(p)) &&
    !isTableDataset(config.dataset)
  ) {
    const split = DATASET_SIZES[config.dataset as DatasetId];
    const { trainImages, valImages } = config.data;
    if (trainImages + valImages > split.train) {
      errors.push({
        path: 'data.trainImages',
        problem: message('config.tooManyTrainImages', {
          max: split.train - valImages,
          val: valImages,
          dataset: split.label,
          train: split.train,
          value: trainImages,
        }),
      });
    }
  }
  return errors;
}

/** `configProblems` in English. */
export function validateConfig(config: RunConfig): FieldError[] {
  return inEnglish(configProblems(config));
}

/**
 * Options added after run logs were first saved, with the value that every log written before
 * them meant: a saved or exported run without `trainingPath` was trained by tfjs.
 */
const LEGACY_DEFAULTS: Readonly<Record<string, unknown>> = { trainingPath: 'tfjs' };

/**
 * A copy of an untrusted config (an import, a saved run) with the top-level options that older
 * builds did not write filled in; anything else, including a non-object, is returned unchanged.
 */
export function withLegacyDefaults(config: unknown): unknown {
  if (!isPlainObject(config)) return config;
  const missing = Object.entries(LEGACY_DEFAULTS).filter(([key]) => !Object.hasOwn(config, key));
  return missing.length === 0 ? config : { ...config, ...Object.fromEntries(missing) };
}

// ---------------------------------------------------------------------------------------------
// Patches

/** `patchConfigProblems` with its refusals in English (`configure()`, lessons, comparisons). */
export function applyConfigPatch(
  current: RunConfig,
  patch: unknown,
): { ok: true; config: RunConfig } | { ok: false; errors: FieldError[] } {
  const result = patchConfigProblems(current, patch);
  return result.ok ? result : { ok: false, errors: inEnglish(result.problems) };
}

/**
 * Apply a partial config (from the form, the URL or `configure()`) to `current`.
 * A patch with `fidelity` first resets to that preset (keeping strategy, space and seed unless the
 * patch sets them), then applies the rest: groups merge field by field, lists replace.
 * The result is validated; on any error all problems are returned and nothing changes.
 */
export function patchConfigProblems(
  current: RunConfig,
  patch: unknown,
): { ok: true; config: RunConfig } | { ok: false; problems: FieldProblem[] } {
  if (!isPlainObject(patch))
    return {
      ok: false,
      problems: [{ path: '', problem: message('config.patchNotObject', { value: show(patch) }) }],
    };

  const errors = unknownKeys(patch);
  if (errors.length > 0) return { ok: false, problems: errors };

  let next: RunConfig;
  if (patch.fidelity !== undefined) {
    const fidelityProblem = optionValueProblem(OPTIONS_BY_PATH.get('fidelity')!, patch.fidelity);
    if (fidelityProblem !== undefined)
      return { ok: false, problems: [{ path: 'fidelity', problem: fidelityProblem }] };
    const seed = typeof patch.seed === 'number' ? patch.seed : current.seed;
    next = {
      ...presetConfig(patch.fidelity as FidelityId, seed),
      strategy: current.strategy,
      space: current.space,
      trainingPath: current.trainingPath,
    };
  } else {
    next = structuredClone(current);
  }

  // Choosing a strategy picks its default space unless the patch names one (one click in the UI).
  if (typeof patch.strategy === 'string' && patch.space === undefined && patch.strategy in STRATEGY_SPACES) {
    const spaces: readonly SpaceId[] = STRATEGY_SPACES[patch.strategy as StrategyId];
    if (!spaces.includes(next.space)) next.space = spaces[0]!;
  }
  // A table dataset implies the nb201 space, and the nb201 space a table dataset (one click).
  if (typeof patch.dataset === 'string' && patch.space === undefined) {
    const table = isTableDataset(patch.dataset as DatasetId);
    if (table && STRATEGY_SPACES[next.strategy].includes('nb201')) next.space = 'nb201';
    if (!table && next.space === 'nb201') next.space = STRATEGY_SPACES[next.strategy][0]!;
  }
  if (patch.dataset === undefined) {
    const space = typeof patch.space === 'string' ? patch.space : next.space;
    if (space === 'nb201' && !isTableDataset(next.dataset)) next.dataset = TABLE_DATASETS[0]!;
    if (space !== 'nb201' && isTableDataset(next.dataset)) next.dataset = presetConfig(next.fidelity).dataset;
  }

  const target = next as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (isPlainObject(value)) {
      const group = target[key] as Record<string, unknown>;
      for (const [sub, subValue] of Object.entries(value)) {
        if (subValue !== undefined) group[sub] = structuredClone(subValue);
      }
    } else {
      target[key] = structuredClone(value);
    }
  }

  const problems = configProblems(next);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: next };
}

// ---------------------------------------------------------------------------------------------
// Form text

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER_TEXT.test(t) ? Number(t) : undefined;
}

function parseInteger(text: string): number | undefined {
  const x = parseNumber(text);
  return x !== undefined && Number.isInteger(x) ? x : undefined;
}

/** Split comma-separated text; an empty text is an empty list. */
function splitList(text: string): string[] {
  return text.trim() === '' ? [] : text.split(',').map((s) => s.trim());
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };
type ParsedText = { ok: true; value: unknown } | { ok: false; problem: Message };

/** `parseOptionText` with its refusal in English. */
export function parseOptionValue(option: ConfigOption, text: string): Parsed {
  const parsed = parseOptionText(option, text);
  return parsed.ok ? parsed : { ok: false, message: formatMessage(parsed.problem) };
}

/**
 * Parse a form field's text into a value of the option's kind. Only the syntax is checked here;
 * ranges are `optionValueProblem`'s job. Lists: `8, 16, 32`; pools: `5x3, 3x2`; schedule: `1.0:30, 0.9:2`.
 */
export function parseOptionText(option: ConfigOption, text: string): ParsedText {
  const label = optionLabel(option.path);
  const t = text.trim();
  switch (option.kind) {
    case 'enum': {
      const choices = option.choices ?? [];
      return choices.includes(t)
        ? { ok: true, value: t }
        : { ok: false, problem: message('parse.choose', { label, choices: choices.join(', ') }) };
    }
    case 'boolean': {
      const lower = t.toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(lower)) return { ok: true, value: true };
      if (['false', 'no', 'off', '0'].includes(lower)) return { ok: true, value: false };
      return { ok: false, problem: message('parse.boolean', { label }) };
    }
    case 'int': {
      const x = parseInteger(t);
      return x === undefined
        ? { ok: false, problem: message('parse.integer', { label }) }
        : { ok: true, value: x };
    }
    case 'number': {
      const x = parseNumber(t);
      return x === undefined
        ? { ok: false, problem: message('parse.number', { label }) }
        : { ok: true, value: x };
    }
    case 'int-list': {
      const values: number[] = [];
      for (const item of splitList(t)) {
        const x = parseInteger(item);
        if (x === undefined) return { ok: false, problem: message('parse.intListItem', { label, item }) };
        values.push(x);
      }
      return { ok: true, value: values };
    }
    case 'pool-list': {
      const pairs: [number, number][] = [];
      for (const item of splitList(t)) {
        const parts = item.split(/\s*[x×*]\s*/i);
        const size = parts.length === 2 ? parseInteger(parts[0]!) : undefined;
        const stride = parts.length === 2 ? parseInteger(parts[1]!) : undefined;
        if (size === undefined || stride === undefined)
          return { ok: false, problem: message('parse.poolItem', { label, item }) };
        pairs.push([size, stride]);
      }
      return { ok: true, value: pairs };
    }
    case 'schedule': {
      const count = (option as OptionRule).countKey ?? 'models';
      const steps: Record<string, number>[] = [];
      for (const item of splitList(t)) {
        const parts = item.split(':');
        const epsilon = parts.length === 2 ? parseNumber(parts[0]!) : undefined;
        const n = parts.length === 2 ? parseInteger(parts[1]!) : undefined;
        if (epsilon === undefined || n === undefined)
          return { ok: false, problem: message('parse.scheduleItem', { label, item, count }) };
        steps.push({ epsilon, [count]: n });
      }
      return { ok: true, value: steps };
    }
  }
}

function formatEpsilon(epsilon: number): string {
  return Number.isInteger(epsilon) ? epsilon.toFixed(1) : String(epsilon);
}

/** The form text for a value of an option; `parseOptionValue` reads it back to the same value. */
export function formatOptionValue(option: ConfigOption, value: unknown): string {
  switch (option.kind) {
    case 'int-list':
      return Array.isArray(value) ? value.map(String).join(', ') : String(value);
    case 'pool-list':
      return Array.isArray(value)
        ? (value as [number, number][]).map(([size, stride]) => `${size}x${stride}`).join(', ')
        : String(value);
    case 'schedule': {
      const count = (option as OptionRule).countKey ?? 'models';
      return Array.isArray(value)
        ? (value as Record<string, number>[])
            .map((s) => `${formatEpsilon(s.epsilon as number)}:${s[count]}`)
            .join(', ')
        : String(value);
    }
    default:
      return String(value);
  }
}
