import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { avgPool2x2, avgPool3x3, batchNorm, conv } from './ops';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const image = (values: number[], side: number) => tf.tensor4d(values, [1, side, side, 1]);

describe('NAS-Bench-201 ops', () => {
  it('avg_pool_3x3 leaves the padding out of the mean (count_include_pad=False)', () => {
    const x = image([1, 2, 3, 4, 5, 6, 7, 8, 9], 3);
    expect(Array.from(avgPool3x3(x).dataSync())).toEqual([3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7]);
  });

  it("avg_pool_3x3 has the gradient of that mean (tfjs's own divides by 9)", () => {
    const grad = tf.grad((x: tf.Tensor) => tf.sum(avgPool3x3(x as tf.Tensor4D)))(image(Array(9).fill(1), 3));
    // The corner pixel is in windows of 4, 6, 6 and 9 real pixels.
    expect(grad.dataSync()[0]).toBeCloseTo(1 / 4 + 1 / 6 + 1 / 6 + 1 / 9, 6);
    // The centre pixel is in all 9: 4 corner windows of 4, 4 edge windows of 6, the middle of 9.
    expect(grad.dataSync()[4]).toBeCloseTo(4 / 4 + 4 / 6 + 1 / 9, 6);
  });

  it('the downsample pool halves an odd side to ceil(n / 2), as the stride-2 conv does', () => {
    const x = image(
      Array.from({ length: 49 }, (_, i) => i),
      7,
    );
    const pooled = avgPool2x2(x);
    expect(pooled.shape).toEqual([1, 4, 4, 1]);
    expect(conv(x, tf.ones([3, 3, 1, 1]), 2, 1).shape).toEqual([1, 4, 4, 1]);
    const values = pooled.dataSync();
    expect(values[0]).toBe((0 + 1 + 7 + 8) / 4);
    // Last column: pixels 6 and 13 only.
    expect(values[3]).toBe((6 + 13) / 2);
    expect(values[15]).toBe(48);
  });

  it('BN normalises each channel by the batch statistics', () => {
    const x = tf.randomNormal([4, 3, 3, 2], 5, 3, 'float32', 1) as tf.Tensor4D;
    const { mean, variance } = tf.moments(batchNorm(x), [0, 1, 2]);
    for (const m of mean.dataSync()) expect(m).toBeCloseTo(0, 5);
    for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 3);
  });
});
