/**
 * The graph net's own kernels (graphOps.ts) and the convolutions NAS-RL needs (no bias,
 * rectangular kernels, unequal strides) against tfjs's CPU
 * kernels on odd shapes, batch 1 and channel counts that are not multiples of 4: ReLU and its
 * gradient, zero padding and cropping and their gradients, depthwise convolution, batch norm's moving-statistics update (tfjs's
 * BatchNormalization layer in a training call) and inference form. Skips, saying why, only when no
 * WebGPU adapter can be created.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conv2d, conv2dBackwardData, conv2dBackwardFilter, convGeometry } from './conv';
import { depthwiseConv2d, depthwiseConv2dBackwardData, depthwiseConv2dBackwardFilter } from './depthwise';
import { BufferArena } from './engine';
import * as graphOps from './graphOps';
import * as ops from './ops';
import { nodeEngine, randomValues, relativeError, runKernels } from './testing';

const { engine, reason } = await nodeEngine();
if (!engine) console.warn(`GPU graph kernel tests skipped: ${reason}`);

let seed = 500;
const rand = (shape: number[], lo = -1, hi = 1) =>
  randomValues(
    shape.reduce((a, b) => a * b, 1),
    seed++,
    lo,
    hi,
  );
const SHAPES = [[[1, 5, 3, 3]], [[3, 4, 7, 5]], [[2, 6, 6, 16]]];

describe.skipIf(!engine)('graph kernels vs tfjs cpu', { timeout: 60_000 }, () => {
  let arena: BufferArena;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    arena = new BufferArena(engine!.device);
  });
  afterAll(() => arena.destroy());

  const run = (build: Parameters<typeof runKernels>[2]) => runKernels(engine!, arena, build);
  const expectClose = (actual: Float32Array, expected: tf.Tensor, what: string) => {
    const err = relativeError(actual, expected.dataSync());
    expect(err, `${what}: relative error ${err}`).toBeLessThan(1e-3);
  };

  it.each(SHAPES)('ReLU %j forward and gradient (dy left unchanged)', async (shape) => {
    const xs = rand(shape);
    const dys = rand(shape);
    const [y, dx, dyAfter] = await run((rec, t) => {
      const x = t(shape, xs);
      const dy = t(shape, dys);
      const outs = [t(shape), t(shape), dy];
      graphOps.relu(rec, x, outs[0]!);
      graphOps.reluGradient(rec, outs[0]!, dy, outs[1]!);
      return outs;
    });
    tf.tidy(() => {
      const x = tf.tensor(xs, shape);
      expectClose(y!, tf.relu(x), 'forward');
      expectClose(dx!, tf.grad((a) => tf.sum(tf.mul(tf.relu(a), tf.tensor(dys, shape))))(x), 'dx');
    });
    expect(dyAfter).toEqual(dys);
  });

  it.each(SHAPES)('zero padding and cropping %j (one shift kernel) and their gradients', async (shape) => {
    const [N, H, W, C] = shape as [number, number, number, number];
    // ZeroPadding2D [[1, 2], [0, 1]] and Cropping2D [[1, 0], [2, 1]] (NASNet's taps and reduce).
    const padded = [N, H + 3, W + 1, C];
    const cropped = [N, H - 1, W - 3, C];
    const xs = rand(shape);
    const [dyPad, dyCrop] = [rand(padded), rand(cropped)];
    const [yPad, dxPad, yCrop, dxCrop] = await run((rec, t) => {
      const x = t(shape, xs);
      const outs = [t(padded), t(shape), t(cropped), t(shape)];
      graphOps.shift2d(rec, x, outs[0]!, -1, 0);
      graphOps.shift2d(rec, t(padded, dyPad), outs[1]!, 1, 0);
      graphOps.shift2d(rec, x, outs[2]!, 1, 2);
      graphOps.shift2d(rec, t(cropped, dyCrop), outs[3]!, -1, -2);
      return outs;
    });
    tf.tidy(() => {
      const pad = tf.layers.zeroPadding2d({
        padding: [
          [1, 2],
          [0, 1],
        ],
      });
      const crop = tf.layers.cropping2D({
        cropping: [
          [1, 0],
          [2, 1],
        ],
      });
      const x = tf.tensor4d(xs, shape as [number, number, number, number]);
      const grad = (layer: tf.layers.Layer, dy: Float32Array, dyShape: number[]) =>
        tf.grad((a) => tf.sum(tf.mul(layer.apply(a) as tf.Tensor, tf.tensor(dy, dyShape))))(x);
      expectClose(yPad!, pad.apply(x) as tf.Tensor, 'pad forward');
      expectClose(dxPad!, grad(pad, dyPad, padded), 'pad dx');
      expectClose(yCrop!, crop.apply(x) as tf.Tensor, 'crop forward');
      expectClose(dxCrop!, grad(crop, dyCrop, cropped), 'crop dx');
    });
  });

  it.each([
    [[1, 7, 5, 3], 3, [1, 1]],
    [[2, 9, 8, 5], 5, [2, 2]],
    [[3, 6, 7, 16], 7, [1, 1]],
  ])(
    'depthwise conv %j k%i strides %j (separable conv first half): forward and both gradients',
    async (shape, k, strides) => {
      const C = shape[3]!;
      const kernel = [k, k, C, 1];
      const g = convGeometry(shape, [k, k, C, C], strides as [number, number], 'same');
      const outShape = [g.N, g.OH, g.OW, C];
      const xs = rand(shape);
      const ws = rand(kernel);
      const dys = rand(outShape);
      const [y, dx, dw] = await run((rec, t) => {
        const [x, w, dy] = [t(shape, xs), t(kernel, ws), t(outShape, dys)];
        const outs = [t(outShape), t(shape), t(kernel)];
        depthwiseConv2d(rec, x, w, outs[0]!, g);
        depthwiseConv2dBackwardData(rec, dy, w, outs[1]!, g);
        depthwiseConv2dBackwardFilter(rec, x, dy, outs[2]!, g);
        return outs;
      });
      tf.tidy(() => {
        const x = tf.tensor4d(xs, shape as [number, number, number, number]);
        const w = tf.tensor4d(ws, kernel as [number, number, number, number]);
        const conv = (a: tf.Tensor, b: tf.Tensor) =>
          tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides as [number, number], 'same');
        expectClose(y!, conv(x, w), 'forward');
        const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(conv(a, b), tf.tensor(dys, outShape))),
        )([x, w]);
        expectClose(dx!, gx!, 'dx');
        expectClose(dw!, gw!, 'dw');
      });
    },
  );

  it.each(SHAPES)('batch norm %j: moving statistics after a training call, then inference', async (shape) => {
    const C = shape[3]!;
    const xs = rand(shape, -2, 3);
    const [gs, bs] = [rand([C]), rand([C])];
    const [mm, mv] = [rand([C]), rand([C], 0.5, 2)];
    const momentum = 0.9;
    const [movingMean, movingVariance, inferred] = await run((rec, t) => {
      const x = t(shape, xs);
      const [gamma, beta] = [t([C], gs), t([C], bs)];
      const [mean, invStd] = [t([C]), t([C])];
      const outs = [t([C], mm), t([C], mv), t(shape)];
      ops.batchNorm(rec, x, gamma, beta, t(shape), mean, invStd, 1e-3);
      graphOps.batchNormMovingUpdate(rec, mean, invStd, outs[0]!, outs[1]!, momentum, 1e-3);
      graphOps.batchNormInference(rec, x, gamma, beta, outs[0]!, outs[1]!, outs[2]!, 1e-3);
      return outs;
    });
    const layer = tf.layers.batchNormalization({ momentum });
    const x = tf.tensor4d(xs, shape as [number, number, number, number]);
    layer.build(x.shape);
    layer.setWeights([tf.tensor1d(gs), tf.tensor1d(bs), tf.tensor1d(mm), tf.tensor1d(mv)]);
    tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    const [, , tfMean, tfVariance] = layer.getWeights();
    expectClose(movingMean!, tfMean!, 'moving mean');
    expectClose(movingVariance!, tfVariance!, 'moving variance');
    expectClose(inferred!, layer.apply(x, { training: false }) as tf.Tensor, 'inference');
  });

  it.each([
    [[1, 7, 5, 3], [3, 3], 5, [1, 1]],
    [[2, 6, 6, 5], [1, 1], 7, [1, 1]],
    [[2, 9, 8, 3], [1, 3], 6, [2, 1]],
    [[1, 8, 9, 5], [5, 1], 4, [1, 3]],
  ])(
    'conv2d %j kernel %j f%i strides %j (NAS-RL: rectangular, unequal), no bias: forward and both gradients',
    async (shape, [kh, kw], filters, strides) => {
      const kernel = [kh!, kw!, shape[3]!, filters];
      const xs = rand(shape);
      const ws = rand(kernel);
      const g = convGeometry(shape, kernel, strides as [number, number], 'same');
      const outShape = [g.N, g.OH, g.OW, g.F];
      const dys = rand(outShape);
      const [y, yRelu, dx, dw] = await run((rec, t) => {
        const [x, w, dy] = [t(shape, xs), t(kernel, ws), t(outShape, dys)];
        const outs = [t(outShape), t(outShape), t(shape), t(kernel)];
        conv2d(rec, x, w, null, outs[0]!, g, false);
        conv2d(rec, x, w, null, outs[1]!, g, true);
        conv2dBackwardData(rec, dy, w, outs[2]!, g);
        conv2dBackwardFilter(rec, x, dy, outs[3]!, g);
        return outs;
      });
      tf.tidy(() => {
        const x = tf.tensor4d(xs, shape as [number, number, number, number]);
        const w = tf.tensor4d(ws, kernel as [number, number, number, number]);
        const dy = tf.tensor(dys, outShape);
        const conv = (a: tf.Tensor, b: tf.Tensor) =>
          tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides as [number, number], 'same');
        expectClose(y!, conv(x, w), 'forward');
        expectClose(yRelu!, tf.relu(conv(x, w)), 'forward + ReLU');
        const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a, b), dy)))([x, w]);
        expectClose(dx!, gx!, 'dx');
        expectClose(dw!, gw!, 'dw');
      });
    },
  );
});
