import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTokenSpec, decodeTokens, paperNasRlSpace } from '../nas/reinforce';
import { Rng } from '../nas/rng';
import { nasrlCost, parseNasrlString } from '../nas/spaces/nasrlGraph';
import { uniformTokens } from '../nas/tokenSpace';
import { buildNasRlModel } from './nasrlModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('buildNasRlModel', () => {
  it('pads smaller inputs with zeros, trains one step to a finite loss, and matches nasrlCost', async () => {
    // L1 and L2 are 4x8 and 8x3 while L0 is 8x8: L3 and the classifier concat pad them.
    const layers = parseNasrlString(
      'L0 3x3/1x1 8 <- img | L1 1x3/2x1 6 <- 0 | L2 5x1/1x3 4 <- 0 | L3 3x3/1x1 8 <- 1,2',
    );
    const model = buildNasRlModel(layers, [8, 8, 1], 3, 1);
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    const cost = nasrlCost(layers, [8, 8, 1], 3);
    expect(model.countParams()).toBe(cost.params);
    const trainable = model.trainableWeights.reduce(
      (sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1),
      0,
    );
    expect(trainable).toBe(cost.trainableParams);
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
    const x = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 2);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3);
    const loss = (await model.trainOnBatch(x, y)) as number;
    expect(Number.isFinite(loss)).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('builds random paper-space architectures with strides and skips, params as counted', () => {
    const spec = buildTokenSpec({ ...paperNasRlSpace(4), filterCounts: [4, 6], strides: [1, 2, 3] });
    const rng = new Rng(12);
    for (let i = 0; i < 5; i++) {
      const layers = decodeTokens(spec, uniformTokens(spec, rng));
      const model = buildNasRlModel(layers, [8, 8, 3], 10, i);
      expect(model.outputs[0]!.shape).toEqual([null, 10]);
      expect(model.countParams()).toBe(nasrlCost(layers, [8, 8, 3], 10).params);
      model.dispose();
    }
  });
});
