/**
 * The explain events a real supernet step logs (issue #18) agree with their formulas: DARTS's
 * first alpha step is Adam's first step on every edge, SNAS's Z is the Gumbel-softmax of the
 * logged log alpha and noise, as computed on the device.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DartsAlphaEvent, SnasGumbelEvent } from '../../nas/oneshot/events';
import { explainDartsAlpha, explainSnasGumbel } from '../../nas/oneshot/explain';
import { Rng } from '../../nas/rng';
import { DARTS_PRESETS } from '../../nas/strategies/darts/config';
import { dartsMethod } from '../../nas/strategies/darts/method';
import type { StepContext } from '../../nas/strategies/oneshot/search';
import { SNAS_PRESETS } from '../../nas/strategies/snas/config';
import { snasMethod } from '../../nas/strategies/snas/method';
import type { TrainingTensors } from '../data';
import { disposeTrainingTensors } from '../data';
import { Nb201Supernet } from './nb201Supernet';
import { range, syntheticTensors, tinyOptions } from './testing';

let data: TrainingTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  data = syntheticTensors(8, 8);
});

afterAll(() => disposeTrainingTensors(data));

const context = (explain: boolean): StepContext => ({
  epoch: 0,
  step: 0,
  totalSteps: 1,
  lr: 0.025,
  rng: new Rng(4),
  valBatch: range(8),
  explain,
});

describe('explain events of a real supernet step', () => {
  it("DARTS: the logged first alpha step is Adam's on every edge", async () => {
    const net = new Nb201Supernet(data, tinyOptions());
    const method = dartsMethod(DARTS_PRESETS.test);
    const step = await method.step(net, range(8), context(true));
    const event = step.explained as DartsAlphaEvent;
    expect(event.type).toBe('darts-alpha');
    expect(event.step).toBe(1);
    for (const edge of range(6)) expect(explainDartsAlpha(event, edge).consistent).toBe(true);
    // Nothing is logged on a step not asked for.
    expect((await method.step(net, range(8), context(false))).explained).toBeUndefined();
    net.dispose();
  });

  it('SNAS: the logged Z is the Gumbel-softmax of the logged log alpha and noise', async () => {
    const net = new Nb201Supernet(data, tinyOptions());
    const method = snasMethod(SNAS_PRESETS.test, 8);
    const step = await method.step(net, range(8), context(true));
    const event = step.explained as SnasGumbelEvent;
    expect(event.type).toBe('snas-gumbel');
    expect(event.hard).toEqual(step.child);
    for (const edge of range(6)) expect(explainSnasGumbel(event, edge).consistent).toBe(true);
    net.dispose();
  });
});
