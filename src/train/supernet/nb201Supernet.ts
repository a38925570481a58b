/**
 * The shared-weight supernet of a one-shot run (issue #18, SPEC §5), implementing
 * `SupernetTrainer` for DARTS, SNAS and ENAS: the search network of a cell space (its
 * `SupernetKit`: NAS-Bench-201's, spec.ts and network.ts, or DARTS's, dartsNetwork.ts), SGD for
 * the weights and Adam for alpha (optimizers.ts). On the darts space alpha is [28, 8]: the
 * normal cell's 14 rows (`alphas_normal`), then the reduction cell's (`alphas_reduce`).
 * - alpha is a [6, 5] variable initialised 1e-3 * N(0, 1) as `TinyNetworkDarts.arch_parameters`
 *   (lib/models/cell_searchs/search_model_darts.py); it exists only when `options.alpha` is given.
 *   Without it (ENAS, whose controller lives elsewhere) `alpha()` returns zeros and the softmax
 *   and Gumbel mixes, `alphaStep` and `jointStep` throw.
 * - alphaStep order 2 follows the DARTS paper (Liu et al., ICLR 2019, eq. 6-8): the virtual step
 *   is plain SGD, w' = w - lr grad_w L_train. DARTS's code and NB201's exps/algos/DARTS-V2.py
 *   (`backward_step_unrolled`) also put the momentum buffer and weight decay in it. The
 *   finite-difference Hessian-vector product is theirs (`_hessian_vector_product`): r = 0.01 /
 *   ||grad_w' L_val||, at w +- r grad_w' L_val around the current weights, which the step leaves
 *   unchanged. Its stats are the validation batch's at w' (the pass the gradient comes from).
 * - The weights take SGD with momentum in PyTorch's form, the gradient clipped before the decay
 *   is added (optimizers.ts). NB201's configs/nas-benchmark/algos/DARTS.config asks for Nesterov
 *   momentum (and decay 5e-4); `WeightOptimizer` has plain momentum, as the DARTS paper.
 * - Steps return the loss and accuracy of the forward pass their gradient comes from. BN uses
 *   batch statistics (ops.ts), so `evaluate` normalises each chunk of at most 256 images by its
 *   own statistics, and a batch's numbers depend on which images share it.
 * - `params()` counts the weights only (alpha is not a parameter of a network).
 */
import * as tf from '@tensorflow/tfjs';
import type {
  BatchStats,
  EdgeMix,
  ResourcePenalty,
  StandaloneResult,
  SupernetOptions,
  StandaloneProgress,
  SupernetState,
  SupernetTrainer,
} from '../../nas/oneshot/trainer';
import { Rng } from '../../nas/rng';
import { NB201_EDGES, NB201_OPS } from '../../nas/spaces/nb201';
import type { TrainingTensors } from '../data';
import {
  allIndices,
  batchLoss,
  checkBatch,
  evaluateBatch,
  gatherBatch,
  gradients,
  readStats,
  type HitsHolder,
} from './batches';
import {
  buildDartsNetwork,
  dartsOpVariables,
  dartsParameterCount,
  type DartsNetwork,
  type DartsSkeleton,
} from './dartsNetwork';
import { buildNetwork, opVariables, type MixWeights, type Nb201Network } from './network';
import type { SupernetNetwork } from './batches';
import { Adam, SgdMomentum, flatten, unflatten } from './optimizers';
import { checkCellOps, parameterCount, type NetworkConfig } from './spec';
import { trainChildNetwork, trainStandalone, type StandaloneOptions } from './standalone';
import { DARTS_OPS, DARTS_ROWS, checkDartsOps } from '../../nas/spaces/darts';
import { readState, writeState, type StateEntry } from './state';

/** DARTS's scale of the initial alpha (`1e-3 * torch.randn`). */
const ALPHA_INIT_STD = 1e-3;
/** DARTS's finite-difference step numerator (`r = 1e-2` in `_hessian_vector_product`). */
const HESSIAN_R = 0.01;
/** State name of alpha (its Adam slots are `alpha.adam.*`). */
const ALPHA = 'alpha';

