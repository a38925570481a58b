import { describe, expect, it } from 'vitest';
import { oneShotSpace } from '../../oneshot/spaces';
import { DARTS_OPS } from '../../spaces/darts';
import { deriveDartsPair } from './method';

const op = (name: (typeof DARTS_OPS)[number]) => DARTS_OPS.indexOf(name);

/** A row of DARTS's 8 ops: 0.05 everywhere, `weight` on `name`. */
const row = (name: (typeof DARTS_OPS)[number], weight: number) =>
  DARTS_OPS.map((o) => (o === name ? weight : 0.05));

describe('DARTS derivation on the darts space', () => {
  it('derives the normal cell from rows 0-13 and the reduction cell from rows 14-27, each by the paper', () => {
    const normal = Array.from({ length: 14 }, () => row('none', 0.6));
    // Node 0 (edges 0, 1) keeps both; node 3 (edges 9-13) keeps its 2 strongest: 12 then 10.
    normal[0] = row('sep_conv_3x3', 0.5);
    normal[1] = row('skip_connect', 0.4);
    normal[10] = row('dil_conv_3x3', 0.5);
    normal[12] = row('sep_conv_5x5', 0.7);
    const reduce = Array.from({ length: 14 }, () => row('avg_pool_3x3', 0.3));
    reduce[2] = row('max_pool_3x3', 0.9); // node 1 <- in0
    reduce[4] = row('dil_conv_5x5', 0.8); // node 1 <- node 0
    const ops = deriveDartsPair([...normal, ...reduce], oneShotSpace('darts'));
    expect(ops).toHaveLength(28);
    expect(ops.slice(0, 2)).toEqual([op('sep_conv_3x3'), op('skip_connect')]);
    expect(ops.slice(9, 14)).toEqual([0, op('dil_conv_3x3'), 0, op('sep_conv_5x5'), 0]);
    // Every other normal edge is all none-heavy: each node still keeps 2 (none excluded from the
    // strengths, ties to the lower input), so 8 edges per cell.
    expect(ops.slice(0, 14).filter((o) => o !== 0)).toHaveLength(8);
    expect(ops.slice(14 + 2, 14 + 5)).toEqual([op('max_pool_3x3'), 0, op('dil_conv_5x5')]);
    expect(ops.slice(14).filter((o) => o !== 0)).toHaveLength(8);
  });
});
