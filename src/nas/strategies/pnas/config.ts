/**
 * PNAS's config section (Liu et al., ECCV 2018; SPEC §6): the beam, the op set and the surrogate,
 * with the fidelity presets. The number of blocks B is the cell space's `cell.blocks`.
 * Pure module: no DOM, React or tfjs.
 */
import type { FidelityId } from '../../config';
import type { PnasOpSet } from './cells';

/** Progressive neural architecture search (Liu et al. 2018). */
export interface PnasConfig {
  /** Beam size K: cells kept (and trained) at each level after the first. */
  beamSize: number;
  /** The ops a block may apply: PNAS's 8, or a subset for a short run. */
  opSet: PnasOpSet;
  /** Predictors in the surrogate's ensemble. */
  ensembleSize: number;
  /** Embedding size D of each token in the surrogate. */
  embeddingSize: number;
  /** Units of each of the surrogate's two hidden layers. */
  hiddenUnits: number;
  /** Passes over the trained cells at each fit of the surrogate. */
  epochs: number;
  /** Adam learning rate of the surrogate. */
  learningRate: number;
}

declare module '../../config' {
  interface StrategySections {
    pnas: PnasConfig;
  }
}

/**
 * Liu et al. 2018: K = 256, the 8 ops, an ensemble of 5 MLPs; the MLP's sizes, epochs and
 * learning rate are unconfirmed (options.ts says so).
 */
export const PAPER_PNAS: PnasConfig = {
  beamSize: 256,
  opSet: 'pnas8',
  ensembleSize: 5,
  embeddingSize: 100,
  hiddenUnits: 100,
  epochs: 20,
  learningRate: 0.01,
};

/**
 * The section at each fidelity (SPEC §7). With B = 3 (the cell preset) and 3 ops, a class run
 * trains 21 + 8 + 8 = 37 models; a test run (B = 2, 2 ops, K = 2) trains 10 + 2.
 */
export const PNAS_PRESETS: Readonly<Record<FidelityId, PnasConfig>> = {
  paper: PAPER_PNAS,
  class: {
    beamSize: 8,
    opSet: 'three',
    ensembleSize: 5,
    embeddingSize: 16,
    hiddenUnits: 32,
    epochs: 100,
    learningRate: 0.01,
  },
  test: {
    beamSize: 2,
    opSet: 'two',
    ensembleSize: 2,
    embeddingSize: 4,
    hiddenUnits: 8,
    epochs: 20,
    learningRate: 0.01,
  },
};
