/**
 * DARTS's config section (Liu et al., ICLR 2019; SPEC §5): the shared supernet fields, Adam on
 * alpha, and first- or second-order alpha gradients. Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../../config';
import {
  DARTS_ALPHA,
  ONESHOT_COMMON_PRESETS,
  type AlphaConfig,
  type OneShotCommonConfig,
} from '../oneshot/config';

/** DARTS (SPEC §5). */
export interface DartsConfig extends OneShotCommonConfig, AlphaConfig {
  /** 'first': the gradient of the validation loss at the current weights (DARTS's default in
   * the app, as in the paper's cheaper variant); 'second': the unrolled approximation (eq. 7-8). */
  order: 'first' | 'second';
}

declare module '../../config' {
  interface StrategySections {
    darts: DartsConfig;
  }
}

export const DARTS_PRESETS: Readonly<Record<FidelityId, DartsConfig>> = {
  paper: { ...ONESHOT_COMMON_PRESETS.paper, ...DARTS_ALPHA, order: 'first' },
  class: { ...ONESHOT_COMMON_PRESETS.class, ...DARTS_ALPHA, order: 'first' },
  test: { ...ONESHOT_COMMON_PRESETS.test, ...DARTS_ALPHA, order: 'first' },
};