/** The skeleton of the network and which cells exist, without the cell ops. */
type Skeleton = Omit<NetworkConfig, 'cellOps' | 'cellAffine'>;

/** What a supernet needs of its cell space's network. */
export interface SupernetKit<N extends SupernetNetwork> {
  /** Rows of alpha (edges of every cell kind) and ops per edge. */
  readonly edges: number;
  readonly ops: number;
  /** The search network (every op on every edge, the cells' BN without scale or shift). */
  build(seed: number): N;
  /** Throws unless `ops` is one op per row. */
  checkOps(ops: readonly number[]): void;
  /** Parameters of the search network, or of the child `ops` built alone (affine BN). */
  params(ops?: readonly number[]): number;
  /** The variables of op `op` on `edge` of layer (cell) `layer` of `network`. */
  opVariables(network: N, layer: number, edge: number, op: number): tf.Variable[];
  /** The child `ops` trained alone from fresh weights. */
  trainAlone(
    tensors: TrainingTensors,
    weights: SupernetOptions['weights'],
    ops: readonly number[],
    options: StandaloneOptions,
    onProgress?: (progress: StandaloneProgress) => void,
  ): Promise<StandaloneResult>;
}

/** NAS-Bench-201's skeleton (3 stages of N cells, ResNet blocks between them). */
export function nb201Kit(skeleton: Skeleton): SupernetKit<Nb201Network> {
  return {
    edges: NB201_EDGES.length,
    ops: NB201_OPS.length,
    build: (seed) => buildNetwork({ ...skeleton, cellAffine: false }, seed),
    checkOps: checkCellOps,
    params(ops) {
      if (!ops) return parameterCount({ ...skeleton, cellAffine: false });
      checkCellOps(ops);
      return parameterCount({ ...skeleton, cellOps: ops, cellAffine: true });
    },
    opVariables,
    trainAlone: (tensors, weights, ops, options, onProgress) =>
      trainStandalone(tensors, skeleton, weights, ops, options, onProgress),
  };
}

/** DARTS's search network of `skeleton.layers` cells (alpha's rows: normal cell, reduction cell). */
export function dartsKit(skeleton: DartsSkeleton): SupernetKit<DartsNetwork> {
  return {
    edges: DARTS_ROWS,
    ops: DARTS_OPS.length,
    build: (seed) => buildDartsNetwork(skeleton, seed),
    checkOps: checkDartsOps,
    params(ops) {
      if (!ops) return dartsParameterCount(skeleton);
      checkDartsOps(ops);
      return dartsParameterCount({ ...skeleton, cellOps: ops });
    },
    opVariables: dartsOpVariables,
    trainAlone(tensors, weights, ops, options, onProgress) {
      checkDartsOps(ops);
      return trainChildNetwork(
        tensors,
        () => buildDartsNetwork({ ...skeleton, cellOps: [...ops] }, options.seed),
        weights,
        ops,
        options,
        onProgress,
      );
    },
  };
}

function checkLearningRate(lr: number): void {
  if (!Number.isFinite(lr) || lr < 0) {
    throw new Error(`A learning rate must be a finite number >= 0, got ${lr}`);
  }
}

export class Supernet<N extends SupernetNetwork = Nb201Network> implements SupernetTrainer {
  readonly edges: number;
  readonly ops: number;
  readonly trainImages: number;
  readonly valImages: number;
  private readonly kit: SupernetKit<N>;
  private readonly network: N;
  private readonly sgd: SgdMomentum;
  private readonly alphaVariable: tf.Variable<tf.Rank.R2> | null = null;
  private readonly adam: Adam | null = null;
  private disposed = false;

