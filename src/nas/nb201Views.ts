/**
 * What a NAS-Bench-201 run found, measured against the whole table: best so far and regret per
 * unique model, the rank of the best cell found among all 15,625, the accuracy distribution,
 * the greedy cell of the Q-table at the end of every epsilon step, and a mean with a min–max
 * band over seeds. Inputs are run-log events and an `Nb201Table`.
 * Pure module: no DOM, React or tfjs.
 */
import { QReplay, type QRule } from './qReplay';
import type { Nb201DatasetId, Nb201Entry, Nb201Table } from './nb201Table';
import type { RunEvent } from './runlog';
import {
  NB201_EDGES,
  NB201_EDGE_COUNT,
  cellString,
  legalActions,
  parseCellString,
  stateKey,
  type Nb201Cell,
  type Nb201Op,
} from './spaces/nb201';

/** The fields of a `result` event these views read. */
export interface Nb201ResultLike {
  /** The search's reward: validation accuracy on the run's dataset, in [0, 1]. */
  readonly reward: number;
  /** True when the reward was reused: a repeat, not a new model. */
  readonly cached?: boolean;
}

/** A result with its benchmark cell string (the `arch` of a `result` event). */
export interface Nb201CellResult extends Nb201ResultLike {
  readonly arch: string;
}

/**
 * Best reward so far after each unique model: entry i is the best over the first i + 1 models
 * evaluated. Cached results are repeats and do not advance the x axis.
 */
export function bestSoFar(results: readonly Nb201ResultLike[]): number[] {
  const out: number[] = [];
  let best = -Infinity;
  for (const r of results) {
    if (r.cached) continue;
    best = Math.max(best, r.reward);
    out.push(best);
  }
  return out;
}

/**
 * Simple regret after each unique model: the dataset's best validation accuracy in the table
 * minus the best reward found so far (accuracy units, >= 0; 0 once the best cell is found).
 */
export function regretCurve(
  results: readonly Nb201ResultLike[],
  table: Nb201Table,
  dataset: Nb201DatasetId,
): number[] {
  const top = table.best(dataset).accuracy[dataset].val;
  return bestSoFar(results).map((b) => Math.max(0, top - b));
}

/** The best cell a run found, placed among all the benchmark's cells. */
export interface Nb201FoundSummary {
  /** The best cell found: highest reward, the first found among ties. */
  readonly found: Nb201Entry;
  /** Its validation accuracy on the dataset, in [0, 1]. */
  readonly val: number;
  /** Its test accuracy on the dataset, in [0, 1] (reported, never searched on). */
  readonly test: number;
  /** 1 + the number of cells of strictly higher validation accuracy (1 = the best). */
  readonly rank: number;
  /** Percentage of cells whose validation accuracy is at most its own (100 = the best). */
  readonly percentile: number;
  /** 100 × rank / cells: "top 0.24%" for rank 37 of 15,625. */
  readonly topPercent: number;
  /** Number of cells in the table (15,625). */
  readonly cells: number;
  /** Unique models evaluated when it was first found (1-based). */
  readonly foundAfter: number;
  /** Unique models evaluated in all. */
  readonly models: number;
  /** The cell of highest validation accuracy on the dataset. */
  readonly globalBest: Nb201Entry;
  /** The global best's validation accuracy on the dataset, in [0, 1]. */
  readonly globalBestVal: number;
  /** The global best's validation accuracy minus the found cell's (>= 0). */
  readonly regret: number;
}

/** The best cell of a run and its rank among all cells; null before the first result. */
export function foundSummary(
  results: readonly Nb201CellResult[],
  table: Nb201Table,
  dataset: Nb201DatasetId,
): Nb201FoundSummary | null {
  let best: Nb201CellResult | null = null;
  let models = 0;
  let foundAfter = 0;
  for (const r of results) {
    if (!r.cached) models += 1;
    if (best === null || r.reward > best.reward) {
      best = r;
      foundAfter = Math.max(1, models);
    }
  }
  if (best === null) return null;
  const found = table.lookup(best.arch);
  const { val, test } = found.accuracy[dataset];
  const globalBest = table.best(dataset);
  const globalBestVal = globalBest.accuracy[dataset].val;
  const rank = table.rank(val, dataset);
  return {
    found,
    val,
    test,
    rank,
    percentile: table.percentile(val, dataset),
    topPercent: (100 * rank) / table.size,
    cells: table.size,
    foundAfter,
    models,
    globalBest,
    globalBestVal,
    regret: Math.max(0, globalBestVal - val),
  };
}

