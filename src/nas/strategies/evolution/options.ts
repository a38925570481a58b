/**
 * Rows of the options table: Regularized evolution (Real et al. 2019; SPEC §6).
 * Pure module: no DOM, React or tfjs.
 */
import { type OptionRule } from '../../optionRule';

/** The `evolution` section's rows, in form order. */
export const EVOLUTION_OPTIONS: readonly OptionRule[] = [
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
];
