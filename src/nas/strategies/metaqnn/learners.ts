/**
 * MetaQNN's Q-learners as the run sees them: over the `layers` chains (Baker et al. 2017) and over
 * the 6 edges of a NAS-Bench-201 cell. Pure module: no DOM, React or tfjs.
 */
import { datasetClasses, datasetImageSize, type RunConfig } from '../../config';
import type { QLearner } from '../qfamily';
import { MetaQnnStrategy } from './metaqnn';
import { Nb201QLearningStrategy } from './nb201qlearning';

/** MetaQNN over the layers space. */
export function metaQnnLearner(config: RunConfig): QLearner {
  const strategy = new MetaQnnStrategy(config.metaqnn, datasetImageSize(config), datasetClasses(config));
  return {
    qTable: strategy.qTable,
    replayDictionary: strategy.replayDictionary,
    proposeIteration(rng, epsilon) {
      const { arch, net, trajectory } = strategy.propose(rng, epsilon);
      return [{ arch: { space: 'layers', layers: arch }, net, trajectory }];
    },
    cachedReward: (net) => strategy.cachedReward(net),
    reward: (_candidate, accuracy) => ({ reward: accuracy, terms: {} }),
    observe(candidate, reward, replayRng, sink) {
      if (candidate.arch.space !== 'layers') throw new Error(`Not a layers architecture: ${candidate.net}`);
      const { net, trajectory } = candidate;
      return strategy.observe({ arch: candidate.arch.layers, net, trajectory }, reward, replayRng, sink);
    },
  };
}

/** MetaQNN's Q-learning over the edges of a NAS-Bench-201 cell. */
export function nb201Learner(config: RunConfig): QLearner {
  const strategy = new Nb201QLearningStrategy(config.metaqnn);
  return {
    qTable: strategy.qTable,
    replayDictionary: strategy.replayDictionary,
    proposeIteration(rng, epsilon) {
      const { arch, net, trajectory } = strategy.propose(rng, epsilon);
      return [{ arch: { space: 'nb201', cell: arch }, net, trajectory }];
    },
    cachedReward: (net) => strategy.cachedReward(net),
    reward: (_candidate, accuracy) => ({ reward: accuracy, terms: {} }),
    observe(candidate, reward, replayRng, sink) {
      if (candidate.arch.space !== 'nb201') throw new Error(`Not a NAS-Bench-201 cell: ${candidate.net}`);
      const { net, trajectory } = candidate;
      return strategy.observe({ arch: candidate.arch.cell, net, trajectory }, reward, replayRng, sink);
    },
  };
}
