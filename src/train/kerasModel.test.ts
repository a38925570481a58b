/**
 * The Keras export of the tfjs models of every trainable space. No Keras runtime is installable
 * here, so the check is: the generated file compiles (py_compile), then it runs for real in
 * Python (numpy reads the safetensors) against a stand-in `keras` package that records the
 * layers the file builds, their keyword arguments and wiring, and the arrays its loader hands to
 * `set_weights`. The recorded graph is read back as a Keras functional config by tfjs's
 * Keras-layers reader (tf.models.modelFromJSON), given the recorded weights, and must have the
 * original's parameter count and outputs within 1e-4.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../nas/export/safetensors';
import { parseBlockString } from '../nas/spaces/block';
import { parseCellPairString } from '../nas/spaces/cell';
import { parseNasrlString } from '../nas/spaces/nasrlGraph';
import { buildBlockModel } from './blockModel';
import { buildCellModel } from './cellModel';
import { kerasOfModel } from './kerasModel';
import { buildLayersModel } from './model';
import { buildNasRlModel } from './nasrlModel';
import { readRecordedKeras, recordKeras } from './pythonTesting';
import { buildNb201LayersModel } from './supernet/layersModel';

const CLASSES = 3;
const BLOCK = '(1,1,3,0,0) (2,2,3,1,0) (3,3,3,0,0) (4,5,0,0,2) (5,6,0,3,4) (6,4,0,1,0) (7,7,0,0,0)';
const NASRL = 'L0 3x3/1x1 4 <- img | L1 1x3/2x1 3 <- 0 | L2 3x1/1x2 5 <- 0,1';
const CELLS =
  'N[0,1:sep_conv_3x3,dil_conv_3x3:add|2,0:conv_1x3_3x1,avg_pool_3x3:concat] ' +
  'R[0,1:identity,max_pool_3x3:add|2,1:sep_conv_5x5,conv_1x7_7x1:add]';

const models: [string, number, number, () => tf.LayersModel][] = [
  [
    'a MetaQNN chain (conv, pools, flatten, dense, dropout)',
    9,
    1,
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
    1,
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
  ['NAS-RL layers', 8, 1, () => buildNasRlModel(parseNasrlString(NASRL), [8, 8, 1], CLASSES, 3)],
  [
    'NASNet cells',
    7,
    1,
    () =>
      buildCellModel(
        parseCellPairString(CELLS),
        { stacks: 2, cellsPerStack: 1, baseFilters: 4 },
        [7, 7, 1],
        CLASSES,
        3,
      ),
  ],
  [
    "a one-shot run's NAS-Bench-201 derived cell (every op, a zero edge, the reduction blocks)",
    8,
    2,
    () =>
      buildNb201LayersModel(
        // Edges 1->0 none, then conv 3x3, skip, conv 1x1, avg pool, conv 3x3.
        {
          channels: 4,
          cellsPerStage: 1,
          inputChannels: 2,
          classes: CLASSES,
          cellOps: [0, 3, 1, 2, 4, 3],
          cellAffine: true,
        },
        [8, 8],
      ).model,
  ],
];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('kerasOfModel', () => {
  it.each(models)(
    'writes %s as Keras: tfjs reads the recorded model back with the same parameters and outputs',
    async (_, side, channels, build) => {
      const model = build();
      // Non-zero weights everywhere (some start at zero) and non-trivial BN statistics.
      model.weights.forEach((w, i) => {
        const [low, high] = /moving_variance|gamma/.test(w.originalName) ? [0.5, 1.5] : [-0.5, 0.5];
        w.write(tf.randomUniform(w.shape as number[], low, high, 'float32', 10 + i));
      });
      const images = tf.randomUniform([3, side, side, channels], 0, 1, 'float32', 4);
      const expected = (model.predict(images) as tf.Tensor).arraySync() as number[][];
      const before = tf.memory().numTensors;
      const { source, tensors } = await kerasOfModel(model, 'w.safetensors');
      expect(tf.memory().numTensors).toBe(before);
      const text = source(['A test network, seed 3']);
      expect(text).toContain('# A test network, seed 3');

      const { recorded, cli } = recordKeras(text, 'w.safetensors', encodeSafetensors(tensors));
      const read = await readRecordedKeras(recorded);
      expect(read.countParams()).toBe(model.countParams());
      expect(cli).toBe(`${model.countParams()} parameters`);
      // A tf.sequential model lists no InputLayer; the functional model read back does.
      const described = (m: tf.LayersModel) =>
        m.layers
          .filter((l) => l.getClassName() !== 'InputLayer')
          .map((l) => [l.name, l.getClassName(), l.trainable]);
      expect(described(read)).toEqual(described(model));
      const outputs = (read.predict(images) as tf.Tensor).arraySync() as number[][];
      outputs.forEach((row, i) =>
        row.forEach((p, c) => expect(Math.abs(p - expected[i]![c]!)).toBeLessThan(1e-4)),
      );
      images.dispose();
      model.dispose();
      read.dispose();
    },
    60_000,
  );

  it('refuses a layer it has no translation for, by name', async () => {
    const input = tf.input({ shape: [4, 4, 1] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }).apply(input);
    const out = tf.layers.upSampling2d({ name: 'up' }).apply(conv) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    await expect(kerasOfModel(model, 'w')).rejects.toThrow(/Keras export: layer up \(UpSampling2D\)/);
    model.dispose();
  });
});
