/**
 * The cell spaces a one-shot search runs on, as the shared loop, the log checks and the views see
 * them: how many rows its [edges][ops] matrices have, the op names, the string of an architecture
 * (one op index per row), and how each row is labelled. `nb201`: NAS-Bench-201's cell (6 edges x
 * 5 ops); `darts`: the DARTS paper's normal and reduction cells (2 x 14 edges x 8 ops, the normal
 * cell's rows first; src/nas/spaces/darts.ts).
 * Pure module: no DOM, React or tfjs.
 */
import {
  DARTS_CELL_EDGES,
  DARTS_EDGES,
  DARTS_OPS,
  DARTS_ROWS,
  checkDartsOps,
  dartsArchString,
  dartsNodeName,
  parseDartsArchString,
} from '../spaces/darts';
import { NB201_EDGES, NB201_OPS, cellString, parseCellString, type Nb201Op } from '../spaces/nb201';

/** The cell spaces of the one-shot strategies. */
export type OneShotSpaceId = 'nb201' | 'darts';
export const ONESHOT_SPACES: readonly OneShotSpaceId[] = ['nb201', 'darts'];

/** One group of rows drawn as one cell (nb201: one; darts: normal and reduction). */
export interface OneShotCell {
  /** 'cell', 'normal' or 'reduce'. */
  readonly kind: 'cell' | 'normal' | 'reduce';
  /** Its first row and its number of rows. */
  readonly first: number;
  readonly count: number;
}

export interface OneShotSpace {
  readonly id: OneShotSpaceId;
  /** Rows of the architecture matrices (edges of every cell kind together). */
  readonly edges: number;
  /** The candidate ops, in index order (`none` first in both spaces). */
  readonly ops: readonly string[];
  readonly cells: readonly OneShotCell[];
  /** Row `edge`'s source and target node names, e.g. `0→1` (nb201) or `c_{k-1}→2` (darts). */
  edgeLabel(edge: number): { from: string; to: string };
  /** The architecture's string (nb201's cell string; darts's `normal=... reduce=...`). */
  archOf(ops: readonly number[]): string;
  /** Inverse of `archOf`; throws saying what is wrong. */
  opsOf(arch: string): number[];
}

const NB201: OneShotSpace = {
  id: 'nb201',
  edges: NB201_EDGES.length,
  ops: NB201_OPS,
  cells: [{ kind: 'cell', first: 0, count: NB201_EDGES.length }],
  edgeLabel: (edge) => {
    const e = NB201_EDGES[edge]!;
    return { from: String(e.from), to: String(e.to) };
  },
  archOf: (ops) => cellString(ops.map((o) => NB201_OPS[o] as Nb201Op)),
  opsOf: (arch) => parseCellString(arch).map((op) => NB201_OPS.indexOf(op)),
};

const DARTS: OneShotSpace = {
  id: 'darts',
  edges: DARTS_ROWS,
  ops: DARTS_OPS,
  cells: [
    { kind: 'normal', first: 0, count: DARTS_CELL_EDGES },
    { kind: 'reduce', first: DARTS_CELL_EDGES, count: DARTS_CELL_EDGES },
  ],
  edgeLabel: (row) => {
    const e = DARTS_EDGES[row % DARTS_CELL_EDGES]!;
    return { from: dartsNodeName(e.from), to: String(e.to) };
  },
  archOf: (ops) => {
    checkDartsOps(ops);
    return dartsArchString(ops);
  },
  opsOf: parseDartsArchString,
};

/** Whether `space` is one a one-shot strategy searches. */
export const isOneShotSpace = (space: string): space is OneShotSpaceId =>
  (ONESHOT_SPACES as readonly string[]).includes(space);

/** The one-shot view of `space` (nb201 for anything else, as logs from before the darts space). */
export function oneShotSpace(space: string | undefined): OneShotSpace {
  return space === 'darts' ? DARTS : NB201;
}
