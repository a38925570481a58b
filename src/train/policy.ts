/**
 * The REINFORCE controller (src/train/controller.ts) as the `TokenPolicy` the search core asks for,
 * configured from the run config (SPEC §4): its weights are seeded from the run seed.
 * The controller is tiny (2 x 35 LSTM) and reads a probability back after every token, so it runs
 * on tfjs's CPU backend whatever trains the networks: WebGPU cannot read synchronously, and on the
 * CPU the controller is exact and reproducible on every machine.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../nas/config';
import type { TokenSpec } from '../nas/reinforce';
import { controllerOptionsOf } from '../nas/controllerParams';
import type { TokenPolicy } from '../nas/search';
import { NasRlController } from './controller';

/** A fresh controller for `spec` with the config's REINFORCE settings. */
export function controllerPolicy(spec: TokenSpec, config: RunConfig): TokenPolicy {
  let controller: NasRlController | null = null;
  // Created on first use, on the CPU backend like every later call.
  const made = (): NasRlController => (controller ??= new NasRlController(spec, controllerOptionsOf(config)));
  return {
    sample: (rng) => onCpu(() => made().sample(rng)),
    update: (samples, rewards) =>
      onCpu(() =>
        made().update(
          samples.map((s) => ({ tokens: [...s.tokens] })),
          rewards,
        ),
      ),
    dispose: () => controller?.dispose(),
  };
}

/**
 * Runs `fn` with tfjs on its CPU backend. It stays there: switching costs more than a sample, and
 * the trainer makes the training backend active again before it trains (`useBackend`).
 */
async function onCpu<T>(fn: () => T): Promise<T> {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  return fn();
}
