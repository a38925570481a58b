/**
 * SNAS's config section (Xie et al., ICLR 2019; SPEC §5): the shared supernet fields, Adam on
 * alpha (the DARTS values, which SNAS's search inherits), the Gumbel-softmax temperature
 * schedule and the optional resource penalty. Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../../config';
import {
  DARTS_ALPHA,
  ONESHOT_COMMON_PRESETS,
  type AlphaConfig,
  type OneShotCommonConfig,
} from '../oneshot/config';

/** What the resource penalty counts per op: nothing (off), parameters or FLOPs. */
export type SnasResource = 'none' | 'params' | 'flops';

/** SNAS (SPEC §5). */
export interface SnasConfig extends OneShotCommonConfig, AlphaConfig {
  /** Temperature lambda at the first epoch and at the last (linear annealing, SPEC §5: 1.0 to 0.03). */
  temperatureStart: number;
  temperatureEnd: number;
  resource: SnasResource;
  /** The penalty's form (SPEC §5: log): see `ResourcePenalty.form`. */
  resourceForm: 'log' | 'linear';
  /** lambda_R, the weight of the resource penalty in alpha's loss. */
  resourceLambda: number;
}

declare module '../../config' {
  interface StrategySections {
    snas: SnasConfig;
  }
}

const SNAS_OWN = {
  ...DARTS_ALPHA,
  temperatureStart: 1,
  temperatureEnd: 0.03,
  resource: 'none',
  resourceForm: 'log',
  resourceLambda: 0.01,
} as const satisfies Partial<SnasConfig>;

export const SNAS_PRESETS: Readonly<Record<FidelityId, SnasConfig>> = {
  paper: { ...ONESHOT_COMMON_PRESETS.paper, ...SNAS_OWN },
  class: { ...ONESHOT_COMMON_PRESETS.class, ...SNAS_OWN },
  test: { ...ONESHOT_COMMON_PRESETS.test, ...SNAS_OWN },
};
