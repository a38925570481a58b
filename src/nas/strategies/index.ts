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
import { pnas } from './pnas';
import { random } from './random';
import { registerStrategy } from './registry';
import { reinforce } from './reinforce';
import { snas } from './snas';

/** The built-in strategies, in the order of the `strategy` option's choices. */
export const BUILTIN_STRATEGIES: readonly StrategyDefinition[] = [
  metaqnn,
  blockqnn,
  reinforce,
  evolution,
  random,
  pnas,
  darts,
  snas,
  enas,
];

for (const strategy of BUILTIN_STRATEGIES) registerStrategy(strategy as StrategyDefinition);

export * from './registry';
