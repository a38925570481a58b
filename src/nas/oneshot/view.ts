/**
 * The one-shot family's part of the run view (ENAS, DARTS, SNAS; issue #18): what the one-shot
 * panel draws, folded from the log event by event. Snapshots and epochs are appended to arrays
 * that the fold owns (O(1) per event; a new top-level object per change so React sees it).
 * Pure module: no DOM, React or tfjs.
 */
import type { RunEvent } from '../runlog';
import type { ViewFold } from '../strategies/contract';
import type { EnasUpdateEvent, OneShotDerivedEvent, OneShotEpochEvent, OneShotStepEvent } from './events';

/** The one-shot run as its panel draws it. */
export interface OneShotView {
  /** Every `oneshot-step` snapshot, in order (the weights over time, entropy, temperature). */
  readonly snapshots: readonly OneShotStepEvent[];
  /** Every `oneshot-epoch`, in order (the supernet's train and validation curves). */
  readonly epochs: readonly OneShotEpochEvent[];
  /** ENAS: every controller update, in order. */
  readonly updates: readonly EnasUpdateEvent[];
  /** The derivation, once the search is over. */
  readonly derived: OneShotDerivedEvent | null;
  /** The derived cell trained alone: its best validation accuracy (the `result` of proposal 0). */
  readonly standaloneAccuracy: number | null;
}

export const EMPTY_ONESHOT: OneShotView = {
  snapshots: [],
  epochs: [],
  updates: [],
  derived: null,
  standaloneAccuracy: null,
};

function push<T>(list: readonly T[], item: T): readonly T[] {
  // The fold owns its arrays: appending in place keeps a long run's fold linear.
  (list as T[]).push(item);
  return list;
}

function applyOneShot(view: OneShotView, event: RunEvent): OneShotView {
  switch (event.type) {
    case 'oneshot-step':
      return { ...view, snapshots: push(view.snapshots, event) };
    case 'oneshot-epoch':
      return { ...view, epochs: push(view.epochs, event) };
    case 'enas-update':
      return { ...view, updates: push(view.updates, event) };
    case 'oneshot-derived':
      return { ...view, derived: event };
    case 'result':
      return view.derived && event.arch === view.derived.arch
        ? { ...view, standaloneAccuracy: event.accuracy }
        : view;
    default:
      return view;
  }
}

/** A fold whose initial state is new for every log (its arrays are appended in place). */
export const ONESHOT_VIEW: ViewFold<OneShotView> = {
  get initial(): OneShotView {
    return { snapshots: [], epochs: [], updates: [], derived: null, standaloneAccuracy: null };
  },
  apply: applyOneShot,
  copy: (view) => ({
    ...view,
    snapshots: view.snapshots.slice(),
    epochs: view.epochs.slice(),
    updates: view.updates.slice(),
  }),
};

/** The one-shot part of a run view (`RunView.strategyView`). */
export const oneShotOf = (strategyView: unknown): OneShotView =>
  (strategyView as OneShotView | null) ?? EMPTY_ONESHOT;
