/**
 * `trainArchitecture` (src/train/trainer.ts) on our WebGPU engine: the same contract, so the
 * worker can call either, and the same schedule (src/train/schedule.ts: data order, learning-rate
 * decay, restart rule, progress reports). Same initial weights (taken from the tfjs model of the
 * same seed), validation accuracy as the fraction of arg-max hits over every validation image. Losses are read back from the GPU only when a progress report is due,
 * at the end of an epoch, or when the engine's ring of k step results is full.
 *
 * MetaQNN chains train as a LayersNet; BlockQNN, NAS-RL and NASNet networks as the GraphNet of
 * their tfjs model (graph.ts), when every layer of it converts. Only what `engineSupport` accepts
 * trains here; the caller falls back to tfjs otherwise, with the reason.
 */
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '../nas/architecture';
import type { TrainingConfig } from '../nas/config';
import { message, type Message } from '../nas/message';
import { exceptionText } from '../nas/messageError';
import type { EvalResult } from '../nas/search';
import type { TrainingTensors } from '../train/data';
import { buildModel } from '../train/model';
import { runSchedule } from '../train/schedule';
import type { TrainOptions } from '../train/trainer';
import type { GpuEngine } from './engine';
import { modelGraph } from './graph';
import { GraphNet } from './graphNet';
import { LayersNet } from './layersNet';
import type { TrainableNet } from './trainableNet';

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

/**
 * Whether the engine trains `arch` exactly as tfjs builds it: every MetaQNN chain (dropout's masks
 * are the engine's own draws), and any other network whose tfjs model converts layer by layer
 * (graph.ts says which layer or setting does not). NAS-Bench-201 cells are looked up, never trained.
 */
export function engineSupport(
  arch: Architecture,
  inputShape: [number, number, number],
): { ok: true } | { ok: false; reason: Message } {
  if (arch.space === 'layers') return { ok: true };
  if (arch.space === 'nb201') return { ok: false, reason: message('engine.space', { space: arch.space }) };
  let model;
  try {
    model = buildModel(arch, { inputShape, seed: 0, dropout: false });
  } catch (err) {
    // The tfjs path reports the same failure for this model; the engine does not try it.
    return { ok: false, reason: message('engine.error', { reason: exceptionText(err) }) };
  }
  try {
    const answer = modelGraph(model);
    return answer.ok ? { ok: true } : { ok: false, reason: answer.refusal };
  } finally {
    model.dispose();
  }
}

/**
 * Trains `arch` on the engine under `training`; the reward is the best validation accuracy. Throws on an engine error (a lost device included): the caller retrains on tfjs.
 */
export async function trainArchitectureOnEngine(
  engine: GpuEngine,
  arch: Architecture,
  data: TrainingTensors,
  training: TrainingConfig,
  options: TrainOptions,
): Promise<EvalResult> {
  const host = await hostData(data);
  const batchSize = Math.min(Math.max(1, training.batchSize), data.nTrain);
  const imageSize = data.size * data.size;
  const inputShape: [number, number, number] = [data.size, data.size, 1];
  const images = new Float32Array(batchSize * imageSize);
  const labels = new Int32Array(batchSize);
  const result = await runSchedule(training, data, options, async (seeds) => {
    // The tfjs model of the same seed gives the initial weights (and receives the trained ones).
    const model = buildModel(arch, { inputShape, seed: seeds.init, dropout: training.dropout });
    let net: TrainableNet | null = null;
    try {
      const netOptions = {
        inputShape,
        batch: batchSize,
        optimizer: { kind: 'adam', learningRate: seeds.learningRate } as const,
        statsRing: STATS_RING,
        dropoutSeed: seeds.dropout,
      };
      const initial = await Promise.all(
        model.getWeights().map(async (w) => Float32Array.from(await w.data())),
      );
      if (arch.space === 'layers') {
        const chain = new LayersNet(engine, arch.layers, {
          ...netOptions,
          seed: 0, // replaced by the tfjs model's weights
          dropout: training.dropout,
        });
        net = chain;
        chain.setWeights(initial);
      } else {
        const graph = modelGraph(model);
        if (!graph.ok) throw new Error(`the engine cannot train this model: ${graph.refusal.code}`);
        net = new GraphNet(engine, graph.graph, netOptions, initial);
      }
    } catch (err) {
      net?.dispose();
      model.dispose();
      throw err;
    }
    const trainNet = net;
    return {
      params: trainNet.parameterCount,
      setLearningRate: (lr) => trainNet.setLearningRate(lr),
      step: async (indices) => {
        for (let i = 0; i < indices.length; i++) {
          const src = indices[i]!;
          images.set(host.xTrain.subarray(src * imageSize, (src + 1) * imageSize), i * imageSize);
          labels[i] = host.yTrain[src]!;
        }
        trainNet.step(images.subarray(0, indices.length * imageSize), labels.subarray(0, indices.length));
      },
      // Losses stay on the GPU until a report wants one or the ring of k results is full.
      loss: async (wanted) => {
        if (!wanted && trainNet.pendingSteps < trainNet.statsCapacity) return null;
        const { losses } = await trainNet.readStats();
        return losses.length > 0 ? losses[losses.length - 1]! : null;
      },
      validate: async () => (await trainNet.evaluate(host.xVal, host.yVal, EVAL_CHUNK)).accuracy,
      finish: async () => {
        if (!options.onTrained) return;
        const trained = await trainNet.getWeights();
        const shapes = model.getWeights().map((w) => w.shape);
        const tensors = trained.map((w, i) => tf.tensor(w, shapes[i]));
        model.setWeights(tensors); // copies into the model's variables
        tf.dispose(tensors);
        await options.onTrained(model);
      },
      dispose: () => {
        trainNet.dispose();
        model.dispose();
      },
    };
  });
  return { ...result, backend: 'webgpu', trainedOn: 'engine' };
}
