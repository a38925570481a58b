/**
 * Rows of the options table: SNAS (Xie et al. 2019; SPEC §5).
 * Pure module: no DOM, React or tfjs.
 */
import type { OptionRule } from '../../optionRule';
import { alphaOptions, oneShotCommonOptions } from '../oneshot/options';

/** The `snas` section's rows, in form order. */
export const SNAS_OPTIONS: readonly OptionRule[] = [
  ...oneShotCommonOptions('snas'),
  ...alphaOptions('snas'),
  {
    path: 'snas.temperatureStart',
    label: 'Temperature at start',
    kind: 'number',
    group: 'snas',
    min: 0,
    exclusiveMin: true,
    max: 100,
    help: 'Gumbel-softmax temperature λ of the first epoch (1.0, SPEC §5).',
  },
  {
    path: 'snas.temperatureEnd',
    label: 'Temperature at end',
    kind: 'number',
    group: 'snas',
    min: 0,
    exclusiveMin: true,
    max: 100,
    help: 'Temperature λ of the last epoch, reached by linear annealing (0.03, SPEC §5).',
  },
  {
    path: 'snas.resource',
    label: 'Resource penalty',
    kind: 'enum',
    group: 'snas',
    choices: ['none', 'params', 'flops'],
    help: "Penalise the expected cost of the sampled cell in α's loss: off, by parameters or by FLOPs of each op (SNAS §3.3).",
  },
  {
    path: 'snas.resourceForm',
    label: 'Penalty form',
    kind: 'enum',
    group: 'snas',
    choices: ['log', 'linear'],
    help: "Log: λ_R · Σ over edges of log(Σ over ops of cost(op) · Z), costs in parameters or FLOPs, an edge below 1 counting 0, as the SNAS authors' code (SPEC §5); linear: λ_R · Σ over edges and ops of cost(op) · Z, costs relative to a 3×3 convolution.",
  },
  {
    path: 'snas.resourceLambda',
    label: 'Resource weight λ_R',
    kind: 'number',
    group: 'snas',
    min: 0,
    max: 10,
    help: "Weight of the resource penalty in α's loss. Unconfirmed paper value (SPEC §5 names λ_R, not its value), kept as an editable default.",
  },
];
