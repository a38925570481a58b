/**
 * The REINFORCE controller as an ask/tell strategy (Zoph & Le 2017; SPEC §4): it samples a batch
 * of m token sequences, and after the m rewards it takes one policy-gradient step. The policy is
 * a tfjs model, so it comes in through `StrategyDeps.policy`. Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from '../../config';
import { transformReward } from '../../reinforce';
import type { RunEvent } from '../../runlog';
import { requireTokenSpace, tokenCandidate, WITHOUT_Q_TABLE } from '../common';
import type { Candidate, SearchStrategy, StrategyDeps } from '../contract';

export function reinforceStrategy(config: RunConfig, deps: StrategyDeps): SearchStrategy {
  const space = requireTokenSpace(config);
  if (!deps.policy) throw new Error('REINFORCE needs a controller: no policy factory was given');
  const policy = deps.policy(space.spec, config);
  const cfg = config.reinforce;
  /** Results of the current batch, in order, until the batch is complete. */
  let batch: { tokens: readonly number[]; reward: number; index: number }[] = [];
  let batchLeft = 0;
  return {
    ...WITHOUT_Q_TABLE,
    reward: (_candidate, accuracy) => ({ reward: transformReward(accuracy, cfg.rewardTransform), terms: {} }),
    async proposeIteration(rng, _epsilon, logged) {
      batch = [];
      batchLeft = cfg.batchSize;
      const candidates: Candidate[] = [];
      for (let k = 0; k < cfg.batchSize; k++) {
        const sample = await policy.sample(rng);
        const tokens = logged?.(k) ?? sample.tokens;
        candidates.push(tokenCandidate(space, tokens, { probabilities: sample.probabilities }));
      }
      return candidates;
    },
    async observe(candidate, reward, _rng, index) {
      batch.push({ tokens: candidate.info?.decisions ?? [], reward, index });
      if (--batchLeft > 0) return [];
      const rewards = batch.map((b) => b.reward);
      const update = await policy.update(batch, rewards);
      const event: RunEvent = {
        type: 'policy-update',
        index,
        batch: batch.map((b) => b.index),
        rewards,
        baseline: update.baseline,
        advantages: update.advantages,
        loss: update.loss,
      };
      batch = [];
      return [event];
    },
    dispose: () => policy.dispose(),
  };
}
