/**
 * The NAS-RL controller (Zoph & Le, ICLR 2017; SPEC §4): a stacked LSTM that emits the decisions
 * of a `TokenSpec` one softmax at a time, each sampled token embedded as the next input, with
 * anchor-point skip connections P(j -> i) = sigmoid(v^T tanh(W_prev h_j + W_curr h_i)); trained by
 * REINFORCE with the EMA baseline of src/nas/reinforce.ts and Adam.
 * Tokens are drawn with the caller's `Rng` (not tf.multinomial), so sampling is reproducible on
 * any backend. Everything crossing the API is plain numbers; tensors stay inside and are freed.
 */
import * as tf from '@tensorflow/tfjs';
import {
  DEFAULT_CONTROLLER_OPTIONS,
  checkBatch,
  drawIndex,
  initialWeights,
  type ControllerOptions,
  type ControllerSample,
  type ControllerUpdate,
} from '../nas/controllerParams';
import {
  INITIAL_BASELINE,
  hasSkips,
  reinforceStep,
  type BaselineState,
  type TokenSpec,
} from '../nas/reinforce';
import type { Rng } from '../nas/rng';

export { DEFAULT_CONTROLLER_OPTIONS };
export type { ControllerOptions, ControllerSample, ControllerUpdate };

/** Picks the tokens of a step (one per batch row) given its probabilities, shape [batch, outcomes]. */
type Decide = (step: number, probabilities: tf.Tensor2D) => number[];

/** A trainable matrix. */
type Weight = tf.Variable<tf.Rank.R2>;

interface LstmLayer {
  /** [input + units, 4 * units]; gate order i, f, g, o. */
  kernel: Weight;
  bias: Weight;
}

/** Samples decision sequences and learns from their rewards with REINFORCE. */
export class NasRlController {
  private readonly options: ControllerOptions;
  private readonly lstm: LstmLayer[];
  /** First input of the sequence, and of a layer after the first anchor (ENAS's `g_emb`). */
  private readonly goEmbedding: Weight;
  /** Per choice step: softmax head [units, outcomes] and bias, and the token embedding. */
  private readonly heads = new Map<number, { kernel: Weight; bias: Weight; embedding: Weight }>();
  private readonly attention: { prev: Weight; curr: Weight; v: Weight } | null;
  private readonly variables: tf.Variable[] = [];
  private readonly optimizer: tf.AdamOptimizer;
  private baselineState: BaselineState = INITIAL_BASELINE;

  /** Creates the weights from `options.seed`; throws on a spec whose steps are out of order. */
  constructor(
    readonly spec: TokenSpec,
    options: Partial<ControllerOptions> & { seed: number },
  ) {
    this.options = { ...DEFAULT_CONTROLLER_OPTIONS, ...options };
    const { units, lstmLayers } = this.options;
    // The same numbers in the same order as the plain controller (src/nas/lstmController.ts).
    const init = initialWeights(spec, this.options);
    let next = 0;
    const uniform = (shape: [number, number]) => {
      const weight = init[next++]!;
      if (weight.shape[0] !== shape[0] || weight.shape[1] !== shape[1])
        throw new Error(`Weight ${weight.name} has shape ${weight.shape}, expected ${shape}`);
      const variable = tf.tidy(() => tf.variable(tf.tensor2d(weight.values, shape)));
      this.variables.push(variable);
      return variable;
    };
    this.lstm = Array.from({ length: lstmLayers }, () => ({
      kernel: uniform([2 * units, 4 * units]),
      bias: uniform([1, 4 * units]),
    }));
    this.goEmbedding = uniform([1, units]);
    spec.steps.forEach((step, t) => {
      if (step.kind !== 'choice') return;
      const outcomes = step.choices.length;
      this.heads.set(t, {
        kernel: uniform([units, outcomes]),
        bias: uniform([1, outcomes]),
        embedding: uniform([outcomes, units]),
      });
    });
    this.attention = hasSkips(spec)
      ? { prev: uniform([units, units]), curr: uniform([units, units]), v: uniform([units, 1]) }
      : null;
    this.optimizer = tf.train.adam(this.options.learningRate);
  }

  /** The EMA baseline and how many batches it has seen. */
  get baseline(): BaselineState {
    return this.baselineState;
  }

  /** Trainable parameters of the controller. */
  get paramCount(): number {
    return this.variables.reduce((sum, variable) => sum + variable.size, 0);
  }

  /** Samples one decision sequence, drawing each token from its distribution with `rng`. */
  sample(rng: Rng): ControllerSample {
    const tokens: number[] = [];
    const probabilities: number[][] = [];
    let logProb = 0;
    tf.tidy(() => {
      const total = this.rollout(1, (_step, probs) => {
        const p = Array.from(probs.dataSync());
        const token = drawIndex(p, rng.next());
        tokens.push(token);
        probabilities.push(p);
        return [token];
      });
      logProb = total.dataSync()[0]!;
    });
    return { tokens, probabilities, logProb };
  }

  /**
   * One REINFORCE step on a batch: the baseline folds in the mean reward, then Adam minimises
   * -(1/m) sum_k sum_t ln P(a_t) (R_k - b). `rewards` are already transformed (e.g. cubed).
   */
  update(samples: readonly Pick<ControllerSample, 'tokens'>[], rewards: readonly number[]): ControllerUpdate {
    checkBatch(this.spec, samples, rewards);
    const step = reinforceStep(this.baselineState, rewards, this.options.baseline);
    const cost = this.optimizer.minimize(
      () => this.surrogate(samples, step.advantages),
      true,
      this.variables,
    );
    const loss = cost!.dataSync()[0]!;
    cost!.dispose();
    this.baselineState = step.baseline;
    return { loss, baseline: step.baseline.value, advantages: step.advantages };
  }

