import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeTrainingTensors, type TrainingTensors } from '../data';
import { validationAccuracy } from '../trainer';
import { exportDerivedCell } from './exportCell';
import { trainStandalone } from './standalone';
import { DARTS_WEIGHTS, syntheticTensors } from './testing';

let data: TrainingTensors;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  data = syntheticTensors(24, 12);
});

afterAll(() => disposeTrainingTensors(data));

describe('exportDerivedCell', () => {
  it('trains the cell as the run did and saves a model that reloads with the accuracy it reports', async () => {
    const skeleton = { channels: 2, cellsPerStage: 1, inputChannels: 1, classes: 4 };
    const ops = [3, 1, 2, 0, 4, 3];
    const schedule = { epochs: 2, batchSize: 8, lr: 0.05, lrMin: 0.001, seed: 4 };
    const before = tf.memory().numTensors;
    const exported = await exportDerivedCell(
      data,
      skeleton,
      DARTS_WEIGHTS,
      ops,
      schedule,
      'cell.weights.bin',
    );
    expect(tf.memory().numTensors).toBe(before);
    // The same training as the run's (same seed): the same curve.
    const alone = await trainStandalone(data, skeleton, DARTS_WEIGHTS, ops, schedule);
    expect(exported.trained.curve).toEqual(alone.curve);

    const { modelJson, weightData } = exported.files;
    expect(modelJson.weightsManifest[0]!.paths).toEqual(['./cell.weights.bin']);
    const specs = modelJson.weightsManifest[0]!.weights;
    const elements = specs.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(weightData.byteLength).toBe(4 * elements);
    // The BN running statistics were calibrated: no moving variance is left at tfjs's 1s.
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData }),
    );
    const variances = model.weights.filter((w) => w.name.includes('moving_variance'));
    expect(variances.length).toBeGreaterThan(0);
    for (const v of variances) expect([...(await v.read().data())].some((x) => x !== 1)).toBe(true);
    expect(await validationAccuracy(model, data)).toBe(exported.accuracy);
    model.dispose();
  });
});
