/**
 * The worker controller with `trainingPath: 'engine'`: the model trains on the engine when a
 * device is there (Dawn in Node, SwiftShader without a GPU), on tfjs with the reason when not, and
 * the progress messages and the logged result say which; a `tfjs` run records no path.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { message } from '../nas/message';
import { presetConfig, type RunConfig } from '../nas/config';
import type { ResultEvent } from '../nas/runlog';
import { acquireEngine } from '../gpu/device';
import { nodeEngine } from '../gpu/testing';
import { disposeTrainingTensors } from '../train/data';
import { SearchWorkerController, type WorkerDeps } from './controller';
import type { FromWorker } from './protocol';
import { syntheticData } from './syntheticData';

const { engine, reason } = await nodeEngine();
if (!engine) console.warn(`controller-on-engine test skipped: ${reason}`);

async function stepOnce(config: RunConfig, acquire?: WorkerDeps['acquireEngine']) {
  const messages: FromWorker[] = [];
  const controller = new SearchWorkerController({
    post: (m) => messages.push(m),
    selectBackend: async () => ({ backend: 'cpu', reason: null, adapter: '' }),
    watchDeviceLoss: () => {},
    loadData: async (c) => syntheticData(c),
    disposeData: disposeTrainingTensors,
    loadTable: async () => {
      throw new Error('no table in this test');
    },
    memory: () => ({ numTensors: 0, numBytes: 0, gpuBytes: null }),
    ...(acquire ? { acquireEngine: acquire } : {}),
  });
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
});
