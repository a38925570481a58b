/**
 * `trainArchitecture` (src/train/trainer.ts) on our WebGPU engine: the same contract, so the
 * worker can call either. Same initial weights (taken from the tfjs model of the same seed), same
 * data order (the same seeded permutation per epoch), same learning-rate schedule and restart
 * rule, validation accuracy as the fraction of arg-max hits over every validation image, and the
 * same progress callbacks. Losses are read back from the GPU only when a progress report is due,
 * at the end of an epoch, or when the engine's ring of k step results is full.
 *
 * Only what `layersNetSupport` accepts trains here; the caller falls back to tfjs otherwise.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayersArchitecture } from '../nas/architecture';
import type { TrainingConfig } from '../nas/config';
import { Rng } from '../nas/rng';
import type { EvalResult } from '../nas/search';
import type { TrainingTensors } from '../train/data';
import { buildModel } from '../train/model';
import { isNoBetterThanChance, learningRateAt, permutation, type TrainOptions } from '../train/trainer';
import type { GpuEngine } from './engine';
import { LayersNet } from './layersNet';

/** Images per validation forward pass (as the tfjs path). */
const EVAL_CHUNK = 256;
/** Steps the GPU keeps results of between two read-backs (k). */
const STATS_RING = 16;

/** The training and validation images of a run on the CPU (read from its tensors once). */
interface HostData {
  xTrain: Float32Array;
  yTrain: Int32Array;
  xVal: Float32Array;
  yVal: Int32Array;
}

const hostCache = new WeakMap<TrainingTensors, Promise<HostData>>();

function hostData(data: TrainingTensors): Promise<HostData> {
  let host = hostCache.get(data);
  if (!host) {
    host = (async () => ({
      xTrain: Float32Array.from(await data.xTrain.data()),
      yTrain: Int32Array.from(await data.yTrain.data()),
      xVal: Float32Array.from(await data.xVal.data()),
      yVal: Int32Array.from(await data.yVal.data()),
    }))();
    hostCache.set(data, host);
  }
  return host;
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const now = (): number => performance.now();

/**
 * Trains the chain `arch` on the engine under `training`; the reward is the best validation
 * accuracy. Throws on an engine error (a lost device included): the caller retrains on tfjs.
 */
export async function trainArchitectureOnEngine(
  engine: GpuEngine,
  arch: LayersArchitecture,
  data: TrainingTensors,
  training: TrainingConfig,
  options: TrainOptions,
): Promise<EvalResult> {
  const started = now();
  const host = await hostData(data);
  const progressInterval = options.progressIntervalMs ?? 50;
  const yieldInterval = options.yieldIntervalMs ?? 20;
  const epochs = Math.max(1, training.epochs);
  const batchSize = Math.max(1, training.batchSize);
  const batches = Math.ceil(data.nTrain / batchSize);
  const imageSize = data.size * data.size;
  const inputShape: [number, number, number] = [data.size, data.size, 1];
  const images = new Float32Array(Math.min(batchSize, data.nTrain) * imageSize);
  const labels = new Int32Array(Math.min(batchSize, data.nTrain));
  let lastProgress = -Infinity;
  let lastYield = now();
  let restart = 0;

  for (;;) {
    const start = new Rng(options.seed).fork(`start-${restart}`);
    const shuffle = start.fork('shuffle');
    // The tfjs model of the same seed gives the initial weights (and receives the trained ones).
    const model = buildModel(
      { space: 'layers', layers: arch },
      {
        inputShape,
        seed: start.fork('init').nextUint32(),
        dropout: training.dropout,
      },
    );
    let net: LayersNet | null = null;
    let again = false;
    let loss = NaN;
    const curve: number[] = [];
    try {
      net = new LayersNet(engine, arch, {
        inputShape,
        batch: Math.min(batchSize, data.nTrain),
        optimizer: { kind: 'adam', learningRate: learningRateAt(training, restart, 1) },
        seed: 0, // replaced by the tfjs model's weights below
        statsRing: STATS_RING,
        dropout: training.dropout,
        dropoutSeed: start.fork('dropout').nextUint32(),
      });
      const initial = model.getWeights();
      net.setWeights(await Promise.all(initial.map(async (w) => Float32Array.from(await w.data()))));
      for (let epoch = 1; epoch <= epochs; epoch++) {
        net.setLearningRate(learningRateAt(training, restart, epoch));
        const order = permutation(data.nTrain, shuffle);
        const valAccuracy = curve.length > 0 ? curve[curve.length - 1]! : null;
        for (let batch = 1; batch <= batches; batch++) {
          const from = (batch - 1) * batchSize;
          const size = Math.min(batchSize, data.nTrain - from);
          for (let i = 0; i < size; i++) {
            const src = order[from + i]!;
            images.set(host.xTrain.subarray(src * imageSize, (src + 1) * imageSize), i * imageSize);
            labels[i] = host.yTrain[src]!;
          }
          net.step(images.subarray(0, size * imageSize), labels.subarray(0, size));
          const t = now();
          const due =
            options.onProgress !== undefined && (batch === batches || t - lastProgress >= progressInterval);
          if (due || net.pendingSteps === net.statsCapacity) {
            const { losses } = await net.readStats();
            loss = losses[losses.length - 1]!;
          }
          if (due) {
            lastProgress = t;
            options.onProgress!({ epoch, epochs, batch, batches, loss, valAccuracy, restart });
          }
          if (t - lastYield >= yieldInterval) {
            await nextMacrotask();
            lastYield = now();
          }
        }
        if (net.pendingSteps > 0) {
          const { losses } = await net.readStats();
          loss = losses[losses.length - 1]!;
        }
        const { accuracy } = await net.evaluate(host.xVal, host.yVal, EVAL_CHUNK);
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
      if (!again && options.onTrained) {
        const trained = await net.getWeights();
        const tensors = trained.map((w, i) => tf.tensor(w, initial[i]!.shape));
        model.setWeights(tensors); // copies into the model's variables
        tf.dispose(tensors);
        await options.onTrained(model);
      }
      if (!again) {
        return {
          accuracy: Math.max(...curve),
          curve,
          params: net.parameterCount,
          trainMs: now() - started,
          backend: 'webgpu',
          restarts: restart,
          trainedOn: 'engine',
        };
      }
    } finally {
      net?.dispose();
      model.dispose();
    }
    restart++;
  }
}
