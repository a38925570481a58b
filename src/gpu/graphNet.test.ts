/**
 * Converted tfjs graphs on the engine against tfjs itself (cpu backend), from the same weights and
 * batches: BlockQNN blocks (ReLU-Conv-BN, max and avg pooling, add with a 1x1 projection, concat,
 * identity, stage pooling), NAS-RL layers (conv-BN-ReLU, zero-padded concat, unequal strides) and
 * NASNet cells (separable and dilated convs, factorized reduce, pools). The
 * per-step losses, the trained weights with batch norm's moving statistics, and the evaluation
 * (moving statistics) agree. The reference's AvgPool gradient is made exact first: stock tfjs's
 * is not the gradient of its forward pass at SAME borders (testing.ts, exactAvgPoolGradient). Skips, saying why, only when no WebGPU adapter can be created.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMessage } from '../nas/message';
import { parseBlockString } from '../nas/spaces/block';
import { parseNasrlString } from '../nas/spaces/nasrlGraph';
import { buildBlockModel } from '../train/blockModel';
import { buildNasRlModel } from '../train/nasrlModel';
import { buildCellModel } from '../train/cellModel';
import { parseCellPairString } from '../nas/spaces/cell';
import { modelGraph } from './graph';
import { GraphNet } from './graphNet';
import { exactAvgPoolGradient, nodeEngine, randomValues, relativeError } from './testing';

const { engine, reason } = await nodeEngine();
if (!engine) console.warn(`GPU graph tests skipped: ${reason}`);

const SIDE = 8;
const CLASSES = 3;
const BATCH = 6;

/** Every layer kind of a BlockQNN block; its two unconsumed outputs (5 and 6) are concatenated. */
const BLOCK = '(1,1,3,0,0) (2,2,3,1,0) (3,3,3,0,0) (4,5,0,0,2) (5,6,0,3,4) (6,4,0,1,0) (7,7,0,0,0)';
/** Unequal strides and zero padding: L1 is 4x8, L2 reads it (padded) with the 8x8 L0. */
const NASRL = 'L0 3x3/1x1 4 <- img | L1 1x3/2x1 3 <- 0 | L2 3x1/1x2 5 <- 0,1';

/** Separable and dilated convs (cropped taps), 1x3-3x1, pools, concat, and a factorized reduce. */
const CELLS =
  'N[0,1:sep_conv_3x3,dil_conv_3x3:add|2,0:conv_1x3_3x1,avg_pool_3x3:concat] ' +
  'R[0,1:identity,max_pool_3x3:add|2,1:sep_conv_5x5,conv_1x1:add]';

const models: Record<string, () => tf.LayersModel> = {
  blockqnn: () =>
    buildBlockModel(
      {
        block: parseBlockString(BLOCK),
        network: { stages: 2, blocksPerStage: 1, baseWidth: 4 },
        classes: CLASSES,
      },
      [SIDE, SIDE, 1],
      3,
    ),
  nasrl: () => buildNasRlModel(parseNasrlString(NASRL), [SIDE, SIDE, 1], CLASSES, 3),
  nasnet: () =>
    buildCellModel(
      parseCellPairString(CELLS),
      { stacks: 2, cellsPerStack: 1, baseFilters: 4 },
      [SIDE, SIDE, 1],
      CLASSES,
      3,
    ),
};

function batchOf(step: number): { x: Float32Array<ArrayBuffer>; labels: Int32Array<ArrayBuffer> } {
  const x = randomValues(BATCH * SIDE * SIDE, 100 + step, 0, 1);
  const labels = Int32Array.from({ length: BATCH }, (_, i) => (i * 7 + step) % CLASSES);
  return { x, labels };
}

function tfjsLoss(
  model: tf.LayersModel,
  x: Float32Array,
  labels: Int32Array,
  train: boolean,
): Promise<number> | number {
  const xs = tf.tensor4d(x, [labels.length, SIDE, SIDE, 1]);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES);
  try {
    if (train) return model.trainOnBatch(xs, ys) as Promise<number>;
    return tf.tidy(
      () => tf.losses.softmaxCrossEntropy(ys, tf.log(model.predict(xs) as tf.Tensor)).dataSync()[0]!,
    );
  } finally {
    if (!train) tf.dispose([xs, ys]);
  }
}

