/**
 * Run configuration: the types of `RunConfig` (common fields, and the sections that strategies
 * and spaces add), the datasets and the common part of the fidelity presets. The options table
 * (src/nas/options.ts) and the presets (src/nas/presets.ts) build on it.
 * Pure module: no DOM, React or tfjs.
 */

import { isUserDatasetId, userDatasetInfo, type UserDatasetId } from './userDatasets';

/** The search spaces (src/nas/spaces/index.ts registers each). */
export type SpaceId = 'layers' | 'block' | 'nasrl' | 'cell' | 'nb201' | 'darts';
/** Classes of every image dataset offered (MNIST and Fashion-MNIST). */
export const DATASET_CLASSES = 10;

/** Image datasets that networks train on in the browser. */
export type ImageDatasetId = 'mnist-28' | 'mnist-14' | 'fashion-mnist-28' | 'fashion-mnist-14';
/** NAS-Bench-201's datasets: accuracies looked up in the benchmark's table, never trained here. */
export type TableDatasetId = 'nb201-cifar10' | 'nb201-cifar100' | 'nb201-imagenet16-120';
/** The datasets that ship with the app. */
export type BuiltinDatasetId = ImageDatasetId | TableDatasetId;
/** A shipped dataset, or one the user imported (src/nas/userDatasets.ts). */
export type DatasetId = BuiltinDatasetId | UserDatasetId;
export type FidelityId = 'test' | 'class' | 'paper';
/** What trains `layers` chains: tfjs, or our own WebGPU engine (src/gpu) with tfjs as its fallback. */
export type TrainingPath = 'tfjs' | 'engine';

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
export const DATASETS: readonly BuiltinDatasetId[] = [...IMAGE_DATASETS, ...TABLE_DATASETS];

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

/**
 * The config sections of the strategies, one per strategy under its id (`config.metaqnn`, ...).
 * Empty here: each strategy's folder adds its section by declaration merging
 * (`declare module '../../config' { interface StrategySections { <id>: <Config> } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StrategySections {}

/** The config sections that search spaces own (`nasrl`, `cell`), added the same way by each space. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SpaceSections {}

/** The id of a registered strategy: a key of `StrategySections`. */
export type StrategyId = keyof StrategySections & string;

/** What every run has, whatever its strategy and space. */
export interface RunBase {
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
}

/** A run's whole configuration: the common fields and every strategy's and space's section. */
export type RunConfig = RunBase & StrategySections & SpaceSections;

/** Images per dataset split available after `npm install` prepares the data. */
export const DATASET_SIZES: Record<BuiltinDatasetId, { train: number; imageSize: number; label: string }> = {
  'mnist-28': { train: 60000, imageSize: 28, label: 'MNIST 28×28' },
  'mnist-14': { train: 60000, imageSize: 14, label: 'MNIST 14×14' },
  'fashion-mnist-28': { train: 70000, imageSize: 28, label: 'Fashion-MNIST 28×28' },
  'fashion-mnist-14': { train: 70000, imageSize: 14, label: 'Fashion-MNIST 14×14' },
  // Table datasets train nothing here: no images, and no split to draw from.
  'nb201-cifar10': { train: 0, imageSize: 32, label: 'NAS-Bench-201 · CIFAR-10' },
  'nb201-cifar100': { train: 0, imageSize: 32, label: 'NAS-Bench-201 · CIFAR-100' },
  'nb201-imagenet16-120': { train: 0, imageSize: 16, label: 'NAS-Bench-201 · ImageNet16-120' },
};

/** What a run needs to know of its dataset: images to draw from, their shape, the classes. */
export interface DatasetFacts {
  /** Images the training and validation subsets are drawn from (0 for a table). */
  train: number;
  /** Images are imageSize × imageSize × channels. */
  imageSize: number;
  channels: 1 | 3;
  classes: number;
  /** English display name. */
  label: string;
}

/**
 * The facts of `dataset`. An imported dataset must be registered on this machine
 * (`configProblems` refuses a config whose dataset is not, so a validated config never throws).
 */
export function datasetFacts(dataset: DatasetId): DatasetFacts {
  if (isUserDatasetId(dataset)) {
    const info = userDatasetInfo(dataset);
    if (!info) throw new Error(`The imported dataset ${dataset} is not on this machine`);
    return {
      train: info.count,
      imageSize: info.side,
      channels: info.channels,
      classes: info.classNames.length,
      label: info.name,
    };
  }
  const builtin = DATASET_SIZES[dataset];
  return { ...builtin, channels: 1, classes: DATASET_CLASSES };
}

/** Side of the run's images in pixels. */
export const datasetImageSize = (config: Pick<RunBase, 'dataset'>): number =>
  datasetFacts(config.dataset).imageSize;
/** Classes of the run's dataset (the softmax's outputs). */
export const datasetClasses = (config: Pick<RunBase, 'dataset'>): number =>
  isTableDataset(config.dataset) ? DATASET_CLASSES : datasetFacts(config.dataset).classes;
/** Channels of the run's images (1: grey, 3: RGB). */
export const datasetChannels = (config: Pick<RunBase, 'dataset'>): 1 | 3 =>
  datasetFacts(config.dataset).channels;

/**
 * What every fidelity preset sets outside the sections (SPEC §7): the data and how each model
 * trains. `paper` is faithful; `class` and `test` keep the rules, scaled down. Each strategy and
 * space gives its own section's values per preset (src/nas/presets.ts puts them together).
 */
export const BASE_PRESETS: Readonly<Record<FidelityId, Pick<RunBase, 'dataset' | 'data' | 'training'>>> = {
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
  },
};

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

/** The sections of the options table: `run`, `data`, `training`, and the id of each config section. */
export type OptionGroup = string;

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
