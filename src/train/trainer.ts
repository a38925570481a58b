/**
 * Trains one sampled network the MetaQNN way with tfjs: Adam (b1 0.9, b2 0.999) under the shared
 * schedule of schedule.ts (seeded shuffling, learning-rate decay, validation after every epoch,
 * reward = best validation accuracy, the restart rule). Every tensor of a model is disposed before
 * the result is returned, so tf.memory() does not grow from model to model.
 */
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '../nas/architecture';
import type { TrainingConfig } from '../nas/config';
import type { EvalResult } from '../nas/search';
import { buildModel } from './model';
import type { TrainingTensors } from './data';
import { runSchedule, type ScheduleOptions } from './schedule';

export interface TrainOptions extends ScheduleOptions {
  /** Given the trained model of the final (re)start before it is disposed (to save it). */
  onTrained?: (model: tf.LayersModel) => Promise<void>;
}

/** Images per validation forward pass. */
const EVAL_CHUNK = 256;

/** Fraction of validation images whose arg-max prediction is the label. */
export async function validationAccuracy(model: tf.LayersModel, data: TrainingTensors): Promise<number> {
  let correct = 0;
  for (let start = 0; start < data.nVal; start += EVAL_CHUNK) {
    const size = Math.min(EVAL_CHUNK, data.nVal - start);
    const hits = tf.tidy(() => {
      const x = data.xVal.slice([start, 0, 0, 0], [size, -1, -1, -1]);
      const y = data.yVal.slice([start], [size]);
      const predicted = (model.predict(x) as tf.Tensor).argMax(-1);
      return predicted.equal(y).sum();
    });
    correct += (await hits.data())[0]!;
    hits.dispose();
  }
  return correct / data.nVal;
}

async function trainBatch(
  model: tf.LayersModel,
  data: TrainingTensors,
  indices: Int32Array,
): Promise<number> {
  const [x, y] = tf.tidy(() => {
    const idx = tf.tensor1d(indices, 'int32');
    return [tf.gather(data.xTrain, idx), tf.oneHot(tf.gather(data.yTrain, idx), data.classes)];
  });
  try {
    const loss = await model.trainOnBatch(x, y);
    return Array.isArray(loss) ? loss[0]! : loss;
  } finally {
    tf.dispose([x, y]);
  }
}

/** Trains `arch` on `data` under `training`; the reward is the best validation accuracy. */
export async function trainArchitecture(
  arch: Architecture,
  data: TrainingTensors,
  training: TrainingConfig,
  options: TrainOptions,
): Promise<EvalResult> {
  const result = await runSchedule(training, data, options, (seeds) => {
    const model = buildModel(arch, {
      inputShape: [data.size, data.size, data.channels],
      seed: seeds.init,
      dropout: training.dropout,
    });
    const optimizer = tf.train.adam(seeds.learningRate, 0.9, 0.999);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    let loss = NaN;
    return {
      params: model.countParams(),
      // Adam reads its learning rate on every step; changing it keeps the moment estimates.
      setLearningRate: (lr) => ((optimizer as unknown as { learningRate: number }).learningRate = lr),
      step: async (indices) => {
        loss = await trainBatch(model, data, indices);
      },
      loss: async () => loss,
      validate: () => validationAccuracy(model, data),
      finish: async () => {
        await options.onTrained?.(model);
      },
      dispose: () => {
        model.dispose();
        optimizer.dispose();
      },
    };
  });
  return { ...result, backend: tf.getBackend() };
}
