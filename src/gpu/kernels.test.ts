/**
 * Every WGSL kernel of the engine against tfjs's CPU kernels (forward, and gradients through
 * tf.grads), on random inputs of several shapes: odd sizes, batch 1, channel counts that are not
 * multiples of 4. Runs on Dawn in Node (SwiftShader where there is no GPU); skips, saying why,
 * only when no WebGPU adapter can be created.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conv2d,
  conv2dBackwardData,
  conv2dBackwardFilter,
  convGeometry,
  columnSum,
  dense,
  denseBackwardData,
  denseBackwardFilter,
  type Padding,
} from './conv';
import { BufferArena, Recorder } from './engine';
import { chooseSplits, TILES } from './gemm';
import * as ops from './ops';
import { nodeEngine, randomValues, relativeError, runKernels } from './testing';

const { engine, reason } = await nodeEngine();
if (!engine) console.warn(`GPU kernel tests skipped: ${reason}`);
else console.log(`GPU kernel tests on ${engine.adapter}`);

const TOLERANCE = 1e-3;
let seed = 1;
const rand = (shape: number[]) =>
  randomValues(
    shape.reduce((a, b) => a * b, 1),
    seed++,
  );

describe.skipIf(!engine)('WGSL kernels vs tfjs cpu', { timeout: 60_000 }, () => {
  let arena: BufferArena;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    arena = new BufferArena(engine!.device);
  });
  afterAll(() => arena.destroy());

  const run = (build: Parameters<typeof runKernels>[2]) => runKernels(engine!, arena, build);
  const expectClose = (actual: Float32Array, expected: tf.Tensor, what: string) => {
    const err = relativeError(actual, expected.dataSync());
    expect(err, `${what}: relative error ${err}`).toBeLessThan(TOLERANCE);
  };

  const convCases: [number[], number, number, number, Padding][] = [
    [[2, 7, 7, 3], 3, 5, 1, 'same'],
    [[1, 9, 9, 5], 5, 7, 2, 'same'],
    [[3, 6, 5, 4], 1, 6, 2, 'same'],
    [[2, 8, 8, 16], 3, 32, 1, 'same'],
    [[1, 7, 7, 3], 3, 2, 2, 'valid'],
  ];
  it.each(convCases)(
    'conv2d %j k%i f%i stride %i %s: forward (+bias, ReLU) and both gradients',
    async (shape, k, filters, stride, padding) => {
      const xs = rand(shape);
      const ws = rand([k, k, shape[3]!, filters]);
      const bs = rand([filters]);
      const g = convGeometry(shape, [k, k, shape[3]!, filters], stride, padding);
      const dys = rand([g.N, g.OH, g.OW, g.F]);
      const [y, yRelu, dx, dw, db] = await run((rec, t) => {
        const x = t(shape, xs);
        const w = t([k, k, shape[3]!, filters], ws);
        const b = t([filters], bs);
        const dy = t([g.N, g.OH, g.OW, g.F], dys);
        const outs = [
          t([g.N, g.OH, g.OW, g.F]),
          t([g.N, g.OH, g.OW, g.F]),
          t(shape),
          t([k, k, shape[3]!, filters]),
          t([filters]),
        ];
        conv2d(rec, x, w, b, outs[0]!, g, false);
        conv2d(rec, x, w, b, outs[1]!, g, true);
        conv2dBackwardData(rec, dy, w, outs[2]!, g);
        conv2dBackwardFilter(rec, x, dy, outs[3]!, g);
        columnSum(rec, dy, outs[4]!);
        return outs;
      });
      tf.tidy(() => {
        const x = tf.tensor4d(xs, shape as [number, number, number, number]);
        const w = tf.tensor4d(ws, [k, k, shape[3]!, filters]);
        const b = tf.tensor1d(bs);
        const dy = tf.tensor4d(dys, [g.N, g.OH, g.OW, g.F]);
        const ref = tf.add(tf.conv2d(x, w, stride, padding), b);
        expectClose(y!, ref, 'forward');
        expectClose(yRelu!, tf.relu(ref), 'forward+relu');
        const [gx, gw, gb] = tf.grads((a: tf.Tensor, f: tf.Tensor, c: tf.Tensor) =>
          tf.sum(tf.mul(tf.add(tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, stride, padding), c), dy)),
        )([x, w, b]);
        expectClose(dx!, gx!, 'dx');
        expectClose(dw!, gw!, 'dw');
        expectClose(db!, gb!, 'dbias');
      });
    },
  );

  it('conv2d filter gradient over a large batch (split-K path)', async () => {
    const shape = [64, 14, 14, 3];
    const xs = rand(shape);
    const g = convGeometry(shape, [3, 3, 3, 5], 1, 'same');
    const dys = rand([64, 14, 14, 5]);
    const [dw] = await run((rec, t) => {
      const out = t([3, 3, 3, 5]);
      conv2dBackwardFilter(rec, t(shape, xs), t([64, 14, 14, 5], dys), out, g);
      return [out];
    });
    tf.tidy(() => {
      const x = tf.tensor4d(xs, shape as [number, number, number, number]);
      const dy = tf.tensor4d(dys, [64, 14, 14, 5]);
      const ref = tf.grad((w) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'), dy)))(
        tf.tensor4d(rand([3, 3, 3, 5]), [3, 3, 3, 5]),
      );
      expectClose(dw!, ref, 'dw');
    });
  });

  // Every tile shape of the GEMM template, forced, on shapes that cut every tile edge: odd image
  // sizes, channels not a multiple of 4, batch 1, and a filter gradient deep enough for split-K.
  it.each(TILES.map((tile) => [tile]))(
    'GEMM tile %s: conv and dense, forward and both gradients',
    async (tile) => {
      const shape = [4, 19, 17, 3];
      const [k, filters] = [3, 5];
      const g = convGeometry(shape, [k, k, 3, filters], 1, 'same');
      expect(chooseSplits(k * k * 3, filters, g.N * g.OH * g.OW, tile), 'split-K path').toBeGreaterThan(1);
      const [B, In, Out] = [1, 37, 10];
      const xs = rand(shape);
      const ws = rand([k, k, 3, filters]);
      const bs = rand([filters]);
      const dys = rand([g.N, g.OH, g.OW, filters]);
      const dxs = rand([B, In]);
      const dws = rand([In, Out]);
      const dbs = rand([Out]);
      const ddys = rand([B, Out]);
      const [y, dx, dw, dy2, ddx, ddw] = await run((rec, t) => {
        const outs = [
          t([g.N, g.OH, g.OW, filters]),
          t(shape),
          t([k, k, 3, filters]),
          t([B, Out]),
          t([B, In]),
          t([In, Out]),
        ];
        const w = t([k, k, 3, filters], ws);
        const dy = t([g.N, g.OH, g.OW, filters], dys);
        conv2d(rec, t(shape, xs), w, t([filters], bs), outs[0]!, g, true, tile);
        conv2dBackwardData(rec, dy, w, outs[1]!, g, tile);
        conv2dBackwardFilter(rec, t(shape, xs), dy, outs[2]!, g, tile);
        const dW = t([In, Out], dws);
        dense(rec, t([B, In], dxs), dW, t([Out], dbs), outs[3]!, false, tile);
        denseBackwardData(rec, t([B, Out], ddys), dW, outs[4]!, tile);
        denseBackwardFilter(rec, t([B, In], dxs), t([B, Out], ddys), outs[5]!, tile);
        return outs;
      });
      tf.tidy(() => {
        const x = tf.tensor4d(xs, shape as [number, number, number, number]);
        const w = tf.tensor4d(ws, [k, k, 3, filters]);
        const dy = tf.tensor4d(dys, [g.N, g.OH, g.OW, filters]);
        expectClose(y!, tf.relu(tf.add(tf.conv2d(x, w, 1, 'same'), tf.tensor1d(bs))), 'conv forward+relu');
        const conv = (a: tf.Tensor, f: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'), dy));
        const [gx, gw] = tf.grads(conv)([x, w]);
        expectClose(dx!, gx!, 'conv dx');
        expectClose(dw!, gw!, 'conv dw (split-K)');
        const dX = tf.tensor2d(dxs, [B, In]);
        const dW = tf.tensor2d(dws, [In, Out]);
        expectClose(dy2!, tf.add(tf.matMul(dX, dW), tf.tensor1d(dbs)), 'dense forward');
        const dDy = tf.tensor2d(ddys, [B, Out]);
        const mm = (a: tf.Tensor, f: tf.Tensor) =>
          tf.sum(tf.mul(tf.matMul(a as tf.Tensor2D, f as tf.Tensor2D), dDy));
        const [gdx, gdw] = tf.grads(mm)([dX, dW]);
        expectClose(ddx!, gdx!, 'dense dx');
        expectClose(ddw!, gdw!, 'dense dw');
      });
    },
  );

  it.each([
    [1, 7, 3],
    [5, 33, 10],
    [300, 130, 17],
  ])('dense batch %i, %i -> %i: forward (+ReLU) and gradients', async (B, In, Out) => {
    const xs = rand([B, In]);
    const ws = rand([In, Out]);
    const bs = rand([Out]);
    const dys = rand([B, Out]);
    const [y, yRelu, dx, dw] = await run((rec, t) => {
      const x = t([B, In], xs);
      const w = t([In, Out], ws);
      const b = t([Out], bs);
      const dy = t([B, Out], dys);
      const outs = [t([B, Out]), t([B, Out]), t([B, In]), t([In, Out])];
      dense(rec, x, w, b, outs[0]!, false);
      dense(rec, x, w, b, outs[1]!, true);
      denseBackwardData(rec, dy, w, outs[2]!);
      denseBackwardFilter(rec, x, dy, outs[3]!);
      return outs;
    });
    tf.tidy(() => {
      const x = tf.tensor2d(xs, [B, In]);
      const w = tf.tensor2d(ws, [In, Out]);
      const ref = tf.add(tf.matMul(x, w), tf.tensor1d(bs));
      expectClose(y!, ref, 'forward');
      expectClose(yRelu!, tf.relu(ref), 'forward+relu');
      const dy = tf.tensor2d(dys, [B, Out]);
      const [gx, gw] = tf.grads((a: tf.Tensor, f: tf.Tensor) =>
        tf.sum(tf.mul(tf.matMul(a as tf.Tensor2D, f as tf.Tensor2D), dy)),
      )([x, w]);
      expectClose(dx!, gx!, 'dx');
      expectClose(dw!, gw!, 'dw');
    });
  });

  const poolCases: [number[], number, number, Padding][] = [
    [[2, 7, 7, 3], 2, 2, 'valid'],
    [[1, 9, 8, 5], 3, 2, 'valid'],
    [[2, 5, 5, 6], 3, 1, 'same'],
    [[1, 7, 6, 1], 2, 2, 'same'],
  ];
  it.each(poolCases)(
    'max and avg pool %j size %i stride %i %s: forward and gradient',
    async (shape, size, stride, padding) => {
      const xs = rand(shape);
      const g = ops.poolGeometry(shape, size, stride, padding);
      const outShape = [g.N, g.OH, g.OW, g.C];
      const dys = rand(outShape);
      const [ymax, dxmax, yavg, dxavg] = await run((rec, t) => {
        const x = t(shape, xs);
        const dy = t(outShape, dys);
        const outs = [t(outShape), t(shape), t(outShape), t(shape)];
        const argmax = t(outShape);
        ops.maxPool(rec, x, outs[0]!, argmax, g);
        ops.maxPoolBackward(rec, dy, argmax, outs[1]!, g);
        ops.avgPool(rec, x, outs[2]!, g);
        ops.avgPoolBackward(rec, dy, outs[3]!, g);
        return outs;
      });
      tf.tidy(() => {
        const x = tf.tensor4d(xs, shape as [number, number, number, number]);
        const dy = tf.tensor4d(dys, outShape as [number, number, number, number]);
        const max = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, size, stride, padding);
        const avg = (a: tf.Tensor) => tf.avgPool(a as tf.Tensor4D, size, stride, padding);
        // tfjs's avgPool gradient divides by the full window even where SAME padding cuts it, which
        // is not the gradient of its own forward (TensorFlow divides by the cut count); the exact
        // reference is a window sum (depthwise conv with ones) over the per-window pixel count.
        const ones = tf.ones([size, size, g.C, 1]) as tf.Tensor4D;
        const count = tf.depthwiseConv2d(tf.onesLike(x), ones, stride, padding);
        const avgExact = (a: tf.Tensor) =>
          tf.div(tf.depthwiseConv2d(a as tf.Tensor4D, ones, stride, padding), count);
        expectClose(ymax!, max(x), 'max forward');
        expectClose(dxmax!, tf.grad((a) => tf.sum(tf.mul(max(a), dy)))(x), 'max dx');
        expectClose(yavg!, avg(x), 'avg forward');
        expectClose(yavg!, avgExact(x), 'avg forward (window sum / count)');
        expectClose(dxavg!, tf.grad((a) => tf.sum(tf.mul(avgExact(a), dy)))(x), 'avg dx');
        if (padding === 'valid')
          expectClose(dxavg!, tf.grad((a) => tf.sum(tf.mul(avg(a), dy)))(x), 'avg dx (tfjs avgPool)');
      });
    },
  );

  it.each([[[2, 5, 3, 7]], [[1, 4, 4, 16]]])(
    'global average pool %j, ReLU backward, add and concat',
    async (shape) => {
      const [N, , , C] = shape as [number, number, number, number];
      const xs = rand(shape);
      const bs = rand(shape);
      const cs = rand([...shape.slice(0, 3), 5]);
      const dys = rand([N, C]);
      const dcat = rand([...shape.slice(0, 3), C + 5]);
      const [gap, dgap, drelu, sum, cat, da, db] = await run((rec, t) => {
        const x = t(shape, xs);
        const dyRelu = t(shape, bs);
        const outs = [
          t([N, C]),
          t(shape),
          dyRelu,
          t(shape),
          t([...shape.slice(0, 3), C + 5]),
          t(shape),
          t([...shape.slice(0, 3), 5]),
        ];
        ops.globalAvgPool(rec, x, outs[0]!);
        ops.globalAvgPoolBackward(rec, t([N, C], dys), outs[1]!);
        ops.reluBackward(rec, x, dyRelu);
        ops.add(rec, x, t(shape, bs), outs[3]!);
        ops.concatChannels(rec, x, t([...shape.slice(0, 3), 5], cs), outs[4]!);
        ops.concatChannelsBackward(rec, t([...shape.slice(0, 3), C + 5], dcat), outs[5]!, outs[6]!);
        return outs;
      });
      tf.tidy(() => {
        const x = tf.tensor4d(xs, shape as [number, number, number, number]);
        const gapOf = (a: tf.Tensor) => tf.mean(a, [1, 2]);
        expectClose(gap!, gapOf(x), 'gap forward');
        expectClose(dgap!, tf.grad((a) => tf.sum(tf.mul(gapOf(a), tf.tensor2d(dys, [N, C]))))(x), 'gap dx');
        const b = tf.tensor4d(bs, shape as [number, number, number, number]);
        expectClose(drelu!, tf.grad((a) => tf.sum(tf.mul(tf.relu(a), b)))(x), 'relu dx');
        expectClose(sum!, tf.add(x, b), 'add');
        const c = tf.tensor(cs, [...shape.slice(0, 3), 5]);
        expectClose(cat!, tf.concat([x, c], 3), 'concat');
        const [ra, rb] = tf.split(tf.tensor(dcat, [...shape.slice(0, 3), C + 5]), [C, 5], 3);
        expectClose(da!, ra!, 'concat da');
        expectClose(db!, rb!, 'concat db');
      });
    },
  );

  it.each([[[3, 5, 4, 6]], [[1, 7, 3, 5]]])(
    'batch norm %j with training statistics: forward and gradients',
    async (shape) => {
      const C = shape[3]!;
      const xs = rand(shape).map((v, i) => v * 3 + (i % C));
      const gs = rand([C]);
      const bs = rand([C]);
      const dys = rand(shape);
      const [y, dx, dgamma, dbeta] = await run((rec, t) => {
        const x = t(shape, xs);
        const gamma = t([C], gs);
        const mean = t([C]);
        const invStd = t([C]);
        const outs = [t(shape), t(shape), t([C]), t([C])];
        ops.batchNorm(rec, x, gamma, t([C], bs), outs[0]!, mean, invStd);
        ops.batchNormBackward(rec, x, t(shape, dys), gamma, mean, invStd, outs[1]!, outs[2]!, outs[3]!);
        return outs;
      });
      tf.tidy(() => {
        const bn = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
          const { mean, variance } = tf.moments(a, [0, 1, 2]);
          return tf.batchNorm(a, mean, variance, b, g, 1e-3);
        };
        const x = tf.tensor4d(xs, shape as [number, number, number, number]);
        const g = tf.tensor1d(gs);
        const b = tf.tensor1d(bs);
        expectClose(y!, bn(x, g, b), 'forward');
        const dy = tf.tensor4d(dys, shape as [number, number, number, number]);
        const [gx, gg, gb] = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
          tf.sum(tf.mul(bn(a, c, d), dy)),
        )([x, g, b]);
        expectClose(dx!, gx!, 'dx');
        expectClose(dgamma!, gg!, 'dgamma');
        expectClose(dbeta!, gb!, 'dbeta');
      });
    },
  );

  it.each([
    [1, 10],
    [37, 10],
    [300, 7],
  ])(
    'softmax cross-entropy batch %i, %i classes: loss, correct count and logit gradient',
    async (B, classes) => {
      const ls = rand([B, classes]).map((v) => v * 4);
      const labels = Int32Array.from({ length: B }, (_, i) => (i * 7 + 3) % classes);
      const [dlogits, stats] = await run((rec, t) => {
        const labelTensor = t([B]);
        engine!.device.queue.writeBuffer(labelTensor.buffer, 0, labels);
        const outs = [t([B, classes]), t([2])];
        ops.softmaxCrossEntropy(rec, t([B, classes], ls), labelTensor, outs[0]!, outs[1]!);
        return outs;
      });
      tf.tidy(() => {
        const logits = tf.tensor2d(ls, [B, classes]);
        const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
        const loss = (a: tf.Tensor) =>
          tf.losses.softmaxCrossEntropy(onehot, a, undefined, 0, tf.Reduction.MEAN);
        expectClose(stats!.subarray(0, 1), loss(logits), 'loss');
        expectClose(dlogits!, tf.grad(loss)(logits), 'dlogits');
        const correct = tf.sum(
          tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(labels, 'int32')), 'float32'),
        );
        expect(stats![1]).toBe(correct.dataSync()[0]);
      });
    },
  );

  it('fused Adam and SGD-with-momentum updates match tf.train.adam and tf.train.momentum over 3 steps', async () => {
    const n = 1000;
    const p0 = rand([n]);
    const grads = [rand([n]), rand([n]), rand([n])];
    const rec = new Recorder(engine!, arena);
    const params = arena.tensor([n], p0);
    const sgdParams = arena.tensor([n], p0);
    const grad = arena.tensor([n]);
    const state = { m: arena.tensor([n]), v: arena.tensor([n]), hyper: arena.uniform(new ArrayBuffer(32)) };
    ops.adam(rec, params, grad, state);
    ops.sgd(rec, sgdParams, grad, arena.tensor([n]), 0.05, 0.9);
    const adamRef = tf.variable(tf.tensor1d(p0));
    const sgdRef = tf.variable(tf.tensor1d(p0));
    const adamOpt = tf.train.adam(0.01, 0.9, 0.999);
    const sgdOpt = tf.train.momentum(0.05, 0.9);
    for (let t = 1; t <= 3; t++) {
      engine!.device.queue.writeBuffer(grad.buffer, 0, grads[t - 1]!);
      engine!.device.queue.writeBuffer(
        state.hyper,
        0,
        ops.adamHyper(0.01, 0.9, 0.999, tf.backend().epsilon(), t),
      );
      rec.run();
      const g = tf.tensor1d(grads[t - 1]!);
      adamOpt.applyGradients([{ name: adamRef.name, tensor: g }]);
      sgdOpt.applyGradients([{ name: sgdRef.name, tensor: g }]);
      g.dispose();
    }
    expectClose(await engine!.read(arena, params), adamRef, 'adam');
    expectClose(await engine!.read(arena, sgdParams), sgdRef, 'sgd');
    tf.dispose([adamRef, sgdRef]);
    adamOpt.dispose();
    sgdOpt.dispose();
  });

  it('dropout: inverted scaling, the same mask on the gradient, about rate dropped, a new mask per step', async () => {
    const n = 4099; // odd, more than one workgroup
    const rate = 0.375;
    const xs = Float32Array.from(rand([n]), (v) => v + 2); // no zeros: a zero output means dropped
    const dys = Float32Array.from(rand([n]), (v) => v - 2);
    const seedBuf = arena.uniform(new ArrayBuffer(16));
    const step = async (stepNo: number, salt: number) => {
      engine!.device.queue.writeBuffer(seedBuf, 0, ops.dropoutSeed(99, stepNo));
      return run((rec, t) => {
        const x = t([n], xs);
        const dy = t([n], dys);
        const y = t([n]);
        const dx = t([n]);
        ops.dropout(rec, x, y, rate, salt, seedBuf);
        ops.dropout(rec, dy, dx, rate, salt, seedBuf);
        return [y, dx];
      });
    };
    const [y, dx] = await step(1, 2);
    const kept = (out: Float32Array) => Array.from(out, (v) => v !== 0);
    const mask = kept(y!);
    const scale = 1 / (1 - rate);
    for (let i = 0; i < n; i++) {
      // Kept units are scaled by 1 / (1 - rate); the gradient passes exactly where the input did.
      expect(y![i]).toBeCloseTo(mask[i] ? xs[i]! * scale : 0, 5);
      expect(dx![i]).toBeCloseTo(mask[i] ? dys[i]! * scale : 0, 5);
    }
    // Dropped fraction within 4 standard deviations of the rate (binomial: sd = sqrt(p(1-p)/n)).
    const dropped = mask.filter((k) => !k).length / n;
    expect(Math.abs(dropped - rate)).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / n));
    // The same step and salt repeat the mask; another step or another layer's salt draws anew.
    const same = kept((await step(1, 2))[0]!);
    expect(same).toEqual(mask);
    for (const other of [await step(2, 2), await step(1, 4)]) {
      const differ = kept(other[0]!).filter((k, i) => k !== mask[i]).length / n;
      // Independent masks disagree on 2 p (1 - p) of the units (0.47 here).
      expect(differ).toBeGreaterThan(0.4);
    }
    expect(() => ops.dropoutThreshold(1)).toThrow(/\[0, 1\)/);
    expect(ops.dropoutThreshold(0)).toBe(0);
  });

  it('caches pipelines by shader text: the same kernel at new sizes compiles nothing new', async () => {
    const before = engine!.pipelines.compiled;
    await run((rec, t) => {
      const out = t([3, 4, 4, 2]);
      ops.add(rec, t([3, 4, 4, 2]), t([3, 4, 4, 2]), out);
      return [out];
    });
    expect(engine!.pipelines.compiled).toBe(before);
  });
});
