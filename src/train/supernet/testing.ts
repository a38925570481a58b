/**
 * Fixtures of the supernet's unit tests: tiny synthetic image sets and the paper's optimizer
 * settings. Only the *.test.ts files import this module.
 */
import * as tf from '@tensorflow/tfjs';
import type { AlphaOptimizer, SupernetOptions, WeightOptimizer } from '../../nas/oneshot/trainer';
import { Rng } from '../../nas/rng';
import type { TrainingTensors } from '../data';
import type { NetworkConfig } from './spec';

/** DARTS's weight optimizer (SPEC §5): momentum 0.9, weight decay 3e-4, clip 5. */
export const DARTS_WEIGHTS: WeightOptimizer = { momentum: 0.9, weightDecay: 3e-4, gradClip: 5 };

/** DARTS's alpha optimizer (SPEC §5): Adam lr 3e-4, betas (0.5, 0.999), weight decay 1e-3. */
export const DARTS_ALPHA: AlphaOptimizer = {
  learningRate: 3e-4,
  beta1: 0.5,
  beta2: 0.999,
  weightDecay: 1e-3,
};

/** A tiny supernet's options: C = 2, N = 1, DARTS's optimizers. */
export function tinyOptions(overrides: Partial<SupernetOptions> = {}): SupernetOptions {
  return { channels: 2, cellsPerStage: 1, seed: 1, weights: DARTS_WEIGHTS, alpha: DARTS_ALPHA, ...overrides };
}

/**
 * `nTrain` + `nVal` images of `size` x `size`: class c is a bright quadrant (c mod 4) plus noise,
 * labels cycling through the classes.
 */
export function syntheticTensors(nTrain: number, nVal: number, classes = 4, size = 8): TrainingTensors {
  const rng = new Rng(7);
  const make = (n: number): [tf.Tensor4D, tf.Tensor1D] => {
    const x = new Float32Array(n * size * size);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % classes;
      labels[i] = c;
      const oy = c % 4 < 2 ? 0 : size / 2;
      const ox = c % 2 === 0 ? 0 : size / 2;
      for (let y = 0; y < size; y++) {
        for (let col = 0; col < size; col++) {
          const inside = y >= oy && y < oy + size / 2 && col >= ox && col < ox + size / 2;
          x[(i * size + y) * size + col] = (inside ? 0.8 : 0) + 0.2 * rng.next();
        }
      }
    }
    return [tf.tensor4d(x, [n, size, size, 1]), tf.tensor1d(labels, 'int32')];
  };
  const [xTrain, yTrain] = make(nTrain);
  const [xVal, yVal] = make(nVal);
  return { xTrain, yTrain, xVal, yVal, nTrain, nVal, size, channels: 1 as const, classes };
}

/** Indices 0..n-1. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** NB201's CIFAR-10 network: 3 input channels, C = 16, N = 5, 10 classes, one op per edge. */
export const cifar10Network = (cellOps: number[]): NetworkConfig => ({
  channels: 16,
  cellsPerStage: 5,
  inputChannels: 3,
  classes: 10,
  cellOps,
  cellAffine: true,
});
