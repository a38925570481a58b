/**
 * The NASNet cell search space (Zoph, Vasudevan, Shlens & Le, CVPR 2018; SPEC §4): a normal and a
 * reduction cell of B blocks each; a block picks two hidden states, applies one op to each and
 * combines the results by add or concat. Canonical strings, the REINFORCE token spec (5 choices
 * per block), uniform sampling, and the hidden-state / op mutations of regularized evolution
 * (Real, Aggarwal, Huang & Le, AAAI 2019).
 *
 * Hidden-state index convention, used everywhere (strings, tokens, models): in a cell, input
 * 0 = h[i-1], the previous cell's output; 1 = h[i-2], the output of the cell before that;
 * 2 + k = the output of block k of this cell (blocks numbered from 0), so block b reads
 * indices 0 .. b + 1.
 * Pure module: no DOM, React or tfjs (enforced by lint).
 */
import type { ChoiceName, DecisionStep, TokenSpec } from '../reinforce';
import { formatMessage, message, type Message } from '../message';
import type { Rng } from '../rng';
import { checkTokens, uniformTokens } from '../tokenSpace';

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

/** Why block `b` of a cell is illegal in `cfg` (or in any space when `cfg` is absent); null if legal. */
function blockProblem(block: CellBlock, b: number, ops?: readonly CellOp[]): string | null {
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

// ---------------------------------------------------------------------------------------------
// Canonical strings

/** `in1,in2:op1,op2:combine`, e.g. `0,1:sep_conv_3x3,identity:add`. */
function blockString(block: CellBlock): string {
  return `${block.inputs[0]},${block.inputs[1]}:${block.ops[0]},${block.ops[1]}:${block.combine}`;
}

/** `blocks joined by "|"`, e.g. `0,1:sep_conv_3x3,identity:add|2,0:avg_pool_3x3,conv_1x1:concat`. */
export function cellString(cell: Cell): string {
  return cell.map(blockString).join('|');
}

/**
 * The canonical string of a pair: `N[<normal blocks>] R[<reduction blocks>]`, each block
 * `in1,in2:op1,op2:combine` with hidden-state indices as in the module header, blocks joined by
 * `|`, e.g. `N[0,1:sep_conv_3x3,identity:add|2,0:avg_pool_3x3,conv_1x1:concat] R[...]`.
 */
export function cellPairString(pair: CellPair): string {
  return `N[${cellString(pair.normal)}] R[${cellString(pair.reduction)}]`;
}

const PAIR_EXAMPLE = 'N[0,1:sep_conv_3x3,identity:add|2,0:avg_pool_3x3,conv_1x1:concat] R[...]';

/**
 * Inverse of `cellPairString` (surrounding whitespace allowed). Checks every block's inputs,
 * ops and combine and that both cells have the same number of blocks; not the ops of a config
 * (use `checkCellPair` for that). Throws an Error saying what is wrong.
 */
export function parseCellPairString(s: string): CellPair {
  const text = s.trim();
  const bad = (why: string): Error => new Error(`Bad cell pair string "${s}": ${why}`);
  if (text === '') throw new Error(`Empty cell pair string: expected e.g. "${PAIR_EXAMPLE}"`);
  const m = /^N\[([^\]]*)\]\s+R\[([^\]]*)\]$/.exec(text);
  if (!m) throw bad(`expected "N[<blocks>] R[<blocks>]", e.g. "${PAIR_EXAMPLE}"`);
  const parseCell = (body: string, kind: CellKind): Cell => {
    if (body.trim() === '') throw bad(`the ${kind} cell has no blocks`);
    return body.split('|').map((part, b): CellBlock => {
      const where = `${kind} cell, block ${b} "${part}"`;
      const fields = part.trim().split(':');
      if (fields.length !== 3) throw bad(`${where} is not in1,in2:op1,op2:combine`);
      const [inputText = '', opText = '', combine = ''] = fields;
      const inputs = inputText.split(',');
      if (inputs.length !== 2 || !inputs.every((x) => /^\d+$/.test(x)))
        throw bad(`${where}: inputs "${inputText}" are not two indices like 0,1`);
      const ops = opText.split(',');
      if (ops.length !== 2) throw bad(`${where}: ops "${opText}" are not two ops like sep_conv_3x3,identity`);
      for (const op of ops) {
        if (!isCellOp(op)) throw bad(`${where}: unknown op "${op}"; ops are ${CELL_OPS.join(', ')}`);
      }
      if (combine !== 'add' && combine !== 'concat')
        throw bad(`${where}: combine "${combine}" is not add or concat`);
      const block: CellBlock = {
        inputs: [Number(inputs[0]), Number(inputs[1])],
        ops: [ops[0] as CellOp, ops[1] as CellOp],
        combine,
      };
      const problem = blockProblem(block, b);
      if (problem) throw bad(`${where}: ${problem} (0 = h[i-1], 1 = h[i-2], 2 + k = block k)`);
      return block;
    });
  };
  const normal = parseCell(m[1]!, 'normal');
  const reduction = parseCell(m[2]!, 'reduction');
  if (normal.length !== reduction.length)
    throw bad(`the normal cell has ${normal.length} blocks, the reduction cell ${reduction.length}`);
  return { normal, reduction };
}

