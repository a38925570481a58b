/**
 * The engine's trainer against the tfjs trainer (cpu backend) under one training config and seed:
 * the same loss at every step (same initial weights, same shuffled batches, an epoch's short last
 * batch included), the same validation curve and parameter count. Runs on Dawn in Node
 * (SwiftShader where there is no GPU); skips, saying why, only when no WebGPU adapter exists.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../nas/architecture';
import { type TrainingConfig } from '../nas/config';
import { presetConfig } from '../nas/presets';
import { Rng } from '../nas/rng';
import { parseNetString } from '../nas/spaces/layers';
import { disposeTrainingTensors, toTrainingTensors, type TrainingTensors } from '../train/data';
import { trainArchitecture } from '../train/trainer';
import { parseBlockString } from '../nas/spaces/block';
import { parseCellPairString } from '../nas/spaces/cell';
import { parseNasrlString } from '../nas/spaces/nasrlGraph';
import { engineSupport, trainArchitectureOnEngine } from './engineTrainer';
import { LayersNet } from './layersNet';
import { nodeEngine } from './testing';

const { engine, reason } = await nodeEngine();
if (!engine) console.warn(`GPU trainer tests skipped: ${reason}`);

/** Seeded random 8x8 images whose label is the brightest quadrant (something to learn). */
function tinyData(train: number, val: number): TrainingTensors {
  const rng = new Rng(3);
  const split = (n: number) => {
    const x = Float32Array.from({ length: n * 64 }, () => rng.next() * 0.5);
    const labels = Int32Array.from({ length: n }, (_, i) => {
      const label = rng.int(4);
      const [r0, c0] = [4 * (label >> 1), 4 * (label & 1)];
      for (let r = r0; r < r0 + 4; r++) for (let c = c0; c < c0 + 4; c++) x[i * 64 + r * 8 + c]! += 0.5;
      return label;
    });
    return { n, size: 8, channels: 1 as const, x, labels };
  };
  return toTrainingTensors({ train: split(train), val: split(val), classes: 4 });
}

const training: TrainingConfig = {
  ...presetConfig('test').training,
  epochs: 2,
  batchSize: 16,
  learningRate: 0.005,
  maxRestarts: 0,
};

const chainOf = (net: string): Architecture => ({ space: 'layers', layers: parseNetString(net) });
const blockOf = (block: string): Architecture => ({
  space: 'block',
  network: {
    block: parseBlockString(block),
    network: { stages: 2, blocksPerStage: 1, baseWidth: 4 },
    classes: 4,
  },
});
const nasrlOf = (layers: string): Architecture => ({
  space: 'nasrl',
  network: { layers: parseNasrlString(layers), classes: 4 },
});

/** Separable and dilated convs, a factorized reduce; no avg pool (stock tfjs's gradient is inexact there). */
const CELLS = 'N[0,1:sep_conv_3x3,identity:add] R[0,1:max_pool_3x3,dil_conv_3x3:add]';
const cellsOf = (pair: string): Architecture => ({
  space: 'cell',
  network: {
    cells: parseCellPairString(pair),
    network: { stacks: 2, cellsPerStack: 1, baseFilters: 4 },
    classes: 4,
  },
});

describe('engineSupport', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  it('accepts MetaQNN chains (dropout or not), BlockQNN, NAS-RL and NASNet networks', () => {
    expect(engineSupport(cellsOf(CELLS), [8, 8, 1])).toEqual({ ok: true });
    expect(engineSupport(chainOf('C(4,3,1) P(2,2) SM(4)'), [8, 8, 1])).toEqual({ ok: true });
    expect(engineSupport(blockOf('(1,1,3,0,0) (2,3,3,1,0) (3,5,0,0,2) (4,7,0,0,0)'), [8, 8, 1])).toEqual({
      ok: true,
    });
    expect(engineSupport(nasrlOf('L0 3x1/2x1 4 <- img | L1 1x3/1x1 3 <- 0'), [8, 8, 1])).toEqual({
      ok: true,
    });
  });
  it('says NAS-Bench-201 cells are not trained', () => {
    const answer = engineSupport({ space: 'nb201', cell: {} } as unknown as Architecture, [8, 8, 1]);
    expect(answer.ok ? null : answer.reason).toEqual({ code: 'engine.space', params: { space: 'nb201' } });
  });
});

