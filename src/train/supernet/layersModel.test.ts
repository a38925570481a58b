import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NB201_OPS } from '../../nas/spaces/nb201';
import { buildNetwork, disposeNetwork, forward } from './network';
import { buildNb201LayersModel, copyWeights } from './layersModel';
import { calibrateBatchNorm } from './preciseBn';
import { parameterCount, type NetworkConfig } from './spec';
import { cifar10Network } from './testing';

const op = (name: (typeof NB201_OPS)[number]) => NB201_OPS.indexOf(name);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

afterAll(() => tf.disposeVariables());

const trainable = (model: tf.LayersModel) =>
  model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

/** Images [n, side, side, c] with a seeded spread of values. */
const images = (n: number, side: number, c: number) =>
  tf.randomNormal([n, side, side, c], 0, 1, 'float32', 3) as tf.Tensor4D;

describe('the NAS-Bench-201 LayersModel', () => {
  it("has the benchmark's CIFAR-10 parameter counts as trainable weights", () => {
    const cifar10 = cifar10Network;
    for (const [cell, count] of [
      [Array(6).fill(op('skip_connect')), 73_306],
      [Array(6).fill(op('none')), 73_306],
      [Array(6).fill(op('nor_conv_3x3')), 1_531_546],
      [[3, 1, 2, 0, 4, 3], parameterCount(cifar10([3, 1, 2, 0, 4, 3]))],
    ] as const) {
      const { model } = buildNb201LayersModel(cifar10([...cell]), [32, 32]);
      expect(trainable(model)).toBe(count);
      model.dispose();
    }
  });

  // Node 1 zero (its one edge none), node 2 from skip and conv, node 3 from pool, none, conv:
  // every op and the Zero node; side 7 reaches an odd side in the second stage (7 -> 4 -> 2).
  it.each([
    [
      'every op and a zero node, odd sides',
      [
        op('none'),
        op('skip_connect'),
        op('nor_conv_1x1'),
        op('avg_pool_3x3'),
        op('none'),
        op('nor_conv_3x3'),
      ],
      7,
    ],
    ['convs on every edge, even sides', Array(6).fill(op('nor_conv_3x3')), 8],
  ])(
    'computes what the functional network computes (%s): batch statistics in training, calibrated ones in inference',
    async (_, cellOps, side) => {
      const config: NetworkConfig = {
        channels: 4,
        cellsPerStage: 2,
        inputChannels: 2,
        classes: 3,
        cellOps,
        cellAffine: true,
      };
      const network = buildNetwork(config, 11);
      // Non-trivial BN scale and shift, so that copying them is checked.
      for (const [name, v] of network.variables) {
        if (name.endsWith('bn.weight') || name.endsWith('bn.bias'))
          v.assign(tf.randomUniform(v.shape, 0.5, 1.5, 'float32', name.length));
      }
      const built = buildNb201LayersModel(config, [side, side]);
      copyWeights(built, network.variables);
      const x = images(6, side, 2);
      const expected = tf.softmax(forward(network, x, { kind: 'child', ops: cellOps }));
      const training = built.model.apply(x, { training: true }) as tf.Tensor;
      expect(Math.max(...(await tf.abs(tf.sub(training, expected)).data()))).toBeLessThan(1e-4);
      // Before calibration the running statistics are tfjs's 0 and 1: inference differs.
      const uncalibrated = built.model.predict(x) as tf.Tensor;
      expect(Math.max(...(await tf.abs(tf.sub(uncalibrated, expected)).data()))).toBeGreaterThan(1e-3);
      // Calibrated on the same images, inference mode normalises by exactly their statistics.
      await calibrateBatchNorm(built.model, built.batchNorms, x);
      const inference = built.model.predict(x) as tf.Tensor;
      expect(Math.max(...(await tf.abs(tf.sub(inference, expected)).data()))).toBeLessThan(1e-4);
      tf.dispose([x, expected, training, uncalibrated, inference]);
      built.model.dispose();
      disposeNetwork(network);
    },
  );

  it('names the variable a layer lacks, and a shape that does not fit', () => {
    const config: NetworkConfig = {
      channels: 2,
      cellsPerStage: 1,
      inputChannels: 1,
      classes: 2,
      cellOps: Array(6).fill(op('skip_connect')),
      cellAffine: true,
    };
    const built = buildNb201LayersModel(config, [4, 4]);
    const stray = tf.zeros([2]);
    expect(() =>
      copyWeights(built, new Map([['cells.0.edges.1<-0.nor_conv_3x3.conv.weight', stray]])),
    ).toThrow(/no layer/);
    expect(() => copyWeights(built, new Map([['stem.conv.weight', stray]]))).toThrow(/shape \[2\]/);
    stray.dispose();
    built.model.dispose();
  });

  it('refuses a network without one op per edge', () => {
    const config: NetworkConfig = {
      channels: 2,
      cellsPerStage: 1,
      inputChannels: 1,
      classes: 2,
      cellAffine: true,
    };
    expect(() => buildNb201LayersModel(config, [4, 4])).toThrow(/cellOps/);
  });
});
