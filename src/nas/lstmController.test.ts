import { describe, expect, it } from 'vitest';
import { presetConfig } from './presets';
import { LstmController, lstmControllerPolicy } from './lstmController';
import { applyConfigPatch } from './options';
import { buildTokenSpec, type TokenSpec } from './reinforce';
import { Rng } from './rng';
import type { RunEvent } from './runlog';
import { SearchRun, type Evaluate } from './search';

/** One decision with two outcomes: the toy bandit. */
const twoTokens: TokenSpec = {
  layers: 1,
  steps: [{ kind: 'choice', layer: 0, name: 'filters', choices: [0, 1] }],
};

const withSkips = buildTokenSpec({ layers: 3, filterSizes: [1, 3], filterCounts: [8, 16], skips: true });

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Checks the controller's loss gradient on `withSkips` against central differences on every
 * `stride`-th weight, for one sample per advantage (drawn from `sampleSeed`); returns how many.
 */
function checkGradients(
  options: ConstructorParameters<typeof LstmController>[1],
  sampleSeed: number,
  advantages: number[],
  stride: number,
): number {
  const controller = new LstmController(withSkips, options);
  // Sampled by a twin, so that no rollout of the old weights is kept by the nudged controller.
  const twin = new LstmController(withSkips, options);
  const rng = new Rng(sampleSeed);
  const samples = advantages.map(() => twin.sample(rng));
  const { gradients } = controller.lossGradients(samples, advantages);
  // The weights are the controller's own arrays: nudge one entry, read the loss, put it back.
  const weights = controller['params'] as Float32Array[];
  let checked = 0;
  weights.forEach((w, i) => {
    for (let j = 0; j < w.length; j += stride) {
      const keep = w[j]!;
      const h = 1e-2;
      w[j] = keep + h;
      const up = controller.lossGradients(samples, advantages).loss;
      w[j] = keep - h;
      const down = controller.lossGradients(samples, advantages).loss;
      w[j] = keep;
      // Float32 weights: keep + h is rounded, so divide by the step actually taken.
      const taken = Math.fround(keep + h) - Math.fround(keep - h);
      expect(gradients[i]![j]!).toBeCloseTo((up - down) / taken, 4);
      checked++;
    }
  });
  return checked;
}

