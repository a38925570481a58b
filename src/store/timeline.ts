/**
 * The run as it stood after any number of models (a one-shot run: of epochs of its supernet): the
 * prefix of the run log folded through the run-view reducer (`appendEvents`). Checkpoints every
 * `CHECKPOINT_EVERY` positions keep scrubbing cheap: a position costs a copy of the nearest
 * checkpoint and the events of at most that many positions, not the whole log. The log is
 * append-only, so positions and checkpoints stay valid as a live run grows. Pure module: no DOM,
 * React or zustand.
 */
import type { RunConfig } from '../nas/config';
import type { RunEvent } from '../nas/runlog';
import { findStrategy } from '../nas/strategies';
import { appendEvents, emptyRunView, type QValues, type RunView } from './runView';

/** What a position of the timeline counts: proposals, or a one-shot run's supernet epochs. */
export type TimelineUnit = 'proposals' | 'epochs';

/** The unit of a run's timeline. */
export function timelineUnit(config: Pick<RunConfig, 'strategy'>): TimelineUnit {
  return findStrategy(config.strategy)?.family === 'oneshot' ? 'epochs' : 'proposals';
}

/** Positions between two stored checkpoints. */
export const CHECKPOINT_EVERY = 16;

/** A view whose containers belong to it alone, so appending to it leaves `view` as it was. */
function detached(view: RunView): RunView {
  const qValues: QValues = new Map();
  for (const [state, row] of view.qValues) qValues.set(state, new Map(row));
  return {
    ...view,
    events: view.events.slice(),
    history: view.history.slice(),
    proposals: view.proposals.slice(),
    qValues,
    qTable: view.qTable?.copy() ?? null,
    strategyView: copyStrategyView(view.strategyId, view.strategyView),
  };
}

/** The strategy's part of a view, copied when its fold appends in place. */
function copyStrategyView(strategy: string, strategyView: unknown): unknown {
  const fold = findStrategy(strategy)?.view;
  return fold?.copy && strategyView !== null ? fold.copy(strategyView) : strategyView;
}

export class RunTimeline {
  /**
   * Event index (exclusive) where each position before the live end ends. Proposals: where
   * proposal k starts. Epochs: position 0 where the supernet's first step is logged, position
   * k > 0 where the first event after epoch k's (its steps, its `oneshot-epoch`, ENAS's
   * controller updates that follow it) is logged: the next epoch's first step, or the derivation.
   */
  private readonly starts: number[] = [];
  /** Epochs: the epoch (0-based) whose `oneshot-epoch` was logged and whose end is not yet. */
  private openEpoch: number | null = null;
  private scanned = 0;
  private readonly checkpoints = new Map<number, RunView>();
  private last: { position: number; end: number; view: RunView } | null = null;
  readonly unit: TimelineUnit;

  /**
   * @param config the run's config
   * @param source the live run log (it grows in place while the run goes on)
   */
  constructor(
    readonly config: RunConfig,
    readonly source: readonly RunEvent[],
  ) {
    this.unit = timelineUnit(config);
  }

  /**
   * Positions in the log: they run from 0 (nothing proposed; no epoch trained) to this (the live
   * end): the proposals, or the epochs whose every event is logged.
   */
  get length(): number {
    for (; this.scanned < this.source.length; this.scanned++) {
      const event = this.source[this.scanned]!;
      if (this.unit === 'proposals') {
        if (event.type === 'propose') this.starts.push(this.scanned);
        continue;
      }
      if (this.openEpoch !== null && !(event.type === 'enas-update' && event.epoch === this.openEpoch)) {
        this.starts.push(this.scanned);
        this.openEpoch = null;
      }
      if (this.starts.length === 0 && (event.type === 'oneshot-step' || event.type === 'oneshot-epoch'))
        this.starts.push(this.scanned);
      if (event.type === 'oneshot-epoch') this.openEpoch = event.epoch;
    }
    return this.starts.length;
  }

  /**
   * Event index (exclusive) where `position` ends: everything learned from the first `position`
   * proposals (result, Q-updates, epsilon steps) comes before the next proposal; everything of
   * the first `position` epochs ends with the epoch's `oneshot-epoch`.
   */
  endOf(position: number): number {
    return position < this.length ? this.starts[position]! : this.source.length;
  }

  /**
   * The run after `position` proposals and everything learned from them (0: before the first
   * proposal), or after `position` epochs. The same object for the same position while the log
   * has not grown.
   */
  viewAt(position: number): RunView {
    const length = this.length;
    const p = Math.max(0, Math.min(length, Math.floor(position)));
    const end = this.endOf(p);
    if (this.last && this.last.position === p && this.last.end === end) return this.last.view;
    const base = Math.floor(p / CHECKPOINT_EVERY) * CHECKPOINT_EVERY;
    let view = detached(this.checkpointAt(base));
    view = appendEvents(view, this.source.slice(this.endOf(base), end));
    this.last = { position: p, end, view };
    return view;
  }

  /** The stored view at a multiple of `CHECKPOINT_EVERY` (not the live end: it still grows). */
  private checkpointAt(position: number): RunView {
    const stored = this.checkpoints.get(position);
    if (stored) return stored;
    let view: RunView;
    if (position === 0) {
      view = appendEvents(emptyRunView(this.config), this.source.slice(0, this.endOf(0)));
    } else {
      const previous = position - CHECKPOINT_EVERY;
      view = appendEvents(
        detached(this.checkpointAt(previous)),
        this.source.slice(this.endOf(previous), this.endOf(position)),
      );
    }
    if (position < this.length) this.checkpoints.set(position, view);
    return view;
  }
}
