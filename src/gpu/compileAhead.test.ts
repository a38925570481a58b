/**
 * Compiling ahead: the kernels found by building a network dry (engineShaders) are exactly those
 * its training records, so a model whose kernels were compiled ahead compiles nothing while it
 * trains. Runs on Dawn in Node (SwiftShader where there is no GPU); skips, saying why, only when
 * no WebGPU adapter exists.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../nas/architecture';
import { type TrainingConfig } from '../nas/config';
import { presetConfig } from '../nas/presets';
import { Rng } from '../nas/rng';
import { parseBlockString } from '../nas/spaces/block';
import { parseCellPairString } from '../nas/spaces/cell';
import { parseNetString } from '../nas/spaces/layers';
import { disposeTrainingTensors, toTrainingTensors, type TrainingTensors } from '../train/data';
import { GpuEngine } from './engine';
import { compileAhead, engineShaders, trainArchitectureOnEngine } from './engineTrainer';
import { recordShaders } from './shaderRecorder';
import { nodeEngine } from './testing';

const { engine, reason } = await nodeEngine();
if (!engine) console.warn(`compile-ahead tests skipped: ${reason}`);

const training: TrainingConfig = {
  ...presetConfig('test').training,
  epochs: 1,
  batchSize: 16,
  learningRate: 0.005,
  maxRestarts: 0,
};

/** 40 training images (steps of 16, 16 and a short 8) and 20 validation images, 8x8, 4 classes. */
function tinyData(): TrainingTensors {
  const rng = new Rng(5);
  const split = (n: number) => ({
    n,
    size: 8,
    channels: 1 as const,
    x: Float32Array.from({ length: n * 64 }, () => rng.next()),
    labels: Int32Array.from({ length: n }, () => rng.int(4)),
  });
  return toTrainingTensors({ train: split(40), val: split(20), classes: 4 });
}

const ARCHS: [string, Architecture][] = [
  [
    'a MetaQNN chain with dropout',
    { space: 'layers', layers: parseNetString('C(4,3,1) P(2,2) FC(8) SM(4)') },
  ],
  [
    'a BlockQNN network',
    {
      space: 'block',
      network: {
        block: parseBlockString('(1,1,3,0,0) (2,2,3,1,0) (3,5,0,0,2) (4,6,0,1,3) (5,7,0,0,0)'),
        network: { stages: 2, blocksPerStage: 1, baseWidth: 4 },
        classes: 4,
      },
    },
  ],
  [
    'a NASNet network',
    {
      space: 'cell',
      network: {
        cells: parseCellPairString(
          'N[0,1:sep_conv_3x3,identity:add] R[0,1:max_pool_3x3,avg_pool_3x3:concat]',
        ),
        network: { stacks: 2, cellsPerStack: 1, baseFilters: 4 },
        classes: 4,
      },
    },
  ],
];

describe('recordShaders', () => {
  it('keeps each shader once, in the order first created; it cannot run work', () => {
    const shaders = recordShaders((dry) => {
      dry.pipelines.get('a', 'code a');
      dry.pipelines.get('b', 'code b');
      dry.pipelines.get('a again', 'code a');
      expect(() => dry.submit([])).toThrow(/runs nothing/);
    });
    expect(shaders).toEqual([
      { label: 'a', code: 'code a' },
      { label: 'b', code: 'code b' },
    ]);
  });
});

describe.skipIf(!engine)('compileAhead', { timeout: 60_000 }, () => {
  let data: TrainingTensors;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    data = tinyData();
  });
  afterAll(() => disposeTrainingTensors(data));

  it.each(ARCHS)(
    '%s: training compiles exactly the kernels found dry, none after compiling ahead',
    async (_, arch) => {
      const dropout = { ...training, dropout: arch.space === 'layers' };
      // Each engine below has its own empty pipeline cache on the one device.
      const lazy = new GpuEngine(engine!.device, engine!.adapter);
      await trainArchitectureOnEngine(lazy, arch, data, dropout, { seed: 3 });
      const kernels = engineShaders(arch, data, dropout);
      expect(kernels.length).toBeGreaterThan(5);
      expect(lazy.pipelines.compiled).toBe(kernels.length);
      for (const k of kernels) expect(lazy.pipelines.has(k.code), k.label).toBe(true);

      const ahead = new GpuEngine(engine!.device, engine!.adapter);
      expect(await compileAhead(ahead, arch, data, dropout)).toEqual({
        kernels: kernels.length,
        compiled: kernels.length,
      });
      expect(ahead.pipelines.compiledAhead).toBe(kernels.length);
      const result = await trainArchitectureOnEngine(ahead, arch, data, dropout, { seed: 3 });
      expect(result.trainedOn).toBe('engine');
      expect(ahead.pipelines.compiled).toBe(0);
      // Nothing is left to compile the second time.
      expect(await compileAhead(ahead, arch, data, dropout)).toEqual({
        kernels: kernels.length,
        compiled: 0,
      });
    },
  );

  it('compiles nothing for what the engine cannot build, and does not throw', async () => {
    const fresh = new GpuEngine(engine!.device, engine!.adapter);
    const tooDeep: Architecture = {
      space: 'layers',
      layers: parseNetString('P(2,2) P(2,2) P(2,2) P(2,2) SM(4)'),
    };
    expect(await compileAhead(fresh, tooDeep, data, training)).toEqual({ kernels: 0, compiled: 0 });
    expect(fresh.pipelines.size).toBe(0);
  });
});
