/**
 * What both REINFORCE controllers share (the tfjs one in src/train/controller.ts and the plain
 * TypeScript one in src/nas/lstmController.ts): options, the weights created from a seed in one
 * fixed order, the check of a `TokenSpec`'s order and the draw of a token. Both build their
 * weights from `initialWeights`, so the same seed gives the same numbers to both.
 * Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from './config';
import { hasSkips, outcomeCount, DEFAULT_BASELINE, type BaselineConfig, type TokenSpec } from './reinforce';
import { Rng, hashString } from './rng';

/** Controller size, optimiser and baseline settings. */
export interface ControllerOptions {
  /** Seed of the weight initialisation. */
  seed: number;
  /** Hidden units per LSTM layer (also the embedding size). */
  units: number;
  /** Stacked LSTM layers. */
  lstmLayers: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Every weight starts uniform in [-initRange, initRange]. */
  initRange: number;
  baseline: BaselineConfig;
  /**
   * ENAS's logit shaping of the choice heads: z = tanhConstant * tanh(l / temperature), as
   * NAS-Bench-201's ENAS controller (lib/models/cell_searchs/search_model_enas_utils.py,
   * `Controller(..., tanh_constant=2.5, temperature=5.0)`, after ENAS's controllers). Absent: z = l.
   */
  logitShaping?: { readonly temperature: number; readonly tanhConstant: number };
}

/** The paper's controller (SPEC §4): 2 x 35 LSTM, Adam lr 0.0006, init U(-0.08, 0.08). */
export const DEFAULT_CONTROLLER_OPTIONS: Omit<ControllerOptions, 'seed'> = {
  units: 35,
  lstmLayers: 2,
  learningRate: 0.0006,
  initRange: 0.08,
  baseline: DEFAULT_BASELINE,
};

/** Adam's constants of both controllers: tfjs's defaults (epsilon = its float32 backend epsilon). */
export const CONTROLLER_ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** The controller options of a run config: weights seeded from the run seed (SPEC §4). */
export function controllerOptionsOf(config: RunConfig): ControllerOptions {
  const cfg = config.reinforce;
  return {
    seed: hashString(`${config.seed}|controller`),
    units: cfg.units,
    lstmLayers: cfg.lstmLayers,
    learningRate: cfg.learningRate,
    initRange: cfg.initRange,
    baseline: { decay: cfg.baselineDecay, init: 'zero' },
  };
}

/** One sampled decision sequence. */
export interface ControllerSample {
  /** Per step of the spec, the chosen outcome index (skip steps: 1 = connect, 0 = not). */
  tokens: number[];
  /** Per step, the distribution the token was drawn from (skip steps: [1 - p, p]). */
  probabilities: number[][];
  /** sum_t ln P(a_t | a_<t) of the tokens. */
  logProb: number;
}

/** What one REINFORCE update did, in plain numbers. */
export interface ControllerUpdate {
  /** Surrogate loss -(1/m) sum_k logP_k (R_k - b) at the parameters before the step. */
  loss: number;
  /** Baseline b after folding in this batch (the one the advantages use). */
  baseline: number;
  /** R_k - b per sample. */
  advantages: number[];
}

/** One weight matrix, row-major. */
export interface WeightInit {
  /** Where it belongs, e.g. `lstm0.kernel`, `head3.embedding`, `attention.v`. */
  name: string;
  /** [rows, columns]. */
  shape: [number, number];
  values: Float32Array;
}

/**
 * Every weight of the controller for `spec`, drawn U(-initRange, initRange) from `seed` in this
 * order: per LSTM layer its kernel [2 units, 4 units] (gates i, f, g, o) and bias [1, 4 units];
 * the go embedding [1, units]; per choice step its softmax kernel [units, outcomes], bias
 * [1, outcomes] and token embedding [outcomes, units]; with skips the attention's W_prev and
 * W_curr [units, units] and v [units, 1].
 */
export function initialWeights(spec: TokenSpec, options: ControllerOptions): WeightInit[] {
  const { units, lstmLayers, initRange } = options;
  if (!Number.isInteger(units) || units < 1)
    throw new Error(`units must be a positive integer, got ${units}`);
  if (!Number.isInteger(lstmLayers) || lstmLayers < 1)
    throw new Error(`lstmLayers must be a positive integer, got ${lstmLayers}`);
  checkOrder(spec);
  const rng = new Rng(options.seed).fork('controller-weights');
  const weights: WeightInit[] = [];
  const uniform = (name: string, shape: [number, number]) => {
    const values = new Float32Array(shape[0] * shape[1]);
    for (let i = 0; i < values.length; i++) values[i] = (2 * rng.next() - 1) * initRange;
    weights.push({ name, shape, values });
  };
  for (let l = 0; l < lstmLayers; l++) {
    uniform(`lstm${l}.kernel`, [2 * units, 4 * units]);
    uniform(`lstm${l}.bias`, [1, 4 * units]);
  }
  uniform('go', [1, units]);
  spec.steps.forEach((step, t) => {
    if (step.kind !== 'choice') return;
    const outcomes = outcomeCount(step);
    uniform(`head${t}.kernel`, [units, outcomes]);
    uniform(`head${t}.bias`, [1, outcomes]);
    uniform(`head${t}.embedding`, [outcomes, units]);
  });
  if (hasSkips(spec)) {
    uniform('attention.prev', [units, units]);
    uniform('attention.curr', [units, units]);
    uniform('attention.v', [units, 1]);
  }
  return weights;
}

/** Index drawn by inverse CDF from `probabilities` with a uniform `u` in [0, 1). */
export function drawIndex(probabilities: ArrayLike<number>, u: number): number {
  let cumulative = 0;
  for (let i = 0; i < probabilities.length; i++) {
    cumulative += probabilities[i]!;
    if (u < cumulative) return i;
  }
  return probabilities.length - 1; // float32 probabilities may sum to slightly under 1
}

/** Throws unless each layer's choice steps come first, then its skips from earlier layers. */
export function checkOrder(spec: TokenSpec): void {
  let t = 0;
  const steps = spec.steps;
  for (let layer = 0; layer < spec.layers; layer++) {
    while (t < steps.length && steps[t]!.layer === layer && steps[t]!.kind === 'choice') t++;
    for (; t < steps.length && steps[t]!.layer === layer; t++) {
      const step = steps[t]!;
      if (step.kind !== 'skip' || step.from < 0 || step.from >= layer)
        throw new Error(`Step ${t}: after the skips of layer ${layer} only the next layer may follow`);
    }
  }
  if (t !== steps.length || steps.some((s) => s.kind === 'choice' && s.choices.length === 0))
    throw new Error('TokenSpec steps must be grouped by layer in order, choices before skips');
}

/** Throws unless every sample has one in-range token per step and one reward (or advantage) each. */
export function checkBatch(
  spec: TokenSpec,
  samples: readonly { tokens: readonly number[] }[],
  values: readonly number[],
): void {
  if (samples.length === 0 || samples.length !== values.length)
    throw new Error(`Need one reward per sample, got ${values.length} for ${samples.length}`);
  samples.forEach((sample, k) => {
    if (sample.tokens.length !== spec.steps.length)
      throw new Error(`Sample ${k} has ${sample.tokens.length} tokens, expected ${spec.steps.length}`);
    sample.tokens.forEach((token, t) => {
      if (!Number.isInteger(token) || token < 0 || token >= outcomeCount(spec.steps[t]!))
        throw new Error(`Sample ${k}: token ${token} at step ${t} is out of range`);
    });
  });
}
