/**
 * `window.nasPlayground.snapshot().oneShot` (docs/testing-api.md): a one-shot run at a glance.
 * Pure module (types only): no DOM, React or tfjs.
 */

/** `snapshot().oneShot`: the latest architecture weights and, at the end, the derived cell. */
export interface OneShotSnapshot {
  /** Steps (minibatches) at the latest snapshot, 0 before it. */
  step: number;
  /** Epochs completed. */
  epochs: number;
  /** The architecture distribution [edges][ops] at the latest snapshot (softmax(alpha), SNAS's
   * distribution, ENAS's controller probabilities), null before the first. */
  weights: number[][] | null;
  /** Mean entropy of `weights` in nats; SNAS's temperature at that step. */
  entropy: number | null;
  temperature: number | null;
  /** The derived cell once the search is over, with the derivation gap. */
  derived: {
    arch: string;
    ops: number[];
    supernetAccuracy: number;
    inheritedAccuracy: number;
    /** Best validation accuracy of the cell trained alone; null while it trains. */
    standaloneAccuracy: number | null;
    /** NAS-Bench-201's CIFAR-10 test accuracy (12-epoch table): a transfer reference. */
    benchmarkAccuracy: number | null;
  } | null;
}
