/**
 * The NAS-RL controller (Zoph & Le, ICLR 2017; SPEC §4) in plain TypeScript: the same model and
 * algorithm as the tfjs `NasRlController` (src/train/controller.ts), written out by hand so that
 * a 2 x 35 LSTM costs microseconds instead of a tfjs kernel call per op. A stacked LSTM emits the
 * decisions of a `TokenSpec` one softmax at a time, each sampled token embedded as the next input;
 * anchor-point skips P(j -> i) = sigmoid(v^T tanh(W_prev h_j + W_curr h_i)), the next layer's input
 * the sum of the chosen anchors over (1 + their count). REINFORCE with the EMA baseline of
 * reinforce.ts, gradients by hand-written backpropagation through time, and tfjs's Adam.
 * Weights come from `initialWeights` (the tfjs controller's numbers for the same seed) and are
 * kept in float32 like tfjs's; the arithmetic runs in float64, so both agree to about 1e-6.
 * Pure module: no DOM, React or tfjs.
 */
import type { RunConfig } from './config';
import {
  CONTROLLER_ADAM,
  DEFAULT_CONTROLLER_OPTIONS,
  checkBatch,
  controllerOptionsOf,
  drawIndex,
  initialWeights,
  type ControllerOptions,
  type ControllerSample,
  type ControllerUpdate,
} from './controllerParams';
import { adamUpdate, addOuterAndBack, lstmStep, lstmStepBackward, matVec } from './lstmMath';
import type { Head, Input, Layer, Rollout, StepRecord } from './lstmTypes';
import { INITIAL_BASELINE, reinforceStep, type BaselineState, type TokenSpec } from './reinforce';
import type { Rng } from './rng';
import type { TokenPolicy } from './strategy';

/** Sampled rollouts kept for the next update at most (a batch is m of them). */
const MAX_KEPT_ROLLOUTS = 256;

/** What an `LstmController` has learnt: its weights, Adam's moments and the baseline. */
export interface LstmControllerState {
  /** Every weight, in `initialWeights` order. */
  readonly weights: readonly (readonly number[])[];
  /** Adam's first and second moments, one list per weight. */
  readonly firstMoments: readonly (readonly number[])[];
  readonly secondMoments: readonly (readonly number[])[];
  /** beta1^t and beta2^t after t Adam steps. */
  readonly accBeta1: number;
  readonly accBeta2: number;
  readonly baseline: BaselineState;
}

/** Samples decision sequences and learns from their rewards with REINFORCE, without tfjs. */
export class LstmController {
  private readonly options: ControllerOptions;
  private readonly units: number;
  private readonly layers: Layer[];
  private readonly go: Float32Array;
  private readonly gradGo: Float64Array;
  private readonly heads = new Map<number, Head>();
  private readonly attention: {
    prev: Float32Array;
    curr: Float32Array;
    v: Float32Array;
    gradPrev: Float64Array;
    gradCurr: Float64Array;
    gradV: Float64Array;
  } | null;
  /** Every weight and its gradient, in `initialWeights` order. */
  private readonly params: Float32Array[] = [];
  private readonly grads: Float64Array[] = [];
  /** Adam's moments per weight, float32 as tfjs keeps them. */
  private readonly firstMoments: Float32Array[];
  private readonly secondMoments: Float32Array[];
  /** beta1^t and beta2^t after t Adam steps, float32 as tfjs keeps them. */
  private accBeta1: number = Math.fround(CONTROLLER_ADAM.beta1);
  private accBeta2: number = Math.fround(CONTROLLER_ADAM.beta2);
  private baselineState: BaselineState = INITIAL_BASELINE;
  /** Rollouts sampled since the last weight change, by their tokens (the same forward pass). */
  private readonly sampled = new Map<string, Rollout>();

