/**
 * The worker controller with `trainingPath: 'engine'`: the model trains on the engine when a
 * device is there (Dawn in Node, SwiftShader without a GPU), on tfjs with the reason when not, and
 * the progress messages and the logged result say which; a `tfjs` run records no path.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { message } from '../nas/message';
import { type RunConfig } from '../nas/config';
import { presetConfig } from '../nas/presets';
import type { ResultEvent } from '../nas/runlog';
import { acquireEngine } from '../gpu/device';
import { architectureOf } from '../nas/bestArchitecture';
import { Rng } from '../nas/rng';
import { trainingSeedOf } from '../nas/search';
import { buildModel } from '../train/model';
import { nodeEngine } from '../gpu/testing';
import { disposeTrainingTensors } from '../train/data';
import { SearchWorkerController, type WorkerDeps } from './controller';
import type { FromWorker } from './protocol';
import { syntheticData } from './syntheticData';

const { engine, reason } = await nodeEngine();
if (!engine) console.warn(`controller-on-engine test skipped: ${reason}`);

function harness(acquire?: WorkerDeps['acquireEngine'], engineByCompute = false) {
  const messages: FromWorker[] = [];
  const controller = new SearchWorkerController({
    post: (m) => messages.push(m),
    // `engine`: the machine's compute setting sends models to the engine (src/train/compute.ts).
    selectBackend: async () => ({
      backend: 'cpu',
      reason: null,
      adapter: '',
      ...(engineByCompute ? { engine: true } : {}),
    }),
    watchDeviceLoss: () => {},
    loadData: async (c) => syntheticData(c),
    disposeData: disposeTrainingTensors,
    loadTable: async () => {
      throw new Error('no table in this test');
    },
    memory: () => ({ numTensors: 0, numBytes: 0, gpuBytes: null }),
    ...(acquire ? { acquireEngine: acquire } : {}),
  });
  return { controller, messages };
}

async function stepOnce(config: RunConfig, acquire?: WorkerDeps['acquireEngine'], engineByCompute = false) {
  const { controller, messages } = harness(acquire, engineByCompute);
  await controller.handle({ type: 'init', config, events: [], resume: 'idle' });
  await controller.handle({ type: 'step' });
  await controller.idle();
  const result = messages
    .flatMap((m) => (m.type === 'events' ? m.events : []))
    .find((e): e is ResultEvent => e.type === 'result');
  const paths = new Set(messages.flatMap((m) => (m.type === 'progress' ? [m.progress.trainedOn] : [])));
  return { result, paths: [...paths] };
}

const base = presetConfig('test', 3);
const engineRun: RunConfig = { ...base, trainingPath: 'engine' };

describe("SearchWorkerController, trainingPath 'engine'", { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('a tfjs run records no training path', async () => {
    const { result, paths } = await stepOnce(base);
    expect(result?.trainedOn).toBeUndefined();
    expect(paths).toEqual([undefined]);
  });

  it('without a WebGPU device the model trains on tfjs and the log says why', async () => {
    const { result, paths } = await stepOnce(
      engineRun,
      async () => ({ ok: false, reason: message('backend.noGpu') }) as const,
    );
    expect(result).toMatchObject({
      trainedOn: 'tfjs',
      engineFallback: 'no WebGPU device: WebGPU: no navigator.gpu in the worker',
    });
    expect(paths).toEqual(['tfjs']);
  });

  it.skipIf(!engine)('with a device the model trains on the engine', async () => {
    const { result, paths } = await stepOnce(engineRun, () => acquireEngine());
    expect(result?.trainedOn).toBe('engine');
    expect(result?.engineFallback).toBeUndefined();
    expect(paths).toEqual(['engine']);
  });

  it('the compute setting sends a tfjs run to the engine path, which records why it fell back', async () => {
    const { result, paths } = await stepOnce(
      base,
      async () => ({ ok: false, reason: message('backend.noGpu') }) as const,
      true,
    );
    expect(base.trainingPath).toBe('tfjs');
    expect(result).toMatchObject({ trainedOn: 'tfjs', engineFallback: expect.stringMatching(/no WebGPU device/) });
    expect(paths).toEqual(['tfjs']);
  });

  it.skipIf(!engine)('the compute setting sends a tfjs run to the engine', async () => {
    const { result, paths } = await stepOnce(base, () => acquireEngine(), true);
    expect(result?.trainedOn).toBe('engine');
    expect(paths).toEqual(['engine']);
  });

  it.skipIf(!engine)(
    "an engine run's model is exported from the engine: same accuracy, trained weights",
    async () => {
      const { result } = await stepOnce(engineRun, () => acquireEngine());
      expect(result?.trainedOn).toBe('engine');
      const { controller, messages } = harness(() => acquireEngine());
      await controller.handle({
        type: 'export-model',
        config: engineRun,
        arch: result!.arch,
        weightsFile: 'w.bin',
      });
      const sent = messages.find((m) => m.type === 'model-files');
      expect(sent, JSON.stringify(messages.find((m) => m.type === 'model-export-failed'))).toBeDefined();
      const files = (sent as Extract<FromWorker, { type: 'model-files' }>).files;
      expect(files.trainedOn).toBe('engine');
      expect(files.accuracy).toBe(result!.accuracy);
      expect(
        messages.some(
          (m) => m.type === 'progress' && m.progress.index === -1 && m.progress.trainedOn === 'engine',
        ),
      ).toBe(true);
      // The files hold the engine's trained weights, not the tfjs model's initial ones.
      const json = files.modelJson as unknown as tf.io.ModelJSON;
      const manifest = json.weightsManifest[0]!;
      const model = await tf.loadLayersModel(
        tf.io.fromMemory(json.modelTopology, manifest.weights, files.weightData),
      );
      // The initial weights of the start that was exported (schedule.ts: the last (re)start).
      const start = new Rng(trainingSeedOf(engineRun.seed, result!.arch)).fork(`start-${result!.restarts}`);
      const initial = buildModel(architectureOf(engineRun, result!.arch), {
        inputShape: [14, 14, 1],
        seed: start.fork('init').nextUint32(),
        dropout: engineRun.training.dropout,
      });
      const exported = model.getWeights().map((w) => w.dataSync());
      const before = initial.getWeights().map((w) => w.dataSync());
      expect(exported.map((w) => w.length)).toEqual(before.map((w) => w.length));
      const changed = exported.some((w, i) => w.some((v, j) => Math.abs(v - before[i]![j]!) > 1e-6));
      expect(changed).toBe(true);
      model.dispose();
      initial.dispose();
    },
  );
});
