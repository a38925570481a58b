/**
 * The run as it stood after any number of models: the prefix of the run log folded through the
 * run-view reducer (`appendEvents`). Checkpoints every `CHECKPOINT_EVERY` models keep scrubbing
 * cheap: a position costs a copy of the nearest checkpoint and the events of at most that many
 * models, not the whole log. The log is append-only, so positions and checkpoints stay valid as
 * a live run grows. Pure module: no DOM, React or zustand.
 */
import type { RunConfig } from '../nas/config';
import type { RunEvent } from '../nas/runlog';
import { appendEvents, emptyRunView, type QValues, type RunView } from './runView';

/** Models between two stored checkpoints. */
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
  };
}

export class RunTimeline {
  /** Event index of every proposal: position k ends where proposal k starts. */
  private readonly starts: number[] = [];
  private scanned = 0;
  private readonly checkpoints = new Map<number, RunView>();
  private last: { position: number; end: number; view: RunView } | null = null;

  /**
   * @param config the run's config
   * @param source the live run log (it grows in place while the run goes on)
   */
  constructor(
    readonly config: RunConfig,
    readonly source: readonly RunEvent[],
  ) {}

  /** Proposals in the log: positions run from 0 (nothing proposed) to this (the live end). */
  get length(): number {
    for (; this.scanned < this.source.length; this.scanned++)
      if (this.source[this.scanned]!.type === 'propose') this.starts.push(this.scanned);
    return this.starts.length;
  }

  /**
   * Event index (exclusive) where `position` ends: everything learned from the first `position`
   * proposals (result, Q-updates, epsilon steps) comes before the next proposal.
   */
  endOf(position: number): number {
    return position < this.length ? this.starts[position]! : this.source.length;
  }

  /**
   * The run after `position` proposals and everything learned from them (0: before the first
   * proposal). The same object for the same position while the log has not grown.
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