  /** Creates the weights from `options.seed`; throws on a spec whose steps are out of order. */
  constructor(
    readonly spec: TokenSpec,
    options: Partial<ControllerOptions> & { seed: number },
  ) {
    this.options = { ...DEFAULT_CONTROLLER_OPTIONS, ...options };
    this.units = this.options.units;
    const init = initialWeights(spec, this.options);
    let next = 0;
    const take = (): [Float32Array, Float64Array] => {
      const values = init[next++]!.values;
      const grad = new Float64Array(values.length);
      this.params.push(values);
      this.grads.push(grad);
      return [values, grad];
    };
    this.layers = Array.from({ length: this.options.lstmLayers }, () => {
      const [kernel, gradKernel] = take();
      const [bias, gradBias] = take();
      return { kernel, bias, gradKernel, gradBias };
    });
    [this.go, this.gradGo] = take();
    spec.steps.forEach((step, t) => {
      if (step.kind !== 'choice') return;
      const [kernel, gradKernel] = take();
      const [bias, gradBias] = take();
      const [embedding, gradEmbedding] = take();
      this.heads.set(t, {
        outcomes: step.choices.length,
        kernel,
        bias,
        embedding,
        gradKernel,
        gradBias,
        gradEmbedding,
      });
    });
    if (next < init.length) {
      const [prev, gradPrev] = take();
      const [curr, gradCurr] = take();
      const [v, gradV] = take();
      this.attention = { prev, curr, v, gradPrev, gradCurr, gradV };
    } else this.attention = null;
    this.firstMoments = this.params.map((p) => new Float32Array(p.length));
    this.secondMoments = this.params.map((p) => new Float32Array(p.length));
  }

  /** The EMA baseline and how many batches it has seen. */
  get baseline(): BaselineState {
    return this.baselineState;
  }

  /** Trainable parameters of the controller. */
  get paramCount(): number {
    return this.params.reduce((sum, p) => sum + p.length, 0);
  }

  /** Copies of every weight, in `initialWeights` order. */
  weights(): Float32Array[] {
    return this.params.map((p) => p.slice());
  }

  /** Samples one decision sequence, drawing each token from its distribution with `rng`. */
  sample(rng: Rng): ControllerSample {
    const rollout = this.rollout((_t, p) => drawIndex(p, rng.next()));
    // Kept until the weights change: the update of this batch backpropagates through it.
    if (this.sampled.size >= MAX_KEPT_ROLLOUTS) this.sampled.clear();
    this.sampled.set(rollout.tokens.join(), rollout);
    const { tokens, probabilities, logProb } = rollout;
    return { tokens, probabilities, logProb };
  }

  /**
   * The sequence whose token at step t is `choose(t, probabilities)`, with the distributions it
   * was chosen from: e.g. the greedy path, or the probabilities of given tokens. `choose` must
   * return an outcome index of the step. Changes nothing.
   */
  follow(choose: (step: number, probabilities: Float64Array) => number): ControllerSample {
    const { tokens, probabilities, logProb } = this.rollout(choose);
    return { tokens, probabilities, logProb };
  }

  /**
   * One REINFORCE step on a batch: the baseline folds in the mean reward, then Adam minimises
   * -(1/m) sum_k sum_t ln P(a_t) (R_k - b). `rewards` are already transformed (e.g. cubed).
   */
  update(samples: readonly { tokens: readonly number[] }[], rewards: readonly number[]): ControllerUpdate {
    checkBatch(this.spec, samples, rewards);
    const step = reinforceStep(this.baselineState, rewards, this.options.baseline);
    const loss = this.updateWithAdvantages(samples, step.advantages);
    this.baselineState = step.baseline;
    return { loss, baseline: step.baseline.value, advantages: step.advantages };
  }

  /**
   * One Adam step on -(1/m) sum_k logP_k A_k with advantages the caller computed (e.g. ENAS's
   * baseline, updated child by child); this controller's own baseline is left as it is.
   * Returns the surrogate loss before the step.
   */
  updateWithAdvantages(
    samples: readonly { tokens: readonly number[] }[],
    advantages: readonly number[],
  ): number {
    checkBatch(this.spec, samples, advantages);
    const loss = this.backward(samples, advantages);
    this.adamStep();
    this.sampled.clear();
    return loss;
  }

