/**
 * Rows of the options table: Random search (SPEC §6).
 * Pure module: no DOM, React or tfjs.
 */
import { type OptionRule } from '../../optionRule';

/** The `random` section's rows, in form order. */
export const RANDOM_OPTIONS: readonly OptionRule[] = [
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