describe('modelGraph', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  it('converts a BlockQNN network: its layers, weights in getWeights order, moving statistics not trained', () => {
    const model = models.blockqnn!();
    const answer = modelGraph(model);
    if (!answer.ok) throw new Error(formatMessage(answer.refusal));
    const kinds = new Set(answer.graph.nodes.map((n) => n.kind));
    for (const k of ['conv', 'relu', 'batchNorm', 'maxPool', 'avgPool', 'add', 'concat', 'gap', 'dense'])
      expect(kinds, k).toContain(k);
    expect(answer.graph.weights.map((w) => w.shape)).toEqual(model.getWeights().map((w) => w.shape));
    expect(answer.graph.weights.filter((w) => !w.trainable)).toHaveLength(model.nonTrainableWeights.length);
    expect(answer.graph.classes).toBe(CLASSES);
    model.dispose();
  });

  it('refuses a layer the engine does not compute, naming it', () => {
    const input = tf.input({ shape: [SIDE, SIDE, 1] });
    const up = tf.layers.upSampling2d({ size: [2, 2] }).apply(input);
    const flat = tf.layers.flatten().apply(up);
    const out = tf.layers.dense({ units: CLASSES, activation: 'softmax' }).apply(flat) as tf.SymbolicTensor;
    const answer = modelGraph(tf.model({ inputs: input, outputs: out }));
    const refusal = answer.ok ? null : answer.refusal;
    expect(refusal).toEqual({ code: 'engine.layer', params: { layer: 'UpSampling2D' } });
    expect(formatMessage(refusal!)).toBe('the engine has no UpSampling2D layer');
  });

  it('refuses a dilated convolution, and a model whose output is not a dense softmax', () => {
    const input = tf.input({ shape: [SIDE, SIDE, 1] });
    const dilated = tf.layers
      .conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same' })
      .apply(input);
    const head = tf.layers.dense({ units: CLASSES, activation: 'softmax' });
    const refused = modelGraph(
      tf.model({
        inputs: input,
        outputs: head.apply(tf.layers.flatten().apply(dilated)) as tf.SymbolicTensor,
      }),
    );
    const refusal = refused.ok ? null : refused.refusal;
    expect(refusal).toEqual({
      code: 'engine.setting',
      params: { layer: 'Conv2D', setting: { code: 'engineSetting.dilation', params: { value: '2x2' } } },
    });
    expect(formatMessage(refusal!)).toBe('the engine has no Conv2D with dilation 2x2');
    const flat = tf.layers.flatten().apply(input);
    const out = tf.layers.dense({ units: CLASSES, activation: 'linear' }).apply(flat) as tf.SymbolicTensor;
    const linear = modelGraph(tf.model({ inputs: input, outputs: out }));
    expect(linear.ok ? null : linear.refusal).toEqual({ code: 'engine.model' });
  });
});

describe.skipIf(!engine)('GraphNet vs tfjs (cpu)', { timeout: 120_000 }, () => {
  let restore = () => {};
  beforeAll(async () => {
    await tf.setBackend('cpu');
    // The block's 3x3 SAME average pool: compare with the exact gradient (see exactAvgPoolGradient).
    restore = exactAvgPoolGradient();
  });
  afterAll(() => restore());

  it.each(Object.keys(models))(
    '%s: the same loss at each Adam step, the same weights and moving statistics, the same evaluation',
    async (name) => {
      const model = models[name]!();
      model.compile({ optimizer: tf.train.adam(0.01, 0.9, 0.999), loss: 'categoricalCrossentropy' });
      const answer = modelGraph(model);
      if (!answer.ok) throw new Error(formatMessage(answer.refusal));
      const net = new GraphNet(
        engine!,
        answer.graph,
        { inputShape: [SIDE, SIDE, 1], batch: BATCH, optimizer: { kind: 'adam', learningRate: 0.01 } },
        model.getWeights().map((w) => w.dataSync() as Float32Array),
      );
      try {
        expect(net.parameterCount).toBe(model.countParams());
        // Before training: evaluation uses the moving statistics (0 and 1), as tfjs's predict does.
        const probe = batchOf(99);
        const before = await net.evaluate(probe.x, probe.labels);
        expect(Math.abs(before.loss - (await tfjsLoss(model, probe.x, probe.labels, false)))).toBeLessThan(
          1e-4,
        );
        const ours: number[] = [];
        const theirs: number[] = [];
        for (let s = 0; s < 3; s++) {
          const { x, labels } = batchOf(s);
          net.step(x, labels);
          theirs.push(await tfjsLoss(model, x, labels, true));
        }
        // A short last batch of an epoch: its own recorded step.
        const short = batchOf(3);
        net.step(short.x.slice(0, 4 * SIDE * SIDE), short.labels.slice(0, 4));
        theirs.push(await tfjsLoss(model, short.x.slice(0, 4 * SIDE * SIDE), short.labels.slice(0, 4), true));
        ours.push(...(await net.readStats()).losses);
        for (let s = 0; s < ours.length; s++)
          expect(Math.abs(ours[s]! - theirs[s]!), `step ${s + 1}: ${ours} vs ${theirs}`).toBeLessThan(1e-4);
        expect(ours[3]).not.toBeCloseTo(ours[0]!, 3); // it trains
        const trained = await net.getWeights();
        const reference = model.getWeights();
        trained.forEach((w, i) => {
          const err = relativeError(w, reference[i]!.dataSync());
          expect(err, `weight ${i} ${reference[i]!.shape}`).toBeLessThan(1e-3);
        });
        const after = await net.evaluate(probe.x, probe.labels);
        expect(Math.abs(after.loss - (await tfjsLoss(model, probe.x, probe.labels, false)))).toBeLessThan(
          1e-3,
        );
      } finally {
        net.dispose();
        model.dispose();
      }
    },
  );
});
