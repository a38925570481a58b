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
 * The vocabulary and legality live in cellTypes.ts, the canonical strings in cellStrings.ts and
 * the mutations in cellMutation.ts; this module holds the REINFORCE tokens and re-exports the rest.
 * Pure module: no DOM, React or tfjs (enforced by lint).
 */
import type { ChoiceName, DecisionStep, TokenSpec } from '../reinforce';
import type { Rng } from '../rng';
import { checkTokens, uniformTokens } from '../tokenSpace';
import {
  CELL_COMBINES,
  cellOpLabel,
  checkCellPair,
  checkCellSpaceConfig,
  hiddenStateLabel,
  type CellBlock,
  type CellPair,
  type CellSpaceConfig,
} from './cellTypes';

export {
  CELL_COMBINES,
  CELL_OPS,
  DEFAULT_CELL_OPS,
  DEFAULT_CELL_SPACE,
  PAPER_CELL_SPACE,
  cellOpLabel,
  checkCellPair,
  checkCellSpaceConfig,
  hiddenStateLabel,
  isCellOp,
  isLegalCellPair,
  unusedBlocks,
  type Cell,
  type CellBlock,
  type CellCombine,
  type CellKind,
  type CellNetworkConfig,
  type CellOp,
  type CellPair,
  type CellSpaceConfig,
} from './cellTypes';
export { cellPairString, cellString, parseCellPairString } from './cellStrings';
export { mutateCellPair, type CellMutationKind, type CellMutationResult } from './cellMutation';

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
