import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeMix, SupernetState } from '../../nas/oneshot/trainer';
import { Rng } from '../../nas/rng';
import type { TrainingTensors } from '../data';
import { disposeTrainingTensors } from '../data';
import { gatherBatch } from './batches';
import { forward } from './network';
import { crossEntropy } from './ops';
import { Nb201Supernet } from './nb201Supernet';
import { range, syntheticTensors, tinyOptions } from './testing';

let data: TrainingTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  data = syntheticTensors(8, 8);
});

afterAll(() => disposeTrainingTensors(data));

const SOFTMAX: EdgeMix = { kind: 'softmax' };
const rng = new Rng(3);
const gumbel = (temperature = 1): Extract<EdgeMix, { kind: 'gumbel' }> => ({
  kind: 'gumbel',
  temperature,
  noise: range(6).map(() => range(5).map(() => -Math.log(-Math.log(rng.next() + 1e-12)))),
});
const child = (...ops: number[]): EdgeMix => ({ kind: 'child', ops });

/** Sets alpha to `values` (a test's own point in alpha space). */
function setAlpha(net: Nb201Supernet, values: number[][]): void {
  tf.tidy(() => net.inspect().alpha!.assign(tf.tensor2d(values)));
}

/** Alpha far from its 1e-3 start, so the softmax is not uniform. */
function spreadAlpha(seed: number, scale = 0.5): number[][] {
  const r = new Rng(seed);
  return range(6).map(() => range(5).map(() => scale * (2 * r.next() - 1)));
}

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('NB201 supernet: gradients of alpha', () => {
  it('the alpha gradient of the softmax-mixed validation loss matches central differences', async () => {
    const net = new Nb201Supernet(data, tinyOptions());
    const batch = range(8);
    const alpha = spreadAlpha(5);
    setAlpha(net, alpha);
    const { grad } = await net.alphaStep(batch, { order: 1, trainBatch: [], lr: 0 });
    const g = grad.flat();
    // float32 and ReLU kinks: a small step, and 5% of the gradient's scale as tolerance.
    const eps = 1e-3;
    const slope = async (direction: number[]) => {
      const at = (sign: number) =>
        alpha.map((row, e) => row.map((a, o) => a + sign * eps * direction[e * 5 + o]!));
      setAlpha(net, at(1));
      const plus = (await net.evaluate(SOFTMAX, batch)).loss;
      setAlpha(net, at(-1));
      const minus = (await net.evaluate(SOFTMAX, batch)).loss;
      return (plus - minus) / (2 * eps);
    };
    const dot = (d: number[]) => d.reduce((sum, di, i) => sum + di * g[i]!, 0);
    const norm = Math.hypot(...g);
    expect(norm).toBeGreaterThan(1e-2);
    // The three largest components one by one, then three random unit directions.
    const largest = range(30)
      .sort((i, j) => Math.abs(g[j]!) - Math.abs(g[i]!))
      .slice(0, 3);
    for (const k of largest) {
      const unit = range(30).map((i) => (i === k ? 1 : 0));
      expect(Math.abs((await slope(unit)) - g[k]!)).toBeLessThan(5e-2 * Math.abs(g[largest[0]!]!));
    }
    const r = new Rng(17);
    for (let t = 0; t < 3; t++) {
      const d = range(30).map(() => 2 * r.next() - 1);
      const unit = d.map((x) => x / Math.hypot(...d));
      expect(Math.abs((await slope(unit)) - dot(unit))).toBeLessThan(5e-2 * norm);
    }
    net.dispose();
  });

  it("order 1 returns tf.grad of the validation loss and moves alpha by Adam's first step, decay included", async () => {
    const alphaOptimizer = { learningRate: 0.01, beta1: 0.5, beta2: 0.999, weightDecay: 0.05 };
    const net = new Nb201Supernet(data, tinyOptions({ alpha: alphaOptimizer }));
    const before = spreadAlpha(9, 1);
    setAlpha(net, before);
    const valBatch = [0, 3, 5, 6, 7];
    const expected = tf.tidy(() => {
      const { x, y } = gatherBatch(data, 'val', valBatch);
      const { network, alpha } = net.inspect();
      const loss = (a: tf.Tensor) =>
        crossEntropy(forward(network, x, { kind: 'weighted', weights: tf.softmax(a as tf.Tensor2D) }), y);
      return tf.grad(loss)(alpha!).arraySync() as number[][];
    });
    const { grad } = await net.alphaStep(valBatch, { order: 1, trainBatch: [], lr: 0 });
    const after = await net.alpha();
    let decayFlips = 0;
    grad.forEach((row, e) =>
      row.forEach((g, o) => {
        expect(g).toBeCloseTo(expected[e]![o]!, 6);
        // Adam's first step: m^ = g~, v^ = g~^2, so alpha -= lr g~ / (|g~| + 1e-8), g~ = g + wd alpha.
        const decayed = g + alphaOptimizer.weightDecay * before[e]![o]!;
        const step = (alphaOptimizer.learningRate * decayed) / (Math.abs(decayed) + 1e-8);
        expect(after[e]![o]!).toBeCloseTo(before[e]![o]! - step, 6);
        if (Math.sign(decayed) !== Math.sign(g)) decayFlips++;
      }),
    );
    // The decay term decides the direction of some entries, so it was really added.
    expect(decayFlips).toBeGreaterThan(0);
    net.dispose();
  });

  it('order 2 with lr 0 is order 1; with lr > 0 it leaves the weights as they were', async () => {
    const a = new Nb201Supernet(data, tinyOptions());
    const b = new Nb201Supernet(data, tinyOptions());
    const valBatch = range(8);
    const trainBatch = range(8);
    const first = await a.alphaStep(valBatch, { order: 1, trainBatch, lr: 0 });
    const second = await b.alphaStep(valBatch, { order: 2, trainBatch, lr: 0 });
    second.grad.flat().forEach((g, i) => expect(g).toBeCloseTo(first.grad.flat()[i]!, 6));
    expect(second.loss).toBeCloseTo(first.loss, 6);

    const weightsOf = (s: SupernetState) => s.tensors.filter((t) => !t.name.startsWith('alpha'));
    const saved = weightsOf(await b.saveState());
    const step = await b.alphaStep(valBatch, { order: 2, trainBatch, lr: 0.5 });
    expect(weightsOf(await b.saveState())).toEqual(saved);
    // The Hessian term changes the gradient.
    const plain = await a.alphaStep(valBatch, { order: 1, trainBatch, lr: 0 });
    expect(step.grad.flat().some((g, i) => Math.abs(g - plain.grad.flat()[i]!) > 1e-6)).toBe(true);
    a.dispose();
    b.dispose();
  });

  it("order 2 is DARTS eq. 7-8: grad_alpha L_val(w') - lr (grad_alpha L_train(w+) - grad_alpha L_train(w-)) / 2r", async () => {
    const net = new Nb201Supernet(data, tinyOptions());
    setAlpha(net, spreadAlpha(11));
    const valBatch = range(8);
    const trainBatch = range(8);
    const lr = 0.1;
    const { network, alpha } = net.inspect();
    const weights = [...network.variables.values()];
    // Recomputed here with tf.variableGrads on the variables, step by step as in the paper.
    const expected = tf.tidy(() => {
      const train = gatherBatch(data, 'train', trainBatch);
      const val = gatherBatch(data, 'val', valBatch);
      const loss = (x: tf.Tensor4D, y: tf.Tensor1D) => () =>
        crossEntropy(forward(network, x, { kind: 'weighted', weights: tf.softmax(alpha!) }), y);
      const w = weights.map((v) => v.clone());
      const trainGrad = tf.variableGrads(loss(train.x, train.y), weights).grads;
      weights.forEach((v, i) => v.assign(tf.sub(w[i]!, tf.mul(trainGrad[v.name]!, lr))));
      const unrolled = tf.variableGrads(loss(val.x, val.y), [...weights, alpha!]).grads;
      const v = weights.map((variable) => unrolled[variable.name]!);
      const r = 0.01 / Math.sqrt(v.reduce((sum, t) => sum + tf.sum(tf.square(t)).dataSync()[0]!, 0));
      const alphaGradAt = (sign: number) => {
        weights.forEach((variable, i) => variable.assign(tf.add(w[i]!, tf.mul(v[i]!, sign * r))));
        return tf.variableGrads(loss(train.x, train.y), [alpha!]).grads[alpha!.name]!;
      };
      const hessianTerm = tf.div(tf.sub(alphaGradAt(1), alphaGradAt(-1)), 2 * r);
      weights.forEach((variable, i) => variable.assign(w[i]!));
      return tf.sub(unrolled[alpha!.name]!, tf.mul(hessianTerm, lr)).arraySync() as number[][];
    });
    const { grad } = await net.alphaStep(valBatch, { order: 2, trainBatch, lr });
    const scale = Math.max(...expected.flat().map(Math.abs));
    grad.forEach((row, e) =>
      row.forEach((g, o) => expect(Math.abs(g - expected[e]![o]!)).toBeLessThan(1e-3 * scale)),
    );
    net.dispose();
  });
});

