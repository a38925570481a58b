import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TrainingConfig } from '../nas/config';
import { presetConfig } from '../nas/presets';
import { describeArchitecture, parseNetString } from '../nas/spaces/layers';
import { Rng } from '../nas/rng';
import type { TrainValSplit } from '../data/format';
import { disposeTrainingTensors, toTrainingTensors, type TrainingTensors } from './data';
import { buildLayersModel, dropoutRates } from './model';
import { isNoBetterThanChance, learningRateAt, permutation } from './schedule';
import { trainArchitecture } from './trainer';
import type { Architecture } from '../nas/architecture';
import { parseBlockString } from '../nas/spaces/block';

/** A chain architecture from its net string. */
const layers = (net: string): Architecture => ({ space: 'layers', layers: parseNetString(net) });

/** Synthetic 8x8 images: class c is a bright square in one of 4 positions plus noise. */
function syntheticSplit(nTrain: number, nVal: number, classes = 4, size = 8): TrainValSplit {
  const rng = new Rng(7);
  const make = (n: number) => {
    const x = new Float32Array(n * size * size);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % classes;
      labels[i] = c;
      const oy = c < 2 ? 0 : size / 2;
      const ox = c % 2 === 0 ? 0 : size / 2;
      for (let y = 0; y < size; y++) {
        for (let xx = 0; xx < size; xx++) {
          const inside = y >= oy && y < oy + size / 2 && xx >= ox && xx < ox + size / 2;
          x[i * size * size + y * size + xx] = (inside ? 0.8 : 0) + 0.2 * rng.next();
        }
      }
    }
    return { n, size, channels: 1 as const, x, labels };
  };
  return { train: make(nTrain), val: make(nVal), classes };
}

const training: TrainingConfig = {
  ...presetConfig('test').training,
  epochs: 2,
  batchSize: 16,
  learningRate: 0.01,
  maxRestarts: 0,
};

