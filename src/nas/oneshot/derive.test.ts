import { describe, expect, it } from 'vitest';
import { deriveDartsCell, deriveNb201, deriveSnas } from './derive';

/** A row of DARTS's 8 ops (none first): 0.01 everywhere, then the entries given. */
function row(entries: Record<number, number>): number[] {
  return Array.from({ length: 8 }, (_, k) => entries[k] ?? 0.01);
}

describe('deriving a cell from architecture weights', () => {
  it('NAS-Bench-201 (DARTS as the benchmark runs it, SNAS): argmax per edge, none included, first on ties', () => {
    const weights = [
      [0.1, 0.2, 0.3, 0.25, 0.15], // nor_conv_1x1
      [0.6, 0.1, 0.1, 0.1, 0.1], // none is the largest: the edge carries none (dropped)
      [0.1, 0.3, 0.1, 0.3, 0.2], // tie between skip and nor_conv_3x3: the first
      [-1, -2, 3, -4, 5], // raw alpha works as well as softmax(alpha)
      [0, 0, 0, 0, 0], // all equal: none
      [0.1, 0.1, 0.1, 0.1, 0.6],
    ];
    expect(deriveNb201(weights)).toEqual([2, 0, 1, 4, 0, 4]);
    expect(deriveSnas(weights)).toEqual([2, 0, 1, 4, 0, 4]);
    expect(() => deriveNb201([[]])).toThrow(/no ops/);
  });

  it('DARTS cell: per node the 2 inputs with the strongest non-none op (quark0/darts `_parse`)', () => {
    const weights = [
      // node 0 <- in0, in1: both kept, whatever none says.
      row({ 0: 0.9, 4: 0.5 }), // edge 0: none largest, kept with sep_conv_3x3 (4)
      row({ 3: 0.2 }), // edge 1: skip_connect
      // node 1 <- in0, in1, node 0: strengths 0.3, 0.6, 0.6 -> edges 3 and 4 (a tie: lower first).
      row({ 1: 0.3 }),
      row({ 2: 0.6 }),
      row({ 5: 0.6 }),
      // node 2 <- in0, in1, n0, n1: edge 5 is almost all none (strength 0.01), 7 then 6.
      row({ 0: 0.95 }),
      row({ 2: 0.4 }),
      row({ 7: 0.7 }),
      row({ 6: 0.2 }),
      // node 3 <- in0, in1, n0, n1, n2: edge 9 ties ops 3 and 5 (op 3 wins); 13 then 9.
      row({ 3: 0.4, 5: 0.4 }),
      row({ 1: 0.1 }),
      row({ 0: 0.8, 6: 0.3 }),
      row({ 4: 0.05 }),
      row({ 4: 0.5 }),
    ];
    expect(deriveDartsCell(weights).map(({ node, from, edge, op }) => [node, from, edge, op])).toEqual([
      [0, 0, 0, 4],
      [0, 1, 1, 3],
      [1, 1, 3, 2],
      [1, 2, 4, 5],
      [2, 2, 7, 7],
      [2, 1, 6, 2],
      [3, 4, 13, 4],
      [3, 0, 9, 3],
    ]);
    // Without a none op (noneIndex null), edge 0's largest entry is op 0 and node 2 keeps edge 5.
    const noNone = deriveDartsCell(weights, 4, 2, null);
    expect(noNone[0]).toEqual({ node: 0, from: 0, edge: 0, op: 0 });
    expect(noNone.filter((g) => g.node === 2).map((g) => g.edge)).toEqual([5, 7]);
  });

  it('checks the number of edges and that an edge has an op besides none', () => {
    expect(() => deriveDartsCell([row({})])).toThrow(/14 edges, got 1/);
    expect(deriveDartsCell([[0], [0]], 1, 2, null)).toHaveLength(2);
    expect(() => deriveDartsCell([[0], [0]], 1, 2, 0)).toThrow(/no op other than none/);
  });
});