  /** Everything that learning changes, as plain numbers (for saving a run and resuming it). */
  getState(): LstmControllerState {
    return {
      weights: this.params.map((p) => Array.from(p)),
      firstMoments: this.firstMoments.map((m) => Array.from(m)),
      secondMoments: this.secondMoments.map((m) => Array.from(m)),
      accBeta1: this.accBeta1,
      accBeta2: this.accBeta2,
      baseline: { ...this.baselineState },
    };
  }

  /** Restores `getState()`'s values; throws when a list or a length does not match this spec. */
  setState(state: LstmControllerState): void {
    const lists: [Float32Array[], readonly (readonly number[])[], string][] = [
      [this.params, state.weights, 'weights'],
      [this.firstMoments, state.firstMoments, 'first moments'],
      [this.secondMoments, state.secondMoments, 'second moments'],
    ];
    // Every shape is checked before anything is written: a bad state leaves the controller as it was.
    for (const [targets, values, what] of lists)
      if (values.length !== targets.length || values.some((v, i) => v.length !== targets[i]!.length))
        throw new Error(`Controller state: ${what} do not match the controller's shapes`);
    for (const [targets, values] of lists) values.forEach((v, i) => targets[i]!.set(v));
    this.accBeta1 = state.accBeta1;
    this.accBeta2 = state.accBeta2;
    this.baselineState = { ...state.baseline };
    this.sampled.clear();
  }

  /**
   * The surrogate loss -(1/m) sum_k logP_k A_k of `samples` with the given advantages and its
   * gradient per weight (`initialWeights` order). Changes nothing.
   */
  lossGradients(
    samples: readonly { tokens: readonly number[] }[],
    advantages: readonly number[],
  ): { loss: number; gradients: Float64Array[] } {
    checkBatch(this.spec, samples, advantages);
    const loss = this.backward(samples, advantages);
    return { loss, gradients: this.grads.map((g) => g.slice()) };
  }

  /** Nothing to free: the weights are plain arrays. */
  dispose(): void {}

  /** Fills `this.grads` with the gradient of the surrogate loss of the batch; returns the loss. */
  private backward(samples: readonly { tokens: readonly number[] }[], advantages: readonly number[]): number {
    for (const g of this.grads) g.fill(0);
    const m = samples.length;
    let loss = 0;
    samples.forEach((sample, k) => {
      const rollout = this.sampled.get(sample.tokens.join()) ?? this.rollout((t) => sample.tokens[t]!);
      const weight = -advantages[k]! / m; // d loss / d logP_k
      loss += weight * rollout.logProb;
      this.backpropagate(rollout, weight);
    });
    return loss;
  }

  /** tfjs's Adam (`tf.train.adam(lr)`) over every weight, then one more step of beta1^t and beta2^t. */
  private adamStep(): void {
    const { beta1, beta2 } = CONTROLLER_ADAM;
    adamUpdate(
      this.params,
      this.grads,
      this.firstMoments,
      this.secondMoments,
      this.options.learningRate,
      this.accBeta1,
      this.accBeta2,
    );
    this.accBeta1 = Math.fround(this.accBeta1 * beta1);
    this.accBeta2 = Math.fround(this.accBeta2 * beta2);
  }

