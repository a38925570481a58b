/**
 * The plain TypeScript controller (src/nas/lstmController.ts) against the tfjs one
 * (controller.ts) on tfjs's CPU backend: same weights from the same seed, the same distributions
 * and tokens from the same Rng, the same loss and gradients, and the same weights after Adam steps.
 * Gradients are compared per weight matrix relative to its largest entry (float32 tfjs vs float64
 * plain arithmetic: entries near zero differ by float32 rounding, not by a relative 1e-5).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTROLLER_OPTIONS, initialWeights, type ControllerOptions } from '../nas/controllerParams';
import { LstmController } from '../nas/lstmController';
import { buildTokenSpec, hasSkips, type TokenSpec } from '../nas/reinforce';
import { Rng } from '../nas/rng';
import { DEFAULT_CELL_SPACE, cellTokenSpec } from '../nas/spaces/cell';
import { nb201TokenSpace } from '../nas/tokenSpaces';
import { NasRlController } from './controller';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Largest |a - b| over the largest |b| (0 when both are all zeros). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

const SPECS: [string, TokenSpec][] = [
  ['NAS-Bench-201 cell (6 choices of 5 ops)', nb201TokenSpace().spec],
  [
    'NAS-RL layers with strides and anchor-point skips',
    buildTokenSpec({
      layers: 4,
      filterSizes: [1, 3, 5, 7],
      filterCounts: [24, 36, 48, 64],
      strides: [1, 2],
      skips: true,
    }),
  ],
  ['NASNet cell pair (B = 2)', cellTokenSpec({ ...DEFAULT_CELL_SPACE, blocks: 2 })],
];

const OPTIONS: Partial<ControllerOptions> & { seed: number } = { seed: 17, learningRate: 0.02 };

describe.each(SPECS)('plain controller = tfjs controller: %s', (_name, spec) => {
  it('starts from the same weights, bit for bit', () => {
    const tfjs = new NasRlController(spec, OPTIONS);
    const plain = new LstmController(spec, OPTIONS);
    const fromTfjs = tfjs.weights();
    const fromPlain = plain.weights();
    expect(fromPlain).toHaveLength(
      initialWeights(spec, { ...DEFAULT_CONTROLLER_OPTIONS, ...OPTIONS }).length,
    );
    fromPlain.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(fromTfjs[i]!)));
    expect(plain.paramCount).toBe(tfjs.paramCount);
    tfjs.dispose();
  });

  it('draws the same tokens from the same distributions (relative 1e-5) with the same Rng', () => {
    const tfjs = new NasRlController(spec, OPTIONS);
    const plain = new LstmController(spec, OPTIONS);
    const rngA = new Rng(5);
    const rngB = new Rng(5);
    for (let k = 0; k < 5; k++) {
      const a = tfjs.sample(rngA);
      const b = plain.sample(rngB);
      expect(b.tokens).toEqual(a.tokens);
      b.probabilities.forEach((p, t) => expect(relativeError(p, a.probabilities[t]!)).toBeLessThan(1e-5));
      expect(Math.abs(b.logProb - a.logProb) / Math.abs(a.logProb)).toBeLessThan(1e-5);
    }
    tfjs.dispose();
  });

  it('has the same surrogate loss and gradient of every weight (relative 1e-5)', () => {
    const tfjs = new NasRlController(spec, OPTIONS);
    const plain = new LstmController(spec, OPTIONS);
    const rng = new Rng(8);
    const samples = [0, 1, 2, 3].map(() => plain.sample(rng));
    const advantages = [0.31, -0.2, 0.05, -0.47];
    const a = tfjs.lossGradients(samples, advantages);
    const b = plain.lossGradients(samples, advantages);
    expect(Math.abs(b.loss - a.loss) / Math.abs(a.loss)).toBeLessThan(1e-5);
    expect(b.gradients).toHaveLength(a.gradients.length);
    let nonZero = 0;
    b.gradients.forEach((g, i) => {
      expect(relativeError(g, a.gradients[i]!)).toBeLessThan(1e-5);
      if (g.some((x) => x !== 0)) nonZero++;
    });
    // Without skips, the last choice's embedding never reaches the loss (nothing reads it).
    expect(nonZero).toBe(b.gradients.length - (hasSkips(spec) ? 0 : 1));
    tfjs.dispose();
  });

  it('takes the same first REINFORCE step: every weight whose gradient is not at float32 noise moves alike', () => {
    const tfjs = new NasRlController(spec, OPTIONS);
    const plain = new LstmController(spec, OPTIONS);
    const rng = new Rng(13);
    const samples = [0, 1, 2].map(() => plain.sample(rng));
    const rewards = [0.8, 0.35, 0.6];
    const start = plain.weights();
    // The gradient this step follows (advantages against the baseline after the batch: 0.05 x mean).
    const baseline = 0.05 * (rewards.reduce((x, y) => x + y) / rewards.length);
    const { gradients } = tfjs.lossGradients(
      samples,
      rewards.map((r) => r - baseline),
    );
    const a = tfjs.update(samples, rewards);
    const b = plain.update(samples, rewards);
    expect(b.baseline).toBe(a.baseline);
    expect(b.advantages).toEqual(a.advantages);
    expect(Math.abs(b.loss - a.loss) / Math.abs(a.loss)).toBeLessThan(1e-5);
    // Adam's first step moves w by -lr g / (|g| + 1e-7): about lr wherever |g| >> 1e-7.
    const lr = OPTIONS.learningRate!;
    const fromTfjs = tfjs.weights();
    let compared = 0;
    let total = 0;
    plain.weights().forEach((w, i) => {
      for (let j = 0; j < w.length; j++) {
        total++;
        if (Math.abs(gradients[i]![j]!) < 1e-5) continue;
        compared++;
        const moved = w[j]! - start[i]![j]!;
        const movedTfjs = fromTfjs[i]![j]! - start[i]![j]!;
        expect(Math.abs(moved - movedTfjs)).toBeLessThan(1e-5 * lr);
      }
    });
    expect(compared).toBeGreaterThan(total / 4);
    tfjs.dispose();
  });

  it('keeps sampling the same tokens through 5 REINFORCE updates, its weights within 1e-3 of the moves', () => {
    const tfjs = new NasRlController(spec, OPTIONS);
    const plain = new LstmController(spec, OPTIONS);
    const rngA = new Rng(21);
    const rngB = new Rng(21);
    const start = plain.weights();
    for (let step = 0; step < 5; step++) {
      const fromTfjs = [0, 1, 2].map(() => tfjs.sample(rngA));
      const fromPlain = [0, 1, 2].map(() => plain.sample(rngB));
      expect(fromPlain.map((s) => s.tokens)).toEqual(fromTfjs.map((s) => s.tokens));
      const rewards = fromPlain.map((s) => (s.tokens[0]! % 2 === 0 ? 0.9 : 0.3) - 0.01 * s.tokens.at(-1)!);
      const a = tfjs.update(fromTfjs, rewards);
      const b = plain.update(fromPlain, rewards);
      expect(b.baseline).toBe(a.baseline);
      expect(b.advantages).toEqual(a.advantages);
      expect(Math.abs(b.loss - a.loss) / Math.abs(a.loss)).toBeLessThan(1e-5);
    }
    // Gradients at float32 noise (~1e-9) are what Adam's 1 / (sqrt(v) + 1e-7) magnifies most:
    // the moves of those few weights differ by up to ~1e-4 of the largest move.
    const fromTfjs = tfjs.weights();
    plain.weights().forEach((w, i) => {
      const moved = w.map((x, j) => x - start[i]![j]!);
      const movedTfjs = fromTfjs[i]!.map((x, j) => x - start[i]![j]!);
      expect(relativeError(moved, movedTfjs)).toBeLessThan(1e-3);
    });
    expect(plain.baseline).toEqual(tfjs.baseline);
    tfjs.dispose();
  });
});
