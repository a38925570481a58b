import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetConfig } from '../nas/presets';
import { applyConfigPatch } from '../nas/options';
import type { RunEvent } from '../nas/runlog';
import { SearchRun, type Evaluate } from '../nas/search';
import { controllerPolicy } from './policy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Rewards that favour wide first layers, so the controller has something to learn. */
const evaluate: Evaluate = async (arch, ctx) => {
  if (arch.space !== 'nasrl') throw new Error('expected a NAS-RL network');
  const accuracy = arch.network.layers[0]!.filters === 8 ? 0.9 : 0.2;
  expect(ctx.net).toMatch(/^L0 /);
  return { accuracy, curve: [accuracy], params: 1, trainMs: 1, backend: 'cpu', restarts: 0 };
};

describe('REINFORCE with the tfjs controller', () => {
  it('samples NAS-RL networks, updates per batch, and restores to the same next proposal', async () => {
    const result = applyConfigPatch(presetConfig('test', 5), {
      strategy: 'reinforce',
      reinforce: { models: 6, batchSize: 2, learningRate: 0.05 },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const config = result.config;
    expect(config.space).toBe('nasrl');
    const events: RunEvent[] = [];
    const deps = { policy: controllerPolicy };
    const run = new SearchRun(config, (e) => events.push(...e), deps);
    run.begin();
    for (let i = 0; i < 4; i++) await run.step(evaluate);
    const updates = events.filter((e) => e.type === 'policy-update');
    expect(updates).toHaveLength(2);
    const proposal = events.find((e) => e.type === 'propose')!;
    expect(proposal.type === 'propose' && proposal.probabilities?.length).toBe(
      proposal.type === 'propose' && proposal.decisions?.length,
    );

    const after: RunEvent[] = [];
    const restored = await SearchRun.restore(config, events, (e) => after.push(...e), deps);
    expect(restored.snapshot()).toEqual(run.snapshot());
    // The restored controller was trained on the same batches: it proposes what the run proposes.
    const before = events.length;
    await run.step(evaluate);
    await restored.step(evaluate);
    const archOf = (list: RunEvent[]) => list.find((e) => e.type === 'propose')?.arch;
    expect(archOf(after)).toBe(archOf(events.slice(before)));
    run.dispose();
    restored.dispose();
  });
});
