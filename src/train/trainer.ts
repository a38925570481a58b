/**
 * Trains one sampled network the MetaQNN way (SPEC §2 "Training each sampled net"): Adam
 * (b1 0.9, b2 0.999), seeded shuffling per epoch, learning rate x lrDecayFactor every
 * lrDecayEvery epochs, validation accuracy after every epoch, reward = best validation accuracy,
 * and the restart rule at a lower learning rate. Every tensor of a model is disposed before
 * the result is returned, so tf.memory() does not grow from model to model.
 */
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '../nas/architecture';
import type { TrainingConfig } from '../nas/config';
import { Rng } from '../nas/rng';
import type { EvalResult } from '../nas/search';
import type { TrainingProgress } from '../worker/protocol';
import { buildModel } from './model';
import type { TrainingTensors } from './data';

/** Progress of the model being trained, reported between batches (the worker adds index and arch). */
export type BatchProgress = Omit<TrainingProgress, 'index' | 'arch'>;

export interface TrainOptions {
  /** Seed of weight initialisation, dropout and shuffling (EvalContext.trainingSeed). */
  seed: number;
  /** Called at most every `progressIntervalMs`, and always for the last batch of an epoch. */
  onProgress?: (p: BatchProgress) => void;
  /** Minimum time between two progress reports (default 50 ms: at most ~20 per second). */
  progressIntervalMs?: number;
  /** Longest stretch without yielding to the event loop (default 20 ms), so messages get in. */
  yieldIntervalMs?: number;
  /** Given the trained model of the final (re)start before it is disposed (to save it). */
  onTrained?: (model: tf.LayersModel) => Promise<void>;
}

/** Images per validation forward pass. */
const EVAL_CHUNK = 256;

/**
 * The restart rule's "no better than chance": validation accuracy at most 1/classes + 0.01
 * (one point of slack so that a constant predictor that lands a little above 10% by the class
 * mix of the validation subset still counts as chance).
 */
export function isNoBetterThanChance(accuracy: number, classes: number): boolean {
  return accuracy <= 1 / classes + 0.01;
}

/** Learning rate of a 1-based epoch of a start: decays every `lrDecayEvery` epochs. */
export function learningRateAt(training: TrainingConfig, restart: number, epoch: number): number {
  const start = training.learningRate * training.restartLrFactor ** restart;
  const every = Math.max(1, training.lrDecayEvery);
  return start * training.lrDecayFactor ** Math.floor((epoch - 1) / every);
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates driven by `rng`). */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const now = (): number => performance.now();

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
  const started = now();
  const progressInterval = options.progressIntervalMs ?? 50;
  const yieldInterval = options.yieldIntervalMs ?? 20;
  const epochs = Math.max(1, training.epochs);
  const batchSize = Math.max(1, training.batchSize);
  const batches = Math.ceil(data.nTrain / batchSize);
  let lastProgress = -Infinity;
  let lastYield = now();
  let restart = 0;

  for (;;) {
    const start = new Rng(options.seed).fork(`start-${restart}`);
    const shuffle = start.fork('shuffle');
    const model = buildModel(arch, {
      inputShape: [data.size, data.size, 1],
      seed: start.fork('init').nextUint32(),
      dropout: training.dropout,
    });
    const params = model.countParams();
    const optimizer = tf.train.adam(learningRateAt(training, restart, 1), 0.9, 0.999);
    let again = false;
    let loss = NaN;
    const curve: number[] = [];
    try {
      model.compile({ optimizer, loss: 'categoricalCrossentropy' });
      for (let epoch = 1; epoch <= epochs; epoch++) {
        // Adam reads its learning rate on every step; changing it keeps the moment estimates.
        (optimizer as unknown as { learningRate: number }).learningRate = learningRateAt(
          training,
          restart,
          epoch,
        );
        const order = permutation(data.nTrain, shuffle);
        const valAccuracy = curve.length > 0 ? curve[curve.length - 1]! : null;
        for (let batch = 1; batch <= batches; batch++) {
          const indices = order.subarray((batch - 1) * batchSize, Math.min(batch * batchSize, data.nTrain));
          loss = await trainBatch(model, data, indices);
          const t = now();
          if (options.onProgress && (batch === batches || t - lastProgress >= progressInterval)) {
            lastProgress = t;
            options.onProgress({ epoch, epochs, batch, batches, loss, valAccuracy, restart });
          }
          if (t - lastYield >= yieldInterval) {
            await nextMacrotask();
            lastYield = now();
          }
        }
        const accuracy = await validationAccuracy(model, data);
        curve.push(accuracy);
        options.onProgress?.({
          epoch,
          epochs,
          batch: batches,
          batches,
          loss,
          valAccuracy: accuracy,
          restart,
        });
        if (epoch === 1 && restart < training.maxRestarts && isNoBetterThanChance(accuracy, data.classes)) {
          again = true;
          break;
        }
      }
      if (!again) await options.onTrained?.(model);
    } finally {
      model.dispose();
      optimizer.dispose();
    }
    if (!again) {
      return {
        accuracy: Math.max(...curve),
        curve,
        params,
        trainMs: now() - started,
        backend: tf.getBackend(),
        restarts: restart,
      };
    }
    restart++;
  }
}
