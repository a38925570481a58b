/**
 * The REINFORCE controller (src/train/controller.ts) as the `TokenPolicy` the search core asks for,
 * configured from the run config (SPEC §4): its weights are seeded from the run seed.
 */
import type { RunConfig } from '../nas/config';
import type { TokenSpec } from '../nas/reinforce';
import { hashString } from '../nas/rng';
import type { TokenPolicy } from '../nas/search';
import { NasRlController } from './controller';

/** A fresh controller for `spec` with the config's REINFORCE settings. */
export function controllerPolicy(spec: TokenSpec, config: RunConfig): TokenPolicy {
  const cfg = config.reinforce;
  const controller = new NasRlController(spec, {
    seed: hashString(`${config.seed}|controller`),
    units: cfg.units,
    lstmLayers: cfg.lstmLayers,
    learningRate: cfg.learningRate,
    initRange: cfg.initRange,
    baseline: { decay: cfg.baselineDecay, init: 'zero' },
  });
  return {
    sample: (rng) => controller.sample(rng),
    update: (samples, rewards) =>
      controller.update(
        samples.map((s) => ({ tokens: [...s.tokens] })),
        rewards,
      ),
    dispose: () => controller.dispose(),
  };
}
