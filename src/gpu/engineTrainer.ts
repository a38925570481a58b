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
import { recordShaders, type Shader } from './shaderRecorder';
import type { TrainableNet, TrainableNetOptions } from './trainableNet';

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

/** The options of an engine network for `batch`-image steps (Adam, a ring of k step results). */
function netOptionsOf(
  inputShape: [number, number, number],
  batch: number,
  learningRate: number,
): TrainableNetOptions {
  return { inputShape, batch, optimizer: { kind: 'adam', learningRate }, statsRing: STATS_RING };
}

/**
 * The engine's network of `arch`: a LayersNet for a MetaQNN chain, else the GraphNet of its tfjs
 * `model`; either starts from `initial`, the model's weights in getWeights() order.
 */
function buildNet(
  engine: GpuEngine,
  arch: Architecture,
  model: tf.LayersModel,
  options: TrainableNetOptions,
  dropout: boolean,
  initial: readonly Float32Array[],
): TrainableNet {
  if (arch.space === 'layers') {
    const chain = new LayersNet(engine, arch.layers, { ...options, seed: 0, dropout });
    try {
      chain.setWeights(initial);
    } catch (err) {
      chain.dispose();
      throw err;
    }
    return chain;
  }
  const graph = modelGraph(model);
  if (!graph.ok) throw new Error(`the engine cannot train this model: ${graph.refusal.code}`);
  return new GraphNet(engine, graph.graph, options, initial);
}

/**
 * The engine's network of `arch` for `batch`-image Adam steps, from the initial weights of its
 * tfjs model of `seed` (the network the training path builds; for benchmarks and profiling).
 */
export async function engineNet(
  engine: GpuEngine,
  arch: Architecture,
  inputShape: [number, number, number],
  batch: number,
  options: { seed?: number; learningRate?: number; dropout?: boolean } = {},
): Promise<TrainableNet> {
  const dropout = options.dropout ?? false;
  const model = buildModel(arch, { inputShape, seed: options.seed ?? 0, dropout });
  try {
    const initial = await Promise.all(model.getWeights().map(async (w) => Float32Array.from(await w.data())));
    const netOptions = netOptionsOf(inputShape, batch, options.learningRate ?? 1e-3);
    return buildNet(engine, arch, model, netOptions, dropout, initial);
  } finally {
    model.dispose();
  }
}

/** Batch sizes of the plans a training run records: its steps, and its evaluation chunks. */
function planSizes(
  training: TrainingConfig,
  data: Pick<TrainingTensors, 'nTrain' | 'nVal'>,
): { batch: number; train: number[]; evaluate: number[] } {
  const batch = Math.min(Math.max(1, training.batchSize), data.nTrain);
  const train = [batch];
  if (data.nTrain % batch > 0) train.push(data.nTrain % batch);
  const evaluate = [Math.min(EVAL_CHUNK, data.nVal)];
  if (data.nVal > EVAL_CHUNK && data.nVal % EVAL_CHUNK > 0) evaluate.push(data.nVal % EVAL_CHUNK);
  return { batch, train, evaluate: evaluate.filter((n) => n > 0) };
}

/**
 * Every WGSL kernel that training `arch` on `data` under `training` will record (its steps, an
 * epoch's shorter last step, its evaluation chunks), found by building the network dry
 * (shaderRecorder.ts): no GPU work. Throws what building the network would throw.
 */
export function engineShaders(
  arch: Architecture,
  data: Pick<TrainingTensors, 'size' | 'channels' | 'nTrain' | 'nVal'>,
  training: TrainingConfig,
): Shader[] {
  const inputShape: [number, number, number] = [data.size, data.size, data.channels];
  const sizes = planSizes(training, data);
  const options = netOptionsOf(inputShape, sizes.batch, training.learningRate);
  return recordShaders((dry) => {
    let net: TrainableNet;
    if (arch.space === 'layers')
      net = new LayersNet(dry, arch.layers, { ...options, seed: 0, dropout: training.dropout });
    else {
      const model = buildModel(arch, { inputShape, seed: 0, dropout: training.dropout });
      try {
        const zeros = model.getWeights().map((w) => new Float32Array(w.size));
        net = buildNet(dry, arch, model, options, training.dropout, zeros);
      } finally {
        model.dispose();
      }
    }
    net.recordPlans(sizes.train, sizes.evaluate);
  });
}

/**
 * Compiles, in the background, the pipelines of `arch` that `engine` has not compiled yet, so
 * that its training starts without compiling (call it while another model trains, when the
 * next architecture is known). Resolves with the kernel counts once they are ready; an
 * architecture the engine cannot build compiles nothing (its training reports why).
 */
export async function compileAhead(
  engine: GpuEngine,
  arch: Architecture,
  data: Pick<TrainingTensors, 'size' | 'channels' | 'nTrain' | 'nVal'>,
  training: TrainingConfig,
): Promise<{ kernels: number; compiled: number }> {
  if (arch.space === 'nb201') return { kernels: 0, compiled: 0 };
  let shaders: Shader[];
  try {
    shaders = engineShaders(arch, data, training);
  } catch {
    return { kernels: 0, compiled: 0 };
  }
  const fresh = shaders.filter((s) => !engine.pipelines.has(s.code));
  await Promise.all(fresh.map((s) => engine.pipelines.prepare(s.label, s.code)));
  return { kernels: shaders.length, compiled: fresh.length };
}

/**
 * Trains `arch` on the engine under `training`; the reward is the best validation accuracy.
 * Throws on an engine error (a lost device included): the caller retrains on tfjs.
 */
export async function trainArchitectureOnEngine(
  engine: GpuEngine,
  arch: Architecture,
  data: TrainingTensors,
  training: TrainingConfig,
  options: TrainOptions,
  /** Called once, when the first network is built (its own kernels compiled): compile the next one's then. */
  onBuilt?: () => void,
): Promise<EvalResult> {
  const host = await hostData(data);
  let built = onBuilt;
  const batchSize = planSizes(training, data).batch;
  const imageSize = data.size * data.size;
  const inputShape: [number, number, number] = [data.size, data.size, data.channels];
  const images = new Float32Array(batchSize * imageSize);
  const labels = new Int32Array(batchSize);
  const result = await runSchedule(training, data, options, async (seeds) => {
    // The tfjs model of the same seed gives the initial weights (and receives the trained ones).
    const model = buildModel(arch, { inputShape, seed: seeds.init, dropout: training.dropout });
    let net: TrainableNet | null = null;
    try {
      const netOptions = {
        ...netOptionsOf(inputShape, batchSize, seeds.learningRate),
        dropoutSeed: seeds.dropout,
      };
      const initial = await Promise.all(
        model.getWeights().map(async (w) => Float32Array.from(await w.data())),
      );
      net = buildNet(engine, arch, model, netOptions, training.dropout, initial);
    } catch (err) {
      net?.dispose();
      model.dispose();
      throw err;
    }
    const trainNet = net;
    built?.();
    built = undefined;
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