describe('plain LSTM controller', () => {
  it('computes a 1-unit LSTM and its softmax by hand (go input, zero state)', () => {
    const controller = new LstmController(twoTokens, { seed: 4, units: 1, lstmLayers: 1, initRange: 0.5 });
    // initialWeights order: kernel [2, 4] (rows x, h; gates i, f, g, o), bias [1, 4], go [1, 1],
    // head kernel [1, 2], head bias [1, 2], embedding [2, 1].
    const [kernel, bias, go, headKernel, headBias] = controller.weights() as Float32Array[];
    const x = go![0]!;
    const z = [0, 1, 2, 3].map((gate) => x * kernel![gate]! + bias![gate]!); // h_prev = 0: row 2 unused
    const c = sigmoid(z[0]!) * Math.tanh(z[2]!); // + sigmoid(f) * c_prev, c_prev = 0
    const h = sigmoid(z[3]!) * Math.tanh(c);
    const logits = [h * headKernel![0]! + headBias![0]!, h * headKernel![1]! + headBias![1]!];
    const p1 = 1 / (1 + Math.exp(logits[0]! - logits[1]!));
    const sample = controller.sample(new Rng(1));
    expect(sample.probabilities[0]![1]).toBeCloseTo(p1, 14);
    expect(sample.logProb).toBeCloseTo(Math.log(sample.tokens[0] === 1 ? p1 : 1 - p1), 14);

    // d loss / d head bias = -(A / m) (onehot(a) - p) for one sample, m = 1.
    const { loss, gradients } = controller.lossGradients([{ tokens: [1] }], [0.5]);
    expect(loss).toBeCloseTo(-0.5 * Math.log(p1), 14);
    expect(gradients[4]![1]).toBeCloseTo(-0.5 * (1 - p1), 14);
    expect(gradients[4]![0]).toBeCloseTo(-0.5 * (0 - (1 - p1)), 14);
  });

  it('has the gradient of its own loss: central differences on every weight (NAS-RL with skips)', () => {
    const checked = checkGradients({ seed: 2, units: 4, lstmLayers: 2, initRange: 0.5 }, 3, [0.7, -0.4], 3);
    expect(checked).toBeGreaterThan(100);
  });

  it("has the gradient of its own loss with ENAS's logit shaping z = C tanh(l / T): central differences", () => {
    const options = {
      seed: 4,
      units: 4,
      lstmLayers: 1,
      initRange: 0.5,
      logitShaping: { temperature: 0.8, tanhConstant: 1.5 },
    };
    expect(checkGradients(options, 5, [0.3, -0.6, 0.2], 2)).toBeGreaterThan(50);
  });

  it('bounds every choice logit to ±C with the logit shaping, so no probability passes e^C / (e^C + (n-1) e^-C)', () => {
    const shaped = new LstmController(withSkips, {
      seed: 6,
      units: 4,
      initRange: 3,
      logitShaping: { temperature: 1, tanhConstant: 0.5 },
    });
    const sample = shaped.sample(new Rng(1));
    withSkips.steps.forEach((step, t) => {
      if (step.kind !== 'choice') return;
      const n = sample.probabilities[t]!.length;
      const bound = Math.exp(0.5) / (Math.exp(0.5) + (n - 1) * Math.exp(-0.5));
      for (const p of sample.probabilities[t]!) expect(p).toBeLessThanOrEqual(bound + 1e-12);
    });
  });

  it('raises P(token 1) when token 1 earns 1 and lowers it when token 0 does (gradient sign)', () => {
    const train = (rewardedToken: number) => {
      const controller = new LstmController(twoTokens, { seed: 3, learningRate: 0.05 });
      const rng = new Rng(11);
      const start = controller.sample(rng).probabilities[0]![1]!;
      for (let i = 0; i < 30; i++) {
        const samples = Array.from({ length: 4 }, () => controller.sample(rng));
        controller.update(
          samples,
          samples.map((s) => (s.tokens[0] === rewardedToken ? 1 : 0)),
        );
      }
      return { start, end: controller.sample(rng).probabilities[0]![1]! };
    };
    const one = train(1);
    const zero = train(0);
    expect(zero.start).toBe(one.start);
    expect(one.end).toBeGreaterThan(0.9);
    expect(zero.end).toBeLessThan(0.1);
  });

  it('rejects a sample with the wrong number of tokens or a token out of range', () => {
    const controller = new LstmController(twoTokens, { seed: 1 });
    expect(() => controller.update([{ tokens: [2] }], [1])).toThrow(/out of range/);
    expect(() => controller.update([{ tokens: [] }], [1])).toThrow(/tokens/);
    expect(() => controller.update([{ tokens: [1] }], [])).toThrow(/reward/);
  });
});

describe('REINFORCE on NAS-Bench-201 with the plain controller', () => {
  /** Rewards that favour a 3x3 conv on the first edge. */
  const evaluate: Evaluate = async (arch) => {
    if (arch.space !== 'nb201') throw new Error('expected a NAS-Bench-201 cell');
    const accuracy = arch.cell[0] === 'nor_conv_3x3' ? 0.9 : 0.3;
    return { accuracy, curve: [accuracy], params: 0, trainMs: 0, backend: 'nas-bench-201', restarts: 0 };
  };

  it('updates per batch, and a run restored from its log proposes what the run proposes', async () => {
    const result = applyConfigPatch(presetConfig('class', 5), {
      strategy: 'reinforce',
      space: 'nb201',
      dataset: 'nb201-cifar10',
      reinforce: { models: 40, batchSize: 2, learningRate: 0.05 },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const config = result.config;
    const deps = { policy: lstmControllerPolicy };
    const events: RunEvent[] = [];
    const run = new SearchRun(config, (e) => events.push(...e), deps);
    run.begin();
    for (let i = 0; i < 10; i++) await run.step(evaluate);
    expect(events.filter((e) => e.type === 'policy-update')).toHaveLength(5);

    const after: RunEvent[] = [];
    const restored = await SearchRun.restore(config, events, (e) => after.push(...e), deps);
    expect(restored.snapshot()).toEqual(run.snapshot());
    const before = events.length;
    for (let i = 0; i < 4; i++) {
      await run.step(evaluate);
      await restored.step(evaluate);
    }
    const archs = (list: RunEvent[]) => list.flatMap((e) => (e.type === 'propose' ? [e.arch] : []));
    expect(archs(after)).toEqual(archs(events.slice(before)));
    expect(archs(after)).toHaveLength(4);
    run.dispose();
    restored.dispose();
  });
});
