/**
 * Rows of the options table: PNAS (Liu et al., ECCV 2018; SPEC §6).
 * Pure module: no DOM, React or tfjs.
 */
import { unconfirmed, type OptionRule } from '../../optionRule';
import { PNAS_OP_SET_IDS } from './cells';

/** The `pnas` section's rows, in form order. */
export const PNAS_OPTIONS: readonly OptionRule[] = [
  {
    path: 'pnas.beamSize',
    label: 'Beam (K)',
    kind: 'int',
    group: 'pnas',
    min: 1,
    max: 1024,
    help: 'Cells kept at each level after the first, the K highest predicted of all one-block expansions, and trained (256, Liu et al. 2018). Blocks per cell (B) is the cell space’s own option.',
  },
  {
    path: 'pnas.opSet',
    label: 'Ops',
    kind: 'enum',
    group: 'pnas',
    choices: PNAS_OP_SET_IDS,
    help: 'The ops a block may apply. The paper’s 8 give 136 cells at b = 1, all trained; the class and test presets keep 3 ops (sep 3×3, identity, max pool 3×3: 21 cells) or 2 (sep 3×3, max pool 3×3: 10 cells) so that a run shows every level.',
  },
  {
    path: 'pnas.ensembleSize',
    label: 'Ensemble',
    kind: 'int',
    group: 'pnas',
    min: 1,
    max: 10,
    help: 'MLP predictors in the surrogate, each fitted on a different 4/5 of the trained cells (k-fold), their predictions averaged (5, Liu et al. 2018).',
  },
  {
    path: 'pnas.embeddingSize',
    label: 'Embedding size',
    kind: 'int',
    group: 'pnas',
    min: 1,
    max: 256,
    help: `Size D of each token's embedding; a cell is the average over its blocks of their four concatenated embeddings. ${unconfirmed('Liu et al. 2018: 100')}`,
  },
  {
    path: 'pnas.hiddenUnits',
    label: 'Hidden units',
    kind: 'int',
    group: 'pnas',
    min: 1,
    max: 256,
    help: `Units of each of the MLP's two hidden ReLU layers. ${unconfirmed('Liu et al. 2018: 100')}`,
  },
  {
    path: 'pnas.epochs',
    label: 'Surrogate epochs',
    kind: 'int',
    group: 'pnas',
    min: 1,
    max: 1000,
    help: `Passes over all trained cells each time the surrogate is refitted (Adam, L1 loss, minibatches of 16). ${unconfirmed('20, not from the paper')}`,
  },
  {
    path: 'pnas.learningRate',
    label: 'Surrogate learning rate',
    kind: 'number',
    group: 'pnas',
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: `Adam learning rate of the surrogate's MLPs. ${unconfirmed('0.01, not from the paper')}`,
  },
];