  /** `kit`: the cell space's network (NAS-Bench-201's when absent). */
  constructor(
    private readonly tensors: TrainingTensors,
    private readonly options: SupernetOptions,
    kit?: SupernetKit<N>,
  ) {
    this.trainImages = tensors.nTrain;
    this.valImages = tensors.nVal;
    this.kit =
      kit ??
      (nb201Kit({
        channels: options.channels,
        cellsPerStage: options.cellsPerStage,
        inputChannels: tensors.xTrain.shape[3],
        classes: tensors.classes,
      }) as unknown as SupernetKit<N>);
    this.edges = this.kit.edges;
    this.ops = this.kit.ops;
    this.network = this.kit.build(options.seed);
    this.sgd = new SgdMomentum(this.network.variables, options.weights);
    if (options.alpha) {
      const seed = new Rng(options.seed).fork(ALPHA).nextUint32() >>> 1;
      const alpha = tf.tidy(() =>
        tf.variable(tf.randomNormal([this.edges, this.ops], 0, ALPHA_INIT_STD, 'float32', seed), true),
      ) as tf.Variable<tf.Rank.R2>;
      this.alphaVariable = alpha;
      this.adam = new Adam(alpha, options.alpha);
    }
  }

  async alpha(): Promise<number[][]> {
    this.checkLive();
    if (!this.alphaVariable)
      return Array.from({ length: this.edges }, () => new Array<number>(this.ops).fill(0));
    // Read asynchronously: tfjs-webgpu's synchronous read goes through a canvas, which lost the
    // device (SwiftShader, in a worker) after the first DARTS step.
    return this.alphaVariable.array();
  }

  async weightStep(batch: readonly number[], mix: EdgeMix, lr: number): Promise<BatchStats> {
    this.checkLive();
    checkBatch(this.tensors, 'train', batch);
    checkLearningRate(lr);
    const mixWeights = this.mixWeights(mix);
    const [loss, correct] = tf.tidy(() => {
      const { x, y } = gatherBatch(this.tensors, 'train', batch);
      const hits: HitsHolder = {};
      const { value, grads } = gradients(
        () => batchLoss(this.network, x, y, mixWeights, hits),
        this.network.variables,
      );
      this.sgd.apply(grads, lr);
      return [value, hits.correct!];
    });
    return readStats(loss!, correct!, batch.length);
  }

  async alphaStep(
    valBatch: readonly number[],
    options: { readonly order: 1 | 2; readonly trainBatch: readonly number[]; readonly lr: number },
  ): Promise<BatchStats & { readonly grad: number[][] }> {
    this.checkLive();
    const { adam } = this.requireAlpha('alphaStep');
    checkBatch(this.tensors, 'val', valBatch);
    if (options.order === 2) {
      checkBatch(this.tensors, 'train', options.trainBatch);
      checkLearningRate(options.lr);
    }
    const [loss, correct, grad] = tf.tidy(() => {
      const result = options.order === 1 ? this.firstOrder(valBatch) : this.secondOrder(valBatch, options);
      adam.apply(result.grad);
      return [result.loss, result.correct, result.grad];
    });
    const values = (await grad!.array()) as number[][];
    grad!.dispose();
    return { ...(await readStats(loss as tf.Scalar, correct as tf.Scalar, valBatch.length)), grad: values };
  }

