/**
 * PNAS as the run sees every sample-based strategy: each level's beam is one iteration of
 * proposals, trained in order; the result that closes a level brings the level's events.
 * Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from '../../config';
import { plainReward, WITHOUT_Q_TABLE } from '../common';
import type { Candidate, SearchStrategy } from '../contract';
import { findSpace } from '../registry';
import { PNAS_OP_SETS, blockCount, pnasLevelSizes } from './cells';
import { PnasSearch, type BeamCell, type PnasSettings } from './search';

/** The search settings of a config: its op set, B = `cell.blocks`, K and the surrogate. */
export function pnasSettings(config: RunConfig): PnasSettings {
  const { beamSize, opSet, ensembleSize, embeddingSize, hiddenUnits, epochs, learningRate } = config.pnas;
  return {
    ops: PNAS_OP_SETS[opSet],
    blocks: config.cell.blocks,
    beamSize,
    surrogate: { ensembleSize, embeddingSize, hiddenUnits, epochs, learningRate },
  };
}

/** Models a run of this config trains: every b = 1 cell, then min(K, candidates) per level. */
export function pnasModels(config: RunConfig): number {
  const { ops, blocks, beamSize } = pnasSettings(config);
  return pnasLevelSizes(ops.length, blocks, beamSize).reduce((sum, l) => sum + l.trained, 0);
}

export function pnasStrategy(config: RunConfig): SearchStrategy {
  const search = new PnasSearch(pnasSettings(config), config.seed);
  // The cell space builds the network around the pair (its stacking and the dataset's classes).
  const parse = findSpace('cell')?.parse;
  if (!parse) throw new Error('PNAS needs the cell space');
  const toCandidate = (c: BeamCell): Candidate => ({
    arch: parse(c.net, config),
    net: c.net,
    trajectory: [],
  });
  return {
    ...WITHOUT_Q_TABLE,
    reward: plainReward,
    proposeIteration() {
      if (search.done) throw new Error('The PNAS search is done');
      return search.untrained().map(toCandidate);
    },
    observe(candidate, reward, _rng, index) {
      return search.record(candidate.net, reward, index);
    },
    dispose: () => {},
  };
}

/**
 * The beam K that makes a run of `config` train about `models` models (the compare view's budget):
 * every b = 1 cell, then K per level, so K = (models - n1) / (B - 1) rounded down, at least 1.
 * A budget below n1 + B - 1 cannot be met: the run trains that many.
 */
export function pnasBeamForBudget(config: RunConfig, models: number): number {
  const { ops, blocks, beamSize } = pnasSettings(config);
  if (blocks === 1) return beamSize;
  return Math.max(1, Math.floor((models - blockCount(0, ops.length)) / (blocks - 1)));
}
