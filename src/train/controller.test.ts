import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTokenSpec, decodeTokens, reinforceLoss, type TokenSpec } from '../nas/reinforce';
import { Rng } from '../nas/rng';
import { NasRlController } from './controller';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** One decision with two outcomes: the toy bandit of the gradient-sign test. */
const twoTokens: TokenSpec = {
  layers: 1,
  steps: [{ kind: 'choice', layer: 0, name: 'filters', choices: [0, 1] }],
};

const withSkips = buildTokenSpec({
  layers: 3,
  filterSizes: [1, 3, 5, 7],
  filterCounts: [24, 36, 48, 64],
  skips: true,
});

describe('NAS-RL controller', () => {
  it('raises P(token 1) when token 1 earns 1 and token 0 earns 0 (REINFORCE gradient sign)', () => {
    /** P(token 1) before and after 20 updates of 4 samples at the paper's lr 0.0006. */
    const train = (rewardedToken: number) => {
      const controller = new NasRlController(twoTokens, { seed: 3 });
      const rng = new Rng(11);
      const start = controller.sample(rng).probabilities[0]![1]!;
      for (let i = 0; i < 20; i++) {
        const samples = Array.from({ length: 4 }, () => controller.sample(rng));
        controller.update(
          samples,
          samples.map((s) => (s.tokens[0] === rewardedToken ? 1 : 0)),
        );
      }
      const end = controller.sample(rng).probabilities[0]![1]!;
      controller.dispose();
      return { start, end };
    };
    const rewardOne = train(1);
    expect(rewardOne.end).toBeGreaterThan(rewardOne.start);
    // The control: rewarding token 0 instead lowers P(token 1) from the same start.
    const rewardZero = train(0);
    expect(rewardZero.start).toBe(rewardOne.start);
    expect(rewardZero.end).toBeLessThan(rewardZero.start);
  });

  it('learns the toy problem outright with a larger learning rate', () => {
    const controller = new NasRlController(twoTokens, { seed: 3, learningRate: 0.05 });
    const rng = new Rng(11);
    for (let i = 0; i < 30; i++) {
      const samples = Array.from({ length: 4 }, () => controller.sample(rng));
      controller.update(
        samples,
        samples.map((s) => s.tokens[0]!),
      );
    }
    expect(controller.sample(rng).probabilities[0]![1]!).toBeGreaterThan(0.9);
    controller.dispose();
  });

  it('samples the same sequences for the same weight seed and Rng seed', () => {
    const a = new NasRlController(withSkips, { seed: 7 });
    const b = new NasRlController(withSkips, { seed: 7 });
    const c = new NasRlController(withSkips, { seed: 8 });
    const rngA = new Rng(42);
    const rngB = new Rng(42);
    const fromA = [a.sample(rngA), a.sample(rngA)];
    const fromB = [b.sample(rngB), b.sample(rngB)];
    expect(fromB).toEqual(fromA);
    expect(c.sample(new Rng(42)).probabilities).not.toEqual(fromA[0]!.probabilities);
    for (const controller of [a, b, c]) controller.dispose();
  });

  it('reports per-step distributions and their log-probability; skips are [1 - p, p]', () => {
    const controller = new NasRlController(withSkips, { seed: 1 });
    const sample = controller.sample(new Rng(2));
    expect(sample.tokens).toHaveLength(withSkips.steps.length);
    withSkips.steps.forEach((step, t) => {
      const p = sample.probabilities[t]!;
      expect(p).toHaveLength(step.kind === 'choice' ? step.choices.length : 2);
      expect(p.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    });
    const sum = sample.tokens.reduce((acc, token, t) => acc + Math.log(sample.probabilities[t]![token]!), 0);
    expect(sample.logProb).toBeCloseTo(sum, 4);
    expect(decodeTokens(withSkips, sample.tokens)).toHaveLength(3);
    // U(-0.08, 0.08) weights: every distribution starts close to uniform.
    for (const p of sample.probabilities)
      for (const x of p) expect(Math.abs(x - 1 / p.length)).toBeLessThan(0.05);
    controller.dispose();
  });

  it('returns the surrogate loss of the batch and the EMA baseline (decay 0.95 from 0)', () => {
    const controller = new NasRlController(withSkips, { seed: 4 });
    const rng = new Rng(5);
    const samples = [controller.sample(rng), controller.sample(rng)];
    const update = controller.update(samples, [0.5, 0.9]);
    // b = 0.05 * mean(0.5, 0.9) = 0.035; advantages 0.465, 0.865.
    expect(update.baseline).toBeCloseTo(0.035, 12);
    expect(update.advantages[0]).toBeCloseTo(0.465, 12);
    expect(update.advantages[1]).toBeCloseTo(0.865, 12);
    // The batched replay in `update` scores the tokens as sampling did, one at a time.
    expect(update.loss).toBeCloseTo(
      reinforceLoss(
        samples.map((s) => s.logProb),
        update.advantages,
      ),
      4,
    );
    expect(controller.baseline).toEqual({ value: update.baseline, updates: 1 });
    controller.dispose();
  });

  it('keeps tf.memory().numTensors constant across samples and updates, and frees all on dispose', () => {
    const before = tf.memory().numTensors;
    const controller = new NasRlController(withSkips, { seed: 9 });
    const rng = new Rng(10);
    const step = () => {
      const samples = [controller.sample(rng), controller.sample(rng), controller.sample(rng)];
      controller.update(samples, [0.2, 0.4, 0.6]);
    };
    step(); // Adam creates its moment variables on the first update
    const warm = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(warm);
    controller.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a sample with the wrong number of tokens or a token out of range', () => {
    const controller = new NasRlController(twoTokens, { seed: 1 });
    expect(() => controller.update([{ tokens: [2] }], [1])).toThrow(/out of range/);
    expect(() => controller.update([{ tokens: [] }], [1])).toThrow(/tokens/);
    expect(() => controller.update([{ tokens: [1] }], [])).toThrow(/reward/);
    controller.dispose();
  });
});
