/**
 * Explain mode's steps of a long run without holding them (issue #17): a paper-length MetaQNN
 * run has about 25 million Q-updates, recomputed from its format-2 log, far too many to keep as
 * objects. The index keeps, per event that has steps, where its steps start, and every
 * CHECKPOINT_STEPS steps a copy of the Q-table; a step is made on demand by replaying from the
 * nearest checkpoint to its event (src/nas/qReplay.ts) and reading that one event with
 * `appendExplainSteps`, so each step is exactly the one the whole log's steps would have there.
 * Pure module: no DOM, React or tfjs.
 */
import { appendExplainSteps, isOneShotExplainEvent, type ExplainStep } from './explain';
import { QReplay, type QRule } from './qReplay';
import type { QTable } from './qtable';
import type { RunEvent } from './runlog';

/** Steps between two copies of the Q-table (50 in a paper-length run): replaying that many
 * updates to reach a step takes tens of ms, a step next to one made takes none. */
export const CHECKPOINT_STEPS = 500_000;

/** Events whose steps are kept made (the last few shown: a step, its neighbours). */
const CACHED_EVENTS = 4;

/** A rule for a log without one (not Q-learning): nothing to recompute, unknown Q-values NaN. */
const NO_RULE: QRule = { alpha: NaN, gamma: NaN, initialQ: NaN };

interface Checkpoint {
  /** First entry the table is before, and that entry's event. */
  readonly entry: number;
  readonly event: number;
  readonly table: QTable;
}

interface Made {
  readonly steps: readonly ExplainStep[];
  /** The table before the entry's event, and after it. */
  readonly before: QTable;
  readonly after: QTable;
}

export class ExplainIndex {
  private readonly replay: QReplay;
  /** Per entry (an event with steps): its event, its first step, the proposal its steps belong to. */
  private readonly eventOf: number[] = [];
  private readonly firstStep: number[] = [];
  private readonly proposalOf: number[] = [];
  private total = 0;
  private read = 0;
  private lastProposal = -1;
  private readonly checkpoints: Checkpoint[] = [];
  private sinceCheckpoint = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private readonly made = new Map<number, Made>();

  /** `checkpointSteps`: steps between two copies of the table (tests use a few). */
  constructor(
    private readonly events: readonly RunEvent[],
    rule: QRule | null,
    private readonly checkpointSteps = CHECKPOINT_STEPS,
  ) {
    this.replay = new QReplay(rule ?? NO_RULE);
    this.checkpoints.push({ entry: 0, event: 0, table: this.replay.table.copy() });
  }

  /** Number of steps in the events read so far. */
  get length(): number {
    return this.total;
  }

  /** Reads the events appended to the log since the last call (the log only grows). */
  extend(): void {
    const { events, replay } = this;
    for (let i = this.read; i < events.length; i++) {
      const event = events[i]!;
      if (this.sinceCheckpoint >= this.checkpointSteps) {
        this.checkpoints.push({ entry: this.eventOf.length, event: i, table: replay.table.copy() });
        this.sinceCheckpoint = 0;
      }
      let steps = 0;
      if (event.type === 'propose') {
        this.lastProposal = event.index;
        if (event.choices !== undefined && event.epsilon !== undefined)
          steps += event.choices.filter((_, k) => event.trajectory[k] !== undefined).length;
      }
      if (isOneShotExplainEvent(event)) steps++;
      const before = replay.updates;
      replay.read(event);
      steps += replay.updates - before;
      if (replay.updates > before)
        for (const id of replay.table.takeChanged()) {
          const q = replay.table.at(id);
          if (q < this.lo) this.lo = q;
          if (q > this.hi) this.hi = q;
        }
      if (steps === 0) continue;
      this.eventOf.push(i);
      this.firstStep.push(this.total);
      this.proposalOf.push(this.lastProposal);
      this.total += steps;
      this.sinceCheckpoint += steps;
    }
    this.read = events.length;
  }

  /** The step at `cursor`, or null outside the steps. The same object while it stays cached. */
  at(cursor: number): ExplainStep | null {
    if (!(cursor >= 0 && cursor < this.total)) return null;
    const entry = this.entryOf(cursor);
    return this.make(entry).steps[cursor - this.firstStep[entry]!] ?? null;
  }

  /**
   * The Q-values when step `cursor` is shown: every (state, action) an update at or before it
   * set, with its value then (state key -> action key -> Q), as `qValuesAtStep` of all the steps.
   */
  qValuesAt(cursor: number): Map<string, Map<string, number>> {
    const values = new Map<string, Map<string, number>>();
    if (cursor < 0 || this.total === 0) return values;
    const last = Math.min(cursor, this.total - 1);
    const entry = this.entryOf(last);
    const made = this.make(entry);
    const table = made.before.copy();
    const upTo = last - this.firstStep[entry]!;
    for (let k = 0; k <= upTo; k++) {
      const step = made.steps[k]!;
      if (step.kind === 'update') table.set(step.update.state, step.update.action, step.update.newQ);
    }
    for (const [state, action, q] of table.entries()) {
      let row = values.get(state);
      if (!row) values.set(state, (row = new Map()));
      row.set(action, q);
    }
    return values;
  }

  /** [min, max] of `initialQ` and every value the table held after an event of the log. */
  domain(initialQ: number): [number, number] {
    return [Math.min(initialQ, this.lo), Math.max(initialQ, this.hi)];
  }

  /** The first step of the next proposal after the one step `cursor` belongs to; the last step when none. */
  nextProposalStart(cursor: number): number {
    if (this.total === 0) return -1;
    if (cursor < 0) return 0;
    if (cursor >= this.total) return this.total - 1;
    const proposal = this.proposalOf[this.entryOf(cursor)]!;
    const next = upperBound(this.proposalOf, proposal);
    return next < this.firstStep.length ? this.firstStep[next]! : this.total - 1;
  }

  /** The entry whose steps hold step `cursor` (0 <= cursor < total). */
  private entryOf(cursor: number): number {
    return upperBound(this.firstStep, cursor) - 1;
  }

  /** The steps of `entry`'s event, replayed from the nearest table before it. */
  private make(entry: number): Made {
    const cached = this.made.get(entry);
    if (cached) {
      this.made.delete(entry);
      this.made.set(entry, cached);
      return cached;
    }
    const event = this.eventOf[entry]!;
    const checkpoint =
      this.checkpoints[
        upperBound(
          this.checkpoints.map((c) => c.entry),
          entry,
        ) - 1
      ]!;
    // Start from the checkpoint, or from an event made since, whichever is later.
    let from = checkpoint.event;
    let start = checkpoint.table;
    for (const [other, made] of this.made)
      if (other < entry && this.eventOf[other]! + 1 > from) {
        from = this.eventOf[other]! + 1;
        start = made.after;
      }
    const replay = this.replay.fork(start.copy());
    for (let i = from; i < event; i++) replay.read(this.events[i]!);
    const before = replay.table.copy();
    const steps: ExplainStep[] = [];
    appendExplainSteps(this.events, event, steps, this.proposalBefore(entry), replay, event + 1);
    const made: Made = { steps, before, after: replay.table };
    this.made.set(entry, made);
    if (this.made.size > CACHED_EVENTS) this.made.delete(this.made.keys().next().value!);
    return made;
  }

  /** The last proposal logged before `entry`'s event (the one its updates belong to). */
  private proposalBefore(entry: number): number {
    const event = this.events[this.eventOf[entry]!]!;
    return event.type === 'propose' ? -1 : this.proposalOf[entry]!;
  }
}

/** Index of the first element of the ascending `values` greater than `x`. */
function upperBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
