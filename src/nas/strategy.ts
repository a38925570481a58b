/**
 * Every sample-based search strategy behind one ask/tell interface, so that `SearchRun`, the run
 * log, restore, the result cache and the UI treat them alike (SPEC §2–§4, §6). The strategies
 * themselves are registered definitions (src/nas/strategies, README "Architecture"); this module
 * only looks them up. Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from './config';
import type { Budget, SampleStrategyDefinition, SearchStrategy, StrategyDeps } from './strategies/contract';
import { strategyDefinition } from './strategies';

export type {
  Budget,
  Candidate,
  ProposeInfo,
  SearchStrategy,
  StrategyDeps,
  TokenPolicy,
} from './strategies/contract';
export { ModelBudget, repeatCap } from './strategies/budgets';

/** The definition of the config's strategy, which must be sample-based (ask/tell). */
export function sampleDefinition(config: RunConfig): SampleStrategyDefinition {
  const definition = strategyDefinition(config.strategy);
  if (definition.family !== 'sample')
    throw new Error(`Strategy '${config.strategy}' trains a supernet: OneShotRun drives it, not SearchRun`);
  return definition;
}

/** The budget of the config's strategy: its epsilon schedule or its number of models. */
export function budgetOf(config: RunConfig): Budget {
  return sampleDefinition(config).budget(config);
}

/** The strategy of a config. */
export function createStrategy(config: RunConfig, deps: StrategyDeps = {}): SearchStrategy {
  return sampleDefinition(config).create(config, deps);
}
