import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../nas/rng';
import { DEFAULT_CELL_SPACE, cellTokenSpec, decodeCellTokens, isLegalCellPair } from '../nas/spaces/cell';
import { NasRlController } from './controller';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the NAS-RL controller over the cell token spec', () => {
  it('samples legal cell pairs and takes a REINFORCE step (no skip steps, no attention)', () => {
    const cfg = { ...DEFAULT_CELL_SPACE, blocks: 2 };
    const controller = new NasRlController(cellTokenSpec(cfg), { seed: 1, units: 8, lstmLayers: 1 });
    const rng = new Rng(2);
    const samples = [controller.sample(rng), controller.sample(rng)];
    for (const sample of samples) {
      expect(sample.tokens).toHaveLength(20);
      expect(isLegalCellPair(cfg, decodeCellTokens(cfg, sample.tokens))).toBe(true);
      expect(Number.isFinite(sample.logProb)).toBe(true);
    }
    const update = controller.update(samples, [0.5, 0.7]);
    expect(Number.isFinite(update.loss)).toBe(true);
    controller.dispose();
  });
});