/** One bar of a histogram: the half-open interval [x0, x1) (the last bin is closed). */
export interface HistogramBin {
  readonly x0: number;
  readonly x1: number;
  readonly count: number;
}

/**
 * Counts of all cells' validation accuracies on `dataset` in `bins` equal-width bins over
 * `domain` (default: the lowest to the highest accuracy). Accuracies outside the domain are
 * not counted.
 */
export function accuracyHistogram(
  table: Nb201Table,
  dataset: Nb201DatasetId,
  bins: number,
  domain?: readonly [number, number],
): HistogramBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`A histogram needs at least 1 bin, got ${bins}`);
  const sorted = table.sortedValAccuracies(dataset);
  const lo = domain?.[0] ?? (sorted[0] as number);
  const hi = domain?.[1] ?? (sorted[sorted.length - 1] as number);
  if (!(hi > lo)) throw new Error(`A histogram domain must have lo < hi, got [${lo}, ${hi}]`);
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of sorted) {
    if (v < lo || v > hi) continue;
    // The small slack keeps a value on an edge (0.83 with 1-point bins) out of the bin below it.
    const i = Math.min(bins - 1, Math.floor((v - lo) / width + 1e-9));
    counts[i] = (counts[i] as number) + 1;
  }
  return counts.map((count, i) => ({
    x0: lo + i * width,
    x1: i === bins - 1 ? hi : lo + (i + 1) * width,
    count,
  }));
}

/** The Q-table's greedy cell at the end of one epsilon step. */
export interface GreedyCellAtEpsilon {
  /** 0-based schedule step. */
  readonly step: number;
  readonly epsilon: number;
  /** Unique models (non-cached results) evaluated by the end of the step, cumulative. */
  readonly models: number;
  /** The ops of the greedy cell, one per edge. */
  readonly ops: Nb201Cell;
  /** Its canonical cell string. */
  readonly cell: string;
  /** False for the last step while the run is still in it (no later epsilon step, no `done`). */
  readonly complete: boolean;
}

/**
 * The cell an epsilon-0 walk would build from `q` (arg-max Q along the legal actions from the
 * start state, ties to the first legal action); unseen pairs read as Q0.
 */
export function greedyCell(q: { get(state: string, action: string): number }): Nb201Cell {
  const ops: Nb201Op[] = [];
  for (let k = 0; k < NB201_EDGE_COUNT; k++) {
    const state = stateKey(ops);
    let best: Nb201Op | null = null;
    let bestQ = -Infinity;
    for (const op of legalActions(ops)) {
      const value = q.get(state, op);
      if (value > bestQ) {
        bestQ = value;
        best = op;
      }
    }
    ops.push(best as Nb201Op);
  }
  return ops as unknown as Nb201Cell;
}

/**
 * Follows a Q-learning run's log and reads the greedy cell just before each new epsilon step
 * starts and at the end: how the policy's choice settles as epsilon falls. One entry per
 * `epsilon` event. Reads each event once (`read` the new ones as the log grows); a format-2 log's
 * Q-updates are recomputed from its `replay` events, a format-1 log's are read as logged.
 */
export class GreedyCellTracker {
  private readonly replay: QReplay;
  private readonly closed: GreedyCellAtEpsilon[] = [];
  private current: { step: number; epsilon: number } | null = null;
  private models = 0;
  private done = false;
  /** Events read so far. */
  read = 0;

  constructor(rule: QRule) {
    this.replay = new QReplay(rule);
  }

  /** Reads `events[this.read..]`. */
  readFrom(events: readonly RunEvent[]): void {
    for (; this.read < events.length; this.read++) {
      const e = events[this.read]!;
      this.replay.read(e);
      if (e.type === 'result') {
        if (!e.cached) this.models += 1;
      } else if (e.type === 'epsilon') {
        this.close(true);
        this.current = { step: e.step, epsilon: e.epsilon };
      } else if (e.type === 'done') {
        this.done = true;
      }
    }
  }

