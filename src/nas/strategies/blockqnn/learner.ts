/**
 * BlockQNN's Q-learner as the run sees it (Zhong et al. 2018; SPEC §3): batches of blocks, each
 * stacked into the network of the config, with the early-stop reward's terms.
 * Pure module: no DOM, React or tfjs.
 */
import { datasetChannels, datasetClasses, datasetImageSize, type RunConfig } from '../../config';
import type { Candidate } from '../contract';
import type { QLearner } from '../qfamily';
import { BlockQnnStrategy, blockReward } from './blockqnn';

export function blockQnnLearner(config: RunConfig): QLearner {
  const cfg = config.blockqnn;
  const imageSize = datasetImageSize(config);
  const classes = datasetClasses(config);
  const input = [imageSize, imageSize, datasetChannels(config)] as const;
  const network = { stages: cfg.stages, blocksPerStage: cfg.blocksPerStage, baseWidth: cfg.baseWidth };
  const strategy = new BlockQnnStrategy(cfg);
  const toCandidate = (c: ReturnType<BlockQnnStrategy['propose']>): Candidate => ({
    arch: { space: 'block', network: { block: c.block, network, classes } },
    net: c.net,
    trajectory: c.trajectory,
  });
  return {
    qTable: strategy.qTable,
    replayDictionary: strategy.replayDictionary,
    proposeIteration: (rng, epsilon) => strategy.proposeBatch(rng, epsilon).map(toCandidate),
    cachedReward: (net) => strategy.cachedReward(net),
    reward(candidate, accuracy) {
      if (candidate.arch.space !== 'block') throw new Error(`Not a block: ${candidate.net}`);
      const { reward, ...terms } = blockReward(
        accuracy,
        candidate.arch.network.block,
        cfg,
        input,
        classes,
      );
      return { reward, terms };
    },
    observe(candidate, reward, replayRng, sink) {
      if (candidate.arch.space !== 'block') throw new Error(`Not a block: ${candidate.net}`);
      const { block } = candidate.arch.network;
      return strategy.observe(
        { block, net: candidate.net, trajectory: candidate.trajectory },
        reward,
        replayRng,
        sink,
      );
    },
  };
}
