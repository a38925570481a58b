/**
 * Rows of the options table: ENAS (Pham et al. 2018; SPEC §5).
 * Pure module: no DOM, React or tfjs.
 */
import type { OptionRule } from '../../optionRule';
import { oneShotCommonOptions } from '../oneshot/options';

const row = (field: string, rest: Omit<OptionRule, 'path' | 'group'>): OptionRule => ({
  path: `enas.${field}`,
  group: 'enas',
  ...rest,
});

/** The `enas` section's rows, in form order. */
export const ENAS_OPTIONS: readonly OptionRule[] = [
  ...oneShotCommonOptions('enas'),
  row('controllerLearningRate', {
    label: 'Controller learning rate',
    kind: 'number',
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: 'Adam learning rate of the controller (0.0035, ENAS micro search).',
  }),
  row('entropyWeight', {
    label: 'Entropy bonus',
    kind: 'number',
    min: 0,
    max: 1,
    help: "Weight of the sampled child's entropy added to its reward (1e-4, ENAS).",
  }),
  row('baselineDecay', {
    label: 'Baseline decay',
    kind: 'number',
    min: 0,
    max: 0.9999,
    help: "Decay of the controller's moving-average baseline (0.99, ENAS).",
  }),
  row('lstmUnits', {
    label: 'LSTM units',
    kind: 'int',
    min: 1,
    max: 256,
    help: "Hidden units of the controller's LSTM (64, ENAS micro search).",
  }),
  row('controllerTemperature', {
    label: 'Controller temperature',
    kind: 'number',
    min: 0,
    exclusiveMin: true,
    max: 100,
    help: "The controller's logits are divided by this temperature T before the tanh: z = C · tanh(l / T) (5, NAS-Bench-201's ENAS).",
  }),
  row('controllerTanhConstant', {
    label: 'Controller tanh constant',
    kind: 'number',
    min: 0,
    max: 20,
    help: "C in z = C · tanh(l / T): bounds every logit to ±C, so no op's probability runs away early (2.5, NAS-Bench-201's ENAS); 0 leaves the logits as they are.",
  }),
  row('controllerSteps', {
    label: 'Controller steps',
    kind: 'int',
    min: 1,
    max: 1000,
    help: 'Controller updates after each epoch of the shared weights, the weights frozen (30, ENAS).',
  }),
  row('controllerBatch', {
    label: 'Children per update',
    kind: 'int',
    min: 1,
    max: 100,
    help: 'Children sampled per controller update, each rewarded by its accuracy on one validation minibatch (10, ENAS).',
  }),
  row('deriveSamples', {
    label: 'Children to derive from',
    kind: 'int',
    min: 1,
    max: 100,
    help: 'Children sampled at the end; the best on the validation split is the derived cell (10, SPEC §5).',
  }),
];
