/**
 * Trains one derived cell alone (SPEC §5's "train the derived cell from scratch"): a new network of
 * the supernet's skeleton holding only the chosen op of each edge, with affine BN in the cells as
 * NB201's standalone `InferCell` (lib/models/cell_infers/cells.py), fresh weights from the seed,
 * the supernet's SGD (momentum, weight decay, clipping), the learning rate annealed per epoch by
 * PyTorch's CosineAnnealingLR(T_max = epochs, eta_min = lrMin), minibatches of a seeded
 * permutation each epoch, and validation accuracy after each epoch. Every tensor it makes is
 * disposed before it returns.
 */
import * as tf from '@tensorflow/tfjs';
import type {
  StandaloneProgress,
  StandaloneResult,
  StandaloneSchedule,
  WeightOptimizer,
} from '../../nas/oneshot/trainer';
import { Rng } from '../../nas/rng';
import type { TrainingTensors } from '../data';
import { permutation } from '../schedule';
import {
  allIndices,
  batchLoss,
  evaluateBatch,
  gatherBatch,
  gradients,
  type SupernetNetwork,
} from './batches';
import { buildNetwork, type MixWeights, type Nb201Network } from './network';
import { SgdMomentum } from './optimizers';
import { checkCellOps, sizeOf, type NetworkConfig } from './spec';

/**
 * The schedule of a standalone training; its seed seeds the weights (forked `weights`) and the
 * shuffling (forked `shuffle`).
 */
export type StandaloneOptions = StandaloneSchedule;

/** Longest stretch of training without yielding to the event loop, ms (as schedule.ts). */
const YIELD_INTERVAL_MS = 20;

/** Least time between two progress reports within an epoch, ms (each reads one loss back). */
const PROGRESS_INTERVAL_MS = 250;

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** CosineAnnealingLR's rate of 0-based `epoch`: lrMin + (lr - lrMin) (1 + cos(pi epoch / epochs)) / 2. */
export function cosineLearningRate(lr: number, lrMin: number, epoch: number, epochs: number): number {
  return lrMin + ((lr - lrMin) * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2;
}

/**
 * Trains the cell `ops` in the skeleton `skeleton` on `tensors`, reporting `StandaloneProgress`;
 * `onTrained` sees the trained network before it is disposed (an export).
 */
export async function trainStandalone(
  tensors: TrainingTensors,
  skeleton: Omit<NetworkConfig, 'cellOps' | 'cellAffine'>,
  weightOptimizer: WeightOptimizer,
  ops: readonly number[],
  options: StandaloneOptions,
  onProgress?: (progress: StandaloneProgress) => void,
  onTrained?: (network: Nb201Network) => Promise<void>,
): Promise<StandaloneResult> {
  checkCellOps(ops);
  return trainChildNetwork(
    tensors,
    () => buildNetwork({ ...skeleton, cellOps: [...ops], cellAffine: true }, options.seed),
    weightOptimizer,
    ops,
    options,
    onProgress,
    onTrained,
  );
}

/**
 * The training loop of `trainStandalone` for a child network of any cell space, built by `build`
 * (fresh weights from `options.seed`) and disposed when done.
 */
export async function trainChildNetwork<N extends SupernetNetwork>(
  tensors: TrainingTensors,
  build: () => N,
  weightOptimizer: WeightOptimizer,
  ops: readonly number[],
  options: StandaloneOptions,
  onProgress?: (progress: StandaloneProgress) => void,
  onTrained?: (network: N) => Promise<void>,
): Promise<StandaloneResult> {
  const { epochs, batchSize } = options;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const started = performance.now();
  const network = build();
  const sgd = new SgdMomentum(network.variables, weightOptimizer);
  const shuffle = new Rng(options.seed).fork('shuffle');
  const mix = (): MixWeights => ({ kind: 'child', ops });
  const valImages = allIndices(tensors.nVal);
  const curve: number[] = [];
  const batches = Math.ceil(tensors.nTrain / batchSize);
  let lastYield = performance.now();
  let lastReport = -Infinity;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const lr = cosineLearningRate(options.lr, options.lrMin, epoch, epochs);
      const order = permutation(tensors.nTrain, shuffle);
      let lastLoss = NaN;
      for (let b = 0; b < batches; b++) {
        const start = b * batchSize;
        const batch = Array.from(order.subarray(start, Math.min(start + batchSize, tensors.nTrain)));
        const report =
          onProgress !== undefined &&
          (b === batches - 1 || performance.now() - lastReport >= PROGRESS_INTERVAL_MS);
        const kept: { loss?: tf.Scalar } = {};
        tf.tidy(() => {
          const { x, y } = gatherBatch(tensors, 'train', batch);
          const { value, grads } = gradients(() => batchLoss(network, x, y, mix), network.variables);
          sgd.apply(grads, lr);
          if (report) kept.loss = tf.keep(value);
        });
        if (kept.loss) {
          lastLoss = (await kept.loss.data())[0]!;
          kept.loss.dispose();
          lastReport = performance.now();
          const valAccuracy = curve.at(-1) ?? null;
          onProgress!({ epoch: epoch + 1, epochs, batch: b + 1, batches, loss: lastLoss, valAccuracy });
        }
        if (performance.now() - lastYield >= YIELD_INTERVAL_MS) {
          await nextMacrotask();
          lastYield = performance.now();
        }
      }
      const { accuracy } = await evaluateBatch(network, tensors, 'val', valImages, mix);
      curve.push(accuracy);
      onProgress?.({
        epoch: epoch + 1,
        epochs,
        batch: batches,
        batches,
        loss: lastLoss,
        valAccuracy: accuracy,
      });
    }
    const trainMs = performance.now() - started;
    await onTrained?.(network);
    return {
      accuracy: Math.max(...curve),
      curve,
      params: [...network.variables.values()].reduce((sum, v) => sum + sizeOf(v.shape), 0),
      trainMs,
      backend: tf.getBackend(),
    };
  } finally {
    sgd.dispose();
    network.variables.forEach((v) => v.dispose());
  }
}
