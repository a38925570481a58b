import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gumbelNoise } from '../../nas/oneshot/gumbel';
import type { EdgeMix } from '../../nas/oneshot/trainer';
import { Rng } from '../../nas/rng';
import { DARTS_OPS, DARTS_ROWS } from '../../nas/spaces/darts';
import type { TrainingTensors } from '../data';
import { disposeTrainingTensors } from '../data';
import { gatherBatch } from './batches';
import {
  dartsCells,
  dartsForward,
  dartsParameterCount,
  dilatedKernel,
  type DartsNetwork,
} from './dartsNetwork';
import { createDartsSupernet, Supernet } from './nb201Supernet';
import { range, syntheticTensors, tinyOptions } from './testing';

let data: TrainingTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  // 7 x 7 images: odd sides at every stage (7 -> 4 -> 2), as MNIST 14 x 14 reaches.
  data = syntheticTensors(6, 6, 4, 7);
});

afterAll(() => disposeTrainingTensors(data));

const op = (name: (typeof DARTS_OPS)[number]) => DARTS_OPS.indexOf(name);
const SOFTMAX: EdgeMix = { kind: 'softmax' };
/** C = 2, 3 cells (normal, reduction, reduction). */
const tiny = (seed = 1) => createDartsSupernet(data, tinyOptions({ seed }), 3) as Supernet<DartsNetwork>;

describe('DARTS supernet: shape and parameters', () => {
  it("a dilated depthwise conv through the spread kernel equals tfjs's own dilation 2", () => {
    const [ours, theirs] = tf.tidy(() => {
      const x = tf.randomNormal<tf.Rank.R4>([2, 9, 9, 3], 0, 1, 'float32', 1);
      const kernel = tf.randomNormal<tf.Rank.R4>([3, 3, 3, 1], 0, 1, 'float32', 2);
      const spread = dilatedKernel(kernel, 2);
      return [tf.depthwiseConv2d(x, spread, 1, 2), tf.depthwiseConv2d(x, kernel, 1, 2, 'NHWC', 2)];
    });
    expect(ours!.shape).toEqual(theirs!.shape);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ours!, theirs!))).dataSync()[0]!);
    expect(diff).toBeLessThan(1e-5);
    tf.dispose([ours!, theirs!]);
  });

  it('lays out the cells as DARTS (reductions at layers // 3 and 2 layers // 3)', () => {
    expect(dartsCells(16, 8).map((c) => c.reduction)).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
    const cells = dartsCells(16, 8);
    expect(cells.map((c) => c.channels)).toEqual([16, 16, 32, 32, 32, 64, 64, 64]);
    // The stem has 3C; a cell's output 4C; preprocess0 factorizes after a reduction.
    expect(cells[0]).toMatchObject({ prevPrev: 48, prev: 48 });
    expect(cells[3]).toMatchObject({ prevPrev: 64, prev: 128, reductionPrev: true });
  });

  it('gives [n, classes] logits and counts its parameters by hand', () => {
    const net = tiny();
    const { network } = net.inspect();
    const logits = tf.tidy(() => {
      const { x } = gatherBatch(data, 'train', range(5));
      return dartsForward(network, x, { kind: 'weighted', weights: tf.softmax(tf.zeros([DARTS_ROWS, 8])) });
    });
    expect(logits.shape).toEqual([5, 4]);
    logits.dispose();
    // C = 2, 1 input channel, 4 classes; cells: normal (C=2, inputs 6, 6), reduction (C=4, inputs
    // 6, 8), reduction (C=8, inputs 8, 16, the first factorized).
    const stem = 9 * 1 * 6 + 2 * 6;
    const sepDil = (c: number) =>
      2 * (9 * c + c * c) + 2 * (25 * c + c * c) + (9 * c + c * c) + (25 * c + c * c);
    // 14 edges of every conv op; a reduction cell's 8 edges out of its inputs (2 per node) have a
    // FactorizedReduce skip
    // (two 1x1 convs to C/2 each, no affine BN in the search).
    const cell = (pre0: number, pre1: number, c: number, reduction: boolean) =>
      pre0 + pre1 * c + 14 * sepDil(c) + (reduction ? 8 * c * c : 0);
    const expected =
      stem +
      cell(6 * 2, 6, 2, false) +
      cell(6 * 4, 8, 4, true) +
      cell(8 * 8, 16, 8, true) + // preprocess0 after a reduction: FactorizedReduce(8 -> 8), 8 x 4 x 2
      32 * 4 +
      4;
    expect(net.params()).toBe(expected);
    expect(net.params()).toBe(dartsParameterCount({ channels: 2, layers: 3, inputChannels: 1, classes: 4 }));
    net.dispose();
  });

  it('a derived child has only its kept ops, with affine BN', () => {
    const net = tiny();
    const ops = new Array<number>(DARTS_ROWS).fill(0);
    ops[0] = op('sep_conv_3x3');
    ops[14] = op('max_pool_3x3');
    const child = net.params(ops);
    const noOps = net.params(new Array<number>(DARTS_ROWS).fill(0));
    // sep_conv_3x3 on C = 2 in the normal cell: 2 (9 * 2 + 2 * 2) + 2 BN of 2 x 2.
    expect(child - noOps).toBe(2 * (18 + 4) + 2 * 4);
    net.dispose();
  });
});

