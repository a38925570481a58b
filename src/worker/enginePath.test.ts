/**
 * The worker's `engine` path: which models train on the engine, which fall back to tfjs and why,
 * and that a device lost in the middle of a model retrains it on tfjs and the next model gets a
 * fresh device. The engine runs on Dawn in Node (SwiftShader without a GPU); those cases skip,
 * saying why, only when no WebGPU adapter can be created.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../nas/architecture';
import { presetConfig, type TrainingPath } from '../nas/config';
import { parseBlockString } from '../nas/spaces/block';
import { parseCellPairString } from '../nas/spaces/cell';
import { parseNetString } from '../nas/spaces/layers';
import { acquireEngine, type Acquired } from '../gpu/device';
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

  it('trains a NASNet cell network on tfjs, naming the layer the engine lacks, without asking for a device', async () => {
    let asked = 0;
    const path = new EnginePath(async () => {
      asked++;
      return { ok: false, reason: 'unused' };
    });
    const cells: Architecture = {
      space: 'cell',
      network: {
        cells: parseCellPairString('N[0,1:sep_conv_3x3,identity:add] R[0,1:max_pool_3x3,identity:add]'),
        network: { stacks: 2, cellsPerStack: 1, baseFilters: 4 },
        classes: 10,
      },
    };
    const result = await path.train(cells, data, config.training, { seed: 1 }, tfjs(cells));
    expect(result.trainedOn).toBe('tfjs');
    expect(result.engineFallback).toBe('the engine has no SeparableConv2D layer');
    // The same reason as a message, which the badge shows in the UI's language.
    expect(result.engineFallbackMessage).toEqual({
      code: 'engine.layer',
      params: { layer: 'SeparableConv2D' },
    });
    expect(asked).toBe(0);
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

  it('trains on tfjs when there is no WebGPU device, and reports progress as tfjs', async () => {
    const path = new EnginePath(async () => ({ ok: false, reason: 'no navigator.gpu' }));
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
      engineFallback: 'no WebGPU device: no navigator.gpu',
      engineFallbackMessage: { code: 'engine.noDevice', params: { reason: 'no navigator.gpu' } },
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
