import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../nas/rng';
import {
  CELL_OPS,
  PAPER_CELL_SPACE,
  parseCellPairString,
  randomCellPair,
  type CellNetworkConfig,
  type CellPair,
} from '../nas/spaces/cell';
import { buildCellModel, dilationTaps } from './cellModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** One training step of `model` on random 8x8 images; returns the loss. */
async function oneStep(model: tf.LayersModel, input: [number, number, number], classes: number) {
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
  const x = tf.randomUniform([4, ...input], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), classes);
  const loss = (await model.trainOnBatch(x, y)) as number;
  tf.dispose([x, y]);
  return loss;
}

/**
 * Every one of the 13 ops in both cells, both combines, and pools and identities reading a concat
 * block (2F wide, so they need the 1x1 projection) and cell inputs (stride 2 in the reduction cell).
 */
const ALL_OPS = CELL_OPS.map((op, b) => {
  const other = CELL_OPS[(b + 5) % CELL_OPS.length]!;
  const inputs = b === 0 ? '0,1' : `${b + 1},${b % 2}`;
  return `${inputs}:${op},${other}:${b % 3 === 0 ? 'concat' : 'add'}`;
}).join('|');
const EVERY_OP: CellPair = parseCellPairString(`N[${ALL_OPS}] R[${ALL_OPS}]`);

const TINY: CellNetworkConfig = { stacks: 2, cellsPerStack: 1, baseFilters: 4 };

describe('buildCellModel', () => {
  it('builds every op in both cells; softmax over the classes and a finite loss after one step', async () => {
    const model = buildCellModel(EVERY_OP, TINY, [8, 8, 1], 3, 1);
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    const loss = await oneStep(model, [8, 8, 1], 3);
    expect(Number.isFinite(loss)).toBe(true);
    model.dispose();
  });

  it('trains random paper-space pairs with 3 stacks (two reductions, odd map sizes)', async () => {
    const rng = new Rng(4);
    for (let i = 0; i < 3; i++) {
      const pair = randomCellPair({ ...PAPER_CELL_SPACE, blocks: 3 }, rng);
      const model = buildCellModel(pair, { stacks: 3, cellsPerStack: 1, baseFilters: 3 }, [7, 7, 2], 4, i);
      expect(model.outputs[0]!.shape).toEqual([null, 4]);
      expect(Number.isFinite(await oneStep(model, [7, 7, 2], 4))).toBe(true);
      model.dispose();
    }
  });

  it('has plausible parameter counts: identities only < sep convs, ~4x for twice the filters', () => {
    const cell = (op: string) =>
      parseCellPairString(
        `N[0,1:${op},${op}:add|2,0:${op},${op}:add] R[0,1:${op},${op}:add|2,1:${op},${op}:add]`,
      );
    const count = (pair: CellPair, baseFilters: number) => {
      const model = buildCellModel(pair, { stacks: 2, cellsPerStack: 2, baseFilters }, [8, 8, 3], 10);
      const params = model.countParams();
      model.dispose();
      return params;
    };
    const identity = count(cell('identity'), 16);
    const sep = count(cell('sep_conv_3x3'), 16);
    const conv = count(cell('conv_3x3'), 16);
    expect(identity).toBeLessThan(sep);
    expect(sep).toBeLessThan(conv);
    // Conv weights grow with F^2: doubling the filters multiplies the total by about 4.
    const ratio = count(cell('conv_3x3'), 32) / conv;
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(4.2);
    // A conv 3x3 cell pair at F = 16: per normal cell 2 x 1x1 (16*16) + 4 x 3x3 (9*16*16) ~ 9.7k.
    expect(conv).toBeGreaterThan(20_000);
    expect(conv).toBeLessThan(200_000);
  });

  it('is deterministic in the seed', () => {
    const a = buildCellModel(EVERY_OP, TINY, [8, 8, 1], 3, 7);
    const b = buildCellModel(EVERY_OP, TINY, [8, 8, 1], 3, 7);
    const wa = a.getWeights()[0]!.dataSync();
    const wb = b.getWeights()[0]!.dataSync();
    expect(Array.from(wa)).toEqual(Array.from(wb));
    a.dispose();
    b.dispose();
  });

  it('builds dil conv 3x3 from 9 taps and a 1x1 conv: equal to tfjs conv2d with dilation 2', () => {
    const input = tf.input({ shape: [6, 5, 2] });
    const taps = tf.model({ inputs: input, outputs: dilationTaps(input) });
    const x = tf.randomNormal([2, 6, 5, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
    const kernel = tf.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 5) as tf.Tensor4D;
    const viaTaps = tf.conv2d(
      taps.predict(x) as tf.Tensor4D,
      kernel.reshape<tf.Tensor4D>([1, 1, 18, 4]),
      1,
      'same',
    );
    const dilated = tf.conv2d(x, kernel, 1, 'same', 'NHWC', 2);
    expect(viaTaps.shape).toEqual([2, 6, 5, 4]);
    expect(tf.max(tf.abs(tf.sub(viaTaps, dilated))).dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([x, kernel, viaTaps, dilated]);
    taps.dispose();
  });

  it('rejects an empty network', () => {
    expect(() => buildCellModel(EVERY_OP, { ...TINY, stacks: 0 }, [8, 8, 1], 3)).toThrow(/stacks/);
  });
});