  async jointStep(
    batch: readonly number[],
    mix: Extract<EdgeMix, { kind: 'gumbel' }>,
    lr: number,
    resource?: ResourcePenalty,
  ): Promise<BatchStats & { readonly z: number[][]; readonly penalty: number }> {
    this.checkLive();
    const { alpha, adam } = this.requireAlpha('jointStep');
    checkBatch(this.tensors, 'train', batch);
    checkLearningRate(lr);
    this.checkGumbel(mix);
    if (resource) this.checkResource(resource);
    const variables = new Map([...this.network.variables, [ALPHA, alpha]]);
    const [loss, correct, z, penalty] = tf.tidy(() => {
      const { x, y } = gatherBatch(this.tensors, 'train', batch);
      const hits: HitsHolder = {};
      const kept: { z?: tf.Tensor2D; loss?: tf.Scalar; penalty?: tf.Scalar } = {};
      const { grads } = gradients(() => {
        const weights = tf.keep(this.gumbelWeights(alpha, mix));
        kept.z = weights;
        const ce = tf.keep(batchLoss(this.network, x, y, () => ({ kind: 'weighted', weights }), hits));
        kept.loss = ce;
        if (!resource) return ce;
        // SNAS §3.3, a function of alpha only: per edge the cost of Z, s_e = sum_o cost_o Z_eo;
        // lambda_R * sum_e log s_e (an |s_e| < 1 replaced by 1, as the authors' `clean_*`), or
        // lambda_R * sum_e s_e.
        const perEdge = tf.sum(tf.mul(weights, tf.tensor1d([...resource.cost])), 1);
        const terms = resource.form === 'log' ? tf.log(tf.abs(clampBelowOne(perEdge))) : perEdge;
        const penaltyValue = tf.keep(tf.mul(resource.lambda, tf.sum(terms)) as tf.Scalar);
        kept.penalty = penaltyValue;
        return tf.add(ce, penaltyValue);
      }, variables);
      this.sgd.apply(grads, lr);
      adam.apply(grads.get(ALPHA)!);
      return [kept.loss!, hits.correct!, kept.z!, kept.penalty ?? tf.scalar(0)];
    });
    const [zValues, penaltyValue] = await Promise.all([z!.array(), penalty!.data()]);
    tf.dispose([z!, penalty!]);
    const stats = await readStats(loss as tf.Scalar, correct as tf.Scalar, batch.length);
    return { ...stats, z: zValues as number[][], penalty: penaltyValue[0]! };
  }

  evaluate(mix: EdgeMix, batch?: readonly number[]): Promise<BatchStats> {
    this.checkLive();
    const images = batch ?? allIndices(this.tensors.nVal);
    return evaluateBatch(this.network, this.tensors, 'val', images, this.mixWeights(mix));
  }

  trainAlone(
    ops: readonly number[],
    options: StandaloneOptions,
    onProgress?: (progress: StandaloneProgress) => void,
  ): Promise<StandaloneResult> {
    this.checkLive();
    return this.kit.trainAlone(this.tensors, this.options.weights, ops, options, onProgress);
  }

  params(ops?: readonly number[]): number {
    return this.kit.params(ops);
  }

  saveState(): Promise<SupernetState> {
    this.checkLive();
    return readState(this.stateEntries());
  }

  loadState(state: SupernetState): void {
    this.checkLive();
    writeState(this.stateEntries(), state);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.network.variables.forEach((v) => v.dispose());
    this.sgd.dispose();
    this.adam?.dispose();
    this.alphaVariable?.dispose();
  }

  /**
   * The variables of op `op` on `edge` of skeleton layer `layer` (nb201: cells are layers 0..N-1,
   * N+1..2N, 2N+2..3N+1; darts: cell `layer`, edge 0..13 of its kind): the same objects for every
   * mix that runs that op. For tests.
   */
  opVariables(layer: number, edge: number, op: number): tf.Variable[] {
    return this.kit.opVariables(this.network, layer, edge, op);
  }

  /** The network and alpha, read-only, for tests that compute a loss independently. */
  inspect(): { readonly network: N; readonly alpha: tf.Variable<tf.Rank.R2> | null } {
    return { network: this.network, alpha: this.alphaVariable };
  }

  /** Every variable of the state by stable name: weights, alpha, momentum buffers, Adam slots. */
  private stateEntries(): StateEntry[] {
    return [
      ...this.network.variables,
      ...(this.alphaVariable ? ([[ALPHA, this.alphaVariable]] as StateEntry[]) : []),
      ...this.sgd.stateEntries(),
      ...(this.adam ? this.adam.stateEntries(ALPHA) : []),
    ];
  }