  /** The greedy cell of every epsilon step so far; the last one is open while the run is in it. */
  cells(): GreedyCellAtEpsilon[] {
    const open = this.current && this.at(this.current, this.done);
    return open ? [...this.closed, open] : [...this.closed];
  }

  private at(step: { step: number; epsilon: number }, complete: boolean): GreedyCellAtEpsilon {
    const ops = greedyCell(this.replay.table);
    return { ...step, models: this.models, ops, cell: cellString(ops), complete };
  }

  private close(complete: boolean): void {
    if (this.current !== null) this.closed.push(this.at(this.current, complete));
  }
}

/** The greedy cells of a whole log (`rule`: the run's update rule, or only its Q0 for a
 * format-1 log, whose updates are logged). [] for a run without epsilon steps. */
export function greedyCellsByEpsilon(
  events: readonly RunEvent[],
  rule: QRule | number,
): GreedyCellAtEpsilon[] {
  const tracker = new GreedyCellTracker(
    typeof rule === 'number' ? { alpha: 0, gamma: 0, initialQ: rule } : rule,
  );
  tracker.readFrom(events);
  return tracker.cells();
}

const trackers = new WeakMap<readonly RunEvent[], GreedyCellTracker>();

/** `greedyCellsByEpsilon` of a log that grows in place: each call reads only the new events. */
export function greedyCellsOf(events: readonly RunEvent[], rule: QRule): GreedyCellAtEpsilon[] {
  let tracker = trackers.get(events);
  if (!tracker || tracker.read > events.length) {
    tracker = new GreedyCellTracker(rule);
    trackers.set(events, tracker);
  }
  tracker.readFrom(events);
  return tracker.cells();
}

/** Short op names for compact cell labels. */
const SHORT_OP: Record<Nb201Op, string> = {
  none: 'none',
  skip_connect: 'skip',
  nor_conv_1x1: '1×1',
  nor_conv_3x3: '3×3',
  avg_pool_3x3: 'avg',
};

/** Short name of an op: `none`, `skip`, `1×1`, `3×3` (the convs), `avg` (3×3 average pool). */
export function shortOp(op: Nb201Op): string {
  return SHORT_OP[op];
}

/**
 * A cell as short op names grouped by the node they feed, e.g. `3×3 / 3×3 avg / skip 3×3 skip`
 * (node 1 / node 2 / node 3, inputs in order); accepts ops or a cell string.
 */
export function shortCellLabel(cell: string | readonly Nb201Op[]): string {
  const ops = typeof cell === 'string' ? parseCellString(cell) : cell;
  const nodes: string[][] = [[], [], []];
  NB201_EDGES.forEach(({ to }, k) => nodes[to - 1]?.push(SHORT_OP[ops[k] as Nb201Op]));
  return nodes.map((n) => n.join(' ')).join(' / ');
}

/** One x of a mean over seeds. */
export interface MeanBandPoint {
  /** Unique models evaluated (1-based). */
  readonly x: number;
  /** Mean over the seeds that reached x. */
  readonly mean: number;
  /** Band: the lowest of those seeds. */
  readonly lo: number;
  /** Band: the highest of those seeds. */
  readonly hi: number;
  /** Number of seeds that reached x. */
  readonly n: number;
}

/**
 * Mean and min–max band per x over several seeds' curves (entry i of a curve is x = i + 1).
 * Curves may differ in length: each x averages the seeds that reached it.
 */
export function meanBand(curves: readonly (readonly number[])[]): MeanBandPoint[] {
  const length = curves.reduce((m, c) => Math.max(m, c.length), 0);
  const out: MeanBandPoint[] = [];
  for (let i = 0; i < length; i++) {
    let sum = 0;
    let n = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of curves) {
      const v = c[i];
      if (v === undefined) continue;
      sum += v;
      n += 1;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    out.push({ x: i + 1, mean: sum / n, lo, hi, n });
  }
  return out;
}
