/** Canonical strings of NASNet cell pairs and their parser. Pure module: no DOM, React or tfjs. */
import {
  CELL_OPS,
  blockProblem,
  isCellOp,
  type Cell,
  type CellBlock,
  type CellKind,
  type CellOp,
  type CellPair,
} from './cellTypes';

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
