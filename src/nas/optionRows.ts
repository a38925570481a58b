/**
 * The rows of the options table that every run has: the run itself, its data and how each model
 * trains. Strategies and spaces add their sections' rows (src/nas/strategies, src/nas/spaces).
 * Pure module: no DOM, React or tfjs.
 */
import { DATASET_SIZES, DATASETS, FIDELITIES, TRAINING_PATHS } from './config';
import { userDatasets } from './userDatasets';
import type { OptionRule } from './optionRule';

const MAX_SEED = 2 ** 31 - 1;
const LARGEST_TRAIN_SPLIT = Math.max(...Object.values(DATASET_SIZES).map((d) => d.train));

/** The common rows, in form order, offering the registered `strategies` and `spaces`. */
export function commonOptions(strategies: readonly string[], spaces: readonly string[]): OptionRule[] {
  return [
    // Run
    {
      path: 'strategy',
      label: 'Strategy',
      kind: 'enum',
      group: 'run',
      choices: strategies,
      help: 'The search algorithm: MetaQNN (Baker et al. 2017) and BlockQNN (Zhong et al. 2018) learn with Q-learning; REINFORCE is the LSTM controller of Zoph & Le 2017; evolution is regularized (aging) evolution (Real et al. 2019); PNAS (Liu et al. 2018) grows cells a block at a time, training what a learned surrogate ranks highest; DARTS, SNAS and ENAS search one shared-weight supernet; random search is the baseline.',
    },
    {
      path: 'space',
      label: 'Search space',
      kind: 'enum',
      group: 'run',
      choices: spaces,
      help: 'Which architectures can be proposed: `layers` is the chain space of Baker et al. 2017 (MetaQNN); `block` the NSC block space of Zhong et al. 2018 (BlockQNN); `nasrl` the conv layers with skips of Zoph & Le 2017; `cell` the NASNet normal and reduction cells; `nb201` the cell of NAS-Bench-201, looked up in its table.',
    },
    {
      path: 'dataset',
      label: 'Dataset',
      kind: 'enum',
      group: 'run',
      // The shipped datasets, then those imported on this machine (read when asked: imports come and go).
      get choices() {
        return [...DATASETS, ...userDatasets().map((d) => d.id)];
      },
      help: 'Images the sampled networks train on (MetaQNN used MNIST at 28×28, the class preset 14×14; datasets imported under Your data are listed by their name), or a NAS-Bench-201 table (`nb201-*`, the `nb201` space only): its 12-epoch validation accuracy is the reward.',
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
  ];
}