  /** Gradient of the validation loss with respect to alpha at the current weights. */
  private firstOrder(valBatch: readonly number[]): {
    loss: tf.Scalar;
    correct: tf.Scalar;
    grad: tf.Tensor2D;
  } {
    const alpha = this.alphaVariable!;
    const { x, y } = gatherBatch(this.tensors, 'val', valBatch);
    const hits: HitsHolder = {};
    const { value, grads } = gradients(
      () => batchLoss(this.network, x, y, this.softmaxWeights(alpha), hits),
      new Map([[ALPHA, alpha]]),
    );
    return { loss: value, correct: hits.correct!, grad: grads.get(ALPHA) as tf.Tensor2D };
  }

  /**
   * DARTS eq. 7-8: grad_alpha L_val(w', alpha) - lr (grad_alpha L_train(w+, alpha) -
   * grad_alpha L_train(w-, alpha)) / 2r, w' = w - lr grad_w L_train(w, alpha), w+- = w +- r v,
   * v = grad_w' L_val(w', alpha), r = 0.01 / ||v||. The weights are restored before it returns.
   */
  private secondOrder(
    valBatch: readonly number[],
    options: { readonly trainBatch: readonly number[]; readonly lr: number },
  ): { loss: tf.Scalar; correct: tf.Scalar; grad: tf.Tensor2D } {
    const alpha = this.alphaVariable!;
    const weights = this.network.variables;
    const names = [...weights.keys()];
    const variables = names.map((name) => weights.get(name)!);
    const mix = this.softmaxWeights(alpha);
    const train = gatherBatch(this.tensors, 'train', options.trainBatch);
    const val = gatherBatch(this.tensors, 'val', valBatch);
    const trainAlphaGrad = () =>
      gradients(() => batchLoss(this.network, train.x, train.y, mix), new Map([[ALPHA, alpha]])).grads.get(
        ALPHA,
      )!;
    // Every weight as one flat vector (a weight without a gradient gets zeros): each update below is
    // a few kernels on it, not a few per variable.
    const flatGrads = (grads: ReadonlyMap<string, tf.Tensor>) =>
      flatten(names.map((name, i) => grads.get(name) ?? tf.zerosLike(variables[i]!)));
    const setWeights = (flat: tf.Tensor1D) =>
      unflatten(flat, variables).forEach((value, i) => variables[i]!.assign(value));
    const saved = flatten(variables);
    try {
      const trainGrads = gradients(() => batchLoss(this.network, train.x, train.y, mix), weights).grads;
      setWeights(tf.sub(saved, tf.mul(flatGrads(trainGrads), options.lr)));
      const hits: HitsHolder = {};
      const unrolled = gradients(
        () => batchLoss(this.network, val.x, val.y, mix, hits),
        new Map([...weights, [ALPHA, alpha]]),
      );
      const direction = flatGrads(unrolled.grads);
      const r = tf.div(HESSIAN_R, tf.sqrt(tf.sum(tf.square(direction))));
      const step = tf.mul(direction, r);
      setWeights(tf.add(saved, step));
      const plus = trainAlphaGrad();
      setWeights(tf.sub(saved, step));
      const minus = trainAlphaGrad();
      const hessian = tf.div(tf.sub(plus, minus), tf.mul(r, 2));
      const grad = tf.sub(unrolled.grads.get(ALPHA)!, tf.mul(hessian, options.lr)) as tf.Tensor2D;
      return { loss: unrolled.value, correct: hits.correct!, grad };
    } finally {
      setWeights(saved);
    }
  }

  private requireAlpha(step: string): { alpha: tf.Variable<tf.Rank.R2>; adam: Adam } {
    if (!this.alphaVariable || !this.adam) {
      throw new Error(`${step} needs alpha: build the supernet with options.alpha (DARTS, SNAS)`);
    }
    return { alpha: this.alphaVariable, adam: this.adam };
  }

