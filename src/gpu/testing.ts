/**
 * Test helpers shared by the engine's unit tests: a WebGPU engine in Node (or the reason there is
 * none), seeded random data and the relative error of a result against a reference.
 */
import * as tf from '@tensorflow/tfjs';
import { formatMessage } from '../nas/message';
import { acquireEngine } from './device';
import { Recorder, type BufferArena, type GpuEngine, type GpuTensor } from './engine';
import { installNodeWebGpu } from './nodeDevice';

/** The engine, or why WebGPU is unavailable here (then the GPU tests skip and say so). */
export async function nodeEngine(): Promise<{ engine: GpuEngine | null; reason: string }> {
  const reason = await installNodeWebGpu();
  if (reason) return { engine: null, reason };
  const acquired = await acquireEngine();
  return acquired.ok
    ? { engine: acquired.engine, reason: '' }
    : { engine: null, reason: formatMessage(acquired.reason) };
}

/** Uniform values in [lo, hi) from a small seeded generator (mulberry32). */
export function randomValues(n: number, seed: number, lo = -1, hi = 1): Float32Array<ArrayBuffer> {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

/** max |actual - expected| / max |expected| (the reference's scale), over equal-length arrays. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    if (!(d <= diff)) diff = d; // NaN propagates
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / Math.max(scale, 1e-12);
}

/**
 * Makes tfjs's AvgPool gradient the gradient of its own forward pass until the returned function
 * restores the stock one. Stock tfjs divides every window by its full size in the backward pass,
 * also where SAME padding cuts the window (the forward pass divides by the pixels inside, as
 * TensorFlow does both ways); the engine computes the exact gradient, so parity tests of networks
 * with SAME average pooling compare against this. dx = stock(dy * K² / count).
 */
export function exactAvgPoolGradient(): () => void {
  const stock = tf.getGradient('AvgPool');
  if (!stock) throw new Error('tfjs has no AvgPool gradient to replace');
  tf.registerGradient({
    kernelName: 'AvgPool',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor4D];
      const { filterSize, strides, pad } = attrs as unknown as {
        filterSize: number | [number, number];
        strides: number | [number, number];
        pad: 'same' | 'valid';
      };
      const [kh, kw] = typeof filterSize === 'number' ? [filterSize, filterSize] : filterSize;
      return {
        x: () => {
          const ones = tf.ones([kh, kw, x.shape[3], 1]) as tf.Tensor4D;
          const count = tf.depthwiseConv2d(tf.onesLike(x), ones, strides, pad);
          const scaled = tf.div(tf.mul(dy as tf.Tensor, kh * kw), count);
          return tf.engine().runKernel('AvgPoolGrad', { dy: scaled, input: x }, attrs as never) as tf.Tensor;
        },
      };
    },
  });
  return () => tf.registerGradient(stock);
}

/** Makes a tensor in a test's arena: zeros, or `data`. */
export type TensorMaker = (shape: number[], data?: ArrayLike<number>) => GpuTensor;

/** Records kernels with `build`, submits them once, and reads back the tensors it returns. */
export async function runKernels(
  engine: GpuEngine,
  arena: BufferArena,
  build: (rec: Recorder, t: TensorMaker) => GpuTensor[],
): Promise<Float32Array[]> {
  const rec = new Recorder(engine, arena);
  const outs = build(rec, (shape, data) => arena.tensor(shape, data));
  rec.run();
  return Promise.all(outs.map((o) => engine.read(arena, o)));
}
