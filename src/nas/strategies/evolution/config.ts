/**
 * Regularized evolution's config section (Real et al., AAAI 2019; SPEC §6), with the paper's
 * values and the fidelity presets. Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../../config';

/** Regularized (aging) evolution (Real et al. 2019; SPEC §6). */
export interface EvolutionSettings {
  /** Unique models to train: the search's budget (C). */
  models: number;
  /** Population size P. */
  populationSize: number;
  /** Tournament sample size S (drawn with replacement). */
  tournamentSize: number;
}

declare module '../../config' {
  interface StrategySections {
    evolution: EvolutionSettings;
  }
}

/** Real et al. 2019: P = 100, S = 25, C = 20,000 (SPEC §6). */
export const PAPER_EVOLUTION_SETTINGS: EvolutionSettings = {
  models: 20000,
  populationSize: 100,
  tournamentSize: 25,
};

/** The section at each fidelity (SPEC §7). */
export const EVOLUTION_PRESETS: Readonly<Record<FidelityId, EvolutionSettings>> = {
  paper: PAPER_EVOLUTION_SETTINGS,
  class: { models: 40, populationSize: 10, tournamentSize: 3 },
  test: { models: 4, populationSize: 2, tournamentSize: 2 },
};
