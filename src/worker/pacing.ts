/**
 * How the search worker lets queued messages ('pause', 'compare-stop') in while looked-up results
 * take no time, and the search core's outside needs as the worker meets them.
 */
import { lstmControllerPolicy } from '../nas/lstmController';
import type { StrategyDeps } from '../nas/search';
import type { TokenPolicy } from '../nas/strategy';

/**
 * Milliseconds of looked-up results between two posts to the UI. The UI folds the same events (its
 * Q-table replays the same updates), so a post costs it about as long again: 30 ms keeps each of
 * its tasks short (at 80 ms a NAS-Bench-201 lesson made main-thread tasks of 150-380 ms).
 */
export const SLICE_MS = 30;

/** Lets queued messages ('pause') in between looked-up results, which take no time. */
export const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * `policy`, letting queued messages in every SLICE_MS of sampling: a converged controller
 * re-proposes cached architectures for thousands of samples without a lookup in between.
 */
function sliced(policy: TokenPolicy): TokenPolicy {
  let slice = performance.now();
  return {
    ...policy,
    async sample(rng) {
      if (performance.now() - slice > SLICE_MS) {
        await yieldToEvents();
        slice = performance.now();
      }
      return policy.sample(rng);
    },
  };
}

/**
 * The search core's outside needs, met in the worker: REINFORCE's controller, the plain
 * TypeScript one (the tfjs one's numbers, several times faster, and no backend switch).
 */
export const STRATEGY_DEPS: StrategyDeps = {
  policy: (spec, config) => sliced(lstmControllerPolicy(spec, config)),
};