describe('NB201 supernet: shared weights', () => {
  it('children that run the same op on the same edge train the same variables', async () => {
    const net = new Nb201Supernet(data, tinyOptions());
    const cells = [0, 2, 4]; // N = 1: cell, reduction, cell, reduction, cell
    const conv3x3 = 3;
    const conv1x1 = 2;
    expect(net.opVariables(0, 0, conv3x3)).toHaveLength(1);
    expect(net.opVariables(0, 0, conv3x3)[0]).toBe(net.opVariables(0, 0, conv3x3)[0]);
    expect(net.opVariables(0, 0, 1)).toEqual([]); // skip_connect has no weights
    const snapshot = (op: number) =>
      cells.flatMap((c) => range(6).map((e) => values(net.opVariables(c, e, op)[0]!)));

    const conv1x1Before = snapshot(conv1x1);
    let conv3x3Before = snapshot(conv3x3);
    await net.weightStep(range(8), child(3, 3, 3, 3, 3, 3), 0.1);
    let conv3x3After = snapshot(conv3x3);
    conv3x3After.forEach((v, k) => expect(v).not.toEqual(conv3x3Before[k]));
    // Child C runs other ops everywhere: its convs 1x1 did not move.
    expect(snapshot(conv1x1)).toEqual(conv1x1Before);

    // Child B shares only edge 0's conv 3x3 with A: its step moves those variables, no other 3x3.
    conv3x3Before = conv3x3After;
    await net.weightStep(range(8), child(3, 1, 1, 1, 1, 1), 0.1);
    conv3x3After = snapshot(conv3x3);
    cells.forEach((_, c) =>
      range(6).forEach((e) => {
        const k = c * 6 + e;
        if (e === 0) expect(conv3x3After[k]).not.toEqual(conv3x3Before[k]);
        else expect(conv3x3After[k]).toEqual(conv3x3Before[k]);
      }),
    );
    // A parameter a child did not run gets no momentum either.
    const state = await net.saveState();
    const buffer = state.tensors.find(
      (t) => t.name === 'momentum.cells.0.edges.1<-0.nor_conv_1x1.conv.weight',
    )!;
    expect(Array.from(buffer.values).every((v) => v === 0)).toBe(true);
    net.dispose();
  });
});