  private softmaxWeights(alpha: tf.Variable<tf.Rank.R2>): () => MixWeights {
    return () => ({ kind: 'weighted', weights: tf.softmax(alpha) });
  }

  /** Z = softmax((alpha + G) / temperature), per edge. */
  private gumbelWeights(
    alpha: tf.Variable<tf.Rank.R2>,
    mix: Extract<EdgeMix, { kind: 'gumbel' }>,
  ): tf.Tensor2D {
    const noise = tf.tensor2d(mix.noise.map((row) => [...row]));
    return tf.softmax(tf.div<tf.Tensor2D>(tf.add(alpha, noise), mix.temperature));
  }

  /** The mix of an EdgeMix, as a function evaluated inside the step's tidy and gradient scope. */
  private mixWeights(mix: EdgeMix): () => MixWeights {
    switch (mix.kind) {
      case 'softmax':
        return this.softmaxWeights(this.requireAlpha('The softmax mix').alpha);
      case 'gumbel': {
        const { alpha } = this.requireAlpha('The Gumbel mix');
        this.checkGumbel(mix);
        return () => ({ kind: 'weighted', weights: this.gumbelWeights(alpha, mix) });
      }
      case 'child':
        this.kit.checkOps(mix.ops);
        return () => ({ kind: 'child', ops: mix.ops });
    }
  }

  private checkGumbel(mix: Extract<EdgeMix, { kind: 'gumbel' }>): void {
    if (!(mix.temperature > 0) || !Number.isFinite(mix.temperature)) {
      throw new Error(`The Gumbel temperature must be a positive number, got ${mix.temperature}`);
    }
    const fits =
      mix.noise.length === this.edges &&
      mix.noise.every((row) => row.length === this.ops && row.every((g) => Number.isFinite(g)));
    if (!fits) throw new Error(`Gumbel noise must be ${this.edges} rows of ${this.ops} finite numbers`);
  }

  private checkResource(resource: ResourcePenalty): void {
    if (!Number.isFinite(resource.lambda)) throw new Error(`lambda_R must be finite, got ${resource.lambda}`);
    if (resource.cost.length !== this.ops || !resource.cost.every((c) => Number.isFinite(c))) {
      throw new Error(
        `A resource cost needs ${this.ops} finite numbers, one per op, got ${resource.cost.length}`,
      );
    }
  }

  private checkLive(): void {
    if (this.disposed) throw new Error('This supernet has been disposed');
  }
}

/** The supernet of the NAS-Bench-201 cell (its historical name; `Supernet` with nb201's kit). */
export const Nb201Supernet = Supernet<Nb201Network>;
export type Nb201Supernet = Supernet<Nb201Network>;

/** The NAS-Bench-201 supernet over `tensors` (NHWC images) with `options`. */
export function createNb201Supernet(tensors: TrainingTensors, options: SupernetOptions): SupernetTrainer {
  return new Supernet<Nb201Network>(tensors, options);
}

/**
 * The DARTS supernet over `tensors` with `options` and `layers` cells in all (DARTS's `--layers`),
 * the input channels and classes the dataset's.
 */
export function createDartsSupernet(
  tensors: TrainingTensors,
  options: SupernetOptions,
  layers: number,
): SupernetTrainer {
  const skeleton: DartsSkeleton = {
    channels: options.channels,
    layers,
    inputChannels: tensors.xTrain.shape[3],
    classes: tensors.classes,
  };
  return new Supernet<DartsNetwork>(tensors, options, dartsKit(skeleton));
}

/**
 * `x` with every entry of magnitude below 1 replaced by 1 (the SNAS authors' `clean_*`), the mask
 * a step function whose gradient is 0 (tf.less has none), so the replaced entries pass no gradient.
 */
function clampBelowOne(x: tf.Tensor): tf.Tensor {
  const keep = tf.step(tf.sub(tf.abs(x), 1));
  return tf.add(tf.mul(keep, x), tf.sub(1, keep));
}
