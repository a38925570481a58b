/**
 * Rows of the options table: The REINFORCE controller (Zoph & Le 2017; SPEC §4).
 * Pure module: no DOM, React or tfjs.
 */
import { unconfirmed, type OptionRule } from '../../optionRule';

/** The `reinforce` section's rows, in form order. */
export const REINFORCE_OPTIONS: readonly OptionRule[] = [
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
];
