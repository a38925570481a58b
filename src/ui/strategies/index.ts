/**
 * The one list of the strategies' views: adding a strategy's UI is adding its folder here and one
 * line below (README, "Architecture"). Importing this module registers them.
 */
import { blockqnnViews } from './blockqnn';
import { evolutionViews } from './evolution';
import { metaqnnViews } from './metaqnn';
import { dartsViews, enasViews, snasViews } from './oneshot';
import { pnasViews } from './pnas';
import { randomViews } from './random';
import { registerViews, type StrategyViews } from './registry';
import { reinforceViews } from './reinforce';

const BUILTIN_VIEWS: readonly StrategyViews[] = [
  metaqnnViews,
  blockqnnViews,
  reinforceViews,
  evolutionViews,
  randomViews,
  pnasViews,
  dartsViews,
  snasViews,
  enasViews,
];

for (const entry of BUILTIN_VIEWS) registerViews(entry);

export { findViews, headerTitle, registerViews, type StrategyViews } from './registry';
