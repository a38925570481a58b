/**
 * The PyTorch export of the tfjs models of every trainable space, run for real in Debian's
 * PyTorch (pythonTesting.ts): the parameter count and the outputs of the tfjs model.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBlockString } from '../nas/spaces/block';
import { parseCellPairString } from '../nas/spaces/cell';
import { parseNasrlString } from '../nas/spaces/nasrlGraph';
import { buildBlockModel } from './blockModel';
import { buildCellModel } from './cellModel';
import { buildLayersModel } from './model';
import { buildNasRlModel } from './nasrlModel';
import { runPytorch } from './pythonTesting';
import { pytorchOfModel } from './pytorchModel';

const CLASSES = 3;

/** Every layer kind of a BlockQNN block (as src/gpu/graphNet.test.ts). */
const BLOCK = '(1,1,3,0,0) (2,2,3,1,0) (3,3,3,0,0) (4,5,0,0,2) (5,6,0,3,4) (6,4,0,1,0) (7,7,0,0,0)';
/** Unequal strides and zero padding: L1 is 4x8, L2 reads it (padded) with the 8x8 L0. */
const NASRL = 'L0 3x3/1x1 4 <- img | L1 1x3/2x1 3 <- 0 | L2 3x1/1x2 5 <- 0,1';
/** Separable and dilated convs (cropped taps), 1x3-3x1, pools, concat, and a factorized reduce. */
const CELLS =
  'N[0,1:sep_conv_3x3,dil_conv_3x3:add|2,0:conv_1x3_3x1,avg_pool_3x3:concat] ' +
  'R[0,1:identity,max_pool_3x3:add|2,1:sep_conv_5x5,conv_1x7_7x1:add]';

const models: [string, number, () => tf.LayersModel][] = [
  [
    'a MetaQNN chain (conv, pools, flatten, dense, dropout)',
    9,
    () =>
      buildLayersModel(
        {
          layers: [
            { kind: 'conv', filters: 4, size: 3, stride: 1 },
            { kind: 'pool', size: 2, stride: 2 },
            { kind: 'conv', filters: 5, size: 2, stride: 1 },
            { kind: 'pool', size: 3, stride: 1 },
            { kind: 'fc', units: 6 },
          ],
          classes: CLASSES,
        },
        { inputShape: [9, 9, 1], seed: 2, dropout: true },
      ),
  ],
  [
    'a BlockQNN block',
    8,
    () =>
      buildBlockModel(
        {
          block: parseBlockString(BLOCK),
          network: { stages: 2, blocksPerStage: 1, baseWidth: 4 },
          classes: CLASSES,
        },
        [8, 8, 1],
        3,
      ),
  ],
  ['NAS-RL layers', 8, () => buildNasRlModel(parseNasrlString(NASRL), [8, 8, 1], CLASSES, 3)],
  // An imported RGB dataset (#20): three input channels.
  ['NAS-RL layers on RGB images', 8, () => buildNasRlModel(parseNasrlString(NASRL), [8, 8, 3], CLASSES, 3)],
  [
    'NASNet cells',
    7,
    () =>
      buildCellModel(
        parseCellPairString(CELLS),
        { stacks: 2, cellsPerStack: 1, baseFilters: 4 },
        [7, 7, 1],
        CLASSES,
        3,
      ),
  ],
];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('pytorchOfModel', () => {
  it.each(models)(
    'translates %s: the same parameters and outputs in PyTorch',
    async (_, side, build) => {
      const model = build();
      // Non-trivial BN statistics, so that their translation is checked too.
      for (const w of model.weights)
        if (/moving_(mean|variance)/.test(w.originalName))
          w.write(tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', w.originalName.length));
      const channels = model.inputs[0]!.shape[3]!;
      const images = tf.randomUniform([3, side, side, channels], 0, 1, 'float32', 4);
      const expected = (model.predict(images) as tf.Tensor).arraySync() as number[][];
      const before = tf.memory().numTensors;
      const { source, tensors } = await pytorchOfModel(model, 'net.safetensors');
      expect(tf.memory().numTensors).toBe(before);
      const torch = runPytorch(
        source(['A test network']),
        tensors,
        'net.safetensors',
        images.arraySync() as number[][][][],
      );
      const trainable = model.trainableWeights.reduce(
        (sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
        0,
      );
      expect(torch.params).toBe(trainable);
      expect(torch.cli).toBe(`${trainable} parameters`);
      torch.probs.forEach((row, i) =>
        row.forEach((p, c) => expect(Math.abs(p - expected[i]![c]!)).toBeLessThan(1e-4)),
      );
      images.dispose();
      model.dispose();
    },
    60_000,
  );

  it('refuses a layer it has no translation for, by name, leaving no tensor behind', async () => {
    const input = tf.input({ shape: [4, 4, 1] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }).apply(input);
    const out = tf.layers.upSampling2d({ name: 'up' }).apply(conv) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const before = tf.memory().numTensors;
    await expect(pytorchOfModel(model, 'w')).rejects.toThrow(/layer up \(UpSampling2D\)/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
