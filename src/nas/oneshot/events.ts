/**
 * The run-log events of the one-shot family (ENAS, DARTS, SNAS; issue #18). A one-shot run logs
 * its supernet's training (`oneshot-step` every few steps, `oneshot-epoch` after each epoch),
 * ENAS's controller updates (`enas-update`), one step of DARTS and SNAS per epoch with its
 * numbers for explain mode (`darts-alpha`, `snas-gumbel`), and at the end the derivation (`oneshot-derived`),
 * followed by the usual `propose` / `result` pair of the derived cell trained alone (index 0),
 * so the leaderboard and the exports treat it as any trained model.
 * Pure module: no DOM, React or tfjs.
 */

/** Snapshot of the search every `snapshotEvery` steps (and after an epoch's last step). */
export interface OneShotStepEvent {
  readonly type: 'oneshot-step';
  /** Steps (minibatches of the shared weights) done, from 1. */
  readonly step: number;
  /** Epoch the step belongs to, from 0. */
  readonly epoch: number;
  /** Mean training loss and accuracy of the steps since the snapshot before. */
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  /**
   * The architecture distribution now, [edges][ops], each row summing to 1: softmax(alpha) for
   * DARTS and SNAS, the controller's probabilities for ENAS.
   */
  readonly weights: readonly (readonly number[])[];
  /** Mean entropy of the rows of `weights`, in nats. */
  readonly entropy: number;
  /** SNAS: the Gumbel-softmax temperature of the step. */
  readonly temperature?: number;
  /** Learning rate of the shared weights at the step. */
  readonly lr: number;
  /** SNAS with the resource penalty: its value at the step. */
  readonly penalty?: number;
  /** ENAS and SNAS: the child sampled at the step (one op per edge). */
  readonly child?: readonly number[];
}

/** One epoch of the supernet, evaluated on the validation split after its last step. */
export interface OneShotEpochEvent {
  readonly type: 'oneshot-epoch';
  readonly epoch: number;
  /** Steps done by the end of the epoch. */
  readonly step: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  /** The supernet on the validation split: DARTS its softmax mix, SNAS a Gumbel sample at the
   * epoch's temperature, ENAS the mean over children the controller samples. */
  readonly valLoss: number;
  readonly valAccuracy: number;
  /** Wall-clock milliseconds since the run started (training time, pauses excluded). */
  readonly elapsedMs: number;
}

/** ENAS: one REINFORCE update of the controller on validation-minibatch accuracies. */
export interface EnasUpdateEvent {
  readonly type: 'enas-update';
  readonly epoch: number;
  /** The children sampled, one op per edge each. */
  readonly children: readonly (readonly number[])[];
  /** Their accuracies on one validation minibatch each, the weights frozen. */
  readonly accuracies: readonly number[];
  /** The rewards learned from: accuracy + entropyWeight x the child's sampled entropy (ENAS's
   * micro_controller.py adds the entropy bonus to the reward, not to the loss). */
  readonly rewards: readonly number[];
  /** EMA baseline after this update. */
  readonly baseline: number;
  /** Mean entropy of the controller's distributions over the children's decisions, in nats. */
  readonly entropy: number;
  /** Entropy bonus weight. */
  readonly entropyWeight: number;
  /** Surrogate loss before the step. */
  readonly loss: number;
  /** What explain mode shows of the update (absent in logs from before it): the baseline before
   * the first child, its decay, and per child its sample entropy, ln P(child) and advantage
   * (reward - the baseline after that child's update). */
  readonly baselineBefore?: number;
  readonly baselineDecay?: number;
  readonly sampleEntropies?: readonly number[];
  readonly logProbs?: readonly number[];
  readonly advantages?: readonly number[];
}

/**
 * DARTS: one alpha step with its numbers, for explain mode (the first step of each epoch): alpha
 * before and after, the gradient of the validation loss (before weight decay), and the Adam
 * settings, every edge [edges][ops].
 */
export interface DartsAlphaEvent {
  readonly type: 'darts-alpha';
  readonly epoch: number;
  /** The search step the alpha step belongs to, from 1 (as `oneshot-step`). */
  readonly step: number;
  /** 1: first order; 2: the unrolled second order (DARTS eq. 7-8). */
  readonly order: 1 | 2;
  /** Loss of the validation minibatch the gradient was taken on. */
  readonly valLoss: number;
  readonly alphaBefore: readonly (readonly number[])[];
  readonly grad: readonly (readonly number[])[];
  readonly alphaAfter: readonly (readonly number[])[];
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly weightDecay: number;
}

/**
 * SNAS: one Gumbel-softmax sample with its numbers, for explain mode (the first step of each
 * epoch): log alpha, the noise G, the temperature, the relaxed weights Z the supernet used
 * (computed on the device) and the hard choice argmax Z, every edge [edges][ops].
 */
export interface SnasGumbelEvent {
  readonly type: 'snas-gumbel';
  readonly epoch: number;
  readonly step: number;
  readonly logAlpha: readonly (readonly number[])[];
  readonly noise: readonly (readonly number[])[];
  readonly temperature: number;
  readonly z: readonly (readonly number[])[];
  readonly hard: readonly number[];
}

/** The derived cell and the derivation gap (SNAS Fig. 4): what each method ends with. */
export interface OneShotDerivedEvent {
  readonly type: 'oneshot-derived';
  /** The cell string (NAS-Bench-201's form; on the darts space `normal=... reduce=...`). */
  readonly arch: string;
  /** One op index per edge (darts: 28, the normal cell's then the reduction cell's; none where
   * an edge is not kept). */
  readonly ops: readonly number[];
  /** How it was derived: 'argmax' per edge (DARTS on nb201 as NAS-Bench-201's code, SNAS),
   * 'top2' (DARTS on the darts space: per node the 2 strongest inputs, the paper's rule),
   * 'sample-best' (ENAS: best of N sampled children on validation). */
  readonly rule: 'argmax' | 'top2' | 'sample-best';
  /** ENAS: the children sampled and their validation accuracies with inherited weights. */
  readonly candidates?: readonly { readonly ops: readonly number[]; readonly accuracy: number }[];
  /** The supernet's validation accuracy at the end (the mix of its last epoch). */
  readonly supernetAccuracy: number;
  /** The derived child's validation accuracy with the supernet's weights, not retrained. */
  readonly inheritedAccuracy: number;
  /** NAS-Bench-201's CIFAR-10 test accuracy of the cell in the shipped table (12-epoch training):
   * a transfer reference, not this run's result. Absent when the table was not at hand. */
  readonly benchmarkAccuracy?: number;
}

declare module '../runlog' {
  interface StrategyEvents {
    'oneshot-step': OneShotStepEvent;
    'oneshot-epoch': OneShotEpochEvent;
    'enas-update': EnasUpdateEvent;
    'oneshot-derived': OneShotDerivedEvent;
    'darts-alpha': DartsAlphaEvent;
    'snas-gumbel': SnasGumbelEvent;
  }
}
