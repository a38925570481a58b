/**
 * The run-log event the REINFORCE controller adds: one policy update per batch.
 * Pure module: no DOM, React or tfjs.
 */

/** REINFORCE: one controller update from a batch of m results (SPEC §4). */
export interface PolicyUpdateEvent {
  readonly type: 'policy-update';
  /** Proposal index of the batch's last result (the update follows it). */
  readonly index: number;
  /** Proposal indices of the batch, in order. */
  readonly batch: readonly number[];
  /** Rewards R_k the controller learned from (the transformed accuracies). */
  readonly rewards: readonly number[];
  /** Exponential-moving-average baseline b after folding in this batch. */
  readonly baseline: number;
  /** R_k - b per sample. */
  readonly advantages: readonly number[];
  /** Surrogate loss -(1/m) sum_k log P_k (R_k - b) before the step. */
  readonly loss: number;
}

declare module '../../runlog' {
  interface StrategyEvents {
    'policy-update': PolicyUpdateEvent;
  }
}
