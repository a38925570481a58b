/**
 * Random search's config section (SPEC §6: the baseline): a budget of models, the same as
 * evolution's at every fidelity. Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../../config';

/** Random search (SPEC §6): the baseline. */
export interface RandomConfig {
  /** Unique models to train: the search's budget. */
  models: number;
}

declare module '../../config' {
  interface StrategySections {
    random: RandomConfig;
  }
}

/** The section at each fidelity: the budgets of regularized evolution (Real et al. 2019: 20,000). */
export const RANDOM_PRESETS: Readonly<Record<FidelityId, RandomConfig>> = {
  paper: { models: 20000 },
  class: { models: 40 },
  test: { models: 4 },
};