describe('DARTS supernet: weight sharing', () => {
  it('two children using one op on one edge share its variables, which a step of either moves', async () => {
    const net = tiny();
    const sep = op('sep_conv_3x3');
    const a = new Array<number>(DARTS_ROWS).fill(op('skip_connect'));
    const b = new Array<number>(DARTS_ROWS).fill(op('avg_pool_3x3'));
    a[1] = sep;
    b[1] = sep;
    const shared = net.opVariables(0, 1, sep);
    expect(shared.map((v) => v.name)).toHaveLength(4); // dw1, pw1, dw2, pw2 (BN without affine)
    expect(net.opVariables(0, 1, sep)[0]).toBe(shared[0]);
    const before = shared.map((v) => Array.from(v.dataSync()));
    await net.weightStep(range(6), { kind: 'child', ops: a }, 0.1);
    const afterA = shared.map((v) => Array.from(v.dataSync()));
    expect(afterA).not.toEqual(before);
    await net.weightStep(range(6), { kind: 'child', ops: b }, 0.1);
    expect(shared.map((v) => Array.from(v.dataSync()))).not.toEqual(afterA);
    // An op no child ran is untouched.
    const unused = net.opVariables(0, 1, op('dil_conv_5x5'));
    const unusedBefore = unused.map((v) => Array.from(v.dataSync()));
    await net.weightStep(range(6), { kind: 'child', ops: a }, 0.1);
    expect(unused.map((v) => Array.from(v.dataSync()))).toEqual(unusedBefore);
    net.dispose();
  });
});

describe('DARTS supernet: steps, memory and state', () => {
  it('alpha is [28, 8] and every kind of step keeps tf.memory().numTensors flat', async () => {
    const net = tiny();
    expect(net.edges).toBe(28);
    expect(net.ops).toBe(8);
    const alpha = await net.alpha();
    expect(alpha).toHaveLength(28);
    expect(alpha[0]).toHaveLength(8);
    const noise = gumbelNoise(new Rng(4), 28, 8);
    const derived = new Array<number>(DARTS_ROWS).fill(0);
    derived[0] = op('dil_conv_3x3');
    derived[1] = op('sep_conv_5x5');
    derived[14] = op('skip_connect');
    derived[15] = op('max_pool_3x3');
    const steps: [string, () => Promise<unknown>][] = [
      ['weightStep softmax', () => net.weightStep(range(4), SOFTMAX, 0.05)],
      ['weightStep child', () => net.weightStep(range(4), { kind: 'child', ops: derived }, 0.05)],
      ['alphaStep 1', () => net.alphaStep(range(4), { order: 1, trainBatch: range(4), lr: 0.05 })],
      ['jointStep', () => net.jointStep(range(4), { kind: 'gumbel', noise, temperature: 1 }, 0.05)],
      ['evaluate', () => net.evaluate(SOFTMAX)],
      ['saveState', () => net.saveState()],
    ];
    for (const [name, step] of steps) {
      const before = tf.memory().numTensors;
      await step();
      expect(tf.memory().numTensors, name).toBe(before);
    }
    const { grad } = await net.alphaStep(range(4), { order: 1, trainBatch: [], lr: 0 });
    // Both cells' rows get a gradient: the normal rows from cell 0, the reduction rows from 1, 2.
    expect(
      grad
        .slice(0, 14)
        .flat()
        .some((g) => g !== 0),
    ).toBe(true);
    expect(
      grad
        .slice(14)
        .flat()
        .some((g) => g !== 0),
    ).toBe(true);
    net.dispose();
  });

  it('loadState(saveState()) carries a supernet over; the derived child trains alone', async () => {
    const a = tiny(1);
    const b = tiny(2);
    await a.weightStep(range(6), SOFTMAX, 0.05);
    await a.alphaStep(range(6), { order: 1, trainBatch: [], lr: 0 });
    b.loadState(await a.saveState());
    expect(await b.evaluate(SOFTMAX)).toEqual(await a.evaluate(SOFTMAX));
    expect(await b.alpha()).toEqual(await a.alpha());
    const ops = new Array<number>(DARTS_ROWS).fill(0);
    ops[0] = op('sep_conv_3x3');
    ops[1] = op('skip_connect');
    ops[14] = op('skip_connect');
    ops[15] = op('avg_pool_3x3');
    const before = tf.memory().numTensors;
    const alone = await a.trainAlone(ops, { epochs: 1, batchSize: 3, lr: 0.05, lrMin: 0, seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(alone.curve).toHaveLength(1);
    expect(alone.params).toBe(a.params(ops));
    a.dispose();
    b.dispose();
  });
});
