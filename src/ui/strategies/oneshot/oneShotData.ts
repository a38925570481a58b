/**
 * What the one-shot panel's charts and tables draw, shaped from the run view (`OneShotView`):
 * pure functions of the log's snapshots, epochs, updates and derivation. No DOM, React or store,
 * so they are unit-tested in Node; words are added by the charts and components.
 */
import type {
  EnasUpdateEvent,
  OneShotDerivedEvent,
  OneShotEpochEvent,
  OneShotStepEvent,
} from '../../../nas/oneshot/events';
import { oneShotSpace, type OneShotSpace } from '../../../nas/oneshot/spaces';
import type { OneShotView } from '../../../nas/oneshot/view';
import { DARTS_ROWS } from '../../../nas/spaces/darts';
import { NB201_EDGES, NB201_OPS, type Nb201Op } from '../../../nas/spaces/nb201';

/** The one-shot strategies, by their core ids. */
export type OneShotMethod = 'darts' | 'snas' | 'enas';

/**
 * The cell space of a run's one-shot view, read from its data (the fold sees events only): 28
 * rows of weights, or 28 derived ops, are the darts space's normal and reduction cells.
 */
export function spaceOfView(view: Pick<OneShotView, 'snapshots' | 'derived'>): OneShotSpace {
  const rows = view.snapshots[0]?.weights.length ?? view.derived?.ops.length;
  return oneShotSpace(rows === DARTS_ROWS ? 'darts' : 'nb201');
}

/**
 * An edge as the panel names it: `0→1` (the cell's node numbers); on the darts space prefixed by
 * its cell, `N c_{k-1}→0` (normal) or `R 2→3` (reduction).
 */
export function edgeLabel(edge: number, space: OneShotSpace = oneShotSpace('nb201')): string {
  if (edge < 0 || edge >= space.edges) return `${edge}`;
  const { from, to } = space.edgeLabel(edge);
  const cell = space.cells.find((c) => edge >= c.first && edge < c.first + c.count)!;
  const prefix = cell.kind === 'normal' ? 'N ' : cell.kind === 'reduce' ? 'R ' : '';
  return `${prefix}${from}→${to}`;
}

/** Largest mean entropy of a row of 5 ops (the uniform distribution), nats. */
export const MAX_ENTROPY = Math.log(NB201_OPS.length);

/** Largest mean entropy of a row of the space's ops, nats. */
export const maxEntropyOf = (space: OneShotSpace): number => Math.log(space.ops.length);

/** Most snapshots a time chart draws; a longer run is thinned evenly (the last always kept). */
export const MAX_POINTS = 400;

