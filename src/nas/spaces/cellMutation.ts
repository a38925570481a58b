/** Regularized evolution's hidden-state and op mutations of NASNet cell pairs. Pure: no DOM, React, tfjs. */
import { formatMessage, message, type Message } from '../message';
import type { Rng } from '../rng';
import {
  cellOpLabel,
  checkCellPair,
  checkCellSpaceConfig,
  hiddenStateLabel,
  type CellBlock,
  type CellKind,
  type CellOp,
  type CellPair,
  type CellSpaceConfig,
} from './cellTypes';

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
