/**
 * PNAS's cell space (Liu et al., ECCV 2018, §3.1): a cell of b blocks, each block two (input, op)
 * branches combined by addition; block k reads h[i-1], h[i-2] or an earlier block of the cell
 * (hidden-state indices 0 .. k + 1, as in src/nas/spaces/cell.ts). The same cell serves as the
 * normal cell and, with stride 2, as the reduction cell. The search grows cells one block at a
 * time: the legal b = 1 cells, then every legal one-block expansion of a cell. A block whose two
 * branches are swapped computes the same function and is enumerated once, in a canonical order
 * (branch with the smaller input first, then the op earlier in `CELL_OPS`), as the paper removes
 * that symmetry (136 b = 1 cells instead of 256 with its 8 ops).
 * Pure module: no DOM, React or tfjs.
 */
import {
  CELL_OPS,
  cellPairString,
  cellString,
  type Cell,
  type CellBlock,
  type CellOp,
  type CellPair,
} from '../../spaces/cell';

/** PNAS's 8 ops, in the paper's list order (§3.1). */
export const PNAS_OPS: readonly CellOp[] = [
  'sep_conv_3x3',
  'identity',
  'avg_pool_3x3',
  'max_pool_3x3',
  'sep_conv_5x5',
  'dil_conv_3x3',
  'sep_conv_7x7',
  'conv_1x7_7x1',
];

/** The op sets a run may search: PNAS's 8 ops, or a subset that keeps the b = 1 level small. */
export type PnasOpSet = 'pnas8' | 'three' | 'two';

/** The op sets in choice order. */
export const PNAS_OP_SET_IDS: readonly PnasOpSet[] = ['pnas8', 'three', 'two'];

/**
 * The ops of each set: the paper's 8 (136 cells at b = 1); sep 3×3, identity and max pool 3×3
 * (21 cells at b = 1), a learnt op, a free one and a pool; sep 3×3 and max pool 3×3 (10 cells).
 */
export const PNAS_OP_SETS: Readonly<Record<PnasOpSet, readonly CellOp[]>> = {
  pnas8: PNAS_OPS,
  three: ['sep_conv_3x3', 'identity', 'max_pool_3x3'],
  two: ['sep_conv_3x3', 'max_pool_3x3'],
};

/** A PNAS cell: its blocks in order, every combine `add`. */
export type PnasCell = Cell;

/** One branch of a block: a hidden state and the op applied to it. */
interface Branch {
  readonly input: number;
  readonly op: CellOp;
}

const opRank = (op: CellOp): number => CELL_OPS.indexOf(op);

/** Orders branches canonically: smaller input first, then the op earlier in `CELL_OPS`. */
function compareBranches(a: Branch, b: Branch): number {
  return a.input - b.input || opRank(a.op) - opRank(b.op);
}

/** The block with its two branches in canonical order (the one swap symmetry removed). */
export function canonicalBlock(block: CellBlock): CellBlock {
  const a: Branch = { input: block.inputs[0], op: block.ops[0] };
  const b: Branch = { input: block.inputs[1], op: block.ops[1] };
  const [first, second] = compareBranches(a, b) <= 0 ? [a, b] : [b, a];
  return { inputs: [first.input, second.input], ops: [first.op, second.op], combine: 'add' };
}

/**
 * The distinct blocks at position `position` (0-based) over `ops`: unordered pairs, repeats
 * allowed, of the (position + 2) · |ops| branches, so n (n + 1) / 2 of them for n branches.
 * In canonical order.
 */
export function blocksAt(position: number, ops: readonly CellOp[]): CellBlock[] {
  if (!Number.isInteger(position) || position < 0) throw new Error(`Bad block position ${position}`);
  const branches: Branch[] = [];
  for (let input = 0; input < position + 2; input++) for (const op of ops) branches.push({ input, op });
  branches.sort(compareBranches);
  const blocks: CellBlock[] = [];
  for (let i = 0; i < branches.length; i++) {
    for (let j = i; j < branches.length; j++) {
      const [a, b] = [branches[i]!, branches[j]!];
      blocks.push({ inputs: [a.input, b.input], ops: [a.op, b.op], combine: 'add' });
    }
  }
  return blocks;
}

/** Number of distinct blocks at `position` over `opCount` ops: n (n + 1) / 2, n = (position + 2) · opCount. */
export function blockCount(position: number, opCount: number): number {
  const n = (position + 2) * opCount;
  return (n * (n + 1)) / 2;
}

/** Every cell that adds one legal block to `cell` (the b + 1 cells grown from a b-block cell). */
export function expandCell(cell: PnasCell, ops: readonly CellOp[]): PnasCell[] {
  return blocksAt(cell.length, ops).map((block) => [...cell, block]);
}

/** The legal b = 1 cells. */
export function firstLevelCells(ops: readonly CellOp[]): PnasCell[] {
  return expandCell([], ops);
}

/** The cell with each block's branches in canonical order. */
export function canonicalCell(cell: PnasCell): PnasCell {
  return cell.map(canonicalBlock);
}

/** The architecture of a PNAS cell: the cell as the normal cell, reused as the reduction cell. */
export function pnasPair(cell: PnasCell): CellPair {
  return { normal: cell, reduction: cell };
}

/** The canonical string of a PNAS cell's pair (the run's architecture key). */
export function pnasNet(cell: PnasCell): string {
  return cellPairString(pnasPair(cell));
}

/** The cell's own string, `in1,in2:op1,op2:add|…` (one cell, as the views show it). */
export function pnasCellString(cell: PnasCell): string {
  return cellString(cell);
}

/** The models a run trains: every b = 1 cell, then min(K, candidates) at each level up to B. */
export function pnasLevelSizes(
  opCount: number,
  blocks: number,
  beamSize: number,
): { candidates: number; trained: number }[] {
  const sizes: { candidates: number; trained: number }[] = [];
  let beam = 1;
  for (let level = 1; level <= blocks; level++) {
    const candidates = beam * blockCount(level - 1, opCount);
    const trained = level === 1 ? candidates : Math.min(beamSize, candidates);
    sizes.push({ candidates, trained });
    beam = trained;
  }
  return sizes;
}