/** At most `max` items of `list`, evenly spaced, the first and the last kept. */
export function thin<T>(list: readonly T[], max: number = MAX_POINTS): readonly T[] {
  if (list.length <= max || max < 2) return list;
  const out: T[] = [];
  const stride = (list.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(list[Math.round(i * stride)]!);
  return out;
}

/** A row of weights made a distribution: negatives and non-numbers count 0, the rest sums to 1. */
function normalised(row: readonly number[] | undefined, ops: number = NB201_OPS.length): number[] {
  const clean = Array.from({ length: ops }, (_, op) => {
    const w = row?.[op] ?? 0;
    return Number.isFinite(w) && w > 0 ? w : 0;
  });
  const sum = clean.reduce((a, b) => a + b, 0);
  return sum > 0 ? clean.map((w) => w / sum) : clean.map(() => 1 / ops);
}

/** The latest architecture distribution, [edges][ops] in `NB201_OPS` order; null before a snapshot. */
export interface AlphaGrid {
  /** Op ids, the columns. */
  ops: readonly string[];
  /** Edge labels, the rows (`0→1`). */
  edges: readonly string[];
  /** Weight of op `j` on edge `i`, in [0, 1], each row summing to 1. */
  values: readonly (readonly number[])[];
  /** Step of the snapshot. */
  step: number;
}

export function alphaGrid(view: OneShotView): AlphaGrid | null {
  const last = view.snapshots.at(-1);
  if (!last) return null;
  const space = spaceOfView(view);
  const rows = Array.from({ length: space.edges }, (_, edge) => edge);
  return {
    ops: space.ops,
    edges: rows.map((edge) => edgeLabel(edge, space)),
    values: rows.map((edge) => normalised(last.weights[edge], space.ops.length)),
    step: last.step,
  };
}

/** One op's band in an edge's stacked areas: lower and upper bound at each snapshot. */
export interface StackLayer {
  op: string;
  /** Bottom of the band at each step, in [0, 1]. */
  y0: readonly number[];
  /** Top of the band (y0 plus the op's weight). */
  y1: readonly number[];
}

/** One edge's weights over time, stacked. */
export interface EdgeStack {
  /** Edge label (`0→1`). */
  edge: string;
  /** Step of each snapshot, the x of every band. */
  steps: readonly number[];
  /** One band per op, bottom to top in `STACK_ORDER`. */
  layers: readonly StackLayer[];
}

/**
 * Bottom to top, the benchmark's op order (the heat map's columns, the legend): `none` sits on
 * the floor in grey and `skip_connect` right above it in its strong colour, so skip taking over
 * an edge is a warm band growing from below (DARTS's collapse).
 */
export const STACK_ORDER: readonly Nb201Op[] = NB201_OPS;

/** Per edge, the weights of every snapshot as stacked bands (thinned to `max` snapshots). */
export function edgeStacks(snapshots: readonly OneShotStepEvent[], max: number = MAX_POINTS): EdgeStack[] {
  const shown = thin(snapshots, max);
  const steps = shown.map((s) => s.step);
  const space = spaceOfView({ snapshots, derived: null });
  // Both spaces list `none` first and the rest in their papers' order: bottom to top.
  const order: readonly string[] = space.id === 'nb201' ? STACK_ORDER : space.ops;
  return Array.from({ length: space.edges }, (_, edge) => {
    const rows = shown.map((s) => normalised(s.weights[edge], space.ops.length));
    const floor = rows.map(() => 0);
    const layers = order.map((op) => {
      const index = space.ops.indexOf(op);
      const y0 = [...floor];
      const y1 = rows.map((row, i) => (floor[i] = y0[i]! + row[index]!));
      return { op, y0, y1 };
    });
    return { edge: edgeLabel(edge, space), steps, layers };
  });
}

/** Mean entropy (nats) and, for SNAS, the temperature at each snapshot. */
export interface EntropyPoint {
  step: number;
  entropy: number;
  /** SNAS's Gumbel-softmax temperature; absent for DARTS and ENAS. */
  temperature?: number;
}

export function entropySeries(
  snapshots: readonly OneShotStepEvent[],
  max: number = MAX_POINTS,
): EntropyPoint[] {
  return thin(snapshots, max).map((s) =>
    s.temperature === undefined
      ? { step: s.step, entropy: s.entropy }
      : { step: s.step, entropy: s.entropy, temperature: s.temperature },
  );
}

/** The supernet after each epoch: epoch counted from 1, losses and accuracies (in [0, 1]). */
export interface EpochPoint {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  trainAccuracy: number;
  valAccuracy: number;
}

export function epochCurves(epochs: readonly OneShotEpochEvent[]): EpochPoint[] {
  return epochs.map((e) => ({
    epoch: e.epoch + 1,
    trainLoss: e.trainLoss,
    valLoss: e.valLoss,
    trainAccuracy: e.trainAccuracy,
    valAccuracy: e.valAccuracy,
  }));
}

/** The rows of the derivation gap, in reading order. */
export type GapKey = 'supernet' | 'inherited' | 'standalone' | 'benchmark';

export interface GapRow {
  key: GapKey;
  /** Accuracy in [0, 1]; null while not known (standalone training still running, no table). */
  accuracy: number | null;
}

/**
 * The derivation gap (SNAS Fig. 4) once the cell is derived, null before: `derived` is the
 * view's derivation, `standalone` the derived cell's accuracy trained alone (null until then).
 */
export function gapRows(derived: OneShotDerivedEvent | null, standalone: number | null): GapRow[] | null {
  if (!derived) return null;
  return [
    { key: 'supernet', accuracy: derived.supernetAccuracy },
    { key: 'inherited', accuracy: derived.inheritedAccuracy },
    { key: 'standalone', accuracy: standalone },
    // NAS-Bench-201's table has only its own cells: no transfer reference on the darts space.
    ...(derived.ops.length === DARTS_ROWS
      ? []
      : [{ key: 'benchmark' as const, accuracy: derived.benchmarkAccuracy ?? null }]),
  ];
}

/**
 * Per edge, the final weight of the op the derivation chose (the last snapshot's), or null
 * where there is no snapshot.
 */
export function chosenWeights(view: OneShotView): (number | null)[] {
  const ops = view.derived?.ops ?? [];
  const last = view.snapshots.at(-1);
  const count = spaceOfView(view).ops.length;
  return ops.map((op, edge) => (last ? (normalised(last.weights[edge], count)[op] ?? null) : null));
}

/** ENAS's last controller update in numbers. */
export interface ControllerNumbers {
  children: number;
  meanReward: number;
  minReward: number;
  maxReward: number;
  baseline: number;
  entropy: number;
  updates: number;
}

/** The numbers of ENAS's update `last`, the `count`-th; null before the first. */
export function controllerNumbers(
  last: EnasUpdateEvent | undefined,
  count: number,
): ControllerNumbers | null {
  if (!last || last.rewards.length === 0) return null;
  const rewards = last.rewards;
  return {
    children: rewards.length,
    meanReward: rewards.reduce((a, b) => a + b, 0) / rewards.length,
    minReward: Math.min(...rewards),
    maxReward: Math.max(...rewards),
    baseline: last.baseline,
    entropy: last.entropy,
    updates: count,
  };
}

/** An op index per edge as op ids (an out-of-range index reads `none`). */
export function opsOf(indices: readonly number[]): Nb201Op[] {
  return NB201_EDGES.map((_, edge) => NB201_OPS[indices[edge] ?? 0] ?? 'none');
}
