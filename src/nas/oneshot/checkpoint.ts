/**
 * A one-shot run's state at an epoch boundary (issue #18, "nothing is lost"): the supernet's
 * variables and optimizer slots, the method's own state (ENAS's controller), where the loop was,
 * and how long the log was then. A worker restored from it goes on from that epoch; the log's
 * events after `events` (the unfinished epoch) are dropped, and the resumed run logs them again.
 * Pure module (types only): no DOM, React or tfjs.
 */
import type { SupernetState } from './trainer';

/** Where the shared search loop stood at an epoch boundary. */
export interface LoopState {
  /** Epochs done (the next epoch to train). */
  readonly epoch: number;
  /** Minibatch steps done. */
  readonly step: number;
  /** Training time so far, in milliseconds. */
  readonly elapsedMs: number;
  /** Validation accuracy of the last epoch, null before the first. */
  readonly lastValAccuracy: number | null;
}

export interface OneShotCheckpoint {
  /** Events of the run log up to the boundary (the resumed run's log starts from them). */
  readonly events: number;
  readonly loop: LoopState;
  /** What the method holds beyond the supernet (ENAS: its controller), JSON-compatible. */
  readonly method: unknown;
  readonly trainer: SupernetState;
}