let data: TrainingTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('model builder', () => {
  it('matches the parameter counts of describeArchitecture', () => {
    for (const net of [
      'C(4,3,1) P(2,2) FC(8) SM(10)',
      'C(8,1,1) C(4,3,1) GAP SM(10)',
      'FC(16) FC(16) SM(10)',
      'SM(10)',
    ]) {
      const arch = parseNetString(net);
      const model = buildLayersModel(arch, { inputShape: [14, 14, 1], seed: 1, dropout: true });
      expect(model.countParams(), net).toBe(describeArchitecture(arch, [14, 14, 1]).params);
      expect(model.outputs[0]!.shape).toEqual([null, 10]);
      model.dispose();
    }
  });

  it("pools with VALID padding: R' = ceil((R - f + 1) / s)", () => {
    const model = buildLayersModel(parseNetString('C(2,3,1) P(5,3) SM(10)'), {
      inputShape: [14, 14, 1],
      seed: 1,
      dropout: false,
    });
    expect(model.layers[1]!.outputShape).toEqual([null, 4, 4, 2]);
    model.dispose();
  });

  it('refuses a pool larger than its input without leaking weights', () => {
    const before = tf.memory().numTensors;
    expect(() =>
      buildLayersModel(parseNetString('C(2,3,1) P(3,2) C(2,3,1) P(3,2) C(2,3,1) P(3,2) SM(10)'), {
        inputShape: [8, 8, 1],
        seed: 1,
        dropout: false,
      }),
    ).toThrow(/does not fit a 1x1 feature map/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('places dropout after every 2 layers with p_i = i / 2n', () => {
    expect([...dropoutRates(5)]).toEqual([
      [2, 0.25],
      [4, 0.5],
    ]);
    expect(dropoutRates(1).size).toBe(0);
  });

  it('initialises weights from the seed (same seed, same weights)', () => {
    const arch = parseNetString('C(4,3,1) FC(8) SM(10)');
    const weights = (seed: number) => {
      const model = buildLayersModel(arch, { inputShape: [8, 8, 1], seed, dropout: false });
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    expect(weights(3)).toEqual(weights(3));
    expect(weights(3)).not.toEqual(weights(4));
  });
});

describe('training schedule', () => {
  it('decays the learning rate every lrDecayEvery epochs and lowers it on restart', () => {
    const cfg = {
      ...training,
      learningRate: 0.001,
      lrDecayFactor: 0.2,
      lrDecayEvery: 5,
      restartLrFactor: 0.4,
    };
    expect(learningRateAt(cfg, 0, 5)).toBeCloseTo(0.001);
    expect(learningRateAt(cfg, 0, 6)).toBeCloseTo(0.0002);
    expect(learningRateAt(cfg, 2, 1)).toBeCloseTo(0.00016);
  });

  it('treats accuracy up to 1/classes + 0.01 as chance', () => {
    expect(isNoBetterThanChance(0.1, 10)).toBe(true);
    expect(isNoBetterThanChance(0.11, 10)).toBe(true);
    expect(isNoBetterThanChance(0.12, 10)).toBe(false);
  });

  it('shuffles with a seeded permutation', () => {
    const p = permutation(10, new Rng(1));
    expect([...p].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(permutation(10, new Rng(1))).toEqual(p);
  });
});

describe('trainArchitecture (tfjs cpu)', () => {
  beforeAll(() => {
    data = toTrainingTensors(syntheticSplit(64, 32));
    return () => disposeTrainingTensors(data);
  });

  it('learns a separable task, reports progress and frees every tensor of every model', async () => {
    const before = tf.memory().numTensors;
    const progress: { epoch: number; batch: number }[] = [];
    const a = await trainArchitecture(layers('C(4,3,1) P(2,2) FC(8) SM(4)'), data, training, {
      seed: 11,
      onProgress: (p) => progress.push({ epoch: p.epoch, batch: p.batch }),
      progressIntervalMs: 0,
    });
    const afterFirst = tf.memory().numTensors;
    const b = await trainArchitecture(
      layers('C(4,1,1) GAP SM(4)'),
      data,
      { ...training, dropout: true },
      { seed: 12 },
    );
    expect(afterFirst).toBe(before);
    expect(tf.memory().numTensors).toBe(before);

    expect(a.curve).toHaveLength(2);
    expect(a.accuracy).toBe(Math.max(...a.curve));
    expect(a.accuracy).toBeGreaterThan(0.5);
    expect(a.params).toBe(
      describeArchitecture(parseNetString('C(4,3,1) P(2,2) FC(8) SM(4)'), [8, 8, 1]).params,
    );
    expect(a.backend).toBe('cpu');
    expect(a.restarts).toBe(0);
    expect(a.trainMs).toBeGreaterThan(0);
    expect(b.curve).toHaveLength(2);
    // 4 batches per epoch, all reported with a zero interval, plus one report after validation.
    expect(progress.filter((p) => p.epoch === 1)).toHaveLength(5);
  });

  it('is deterministic for a seed', async () => {
    const arch = layers('C(4,3,1) FC(8) SM(4)');
    const one = await trainArchitecture(arch, data, training, { seed: 5 });
    const two = await trainArchitecture(arch, data, training, { seed: 5 });
    expect(two.curve).toEqual(one.curve);
  });

  it('trains a BlockQNN network (a residual block, 2 stages) and frees every tensor', async () => {
    const arch: Architecture = {
      space: 'block',
      network: {
        block: parseBlockString('(1,1,3,0,0) (2,1,3,1,0) (3,5,0,0,2) (4,7,0,0,0)'),
        network: { stages: 2, blocksPerStage: 1, baseWidth: 4 },
        classes: 4,
      },
    };
    // Global average pooling cannot see where a square is, so this task tells the classes by
    // brightness: class c has mean intensity 0.1 + 0.25 c.
    const split = syntheticSplit(64, 32);
    for (const part of [split.train, split.val]) {
      part.labels.forEach((c, i) => part.x.fill(0.1 + 0.25 * c, i * 64, (i + 1) * 64));
      part.x.forEach((v, j) => (part.x[j] = v + 0.05 * Math.sin(j)));
    }
    const bright = toTrainingTensors(split);
    const before = tf.memory().numTensors;
    const result = await trainArchitecture(arch, bright, { ...training, epochs: 4 }, { seed: 21 });
    disposeTrainingTensors(bright);
    expect(tf.memory().numTensors).toBe(before - 4);
    expect(result.curve).toHaveLength(4);
    expect(result.accuracy).toBeGreaterThan(0.4); // chance is 0.25
    // Counted by hand (BN: gamma, beta, moving mean and variance; convs without bias).
    // Stage 1 (1 -> 4): conv 3x3 1*4*9 = 36, BN 16; conv 3x3 4*4*9 = 144, BN 16; add projects
    // the 1-channel input by a 1x1 conv, 4; output 1x1 conv 16, BN 16: 248.
    // Stage 2 (4 -> 8): 288 + 32 + 576 + 32 + 32 (projection 4 -> 8) + 64 + 32 = 1,056.
    // Softmax: 8 * 4 + 4 = 36.
    expect(result.params).toBe(248 + 1056 + 36);
  });

  it('restarts at a lower learning rate when epoch 1 is no better than chance', async () => {
    // A learning rate this large makes the softmax saturate: accuracy stays at chance.
    const cfg = { ...training, epochs: 1, learningRate: 1e4, restartLrFactor: 1, maxRestarts: 2 };
    const before = tf.memory().numTensors;
    const result = await trainArchitecture(layers('FC(8) SM(4)'), data, cfg, { seed: 3 });
    expect(result.restarts).toBe(2);
    expect(result.curve).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