describe.skipIf(!engine)(
  'trainArchitectureOnEngine vs trainArchitecture (tfjs cpu)',
  { timeout: 60_000 },
  () => {
    let data: TrainingTensors;
    beforeAll(async () => {
      await tf.setBackend('cpu');
      data = tinyData(40, 20); // 3 batches an epoch: 16, 16 and a short 8
    });
    afterAll(() => disposeTrainingTensors(data));

    it.each([
      ['C(4,3,1) P(2,2) FC(8) SM(4)', chainOf('C(4,3,1) P(2,2) FC(8) SM(4)')],
      ['C(3,1,1) C(4,3,1) GAP SM(4)', chainOf('C(3,1,1) C(4,3,1) GAP SM(4)')],
      // Max pooling, add (with a projection) and concat: tfjs's own gradients are exact for these.
      [
        'BlockQNN (1,1,3,0,0) (2,2,3,1,0) (3,5,0,0,2) (4,6,0,1,3)',
        blockOf('(1,1,3,0,0) (2,2,3,1,0) (3,5,0,0,2) (4,6,0,1,3) (5,7,0,0,0)'),
      ],
      [
        'NAS-RL L0 3x3/1x1 4 | L1 3x1/2x1 3 <- 0 | L2 1x3/1x1 4 <- 0,1',
        nasrlOf('L0 3x3/1x1 4 <- img | L1 3x1/2x1 3 <- 0 | L2 1x3/1x1 4 <- 0,1'),
      ],
      [`NASNet ${CELLS}`, cellsOf(CELLS)],
    ] as const)('%s: the same loss at every step, the same validation curve', async (_name, arch) => {
      const run = async (onEngine: boolean) => {
        const losses: number[] = [];
        const options = {
          seed: 11,
          progressIntervalMs: 0,
          onProgress: (p: { batch: number; loss: number; valAccuracy: number | null; epoch: number }) => {
            // Every batch reports once; the end of an epoch reports again with its accuracy.
            if (losses.length < (p.epoch - 1) * 3 + p.batch) losses.push(p.loss);
          },
        };
        const result = onEngine
          ? await trainArchitectureOnEngine(engine!, arch, data, training, options)
          : await trainArchitecture(arch, data, training, options);
        return { result, losses };
      };
      const ours = await run(true);
      const theirs = await run(false);
      expect(ours.losses).toHaveLength(6);
      expect(theirs.losses).toHaveLength(6);
      for (let i = 0; i < 6; i++)
        expect(
          Math.abs(ours.losses[i]! - theirs.losses[i]!),
          `step ${i + 1}: ${ours.losses} vs ${theirs.losses}`,
        ).toBeLessThan(1e-3);
      expect(ours.result.params).toBe(theirs.result.params);
      expect(ours.result.curve).toHaveLength(2);
      // 20 validation images: one flipped prediction is 0.05. Chains flip none; the NASNet network
      // (batch norm after every op, a 2x2 map at the end) may flip one near-tie after two epochs
      // of float32 rounding in a different order.
      const flips = arch.space === 'cell' ? 1 : 0;
      ours.result.curve.forEach((acc, e) =>
        expect(
          Math.abs(acc - theirs.result.curve[e]!),
          `epoch ${e + 1}: ${ours.result.curve} vs ${theirs.result.curve}`,
        ).toBeLessThanOrEqual(flips * 0.05 + 1e-9),
      );
      expect(ours.result.trainedOn).toBe('engine');
    });

    it('dropout: evaluation keeps every unit (as the net without it), training steps drop', async () => {
      // Two layers: model.ts's rule puts dropout at rate 1/2 after the second (the FC).
      const arch = parseNetString('C(4,3,1) FC(8) SM(4)');
      const make = (dropout: boolean) =>
        new LayersNet(engine!, arch, {
          inputShape: [8, 8, 1],
          batch: 16,
          optimizer: { kind: 'adam', learningRate: 0.005 },
          seed: 5,
          dropout,
          dropoutSeed: 3,
        });
      const plain = make(false);
      const dropped = make(true);
      try {
        const rng = new Rng(8);
        const images = Float32Array.from({ length: 16 * 64 }, () => rng.next());
        const labels = Int32Array.from({ length: 16 }, () => rng.int(4));
        expect(await dropped.evaluate(images, labels)).toEqual(await plain.evaluate(images, labels));
        // Forward and backward each add one dropout dispatch to the step.
        expect(dropped.dispatchesPerStep).toBe(plain.dispatchesPerStep + 2);
        plain.step(images, labels);
        dropped.step(images, labels);
        const [lossPlain] = (await plain.readStats()).losses;
        const [lossDropped] = (await dropped.readStats()).losses;
        expect(Number.isFinite(lossDropped)).toBe(true);
        expect(Math.abs(lossDropped! - lossPlain!)).toBeGreaterThan(1e-4);
      } finally {
        plain.dispose();
        dropped.dispose();
      }
    });

    it('trains a chain with dropout on the engine', async () => {
      const result = await trainArchitectureOnEngine(
        engine!,
        chainOf('C(4,3,1) P(2,2) FC(8) SM(4)'),
        data,
        { ...training, dropout: true },
        { seed: 11 },
      );
      expect(result.trainedOn).toBe('engine');
      expect(result.curve).toHaveLength(2);
      expect(result.accuracy).toBeGreaterThanOrEqual(0);
    });
  },
);
