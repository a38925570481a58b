/**
 * What a one-shot strategy asks of the shared-weight supernet (issue #18, SPEC §5): the tfjs side
 * (src/train/supernet) implements `SupernetTrainer`; the strategies (src/nas/strategies/{darts,
 * snas,enas}) decide which batches, which mix of ops, which learning rate, and log the numbers.
 * Every random draw (batches, Gumbel noise, sampled children) is made by the strategy from the
 * run seed and passed in, so a run is reproducible from its seed; the trainer draws nothing but
 * its weight initialisation (from `SupernetOptions.seed`).
 * Pure module (types, and one mapping of a standalone training to a result's fields): no DOM,
 * React or tfjs.
 */

/** How every edge of the cell mixes its candidate ops in one forward pass. */
export type EdgeMix =
  /** DARTS: sum_o softmax(alpha_e)_o o(x), alpha held by the trainer. */
  | { readonly kind: 'softmax' }
  /**
   * SNAS: Z_e = softmax((alpha_e + G_e) / temperature), alpha_e the log-probabilities held by the
   * trainer, G_e Gumbel(0, 1) noise drawn by the strategy ([edges][ops]).
   */
  | { readonly kind: 'gumbel'; readonly noise: readonly (readonly number[])[]; readonly temperature: number }
  /** One op per edge (ENAS's child, a derived cell): only that op runs, with weight 1. */
  | { readonly kind: 'child'; readonly ops: readonly number[] };

/** Loss and accuracy of one batch (or of the validation set). */
export interface BatchStats {
  /** Mean cross-entropy. */
  readonly loss: number;
  /** Fraction of the batch classified right, in [0, 1]. */
  readonly accuracy: number;
}

/** SGD with momentum for the shared weights (DARTS: lr 0.025 cosine, momentum 0.9, wd 3e-4, clip 5). */
export interface WeightOptimizer {
  readonly momentum: number;
  /** L2 weight decay added to the gradient (PyTorch's `weight_decay`). */
  readonly weightDecay: number;
  /** Clip of the global gradient norm (PyTorch's `clip_grad_norm_`); 0: no clipping. */
  readonly gradClip: number;
}

/** Adam for the architecture parameters (DARTS: lr 3e-4, betas 0.5 / 0.999, wd 1e-3). */
export interface AlphaOptimizer {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  /** L2 weight decay added to the gradient (PyTorch Adam's `weight_decay`). */
  readonly weightDecay: number;
}

/** The supernet to build: a NAS-Bench-201 macro skeleton of mixed-op cells. */
export interface SupernetOptions {
  /** Channels of the first stage (doubled by each of the 2 reductions). */
  readonly channels: number;
  /** Cells per stage (NAS-Bench-201: 5; 3 stages). */
  readonly cellsPerStage: number;
  /** Seed of the weight initialisation. */
  readonly seed: number;
  readonly weights: WeightOptimizer;
  /** Absent for ENAS (its controller is not part of the supernet). */
  readonly alpha?: AlphaOptimizer;
}

/** A resource penalty on the cost of the sampled cell (SNAS §3.3). */
export interface ResourcePenalty {
  /** lambda_R: weight of the penalty in the loss. */
  readonly lambda: number;
  /**
   * 'log': lambda_R * sum_e log|sum_o cost_o Z_eo|, an edge whose cost is below 1 counting 0 (the
   * SNAS authors' `log_resource_*` in SNAS-Series/SNAS-Series SNAS/model_search.py, costs in real
   * units); 'linear': lambda_R * sum_e sum_o cost_o Z_eo.
   */
  readonly form: 'log' | 'linear';
  /** Cost of each op (index as in the space's op list): parameters or FLOPs ('log': real units). */
  readonly cost: readonly number[];
}

/** Everything the trainer holds, to resume a run from the last completed epoch. */
export interface SupernetState {
  /** Variable values by name (weights, alpha, optimizer slots), in a stable order. */
  readonly tensors: readonly {
    readonly name: string;
    readonly shape: readonly number[];
    readonly values: Float32Array;
  }[];
}

/**
 * Where a standalone training stands (1-based epoch and batch), reported every few hundred ms and
 * at the last batch of each epoch twice: before its validation (`valAccuracy` the epoch before's,
 * null in the first) and after it (this epoch's), as the search's trainers report.
 */
