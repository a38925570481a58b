/**
 * PyTorch's SGD (with momentum and weight decay, after `clip_grad_norm_`) and Adam, on named
 * tf.Variables, with their slots as tf.Variables so a saved state holds them. Both `apply` methods
 * assign new values and must run inside tf.tidy (they leave their temporaries to it).
 * References: torch.optim.SGD, torch.optim.Adam and torch.nn.utils.clip_grad_norm_ docs; the
 * order (clip the raw gradient, then the optimizer adds weight decay) is NB201's search loop
 * (exps/algos/DARTS-V1.py `search_func`: backward, clip_grad_norm_(…, 5), w_optimizer.step()).
 */
import * as tf from '@tensorflow/tfjs';
import type { AlphaOptimizer, WeightOptimizer } from '../../nas/oneshot/trainer';

/** Added to the gradient norm before dividing by it, as `clip_grad_norm_` does. */
const CLIP_EPS = 1e-6;
/** torch.optim.Adam's default eps. */
const ADAM_EPS = 1e-8;

/**
 * `tensors` as one flat vector (one concat): the optimizers' arithmetic runs once on it instead of
 * once per variable, since each kernel launch, not its size, dominates a step on WebGPU.
 */
export function flatten(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.concat(tensors.map((t) => tf.reshape(t, [-1]) as tf.Tensor1D));
}

/** The inverse of `flatten`: `flat` cut into tensors shaped as `likes` (one split). */
export function unflatten(flat: tf.Tensor1D, likes: readonly tf.Tensor[]): tf.Tensor[] {
  const parts = tf.split(
    flat,
    likes.map((t) => t.size),
  );
  return parts.map((part, i) => tf.reshape(part, likes[i]!.shape));
}

/** A zero-filled, non-trainable slot the shape of `like`. */
function slot(like: tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zerosLike(like), false));
}

/**
 * SGD with momentum, PyTorch semantics: d = g + weightDecay * w; v = momentum * v + d;
 * w -= lr * v. A variable with no gradient in a step (an op the child did not run) is left alone,
 * as PyTorch skips a parameter whose `.grad` is None: no decay, no momentum.
 */
export class SgdMomentum {
  /** Momentum buffer of each weight, by the weight's name. */
  readonly buffers: ReadonlyMap<string, tf.Variable>;

  constructor(
    private readonly weights: ReadonlyMap<string, tf.Variable>,
    private readonly options: WeightOptimizer,
  ) {
    this.buffers = new Map([...weights].map(([name, w]) => [name, slot(w)]));
  }

  /**
   * One step at learning rate `lr` from gradients by weight name (other names are ignored), on the
   * weights that have one, flattened into one vector.
   */
  apply(grads: ReadonlyMap<string, tf.Tensor>, lr: number): void {
    const { momentum, weightDecay, gradClip } = this.options;
    const names = [...grads.keys()].filter((name) => this.weights.has(name));
    if (names.length === 0) return;
    const weights = names.map((name) => this.weights.get(name)!);
    const buffers = names.map((name) => this.buffers.get(name)!);
    const w = flatten(weights);
    let d = flatten(names.map((name) => grads.get(name)!));
    if (gradClip > 0) {
      const total = tf.sqrt(tf.sum(tf.square(d)));
      d = tf.mul(d, tf.minimum(1, tf.div(gradClip, tf.add(total, CLIP_EPS))));
    }
    if (weightDecay !== 0) d = tf.add(d, tf.mul(w, weightDecay));
    const next: tf.Tensor1D = momentum !== 0 ? tf.add(tf.mul(flatten(buffers), momentum), d) : d;
    unflatten(next, buffers).forEach((value, i) => buffers[i]!.assign(value));
    unflatten(tf.sub(w, tf.mul(next, lr)), weights).forEach((value, i) => weights[i]!.assign(value));
  }

  /** Slots by state name (`momentum.<weight>`). */
  stateEntries(): [string, tf.Variable][] {
    return [...this.buffers].map(([name, v]) => [`momentum.${name}`, v]);
  }

  dispose(): void {
    this.buffers.forEach((v) => v.dispose());
  }
}

/**
 * Adam, PyTorch semantics: g += weightDecay * p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps), t the step count (a variable too).
 */
export class Adam {
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private readonly step: tf.Variable;

  constructor(
    private readonly param: tf.Variable,
    private readonly options: AlphaOptimizer,
  ) {
    this.m = slot(param);
    this.v = slot(param);
    this.step = tf.tidy(() => tf.variable(tf.scalar(0), false));
  }

  /** One step from `grad` (the gradient without weight decay). */
  apply(grad: tf.Tensor): void {
    const { learningRate, beta1, beta2, weightDecay } = this.options;
    const g = weightDecay !== 0 ? tf.add(grad, tf.mul(this.param, weightDecay)) : grad;
    this.step.assign(tf.add(this.step, 1));
    this.m.assign(tf.add(tf.mul(this.m, beta1), tf.mul(g, 1 - beta1)));
    this.v.assign(tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(g), 1 - beta2)));
    const correction1 = tf.sub(1, tf.pow(beta1, this.step));
    const correction2 = tf.sub(1, tf.pow(beta2, this.step));
    const denom = tf.add(tf.div(tf.sqrt(this.v), tf.sqrt(correction2)), ADAM_EPS);
    this.param.assign(tf.sub(this.param, tf.mul(tf.div(this.m, denom), tf.div(learningRate, correction1))));
  }

  /** Slots by state name (`<prefix>.adam.m`, `.v`, `.step`). */
  stateEntries(prefix: string): [string, tf.Variable][] {
    return [
      [`${prefix}.adam.m`, this.m],
      [`${prefix}.adam.v`, this.v],
      [`${prefix}.adam.step`, this.step],
    ];
  }

  dispose(): void {
    tf.dispose([this.m, this.v, this.step]);
  }
}
