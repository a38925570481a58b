/**
 * Small pieces that several sample-based strategies share: the plain reward, candidates from
 * token sequences, and the token space a strategy needs. Pure module: no DOM, React or tfjs.
 */
import { datasetImageSize, type RunConfig } from '../config';
import type { TokenSpace } from '../tokenSpaces';
import type { Candidate, ProposeInfo, RewardTerms } from './contract';
import { findSpace } from './registry';

/** The fields of a strategy without a Q-table (everything but the Q-learners). */
export const WITHOUT_Q_TABLE = {
  qTable: null,
  replayDictionary: null,
  cachedReward: () => undefined,
} as const;

/** The reward is the accuracy, with no further terms. */
export const plainReward = (
  _candidate: Candidate,
  accuracy: number,
): { reward: number; terms: RewardTerms } => ({
  reward: accuracy,
  terms: {},
});

/** A candidate decoded from the tokens of a token space, the tokens logged as its decisions. */
export function tokenCandidate(
  space: TokenSpace,
  tokens: readonly number[],
  info: ProposeInfo = {},
): Candidate {
  const { arch, net } = space.decode(tokens);
  return { arch, net, trajectory: [], info: { decisions: [...tokens], ...info } };
}

/** The token space of the config's search space; throws when the space has none. */
export function requireTokenSpace(config: RunConfig): TokenSpace {
  const space = findSpace(config.space)?.tokenSpace?.(config);
  if (!space) throw new Error(`Strategy '${config.strategy}' cannot search the '${config.space}' space`);
  return space;
}

/** Side of the dataset's images, pixels (the layers space tracks representation sizes from it). */
export function layersImage(config: RunConfig): number {
  return datasetImageSize(config);
}