export interface StandaloneProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  /** Training loss of the batch reported. */
  readonly loss: number;
  readonly valAccuracy: number | null;
}

/** The schedule of a standalone training: SGD at `lr` annealed by cosine to `lrMin` over `epochs`. */
export interface StandaloneSchedule {
  readonly epochs: number;
  readonly batchSize: number;
  /** Learning rate of the first epoch. */
  readonly lr: number;
  /** Learning rate the cosine reaches at epoch T_max = epochs (never used itself). */
  readonly lrMin: number;
  /** Seed of the weights and of the shuffling. */
  readonly seed: number;
}

/** The standalone training of a derived cell. */
export interface StandaloneResult {
  /** Best validation accuracy over the epochs. */
  readonly accuracy: number;
  /** Validation accuracy after each epoch. */
  readonly curve: readonly number[];
  readonly params: number;
  readonly trainMs: number;
  /** The tfjs backend it trained on. */
  readonly backend: string;
}

/** A standalone training as the fields of a model's result: one start, its time in whole ms. */
export function standaloneResultFields(alone: StandaloneResult): {
  accuracy: number;
  curve: number[];
  params: number;
  trainMs: number;
  backend: string;
  restarts: number;
} {
  return {
    accuracy: alone.accuracy,
    curve: [...alone.curve],
    params: alone.params,
    trainMs: Math.round(alone.trainMs),
    backend: alone.backend,
    restarts: 0,
  };
}

/**
 * The shared-weight supernet of a one-shot run and its optimizers. Batches are lists of image
 * indices into the training or the validation split; every step returns the batch's loss and
 * accuracy measured in the same forward pass as its gradient (before the update).
 */
export interface SupernetTrainer {
  /** Edges of the cell and candidate ops per edge (nb201: 6 and 5). */
  readonly edges: number;
  readonly ops: number;
  readonly trainImages: number;
  readonly valImages: number;
  /** The architecture parameters alpha, [edges][ops] (SNAS: log-probabilities, unnormalised). */
  alpha(): Promise<number[][]>;
  /** One SGD step of the shared weights on training images `batch` at learning rate `lr`. */
  weightStep(batch: readonly number[], mix: EdgeMix, lr: number): Promise<BatchStats>;
  /**
   * DARTS: one Adam step of alpha on validation images `valBatch`, weights fixed. First order:
   * the gradient of the validation loss at the current weights. Second order (DARTS eq. 7-8): at
   * the weights after one virtual SGD step on `trainBatch` at `lr`, minus `lr` times the
   * finite-difference Hessian-vector product. Returns the validation batch's stats and the
   * gradient applied (before weight decay), [edges][ops].
   */
  alphaStep(
    valBatch: readonly number[],
    options: { readonly order: 1 | 2; readonly trainBatch: readonly number[]; readonly lr: number },
  ): Promise<BatchStats & { readonly grad: number[][] }>;
  /**
   * SNAS: one step of the weights (SGD at `lr`) and of alpha (Adam) on the same training batch,
   * through the Gumbel-softmax mix; with `resource`, lambda_R * sum_e sum_o cost_o Z_eo is added to
   * alpha's loss. Returns the stats, the relaxed weights Z used, and the penalty (0 without).
   */
  jointStep(
    batch: readonly number[],
    mix: Extract<EdgeMix, { kind: 'gumbel' }>,
    lr: number,
    resource?: ResourcePenalty,
  ): Promise<BatchStats & { readonly z: number[][]; readonly penalty: number }>;
  /** Loss and accuracy with every weight frozen, on validation images `batch` (all when absent). */
  evaluate(mix: EdgeMix, batch?: readonly number[]): Promise<BatchStats>;
  /**
   * Trains the cell with one op per edge alone, in a new network of the same skeleton from fresh
   * weights (`seed`), with the same weight optimizer, on the same training images.
   */
  trainAlone(
    ops: readonly number[],
    options: StandaloneSchedule,
    onProgress?: (progress: StandaloneProgress) => void,
  ): Promise<StandaloneResult>;
  /** Trainable parameters of the supernet (all ops), or of a child when `ops` is given. */
  params(ops?: readonly number[]): number;
  saveState(): Promise<SupernetState>;
  /** Restores `saveState()`'s values; throws when a name or a shape does not match. */
  loadState(state: SupernetState): void;
  dispose(): void;
}
