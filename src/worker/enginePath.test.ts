/**
 * The worker's `engine` path: which models train on the engine, which fall back to tfjs and why,
 * and that a device lost in the middle of a model retrains it on tfjs and the next model gets a
 * fresh device. The engine runs on Dawn in Node (SwiftShader without a GPU); those cases skip,
 * saying why, only when no WebGPU adapter can be created.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../nas/architecture';
import { type TrainingPath } from '../nas/config';
import { presetConfig } from '../nas/presets';
import { message } from '../nas/message';
import type { EvalResult } from '../nas/search';
import { parseBlockString } from '../nas/spaces/block';
import { parseCellPairString } from '../nas/spaces/cell';
import { parseNetString } from '../nas/spaces/layers';
import { acquireEngine, type Acquired } from '../gpu/device';
import type { GpuEngine } from '../gpu/engine';
import { nodeEngine } from '../gpu/testing';
import { disposeTrainingTensors, type TrainingTensors } from '../train/data';
import { trainArchitecture } from '../train/trainer';
import { EnginePath } from './enginePath';
import { syntheticData } from './syntheticData';

const { engine, reason } = await nodeEngine();
if (!engine) console.warn(`engine path tests on a device skipped: ${reason}`);

const config = presetConfig('test');
config.data = { trainImages: 32, valImages: 16 };
config.training = { ...config.training, batchSize: 16 };
const chain: Architecture = { space: 'layers', layers: parseNetString('C(4,3,1) P(2,2) SM(10)') };

describe('EnginePath', () => {
  let data: TrainingTensors;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    data = syntheticData(config);
  });
  afterAll(() => disposeTrainingTensors(data));

  const tfjs = (arch: Architecture) => (options: Parameters<typeof trainArchitecture>[3]) =>
    trainArchitecture(arch, data, config.training, options);

  it('says why the engine does not train a network, without asking for a device', async () => {
    let asked = 0;
    const path = new EnginePath(async () => {
      asked++;
      return { ok: false, reason: message('backend.noAdapter') };
    });
    // NAS-Bench-201 cells are looked up, never trained: the stand-in trainer says what it got.
    const cell = { space: 'nb201', cell: {} } as unknown as Architecture;
    const looked = {
      accuracy: 0.5,
      curve: [0.5],
      params: 0,
      restarts: 0,
      backend: 'cpu',
    } as unknown as EvalResult;
    const result = await path.train(cell, data, config.training, { seed: 1 }, async () => looked);
    expect(result).toMatchObject({
      trainedOn: 'tfjs',
      engineFallback: "the engine does not train the 'nb201' space",
      engineFallbackMessage: { code: 'engine.space', params: { space: 'nb201' } },
    });
    expect(asked).toBe(0);
  });

  it.skipIf(!engine)('trains a NASNet cell network on the engine', { timeout: 60_000 }, async () => {
    const path = new EnginePath(acquireEngine);
    const cells: Architecture = {
      space: 'cell',
      network: {
        cells: parseCellPairString('N[0,1:sep_conv_3x3,identity:add] R[0,1:max_pool_3x3,dil_conv_3x3:add]'),
        network: { stacks: 2, cellsPerStack: 1, baseFilters: 4 },
        classes: 10,
      },
    };
    const result = await path.train(cells, data, config.training, { seed: 1 }, tfjs(cells));
    expect(result.trainedOn).toBe('engine');
    expect(result.engineFallback).toBeUndefined();
  });

  it.skipIf(!engine)('trains a BlockQNN network on the engine', { timeout: 60_000 }, async () => {
    const path = new EnginePath(acquireEngine);
    const block: Architecture = {
      space: 'block',
      network: {
        block: parseBlockString('(1,1,3,0,0) (2,1,3,1,0) (3,5,0,0,2) (4,7,0,0,0)'),
        network: { stages: 1, blocksPerStage: 1, baseWidth: 4 },
        classes: 10,
      },
    };
    const result = await path.train(block, data, config.training, { seed: 1 }, tfjs(block));
    expect(result.trainedOn).toBe('engine');
    expect(result.engineFallback).toBeUndefined();
    expect(result.curve.length).toBeGreaterThan(0);
  });

  it.skipIf(!engine)(
    "compiles the next architecture's kernels while a model trains: the next one compiles none",
    { timeout: 60_000 },
    async () => {
      const next: Architecture = { space: 'layers', layers: parseNetString('C(6,5,1) P(2,2) FC(12) SM(10)') };
      for (const ahead of [true, false]) {
        const engines: GpuEngine[] = [];
        const path = new EnginePath(async () => {
          const acquired = await acquireEngine();
          if (acquired.ok) engines.push(acquired.engine);
          return acquired;
        }, ahead);
        const first = await path.train(chain, data, config.training, { seed: 1, next }, tfjs(chain));
        expect(first.trainedOn).toBe('engine');
        const { pipelines } = engines[0]!;
        const prepared = await path.lastAhead;
        if (ahead) {
          // The next chain's 5x5 conv, its FC and their gradients are new kernels.
          expect(prepared?.compiled).toBeGreaterThan(2);
          expect(pipelines.compiledAhead).toBe(prepared?.compiled);
        } else expect(prepared).toBeNull();
        const compiledBefore = pipelines.compiled;
        const second = await path.train(next, data, config.training, { seed: 2 }, tfjs(next));
        expect(second.trainedOn).toBe('engine');
        if (ahead) expect(pipelines.compiled).toBe(compiledBefore);
        else {
          expect(pipelines.compiledAhead).toBe(0);
          expect(pipelines.compiled).toBeGreaterThan(compiledBefore + 2);
        }
      }
    },
  );

  it('trains on tfjs when there is no WebGPU device, and reports progress as tfjs', async () => {
    const path = new EnginePath(async () => ({ ok: false, reason: message('backend.noGpu') }) as const);
    const seen = new Set<TrainingPath>();
    const result = await path.train(
      chain,
      data,
      config.training,
      { seed: 1, onProgress: (_, on) => seen.add(on) },
      tfjs(chain),
    );
    expect(result).toMatchObject({
      trainedOn: 'tfjs',
      engineFallback: 'no WebGPU device: WebGPU: no navigator.gpu in the worker',
      engineFallbackMessage: { code: 'engine.noDevice', params: { reason: { code: 'backend.noGpu' } } },
    });
    expect([...seen]).toEqual(['tfjs']);
  });

  it.skipIf(!engine)(
    'a device lost mid-model retrains that model on tfjs; the next model trains on a fresh device',
    { timeout: 60_000 },
    async () => {
      const devices: Acquired[] = [];
      const path = new EnginePath(async () => {
        const acquired = await acquireEngine();
        devices.push(acquired);
        return acquired;
      });
      const first = await path.train(
        chain,
        data,
        config.training,
        {
          seed: 1,
          progressIntervalMs: 0,
          onProgress: (_, on) => {
            const current = devices[0];
            if (on === 'engine' && current?.ok) current.engine.device.destroy();
          },
        },
        tfjs(chain),
      );
      expect(first.trainedOn).toBe('tfjs');
      expect(first.engineFallback).toMatch(/^the WebGPU device was lost/);
      expect(first.curve).toHaveLength(1);

      const second = await path.train(chain, data, config.training, { seed: 2 }, tfjs(chain));
      expect(devices).toHaveLength(2);
      expect(second.trainedOn).toBe('engine');
      expect(second.engineFallback).toBeUndefined();
      const last = devices[1];
      if (last?.ok) last.engine.device.destroy();
    },
  );
});
