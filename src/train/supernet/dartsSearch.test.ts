/**
 * The one-shot strategies on the darts space end to end in Node: the config validates, the
 * search runs on a real (tiny) DARTS supernet, the derived cell follows each method's rule, and
 * the log validates (run-log schema and the one-shot checks).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../../nas/config';
import { patchConfigProblems } from '../../nas/configPatch';
import type { OneShotDerivedEvent, OneShotStepEvent } from '../../nas/oneshot/events';
import { OneShotRun } from '../../nas/oneShotRun';
import { validateConfig } from '../../nas/options';
import { DEFAULT_CONFIG } from '../../nas/presets';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunEvent } from '../../nas/runlog';
import { validateRunLog } from '../../nas/runlogSchema';
import { DARTS_EDGES, DARTS_ROWS, dartsArchString, parseDartsArchString } from '../../nas/spaces/darts';
import '../../nas/strategies';
import { supernetOptionsOf, type OneShotCommonConfig } from '../../nas/strategies/oneshot/config';
import { disposeTrainingTensors, type TrainingTensors } from '../data';
import { createDartsSupernet } from './nb201Supernet';
import { syntheticTensors } from './testing';

let data: TrainingTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  data = syntheticTensors(8, 6, 4, 7);
});

afterAll(() => disposeTrainingTensors(data));

type Method = 'darts' | 'snas' | 'enas';

function configure(strategy: string, patch: object = {}) {
  return patchConfigProblems(DEFAULT_CONFIG, { fidelity: 'test', strategy, space: 'darts', ...patch });
}

/** The test preset made tinier still: C = 2, 3 cells, 1 epoch of 2 batches, few ENAS updates. */
function tinyConfig(strategy: Method, epochs = 1): RunConfig {
  const section: Partial<OneShotCommonConfig> & Record<string, unknown> = {
    channels: 2,
    layers: 3,
    epochs,
    batchSize: 4,
    standaloneEpochs: 1,
  };
  if (strategy === 'enas')
    Object.assign(section, { controllerSteps: 1, controllerBatch: 2, deriveSamples: 2 });
  const result = configure(strategy, { [strategy]: section });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const logOf = (config: RunConfig, events: readonly RunEvent[]) => ({
  format: RUN_LOG_FORMAT,
  version: RUN_LOG_VERSION,
  config,
  seed: config.seed,
  events,
});

describe('the darts space in the config', () => {
  it('is a space of DARTS, SNAS and ENAS only, on images', () => {
    for (const strategy of ['darts', 'snas', 'enas']) expect(configure(strategy).ok).toBe(true);
    for (const strategy of ['random', 'evolution', 'metaqnn']) {
      const result = configure(strategy);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(JSON.stringify(result.problems)).toMatch(/space/);
    }
    const table = configure('darts', { dataset: 'nb201-cifar10' });
    expect(table.ok).toBe(false);
    // The preset sizes: DARTS's 8-cell search network at `paper`, 3 cells at `test`.
    const paper = configure('darts', { fidelity: 'paper' });
    expect(paper.ok && paper.config.darts).toMatchObject({
      layers: 8,
      channels: 16,
      batchSize: 64,
      epochs: 50,
    });
    const test = configure('snas');
    expect(test.ok && test.config.snas).toMatchObject({ layers: 3, channels: 4 });
    const wrong = configure('darts', { darts: { layers: 2 } });
    expect(wrong.ok).toBe(false);
  });

  it('architecture strings round-trip', () => {
    const ops = new Array<number>(DARTS_ROWS).fill(0);
    ops[0] = 4;
    ops[1] = 3;
    ops[DARTS_ROWS - 1] = 7;
    const arch = dartsArchString(ops);
    expect(arch).toBe('normal=|sep_conv_3x3~0|skip_connect~1|+|+|+| reduce=|+|+|+|dil_conv_5x5~4|');
    expect(parseDartsArchString(arch)).toEqual(ops);
    expect(DARTS_EDGES).toHaveLength(14);
  });
});

const supernetDeps = {
  supernet: (c: RunConfig) => {
    const section = (c as unknown as Record<string, OneShotCommonConfig>)[c.strategy]!;
    return createDartsSupernet(data, supernetOptionsOf(section, c.seed), section.layers);
  },
};

describe('one-shot search on the darts space', () => {
  it('resumes from the checkpoint after epoch 1 to the same log as a run never interrupted', async () => {
    const config = tinyConfig('snas', 2);
    const whole: RunEvent[] = [];
    const uninterrupted = new OneShotRun(config, (e) => whole.push(...e), supernetDeps);
    while (!uninterrupted.done) await uninterrupted.step();
    uninterrupted.dispose();

    const first: RunEvent[] = [];
    const interrupted = new OneShotRun(config, (e) => first.push(...e), supernetDeps);
    while (!interrupted.checkpointDue) await interrupted.step();
    const checkpoint = await interrupted.checkpoint();
    // A few steps past the boundary are lost with the worker: the log is cut back.
    await interrupted.step();
    interrupted.dispose();

    const resumed: RunEvent[] = [];
    const again = new OneShotRun(config, (e) => resumed.push(...e), supernetDeps);
    again.restoreLog(first, checkpoint);
    while (!again.done) await again.step();
    again.dispose();
    // Everything but the wall-clock times is the same.
    const timeless = (events: readonly RunEvent[]) =>
      events.map((e) => ({ ...e, elapsedMs: 0, trainMs: 0 }));
    expect(timeless([...first.slice(0, checkpoint.events), ...resumed])).toEqual(timeless(whole));
  }, 120_000);

  for (const method of ['darts', 'snas', 'enas'] as const) {
    it(`${method}: trains, derives a cell pair and logs a valid run`, async () => {
      const config = tinyConfig(method);
      expect(validateConfig(config)).toEqual([]);
      const events: RunEvent[] = [];
      const before = tf.memory().numTensors;
      const run = new OneShotRun(config, (e) => events.push(...e), {
        supernet: (c) => {
          const section = (c as unknown as Record<string, OneShotCommonConfig>)[c.strategy]!;
          return createDartsSupernet(data, supernetOptionsOf(section, c.seed), section.layers);
        },
      });
      while (!run.done) await run.step();
      run.dispose();
      expect(tf.memory().numTensors).toBe(before);
      const steps = events.filter((e): e is OneShotStepEvent => e.type === 'oneshot-step');
      expect(steps.length).toBeGreaterThan(0);
      expect(steps[0]!.weights).toHaveLength(28);
      expect(steps[0]!.weights[0]).toHaveLength(8);
      if (method !== 'darts') expect(steps[0]!.child).toHaveLength(28);
      const derived = events.find((e): e is OneShotDerivedEvent => e.type === 'oneshot-derived')!;
      expect(derived.ops).toHaveLength(28);
      expect(derived.arch).toBe(dartsArchString(derived.ops));
      if (method === 'darts') {
        expect(derived.rule).toBe('top2');
        // 2 kept inputs per node, 8 of each cell's 14 edges.
        expect(derived.ops.slice(0, 14).filter((o) => o !== 0)).toHaveLength(8);
        expect(derived.ops.slice(14).filter((o) => o !== 0)).toHaveLength(8);
      }
      expect(events.some((e) => e.type === 'result')).toBe(true);
      expect(validateRunLog(logOf(config, events))).toMatchObject({ ok: true });
      // A log of nb201's shape under a darts config is refused.
      const nb201Shaped = events.map((e) =>
        e.type === 'oneshot-step' ? { ...e, weights: e.weights.slice(0, 6).map((r) => r.slice(0, 5)) } : e,
      );
      expect(validateRunLog(logOf(config, nb201Shaped))).toMatchObject({ ok: false });
    }, 120_000);
  }
});
