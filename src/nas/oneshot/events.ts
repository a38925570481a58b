/**
 * The run-log events of the one-shot family (ENAS, DARTS, SNAS; issue #18). A one-shot run logs
 * its supernet's training (`oneshot-step` every few steps, `oneshot-epoch` after each epoch),
 * ENAS's controller updates (`enas-update`), and at the end the derivation (`oneshot-derived`),
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
}

/** The derived cell and the derivation gap (SNAS Fig. 4): what each method ends with. */
export interface OneShotDerivedEvent {
  readonly type: 'oneshot-derived';
  /** The cell string (NAS-Bench-201's form). */
  readonly arch: string;
  /** One op index per edge. */
  readonly ops: readonly number[];
  /** How it was derived: 'argmax' per edge (DARTS on nb201 as NAS-Bench-201's code, SNAS),
   * 'sample-best' (ENAS: best of N sampled children on validation). */
  readonly rule: 'argmax' | 'sample-best';
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
  }
}