// ---------------------------------------------------------------------------------------------
// Tokens for the REINFORCE controller

/** The five decisions of a block, in token order. */
export const BLOCK_DECISIONS: readonly ChoiceName[] = ['input1', 'input2', 'op1', 'op2', 'combine'];

/** Tokens per block. */
export const TOKENS_PER_BLOCK = BLOCK_DECISIONS.length;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * The controller's decisions for `cfg`: one "layer" per block, normal blocks 0..B-1 then
 * reduction blocks B..2B-1; per block input1, input2 (outcome = hidden-state index 0..b+1),
 * op1, op2 (outcome = index into `cfg.ops`), combine (0 = add, 1 = concat). Choices are the
 * outcome indices; labels say what they mean. No skip steps.
 */
export function cellTokenSpec(cfg: CellSpaceConfig): TokenSpec {
  checkCellSpaceConfig(cfg);
  const steps: DecisionStep[] = [];
  const opLabels = cfg.ops.map(cellOpLabel);
  for (let layer = 0; layer < 2 * cfg.blocks; layer++) {
    const b = layer % cfg.blocks;
    const inputLabels = range(b + 2).map(hiddenStateLabel);
    const choice = (name: ChoiceName, labels: readonly string[]) =>
      steps.push({ kind: 'choice', layer, name, choices: range(labels.length), labels });
    choice('input1', inputLabels);
    choice('input2', inputLabels);
    choice('op1', opLabels);
    choice('op2', opLabels);
    choice('combine', CELL_COMBINES);
  }
  return { layers: 2 * cfg.blocks, steps };
}

/** The cell pair chosen by `tokens` (one outcome index per step of `cellTokenSpec(cfg)`). */
export function decodeCellTokens(cfg: CellSpaceConfig, tokens: readonly number[]): CellPair {
  checkTokens(cellTokenSpec(cfg), tokens);
  const cell = (offset: number): CellBlock[] =>
    range(cfg.blocks).map((b) => {
      const [in1, in2, op1, op2, combine] = tokens.slice(offset + b * TOKENS_PER_BLOCK);
      return {
        inputs: [in1!, in2!],
        ops: [cfg.ops[op1!]!, cfg.ops[op2!]!],
        combine: CELL_COMBINES[combine!]!,
      };
    });
  return { normal: cell(0), reduction: cell(cfg.blocks * TOKENS_PER_BLOCK) };
}

/** Inverse of `decodeCellTokens`; throws when `pair` is not in the space `cfg`. */
export function encodeCellTokens(cfg: CellSpaceConfig, pair: CellPair): number[] {
  checkCellSpaceConfig(cfg);
  checkCellPair(cfg, pair);
  return [...pair.normal, ...pair.reduction].flatMap((block) => [
    block.inputs[0],
    block.inputs[1],
    cfg.ops.indexOf(block.ops[0]),
    cfg.ops.indexOf(block.ops[1]),
    CELL_COMBINES.indexOf(block.combine),
  ]);
}

