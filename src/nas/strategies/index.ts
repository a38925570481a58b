/**
 * The one list of search strategies: adding a strategy is adding its folder and one line here
 * (README, "Architecture"). Importing this module registers the built-in spaces and strategies;
 * generic code reads them through the registry functions it re-exports.
 * Pure module: no DOM, React or tfjs.
 */
import '../spaces';
import { blockqnn } from './blockqnn';
import type { StrategyDefinition } from './contract';
import { darts } from './darts';
import { enas } from './enas';
import { evolution } from './evolution';
import { metaqnn } from './metaqnn';
import { random } from './random';
import { findStrategy, registerStrategy } from './registry';
import { reinforce } from './reinforce';
import { snas } from './snas';

/** The built-in strategies, in the order of the `strategy` option's choices. */
export const BUILTIN_STRATEGIES: readonly StrategyDefinition[] = [
  metaqnn,
  blockqnn,
  reinforce,
  evolution,
  random,
];

for (const strategy of BUILTIN_STRATEGIES) registerStrategy(strategy as StrategyDefinition);

/**
 * The one-shot strategies (DARTS, SNAS, ENAS; issue #18): their search loop, math and tfjs
 * supernet are unit-tested, but they are not offered in the app yet: their run in the browser is
 * not verified (on SwiftShader WebGPU, a DARTS `test` run spent about 50 s on its first minibatch
 * and its worker was lost after it). Tests register them with `registerOneShotStrategies()`.
 */
export const ONESHOT_STRATEGIES: readonly StrategyDefinition[] = [darts, snas, enas];

/** Registers the one-shot strategies (once; later calls do nothing). */
export function registerOneShotStrategies(): void {
  for (const strategy of ONESHOT_STRATEGIES) if (!findStrategy(strategy.id)) registerStrategy(strategy);
}

export * from './registry';