  /**
   * Runs the controller over every step of the spec, the token of step t chosen by
   * `decide(t, probabilities)`; records what backpropagation needs.
   */
  private rollout(decide: (step: number, probabilities: Float64Array) => number): Rollout {
    const u = this.units;
    const steps = this.spec.steps;
    const hidden = this.layers.map(() => new Float64Array(u));
    const cells = this.layers.map(() => new Float64Array(u));
    const go = Float64Array.from(this.go);
    const records: StepRecord[] = [];
    const anchors: Float64Array[] = [];
    const keys: Float64Array[] = [];
    const tokens: number[] = [];
    const probabilities: number[][] = [];
    let logProb = 0;
    let x = go;
    let input: Input = { kind: 'go' };

    /** Log-softmax of `logits`, the token decided from its exp, and the logProb added. */
    const choose = (t: number, logits: Float64Array): { probs: Float64Array; token: number } => {
      let max = -Infinity;
      for (const z of logits) if (z > max) max = z;
      let sum = 0;
      for (const z of logits) sum += Math.exp(z - max);
      const logNorm = max + Math.log(sum);
      const probs = logits.map((z) => Math.exp(z - logNorm));
      const token = decide(t, probs);
      tokens.push(token);
      probabilities.push(Array.from(probs));
      logProb += logits[token]! - logNorm;
      return { probs, token };
    };

    let t = 0;
    for (let layer = 0; layer < this.spec.layers; layer++) {
      for (; t < steps.length && steps[t]!.layer === layer && steps[t]!.kind === 'choice'; t++) {
        const caches = lstmStep(this.layers, u, x, hidden, cells);
        const top = caches.at(-1)!.h;
        const head = this.heads.get(t)!;
        const n = head.outcomes;
        const logits = Float64Array.from(head.bias);
        for (let r = 0; r < u; r++) {
          const h_r = top[r]!;
          for (let c = 0; c < n; c++) logits[c] = logits[c]! + h_r * head.kernel[r * n + c]!;
        }
        const shaping = this.options.logitShaping;
        let shaped: Float64Array | undefined;
        if (shaping) {
          shaped = logits.map((l) => Math.tanh(l / shaping.temperature));
          for (let c = 0; c < n; c++) logits[c] = shaping.tanhConstant * shaped[c]!;
        }
        const { probs, token } = choose(t, logits);
        records.push({
          input,
          cells: caches,
          choice: { step: t, probabilities: probs, token, ...(shaped ? { shaped } : {}) },
        });
        x = Float64Array.from(head.embedding.subarray(token * u, (token + 1) * u));
        input = { kind: 'embedding', step: t, token };
      }
      if (!this.attention) continue;
      const { prev, curr, v } = this.attention;
      // Anchor point of this layer: its hidden state h_i scores every earlier anchor h_j.
      const caches = lstmStep(this.layers, u, x, hidden, cells);
      const anchor = caches.at(-1)!.h;
      const query = matVec(anchor, curr, u);
      const record: StepRecord = { input, cells: caches, anchor: { index: layer, skips: [] } };
      const chosen: number[] = [];
      for (; t < steps.length && steps[t]!.layer === layer; t++) {
        const step = steps[t]!;
        if (step.kind !== 'skip') break; // unreachable: checkOrder put the skips last
        const key = keys[step.from]!;
        const activation = new Float64Array(u);
        let score = 0;
        for (let j = 0; j < u; j++) {
          activation[j] = Math.tanh(key[j]! + query[j]!);
          score += activation[j]! * v[j]!;
        }
        // Logits [0, z] give the softmax [1 - sigmoid(z), sigmoid(z)].
        const { probs, token } = choose(t, Float64Array.of(0, score));
        record.anchor!.skips.push({ from: step.from, activation, connect: probs[1]!, token });
        if (token === 1) chosen.push(step.from);
      }
      records.push(record);
      anchors.push(anchor);
      keys.push(matVec(anchor, prev, u));
      // As in ENAS: the next input is the sum of the chosen anchors over (1 + their count).
      if (layer === 0) {
        x = go;
        input = { kind: 'go' };
      } else {
        const scale = 1 / (1 + chosen.length);
        x = new Float64Array(u);
        for (const j of chosen) for (let r = 0; r < u; r++) x[r] = x[r]! + anchors[j]![r]!;
        for (let r = 0; r < u; r++) x[r] = x[r]! * scale;
        input = { kind: 'anchors', anchors: chosen, scale };
      }
    }
    return { records, anchors, tokens, probabilities, logProb };
  }

