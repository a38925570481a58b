/**
 * Rows of the options table: DARTS (Liu et al. 2019; SPEC §5).
 * Pure module: no DOM, React or tfjs.
 */
import type { OptionRule } from '../../optionRule';
import { alphaOptions, oneShotCommonOptions } from '../oneshot/options';

/** The `darts` section's rows, in form order. */
export const DARTS_OPTIONS: readonly OptionRule[] = [
  ...oneShotCommonOptions('darts'),
  ...alphaOptions('darts'),
  {
    path: 'darts.order',
    label: 'α gradient',
    kind: 'enum',
    group: 'darts',
    choices: ['first', 'second'],
    help: "First order: the validation loss's gradient at the current weights (cheaper). Second order: at the weights after one virtual SGD step, with a finite-difference Hessian-vector product (DARTS eq. 7-8).",
  },
];
