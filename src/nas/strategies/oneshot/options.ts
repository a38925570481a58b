/**
 * Rows of the options table that every one-shot section has (DARTS, SNAS, ENAS; SPEC §5), and the
 * rows of DARTS's and SNAS's Adam on alpha. Each strategy lists them under its own id.
 * Pure module: no DOM, React or tfjs.
 */
import type { OptionRule } from '../../optionRule';

const positive = { min: 0, exclusiveMin: true } as const;

/** The common rows of section `id` (`<id>.epochs`, ...), in form order. */
export function oneShotCommonOptions(id: string): OptionRule[] {
  const row = (field: string, rest: Omit<OptionRule, 'path' | 'group'>): OptionRule => ({
    path: `${id}.${field}`,
    group: id,
    ...rest,
  });
  return [
    row('epochs', {
      label: 'Epochs',
      kind: 'int',
      min: 1,
      max: 1000,
      help: 'Epochs of the supernet search over the training images (DARTS: 50).',
    }),
    row('batchSize', {
      label: 'Batch size',
      kind: 'int',
      min: 1,
      max: 1024,
      help: 'Images per minibatch of the shared weights, of alpha and of the validation batches (DARTS: 64).',
    }),
    row('channels', {
      label: 'Channels',
      kind: 'int',
      min: 1,
      max: 64,
      help: 'Channels of the first stage, doubled by each of the 2 reductions (NAS-Bench-201: 16).',
    }),
    row('cellsPerStage', {
      label: 'Cells per stage',
      kind: 'int',
      min: 1,
      max: 8,
      help: 'Search cells in each of the 3 stages (NAS-Bench-201: 5).',
    }),
    row('layers', {
      label: 'Cells (darts space)',
      kind: 'int',
      min: 3,
      max: 20,
      help: 'Cells of the search network on the darts space, those at 1/3 and 2/3 of the depth reduction cells (DARTS: 8).',
    }),
    row('learningRate', {
      label: 'Weight learning rate',
      kind: 'number',
      ...positive,
      max: 10,
      help: 'SGD learning rate of the shared weights at the first epoch, decayed by a cosine per epoch (DARTS: 0.025).',
    }),
    row('learningRateMin', {
      label: 'Minimum learning rate',
      kind: 'number',
      min: 0,
      max: 10,
      help: 'Where the cosine decay of the weight learning rate ends (DARTS: 0.001).',
    }),
    row('momentum', {
      label: 'Momentum',
      kind: 'number',
      min: 0,
      max: 0.999,
      help: 'SGD momentum of the shared weights (DARTS: 0.9).',
    }),
    row('weightDecay', {
      label: 'Weight decay',
      kind: 'number',
      min: 0,
      max: 1,
      help: 'L2 weight decay of the shared weights, added to their gradient (DARTS: 3e-4).',
    }),
    row('gradClip', {
      label: 'Gradient clip',
      kind: 'number',
      min: 0,
      max: 1000,
      help: "The global norm of the weights' gradient is clipped to this (DARTS: 5); 0 turns clipping off.",
    }),
    row('snapshotEvery', {
      label: 'Snapshot every',
      kind: 'int',
      min: 1,
      max: 100000,
      help: "Steps between two snapshots of the architecture weights in the run log (an epoch's last step always logs one): fewer keeps a long log small.",
    }),
    row('standaloneEpochs', {
      label: 'Standalone epochs',
      kind: 'int',
      min: 1,
      max: 1000,
      help: "Epochs of the derived cell's training alone, from fresh weights, once the search is over.",
    }),
  ];
}

/** The rows of Adam on alpha of section `id` (DARTS, SNAS). */
export function alphaOptions(id: string): OptionRule[] {
  const row = (field: string, rest: Omit<OptionRule, 'path' | 'group'>): OptionRule => ({
    path: `${id}.${field}`,
    group: id,
    ...rest,
  });
  return [
    row('alphaLearningRate', {
      label: 'α learning rate',
      kind: 'number',
      ...positive,
      max: 1,
      help: 'Adam learning rate of the architecture parameters α (DARTS: 3e-4).',
    }),
    row('alphaBeta1', {
      label: 'α Adam β₁',
      kind: 'number',
      min: 0,
      max: 0.9999,
      help: "Adam's first-moment decay for α (DARTS: 0.5).",
    }),
    row('alphaBeta2', {
      label: 'α Adam β₂',
      kind: 'number',
      min: 0,
      max: 0.99999,
      help: "Adam's second-moment decay for α (DARTS: 0.999).",
    }),
    row('alphaWeightDecay', {
      label: 'α weight decay',
      kind: 'number',
      min: 0,
      max: 1,
      help: 'L2 weight decay of α, added to its gradient (DARTS: 1e-3).',
    }),
  ];
}