  /** Adds `weight` times the gradient of the rollout's logProb to `this.grads` (BPTT). */
  private backpropagate(rollout: Rollout, weight: number): void {
    const u = this.units;
    const width = 4 * u;
    const depth = this.layers.length;
    const dHidden = this.layers.map(() => new Float64Array(u));
    const dCells = this.layers.map(() => new Float64Array(u));
    const dAnchors = rollout.anchors.map(() => new Float64Array(u));
    const dz = new Float64Array(width);
    for (let s = rollout.records.length - 1; s >= 0; s--) {
      const record = rollout.records[s]!;
      const top = record.cells[depth - 1]!.h;
      // Gradient reaching the top hidden state from what read it at this step.
      const local = new Float64Array(u);
      if (record.choice) {
        const { step, probabilities, token, shaped } = record.choice;
        const head = this.heads.get(step)!;
        const n = head.outcomes;
        const dLogits = new Float64Array(n);
        for (let c = 0; c < n; c++) dLogits[c] = weight * ((c === token ? 1 : 0) - probabilities[c]!);
        // Through z = C tanh(l / T): dz/dl = (C / T)(1 - tanh(l / T)^2).
        const shaping = this.options.logitShaping;
        if (shaped && shaping) {
          const scale = shaping.tanhConstant / shaping.temperature;
          for (let c = 0; c < n; c++) dLogits[c] = dLogits[c]! * scale * (1 - shaped[c]! ** 2);
        }
        for (let c = 0; c < n; c++) head.gradBias[c] = head.gradBias[c]! + dLogits[c]!;
        for (let r = 0; r < u; r++) {
          const h_r = top[r]!;
          let sum = 0;
          for (let c = 0; c < n; c++) {
            head.gradKernel[r * n + c] = head.gradKernel[r * n + c]! + h_r * dLogits[c]!;
            sum += head.kernel[r * n + c]! * dLogits[c]!;
          }
          local[r] = sum;
        }
      }
      if (record.anchor) {
        const { prev, curr, v, gradPrev, gradCurr, gradV } = this.attention!;
        const index = record.anchor.index;
        const dQuery = new Float64Array(u);
        for (const skip of record.anchor.skips) {
          const dScore = weight * (skip.token - skip.connect);
          const dKey = new Float64Array(u);
          for (let j = 0; j < u; j++) {
            const a = skip.activation[j]!;
            gradV[j] = gradV[j]! + a * dScore;
            const dPre = v[j]! * dScore * (1 - a * a);
            dKey[j] = dPre;
            dQuery[j] = dQuery[j]! + dPre;
          }
          // key_from = h_from W_prev: the gradient of W_prev and of the earlier anchor.
          addOuterAndBack(rollout.anchors[skip.from]!, dKey, prev, gradPrev, dAnchors[skip.from]!, u);
        }
        addOuterAndBack(top, dQuery, curr, gradCurr, dAnchors[index]!, u);
        for (let r = 0; r < u; r++) local[r] = local[r]! + dAnchors[index]![r]!;
      }
      // Down the stack at this step, then back in time through h and c.
      const dx = lstmStepBackward(this.layers, u, record.cells, dHidden, dCells, dz, local);
      const input = record.input;
      if (input.kind === 'go') for (let r = 0; r < u; r++) this.gradGo[r] = this.gradGo[r]! + dx[r]!;
      else if (input.kind === 'embedding') {
        const gradEmbedding = this.heads.get(input.step)!.gradEmbedding;
        const offset = input.token * u;
        for (let r = 0; r < u; r++) gradEmbedding[offset + r] = gradEmbedding[offset + r]! + dx[r]!;
      } else
        for (const j of input.anchors) {
          const dAnchor = dAnchors[j]!;
          for (let r = 0; r < u; r++) dAnchor[r] = dAnchor[r]! + input.scale * dx[r]!;
        }
    }
  }
}

/** A fresh plain controller for `spec` with the config's REINFORCE settings, as a `TokenPolicy`. */
export function lstmControllerPolicy(spec: TokenSpec, config: RunConfig): TokenPolicy {
  let controller: LstmController | null = null;
  const made = (): LstmController => (controller ??= new LstmController(spec, controllerOptionsOf(config)));
  return {
    sample: async (rng) => made().sample(rng),
    update: async (samples, rewards) => made().update(samples, rewards),
    dispose: () => controller?.dispose(),
  };
}