  /** Copies of every weight, in `initialWeights` order (for tests against the plain controller). */
  weights(): Float32Array[] {
    return this.variables.map((variable) => variable.dataSync() as Float32Array);
  }

  /**
   * The surrogate loss -(1/m) sum_k logP_k A_k of `samples` with the given advantages and its
   * gradient per weight (`initialWeights` order; zeros where a weight does not reach the loss).
   * Changes nothing: for tests against the plain controller.
   */
  lossGradients(
    samples: readonly Pick<ControllerSample, 'tokens'>[],
    advantages: readonly number[],
  ): { loss: number; gradients: Float32Array[] } {
    checkBatch(this.spec, samples, advantages);
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => this.surrogate(samples, advantages), this.variables);
      const gradients = this.variables.map((variable) =>
        grads[variable.name]
          ? (grads[variable.name]!.dataSync() as Float32Array)
          : new Float32Array(variable.size),
      );
      return { loss: value.dataSync()[0]!, gradients };
    });
  }

  /** Frees the weights and the optimiser's moments. */
  dispose(): void {
    this.optimizer.dispose();
    for (const variable of this.variables) variable.dispose();
    this.variables.length = 0;
  }

  /** -(1/m) sum_k logP_k A_k of the batch's tokens. Call inside a tidy. */
  private surrogate(
    samples: readonly Pick<ControllerSample, 'tokens'>[],
    advantages: readonly number[],
  ): tf.Scalar {
    const logProb = this.rollout(samples.length, (t) => samples.map((sample) => sample.tokens[t]!));
    return tf.neg(tf.mean(tf.mul(logProb, tf.tensor1d([...advantages])))) as tf.Scalar;
  }

  /**
   * Runs the controller over every step of the spec for `batch` sequences, with the tokens chosen
   * by `decide`; returns sum_t ln P(a_t | a_<t) per sequence, shape [batch]. Call inside a tidy.
   */
  private rollout(batch: number, decide: Decide): tf.Tensor1D {
    const { units } = this.options;
    const hidden = this.lstm.map(() => tf.zeros([batch, units]) as tf.Tensor2D);
    const cells = this.lstm.map(() => tf.zeros([batch, units]) as tf.Tensor2D);
    const go = tf.tile(this.goEmbedding, [batch, 1]) as tf.Tensor2D;
    let input = go;
    let logProb = tf.zeros([batch]) as tf.Tensor1D;

    const lstmStep = (x: tf.Tensor2D): tf.Tensor2D => {
      this.lstm.forEach((layer, l) => {
        const gates = tf.add(tf.matMul(tf.concat([x, hidden[l]!], 1), layer.kernel), layer.bias);
        const [i, f, g, o] = tf.split(gates, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        cells[l] = tf.add(tf.mul(tf.sigmoid(f), cells[l]!), tf.mul(tf.sigmoid(i), tf.tanh(g)));
        hidden[l] = tf.mul(tf.sigmoid(o), tf.tanh(cells[l]!));
        x = hidden[l]!;
      });
      return x;
    };
    const choose = (t: number, logits: tf.Tensor2D): tf.Tensor1D => {
      const logSoftmax = tf.logSoftmax(logits);
      const tokens = tf.tensor1d(decide(t, tf.exp(logSoftmax)), 'int32');
      const picked = tf.sum(tf.mul(tf.oneHot(tokens, logits.shape[1]), logSoftmax), 1);
      logProb = tf.add(logProb, picked);
      return tokens;
    };

    const steps = this.spec.steps;
    const anchors: tf.Tensor2D[] = [];
    const anchorKeys: tf.Tensor2D[] = [];
    let t = 0;
    for (let layer = 0; layer < this.spec.layers; layer++) {
      for (; t < steps.length && steps[t]!.layer === layer && steps[t]!.kind === 'choice'; t++) {
        const head = this.heads.get(t)!;
        const logits = tf.add(tf.matMul(lstmStep(input), head.kernel), head.bias) as tf.Tensor2D;
        input = tf.gather(head.embedding, choose(t, logits));
      }
      if (!this.attention) continue;
      const { prev, curr, v } = this.attention;
      // Anchor point of this layer: its hidden state h_i scores every earlier anchor h_j.
      const anchor = lstmStep(input);
      const query = tf.matMul(anchor, curr);
      let chosenSum = tf.zerosLike(anchor);
      let chosenCount = tf.zeros([batch, 1]) as tf.Tensor2D;
      for (; t < steps.length && steps[t]!.layer === layer; t++) {
        const step = steps[t]!;
        if (step.kind !== 'skip') break; // unreachable: checkOrder put the skips last
        const score = tf.matMul(tf.tanh(tf.add(anchorKeys[step.from]!, query)), v);
        // Logits [0, z] give the softmax [1 - sigmoid(z), sigmoid(z)].
        const connect = choose(t, tf.concat([tf.zerosLike(score), score], 1) as tf.Tensor2D);
        const mask = tf.expandDims(tf.cast(connect, 'float32'), 1) as tf.Tensor2D;
        chosenSum = tf.add(chosenSum, tf.mul(mask, anchors[step.from]!));
        chosenCount = tf.add(chosenCount, mask);
      }
      anchors.push(anchor);
      anchorKeys.push(tf.matMul(anchor, prev));
      // As in ENAS: the next input is the sum of the chosen anchors over (1 + their count).
      input = layer === 0 ? go : tf.div(chosenSum, tf.add(1, chosenCount));
    }
    return logProb;
  }
}
