/**
 * The NASNet cell space's vocabulary and rules (cell.ts): the ops, blocks, cells and pairs, the
 * space configs, hidden-state labels and the legality checks. Pure module: no DOM, React or tfjs.
 */

/** The 13 ops of the NASNet search space, in the paper's list order (§3). */
export const CELL_OPS = [
  'identity',
  'conv_1x3_3x1',
  'conv_1x7_7x1',
  'dil_conv_3x3',
  'avg_pool_3x3',
  'max_pool_3x3',
  'max_pool_5x5',
  'max_pool_7x7',
  'conv_1x1',
  'conv_3x3',
  'sep_conv_3x3',
  'sep_conv_5x5',
  'sep_conv_7x7',
] as const;

/** One op a block applies to one of its inputs. */
export type CellOp = (typeof CELL_OPS)[number];

/**
 * The browser default: the ops of the NASNet-A cells the paper found (identity, sep 3×3 and
 * 5×5, avg and max pool 3×3) without sep 7×7, whose window covers most of a 7×7 reduced MNIST
 * map, plus conv 1×1 as a cheap learnt op. Six ops keep the space and the controller small.
 */
export const DEFAULT_CELL_OPS: readonly CellOp[] = [
  'identity',
  'sep_conv_3x3',
  'sep_conv_5x5',
  'avg_pool_3x3',
  'max_pool_3x3',
  'conv_1x1',
];

const OP_LABELS: Record<CellOp, string> = {
  identity: 'identity',
  conv_1x3_3x1: 'conv 1×3+3×1',
  conv_1x7_7x1: 'conv 1×7+7×1',
  dil_conv_3x3: 'dil conv 3×3',
  avg_pool_3x3: 'avg pool 3×3',
  max_pool_3x3: 'max pool 3×3',
  max_pool_5x5: 'max pool 5×5',
  max_pool_7x7: 'max pool 7×7',
  conv_1x1: 'conv 1×1',
  conv_3x3: 'conv 3×3',
  sep_conv_3x3: 'sep 3×3',
  sep_conv_5x5: 'sep 5×5',
  sep_conv_7x7: 'sep 7×7',
};

/** Short display label of an op, e.g. `sep 3×3`. */
export function cellOpLabel(op: CellOp): string {
  return OP_LABELS[op];
}

/** Whether `s` names one of the 13 ops. */
export function isCellOp(s: string): s is CellOp {
  return (CELL_OPS as readonly string[]).includes(s);
}

/** How a block joins its two op outputs: elementwise sum, or concatenation along channels. */
export type CellCombine = 'add' | 'concat';

/** The combine ops in token order. */
export const CELL_COMBINES: readonly CellCombine[] = ['add', 'concat'];

/** One block: two hidden states, an op on each, and how the two results are combined. */
export interface CellBlock {
  /** Hidden-state indices (0 = h[i-1], 1 = h[i-2], 2 + k = block k); block b reads 0 .. b + 1. */
  readonly inputs: readonly [number, number];
  /** `ops[j]` is applied to `inputs[j]`. */
  readonly ops: readonly [CellOp, CellOp];
  readonly combine: CellCombine;
}

/** A cell: its blocks in order. */
export type Cell = readonly CellBlock[];

/** Which of the two cells. */
export type CellKind = 'normal' | 'reduction';

/** The two cells of an architecture: the normal cell keeps the map size, the reduction cell halves it. */
export interface CellPair {
  readonly normal: Cell;
  readonly reduction: Cell;
}

/** The cell search space. */
export interface CellSpaceConfig {
  /** Blocks per cell, B (the paper's 5). */
  blocks: number;
  /** Ops a block may apply, in token order. */
  ops: readonly CellOp[];
}

/** How cells are stacked into a network (NASNet's CIFAR layout). */
export interface CellNetworkConfig {
  /** Stacks of normal cells; a reduction cell sits between two stacks (stacks - 1 in all). */
  stacks: number;
  /** Normal cells per stack, N. */
  cellsPerStack: number;
  /** Filters of the stem and of the first stack's cells; doubled at every reduction. */
  baseFilters: number;
}

/** The paper's space: B = 5 blocks, all 13 ops. */
export const PAPER_CELL_SPACE: CellSpaceConfig = { blocks: 5, ops: CELL_OPS };

/** The browser default: B = 5 blocks, `DEFAULT_CELL_OPS`. */
export const DEFAULT_CELL_SPACE: CellSpaceConfig = { blocks: 5, ops: DEFAULT_CELL_OPS };

/** Throws unless `cfg` has a positive integer block count and distinct known ops. */
export function checkCellSpaceConfig(cfg: CellSpaceConfig): void {
  if (!Number.isInteger(cfg.blocks) || cfg.blocks < 1)
    throw new Error(`A cell has at least 1 block, got ${cfg.blocks}`);
  if (cfg.ops.length === 0) throw new Error('A cell space needs at least one op');
  for (const op of cfg.ops) {
    if (!isCellOp(op)) throw new Error(`Unknown op "${String(op)}": ops are ${CELL_OPS.join(', ')}`);
  }
  if (new Set(cfg.ops).size !== cfg.ops.length) throw new Error(`Duplicate op in ${cfg.ops.join(', ')}`);
}

/** Display label of a hidden-state index: `h[i-1]`, `h[i-2]` or `block k`. */
export function hiddenStateLabel(index: number): string {
  return index === 0 ? 'h[i-1]' : index === 1 ? 'h[i-2]' : `block ${index - 2}`;
}

/** Blocks whose output no later block of the cell reads: concatenated into the cell's output. */
export function unusedBlocks(cell: Cell): number[] {
  const read = new Set(cell.flatMap((block) => block.inputs));
  return cell.flatMap((_, k) => (read.has(k + 2) ? [] : [k]));
}

export function blockProblem(block: CellBlock, b: number, ops?: readonly CellOp[]): string | null {
  for (const j of [0, 1]) {
    const input = block.inputs[j]!;
    if (!Number.isInteger(input) || input < 0 || input > b + 1)
      return `input ${j + 1} is ${input}, but block ${b} reads hidden states 0..${b + 1}`;
    const op = block.ops[j]!;
    if (!(ops ?? CELL_OPS).includes(op)) return `op ${j + 1} "${op}" is not in the space`;
  }
  if (!CELL_COMBINES.includes(block.combine)) return `combine "${block.combine}" is not add or concat`;
  return null;
}

/** Throws a clear Error unless both cells have `cfg.blocks` legal blocks using `cfg.ops`. */
export function checkCellPair(cfg: CellSpaceConfig, pair: CellPair): void {
  for (const kind of ['normal', 'reduction'] as const) {
    const cell = pair[kind];
    if (cell.length !== cfg.blocks)
      throw new Error(`The ${kind} cell has ${cell.length} blocks, the space ${cfg.blocks}`);
    cell.forEach((block, b) => {
      const problem = blockProblem(block, b, cfg.ops);
      if (problem) throw new Error(`${kind} cell, block ${b}: ${problem}`);
    });
  }
}

/** Whether `pair` belongs to the space `cfg`. */
export function isLegalCellPair(cfg: CellSpaceConfig, pair: CellPair): boolean {
  try {
    checkCellPair(cfg, pair);
    return true;
  } catch {
    return false;
  }
}
