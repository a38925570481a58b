/**
 * Batches of the training tensors by image index, gradients by variable name, and evaluation in
 * chunks: the pieces every step of the supernet and the standalone training share.
 */
import * as tf from '@tensorflow/tfjs';
import type { BatchStats } from '../../nas/oneshot/trainer';
import type { TrainingTensors } from '../data';
import { correctCount, crossEntropy } from './ops';
import { dartsForward, type DartsNetwork } from './dartsNetwork';
import { forward, type MixWeights, type Nb201Network } from './network';

/** A network of either cell space (nb201's or DARTS's), with its forward pass. */
export type SupernetNetwork = Nb201Network | DartsNetwork;

/** Logits of `x` under `mix`, by the network's space. */
export function logitsOf(network: SupernetNetwork, x: tf.Tensor4D, mix: MixWeights): tf.Tensor2D {
  return 'kind' in network ? dartsForward(network, x, mix) : forward(network, x, mix);
}

/** Images per forward pass when evaluating many (as trainer.ts validates). */
export const EVAL_CHUNK = 256;

/** Which split a batch's indices point into. */
export type Split = 'train' | 'val';

/** Throws unless `batch` is a non-empty list of image indices of `split`. */
export function checkBatch(tensors: TrainingTensors, split: Split, batch: readonly number[]): void {
  const n = split === 'train' ? tensors.nTrain : tensors.nVal;
  if (batch.length === 0) throw new Error(`An empty batch of ${split} images`);
  for (const i of batch) {
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new Error(`Image index ${i} is outside the ${split} split (0..${n - 1})`);
    }
  }
}

/** The images and labels of `batch` (call inside tf.tidy). */
export function gatherBatch(
  tensors: TrainingTensors,
  split: Split,
  batch: readonly number[],
): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const indices = tf.tensor1d(Int32Array.from(batch), 'int32');
  const [xs, ys] = split === 'train' ? [tensors.xTrain, tensors.yTrain] : [tensors.xVal, tensors.yVal];
  return { x: tf.gather(xs, indices), y: tf.gather(ys, indices) };
}

/** Receives the count of right answers of a forward pass, kept out of every tidy scope. */
export interface HitsHolder {
  correct?: tf.Scalar;
}

/**
 * The mean cross-entropy of images `x` with labels `y` under `mix` (a function of the mix, so
 * that tf.variableGrads records the mix's dependence on alpha). With `hits`, the number of right
 * answers of the same pass is kept there; the caller disposes it.
 */
export function batchLoss(
  network: SupernetNetwork,
  x: tf.Tensor4D,
  y: tf.Tensor1D,
  mix: () => MixWeights,
  hits?: HitsHolder,
): tf.Scalar {
  const logits = logitsOf(network, x, mix());
  if (hits) hits.correct = tf.keep(correctCount(logits, y));
  return crossEntropy(logits, y);
}

/**
 * The value of `f` and its gradients with respect to `variables`, keyed by their names there
 * (variables that do not reach the value get none). Call inside tf.tidy.
 */
export function gradients(
  f: () => tf.Scalar,
  variables: ReadonlyMap<string, tf.Variable>,
): { value: tf.Scalar; grads: Map<string, tf.Tensor> } {
  const nameOf = new Map([...variables].map(([name, v]) => [v.name, name]));
  const { value, grads } = tf.variableGrads(f, [...variables.values()]);
  const byName = new Map<string, tf.Tensor>();
  for (const [tfName, grad] of Object.entries(grads)) byName.set(nameOf.get(tfName)!, grad);
  return { value, grads: byName };
}

/** `batch` cut into ceil(n / EVAL_CHUNK) chunks of near-equal size (BN uses each chunk's statistics). */
export function chunks(batch: readonly number[]): number[][] {
  const count = Math.ceil(batch.length / EVAL_CHUNK);
  const out: number[][] = [];
  for (let k = 0, start = 0; k < count; k++) {
    const end = Math.round(((k + 1) * batch.length) / count);
    out.push(batch.slice(start, end));
    start = end;
  }
  return out;
}

/** Mean loss and accuracy of `network` under `mix` on `batch` of `split`, no gradient. */
export async function evaluateBatch(
  network: SupernetNetwork,
  tensors: TrainingTensors,
  split: Split,
  batch: readonly number[],
  mix: () => MixWeights,
): Promise<BatchStats> {
  checkBatch(tensors, split, batch);
  let lossSum = 0;
  let correct = 0;
  for (const chunk of chunks(batch)) {
    const [loss, hits] = tf.tidy(() => {
      const { x, y } = gatherBatch(tensors, split, chunk);
      const logits = logitsOf(network, x, mix());
      return [tf.mul(crossEntropy(logits, y), chunk.length), correctCount(logits, y)];
    });
    const [l, c] = await Promise.all([loss!.data(), hits!.data()]);
    tf.dispose([loss!, hits!]);
    lossSum += l[0]!;
    correct += c[0]!;
  }
  return { loss: lossSum / batch.length, accuracy: correct / batch.length };
}

/** Reads a step's loss and hit count (disposing them) as the stats of a batch of `size`. */
export async function readStats(loss: tf.Scalar, correct: tf.Scalar, size: number): Promise<BatchStats> {
  try {
    const [l, c] = await Promise.all([loss.data(), correct.data()]);
    return { loss: l[0]!, accuracy: c[0]! / size };
  } finally {
    tf.dispose([loss, correct]);
  }
}

/** Every index of a split, 0..n-1. */
export function allIndices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
