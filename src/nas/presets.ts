/**
 * Whole configs from the fidelity presets: the common fields of `BASE_PRESETS` and each
 * registered strategy's and space's section at that fidelity. Pure module: no DOM, React or tfjs.
 */
import { BASE_PRESETS, type FidelityId, type RunConfig, type StrategyId } from './config';
import { configSections, strategyDefinitions } from './strategies';

/**
 * A full config for a fidelity preset, with the first registered strategy on its default space.
 * The app's default is `class` on MNIST 14×14, seed 1: MetaQNN on the layers space.
 */
export function presetConfig(fidelity: FidelityId = 'class', seed = 1): RunConfig {
  const first = strategyDefinitions()[0];
  if (!first) throw new Error('No strategy is registered');
  const sections = Object.fromEntries(
    configSections().map((s) => [s.id, structuredClone(s.presets[fidelity])]),
  );
  return {
    strategy: first.id as StrategyId,
    space: first.spaces[0]!,
    fidelity,
    seed,
    trainingPath: 'tfjs',
    ...structuredClone(BASE_PRESETS[fidelity]),
    ...sections,
  } as RunConfig;
}

/** The app's default config. */
export const DEFAULT_CONFIG: RunConfig = presetConfig('class', 1);