describe('NB201 supernet: memory and state', () => {
  it('keeps tf.memory().numTensors flat across every kind of step', async () => {
    const net = new Nb201Supernet(data, tinyOptions());
    const steps: [string, () => Promise<unknown>][] = [
      ['weightStep softmax', () => net.weightStep(range(6), SOFTMAX, 0.05)],
      ['weightStep gumbel', () => net.weightStep(range(6), gumbel(0.5), 0.05)],
      ['weightStep child', () => net.weightStep(range(6), child(0, 1, 2, 3, 4, 0), 0.05)],
      ['alphaStep 1', () => net.alphaStep(range(6), { order: 1, trainBatch: range(6), lr: 0.05 })],
      ['alphaStep 2', () => net.alphaStep(range(6), { order: 2, trainBatch: range(6), lr: 0.05 })],
      ['jointStep', () => net.jointStep(range(6), gumbel(), 0.05)],
      [
        'jointStep resource',
        () => net.jointStep(range(6), gumbel(), 0.05, { lambda: 0.1, form: 'linear', cost: [0, 0, 1, 9, 0] }),
      ],
      [
        'jointStep resource log',
        () => net.jointStep(range(6), gumbel(), 0.05, { lambda: 0.1, form: 'log', cost: [0, 0, 9, 81, 0] }),
      ],
      ['evaluate', () => net.evaluate(SOFTMAX)],
      ['evaluate child batch', () => net.evaluate(child(0, 0, 0, 0, 0, 0), [1, 2])],
      ['saveState', () => net.saveState()],
    ];
    for (const [name, step] of steps) {
      const before = tf.memory().numTensors;
      await step();
      expect(tf.memory().numTensors, name).toBe(before);
    }
    const before = tf.memory().numTensors;
    const variables = (await net.saveState()).tensors.length;
    net.dispose();
    expect(tf.memory().numTensors).toBe(before - variables);
  });

  it('loadState(saveState()) makes another supernet compute the same numbers, optimizer slots included', async () => {
    const a = new Nb201Supernet(data, tinyOptions({ seed: 1 }));
    const b = new Nb201Supernet(data, tinyOptions({ seed: 2 }));
    await a.weightStep(range(8), SOFTMAX, 0.05);
    await a.alphaStep(range(6), { order: 1, trainBatch: [], lr: 0 });
    const mixes = [SOFTMAX, gumbel(0.7), child(3, 2, 1, 4, 0, 3)];
    expect((await b.evaluate(SOFTMAX)).loss).not.toBe((await a.evaluate(SOFTMAX)).loss);
    b.loadState(await a.saveState());
    for (const mix of mixes) expect(await b.evaluate(mix)).toEqual(await a.evaluate(mix));
    expect(await b.alpha()).toEqual(await a.alpha());
    // Momentum buffers and Adam's slots came along: the next steps agree too.
    await a.weightStep(range(4), SOFTMAX, 0.05);
    await b.weightStep(range(4), SOFTMAX, 0.05);
    const stepA = await a.alphaStep(range(6), { order: 1, trainBatch: [], lr: 0 });
    const stepB = await b.alphaStep(range(6), { order: 1, trainBatch: [], lr: 0 });
    expect(stepB).toEqual(stepA);
    expect(await b.alpha()).toEqual(await a.alpha());
    expect(await b.saveState()).toEqual(await a.saveState());
    a.dispose();
    b.dispose();
  });

  it('refuses a state of another shape, with a missing variable, or with one it does not have', async () => {
    const a = new Nb201Supernet(data, tinyOptions({ channels: 2 }));
    const wider = new Nb201Supernet(data, tinyOptions({ channels: 3 }));
    const enas = new Nb201Supernet(data, tinyOptions({ alpha: undefined }));
    const state = await a.saveState();
    expect(() => wider.loadState(state)).toThrow(/stem\.conv\.weight.*shape/);
    expect(() => a.loadState({ tensors: state.tensors.filter((t) => t.name !== 'classifier.bias') })).toThrow(
      /no variable "classifier\.bias"/,
    );
    expect(() => enas.loadState(state)).toThrow(/"alpha"/);
    const before = await a.evaluate(SOFTMAX);
    const corrupt = state.tensors.map((t) =>
      t.name === 'classifier.weight' ? { ...t, shape: [t.shape[1]!, t.shape[0]!] } : t,
    );
    expect(() => a.loadState({ tensors: corrupt })).toThrow(/classifier\.weight/);
    expect(await a.evaluate(SOFTMAX)).toEqual(before);
    [a, wider, enas].forEach((n) => n.dispose());
  });

  it('without alpha (ENAS) trains children, reports alpha as zeros, and refuses alpha steps', async () => {
    const enas = new Nb201Supernet(data, tinyOptions({ alpha: undefined }));
    expect(await enas.alpha()).toEqual(range(6).map(() => [0, 0, 0, 0, 0]));
    const stats = await enas.weightStep(range(8), child(1, 2, 3, 4, 3, 2), 0.05);
    expect(stats.accuracy).toBeGreaterThanOrEqual(0);
    expect(stats.accuracy).toBeLessThanOrEqual(1);
    await expect(enas.alphaStep([0], { order: 1, trainBatch: [], lr: 0 })).rejects.toThrow(/needs alpha/);
    expect(() => enas.evaluate(SOFTMAX)).toThrow(/needs alpha/);
    enas.dispose();
  });

  it('jointStep returns the Gumbel-softmax weights it used and the resource penalty', async () => {
    const net = new Nb201Supernet(data, tinyOptions());
    const mix = gumbel(0.5);
    const alpha = await net.alpha();
    const cost = [0, 0, 1, 9, 0];
    const { z, penalty } = await net.jointStep(range(8), mix, 0.05, { lambda: 0.1, form: 'linear', cost });
    z.forEach((row, e) => {
      const logits = row.map((_, o) => (alpha[e]![o]! + mix.noise[e]![o]!) / 0.5);
      const norm = logits.reduce((s, l) => s + Math.exp(l), 0);
      row.forEach((p, o) => expect(p).toBeCloseTo(Math.exp(logits[o]!) / norm, 5));
    });
    const expected = 0.1 * z.reduce((s, row) => s + row.reduce((t, p, o) => t + p * cost[o]!, 0), 0);
    expect(penalty).toBeCloseTo(expected, 5);
    expect(await net.alpha()).not.toEqual(alpha);
    net.dispose();
  });

  it("the log form: lambda_R sum_e log(sum_o cost_o Z_eo), an edge below 1 counting 0 (the SNAS authors' code)", async () => {
    const net = new Nb201Supernet(data, tinyOptions());
    const mix = gumbel(0.7);
    const cost = [0, 0, 9, 81, 2];
    const { z, penalty } = await net.jointStep(range(8), mix, 0.05, { lambda: 0.1, form: 'log', cost });
    const perEdge = z.map((row) => row.reduce((s, p, o) => s + p * cost[o]!, 0));
    const expected = 0.1 * perEdge.reduce((s, c) => s + (Math.abs(c) < 1 ? 0 : Math.log(Math.abs(c))), 0);
    expect(penalty).toBeCloseTo(expected, 4);
    expect(perEdge.some((c) => c >= 1)).toBe(true);
    net.dispose();
  });

  it('the log form adds no gradient where every edge costs below 1', async () => {
    const plain = new Nb201Supernet(data, tinyOptions());
    const penalised = new Nb201Supernet(data, tinyOptions());
    const mix = gumbel(0.7);
    await plain.jointStep(range(8), mix, 0.05);
    const { penalty } = await penalised.jointStep(range(8), mix, 0.05, {
      lambda: 5,
      form: 'log',
      cost: [0, 0, 0.1, 0.9, 0],
    });
    expect(penalty).toBe(0);
    expect(await penalised.alpha()).toEqual(await plain.alpha());
    plain.dispose();
    penalised.dispose();
  });
});
