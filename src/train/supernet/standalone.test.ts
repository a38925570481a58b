import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeTrainingTensors, type TrainingTensors } from '../data';
import type { StandaloneProgress } from '../../nas/oneshot/trainer';
import { Nb201Supernet } from './nb201Supernet';
import { syntheticTensors, tinyOptions } from './testing';

let data: TrainingTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  data = syntheticTensors(24, 12);
});

afterAll(() => disposeTrainingTensors(data));

describe('trainAlone', () => {
  it("trains a derived cell from fresh weights: one accuracy per epoch, the child's parameters, no leak", async () => {
    const net = new Nb201Supernet(data, tinyOptions({ alpha: undefined }));
    const ops = [3, 1, 2, 0, 4, 3];
    const options = { epochs: 3, batchSize: 8, lr: 0.05, lrMin: 0.001, seed: 4 };
    const before = tf.memory().numTensors;
    const progress: StandaloneProgress[] = [];
    const result = await net.trainAlone(ops, options, (p) => progress.push(p));
    expect(tf.memory().numTensors).toBe(before);
    expect(result.curve).toHaveLength(3);
    // The last batch of each epoch is reported twice: before its validation (the accuracy of the
    // epoch before) and after it (its own), as the search's trainers report.
    const ends = progress.filter((p) => p.batch === p.batches);
    expect(ends.map((p) => [p.epoch, p.valAccuracy])).toEqual([
      [1, null],
      [1, result.curve[0]],
      [2, result.curve[0]],
      [2, result.curve[1]],
      [3, result.curve[1]],
      [3, result.curve[2]],
    ]);
    for (const p of progress) {
      expect(p).toMatchObject({ epochs: 3, batches: 3 }); // 24 images in batches of 8
      expect(p.loss).toBeGreaterThan(0);
      expect(Number.isFinite(p.loss)).toBe(true);
    }
    for (const a of result.curve) {
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual(1);
    }
    expect(result.accuracy).toBe(Math.max(...result.curve));
    expect(result.params).toBe(net.params(ops));
    // The standalone cell has affine BN (NB201's InferCell): 2 x 2C more per conv than its kernel.
    expect(net.params(ops)).toBeLessThan(net.params());
    expect(result.backend).toBe('cpu');
    expect(result.trainMs).toBeGreaterThan(0);
    // Same seed, same run.
    expect((await net.trainAlone(ops, options)).curve).toEqual(result.curve);
    net.dispose();
  });
});