/** A cell pair drawn uniformly from the space (every token uniform, every sequence legal). */
export function randomCellPair(cfg: CellSpaceConfig, rng: Rng): CellPair {
  return decodeCellTokens(cfg, uniformTokens(cellTokenSpec(cfg), rng));
}

/**
 * Number of cell pairs of the space, counting token sequences: per cell
 * prod_b (b + 2)^2 |ops|^2 * 2, squared for the pair. Blocks that differ only by the order of
 * their two (input, op) branches compute the same function but count twice, as in the paper.
 */
export function cellSpaceSize(cfg: CellSpaceConfig): bigint {
  checkCellSpaceConfig(cfg);
  const ops = BigInt(cfg.ops.length);
  let cell = 1n;
  for (let b = 0; b < cfg.blocks; b++) cell *= BigInt(b + 2) ** 2n * ops * ops * 2n;
  return cell * cell;
}

// ---------------------------------------------------------------------------------------------
// Mutation (regularized evolution)

/** The two mutations of Real et al. 2019: rewire one input, or swap one op. */
export type CellMutationKind = 'hidden-state' | 'op';

/** A mutated pair, the kind of mutation, and what changed in words. */
export interface CellMutationResult {
  readonly pair: CellPair;
  readonly kind: CellMutationKind;
  /** E.g. `normal cell, block 3: input 2 h[i-1] → block 1` (blocks from 0, inputs 1 and 2). */
  readonly description: string;
  /** The same as a message (src/nas/message.ts), for the UI's language. */
  readonly descriptionMessage: Message;
}

/**
 * One mutation of `parent` (Real et al. 2019, §2): with equal probability a hidden-state
 * mutation (one input of one block of one cell rewired to a different legal hidden state) or an
 * op mutation (one op replaced by a different op of `cfg.ops`); cell, block and slot uniform.
 * The combine op is never mutated (the paper's cells always add). The child always differs from
 * the parent and is legal. With a single op only hidden-state mutations are possible.
 */
export function mutateCellPair(cfg: CellSpaceConfig, parent: CellPair, rng: Rng): CellMutationResult {
  checkCellSpaceConfig(cfg);
  checkCellPair(cfg, parent);
  const kind: CellMutationKind =
    cfg.ops.length < 2 ? 'hidden-state' : rng.int(2) === 0 ? 'hidden-state' : 'op';
  const cellKind: CellKind = rng.int(2) === 0 ? 'normal' : 'reduction';
  const b = rng.int(cfg.blocks);
  const slot = rng.int(2);
  const block = parent[cellKind][b]!;
  let child: CellBlock;
  let change: Message;
  if (kind === 'hidden-state') {
    // Block b reads b + 2 hidden states, so there is always at least one other.
    const from = block.inputs[slot]!;
    const drawn = rng.int(b + 1);
    const to = drawn >= from ? drawn + 1 : drawn;
    const inputs: [number, number] = [...block.inputs];
    inputs[slot] = to;
    child = { ...block, inputs };
    change = message('mutation.cellInput', {
      slot: slot + 1,
      from: hiddenStateLabel(from),
      to: hiddenStateLabel(to),
    });
  } else {
    const from = block.ops[slot]!;
    const to = rng.pick(cfg.ops.filter((op) => op !== from));
    const ops: [CellOp, CellOp] = [...block.ops];
    ops[slot] = to;
    child = { ...block, ops };
    change = message('mutation.cellOp', { slot: slot + 1, from: cellOpLabel(from), to: cellOpLabel(to) });
  }
  const cell = parent[cellKind].map((old, k) => (k === b ? child : old));
  const descriptionMessage = message('mutation.cellMutation', {
    cell: message(`mutation.cell.${cellKind}`),
    block: b,
    change,
  });
  return {
    pair: { ...parent, [cellKind]: cell },
    kind,
    description: formatMessage(descriptionMessage),
    descriptionMessage,
  };
}
