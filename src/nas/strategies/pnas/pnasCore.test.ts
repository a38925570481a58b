import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { checkCellPair, type CellBlock, type CellOp } from '../../spaces/cell';
import {
  PNAS_OPS,
  PNAS_OP_SETS,
  blockCount,
  canonicalBlock,
  canonicalCell,
  expandCell,
  firstLevelCells,
  pnasCellString,
  pnasLevelSizes,
  pnasNet,
  pnasPair,
  type PnasCell,
} from './cells';
import { ranks, spearman, topK } from './rank';
import { SurrogateEnsemble, type SurrogateExample, type SurrogateSettings } from './surrogate';

const TWO = PNAS_OP_SETS.two;
const THREE = PNAS_OP_SETS.three;

/** Every ordered block at `position`: (position + 2)^2 |ops|^2 of them, swaps counted twice. */
function orderedBlocks(position: number, ops: readonly CellOp[]): CellBlock[] {
  const out: CellBlock[] = [];
  for (let i1 = 0; i1 < position + 2; i1++)
    for (let i2 = 0; i2 < position + 2; i2++)
      for (const o1 of ops)
        for (const o2 of ops) out.push({ inputs: [i1, i2], ops: [o1, o2], combine: 'add' });
  return out;
}

describe('PNAS cells: enumeration', () => {
  it('has n (n + 1) / 2 cells at b = 1 with n = 2 |O| branches: 10 with 2 ops, 136 with the paper 8', () => {
    expect(firstLevelCells(TWO)).toHaveLength(10);
    expect(firstLevelCells(THREE)).toHaveLength(21);
    expect(firstLevelCells(PNAS_OPS)).toHaveLength(136);
    for (const ops of [TWO, THREE, PNAS_OPS]) {
      const n = 2 * ops.length;
      expect(firstLevelCells(ops)).toHaveLength((n * (n + 1)) / 2);
    }
  });

  it('is exactly the ordered blocks up to swapping the two branches (256 -> 136 with 8 ops)', () => {
    for (const [position, ops] of [
      [0, PNAS_OPS],
      [1, TWO],
      [2, THREE],
    ] as const) {
      const ordered = orderedBlocks(position, ops);
      expect(ordered).toHaveLength((position + 2) ** 2 * ops.length ** 2);
      const canonical = new Set(ordered.map((b) => pnasCellString([canonicalBlock(b)])));
      const enumerated = expandCell(
        Array.from({ length: position }, () => firstLevelCells(ops)[0]![0]!),
        ops,
      ).map((c) => pnasCellString([c.at(-1)!]));
      expect(new Set(enumerated).size).toBe(enumerated.length);
      expect(new Set(enumerated)).toEqual(canonical);
      expect(enumerated).toHaveLength(blockCount(position, ops.length));
    }
  });

  it('expands a b-block cell into n (n + 1) / 2 legal cells of b + 1 blocks, n = (b + 2) |O|, each keeping the parent', () => {
    const parent = firstLevelCells(TWO)[3]!;
    const children = expandCell(parent, TWO);
    const n = 3 * TWO.length;
    expect(children).toHaveLength((n * (n + 1)) / 2);
    expect(children).toHaveLength(21);
    for (const child of children) {
      expect(child.slice(0, 1)).toEqual(parent);
      expect(child).toHaveLength(2);
      expect(() => checkCellPair({ blocks: 2, ops: TWO }, pnasPair(child))).not.toThrow();
    }
    // The new block may read the first block (hidden state 2).
    expect(children.some((c) => c[1]!.inputs.includes(2))).toBe(true);
    const grand = expandCell(children[20]!, THREE.slice(0, 1));
    expect(grand).toHaveLength(blockCount(2, 1));
    expect(blockCount(2, 1)).toBe(10);
  });

  it('reuses the normal cell as the reduction cell, combined by add', () => {
    const cell = firstLevelCells(TWO)[0]!;
    expect(pnasNet(cell)).toBe('N[0,0:max_pool_3x3,max_pool_3x3:add] R[0,0:max_pool_3x3,max_pool_3x3:add]');
  });

  it('counts the models of a run: every b = 1 cell, then min(K, candidates) per level', () => {
    expect(pnasLevelSizes(2, 2, 2)).toEqual([
      { candidates: 10, trained: 10 },
      { candidates: 210, trained: 2 },
    ]);
    expect(pnasLevelSizes(8, 5, 256).map((l) => l.trained)).toEqual([136, 256, 256, 256, 256]);
    expect(pnasLevelSizes(8, 3, 256)[1]!.candidates).toBe(136 * 300);
  });
});

describe('PNAS cells: de-duplication', () => {
  it('maps a block and its swap to the same canonical block, and leaves a canonical one alone', () => {
    const a: CellBlock = { inputs: [1, 0], ops: ['max_pool_3x3', 'sep_conv_3x3'], combine: 'add' };
    const swapped: CellBlock = { inputs: [0, 1], ops: ['sep_conv_3x3', 'max_pool_3x3'], combine: 'add' };
    expect(canonicalBlock(a)).toEqual(swapped);
    expect(canonicalBlock(swapped)).toEqual(swapped);
    // Same input: the op earlier in CELL_OPS comes first (identity before sep_conv_3x3).
    const sameInput: CellBlock = { inputs: [0, 0], ops: ['sep_conv_3x3', 'identity'], combine: 'add' };
    expect(canonicalBlock(sameInput).ops).toEqual(['identity', 'sep_conv_3x3']);
    const cell: PnasCell = [a, { inputs: [2, 0], ops: ['identity', 'identity'], combine: 'add' }];
    expect(pnasNet(canonicalCell(cell))).toBe(
      pnasNet([swapped, { inputs: [0, 2], ops: ['identity', 'identity'], combine: 'add' }]),
    );
  });

  it('never enumerates two cells that are swaps of each other', () => {
    const level2 = firstLevelCells(TWO).flatMap((c) => expandCell(c, TWO));
    const keys = level2.map((c) => pnasNet(canonicalCell(c)));
    expect(new Set(keys).size).toBe(level2.length);
    expect(level2.every((c) => pnasNet(c) === pnasNet(canonicalCell(c)))).toBe(true);
  });
});

describe('PNAS beam: top K', () => {
  it('keeps the K highest predictions, best first', () => {
    expect(topK([0.2, 0.9, 0.5, 0.7], ['a', 'b', 'c', 'd'], 2)).toEqual([1, 3]);
    expect(topK([0.2, 0.9], ['a', 'b'], 5)).toEqual([1, 0]);
    expect(topK([0.2, 0.9], ['a', 'b'], 0)).toEqual([]);
  });

  it('breaks ties by key, whatever the order of the candidates', () => {
    expect(topK([0.5, 0.5, 0.5, 0.1], ['c', 'a', 'b', 'd'], 2)).toEqual([1, 2]);
    expect(topK([0.5, 0.1, 0.5, 0.5], ['b', 'd', 'c', 'a'], 2)).toEqual([3, 0]);
  });
});

describe('Spearman rank correlation', () => {
  it('is 1 for any increasing relation and -1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 25, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('matches 1 - 6 Σd² / (n (n² - 1)) without ties, and averages tied ranks', () => {
    // ranks of b: 2, 1, 4, 3, 5; d = -1, 1, -1, 1, 0; Σd² = 4; 1 - 24 / 120 = 0.8.
    expect(spearman([1, 2, 3, 4, 5], [0.2, 0.1, 0.4, 0.3, 0.5])).toBeCloseTo(0.8, 12);
    expect(ranks([0.3, 0.1, 0.3, 0.5])).toEqual([2.5, 1, 2.5, 4]);
  });

  it('is undefined (null) with fewer than 2 pairs or a constant side', () => {
    expect(spearman([0.5], [0.5])).toBeNull();
    expect(spearman([1, 2, 3], [0.5, 0.5, 0.5])).toBeNull();
  });
});

/** A target an MLP over token embeddings can learn: sep convs help, reading h[i-2] hurts a bit. */
function syntheticAccuracy(cell: PnasCell): number {
  let score = 0;
  for (const block of cell)
    for (const j of [0, 1]) {
      if (block.ops[j] === 'sep_conv_3x3') score += 1;
      if (block.ops[j] === 'identity') score -= 0.5;
      if (block.inputs[j] === 1) score -= 0.4;
    }
  return 0.5 + 0.1 * (score / cell.length);
}

const SMALL: SurrogateSettings = {
  ensembleSize: 3,
  embeddingSize: 8,
  hiddenUnits: 16,
  epochs: 60,
  learningRate: 0.01,
};

describe('PNAS surrogate', () => {
  const cells1 = firstLevelCells(THREE);
  const cells2 = cells1.flatMap((c) => expandCell(c, THREE));
  // Train on every b = 1 cell and every 10th b = 2 cell; test on other b = 2 cells.
  const train: SurrogateExample[] = [...cells1, ...cells2.filter((_, i) => i % 10 === 0)].map((cell) => ({
    cell,
    accuracy: syntheticAccuracy(cell),
  }));
  const held = cells2.filter((_, i) => i % 10 === 5);

  it('fits a synthetic target: the fit error falls with training and held-out cells rank well', () => {
    const untrained = new SurrogateEnsemble(THREE, 3, { ...SMALL, epochs: 0 }).fit(train, new Rng(1));
    const surrogate = new SurrogateEnsemble(THREE, 3, SMALL);
    const fit = surrogate.fit(train, new Rng(1));
    expect(fit.examples).toBe(train.length);
    expect(fit.fitError).toBeLessThan(untrained.fitError / 2);
    const mean = train.reduce((s, e) => s + e.accuracy, 0) / train.length;
    const constantError = train.reduce((s, e) => s + Math.abs(e.accuracy - mean), 0) / train.length;
    expect(fit.fitError).toBeLessThan(constantError / 2);
    const rho = spearman(surrogate.predict(held), held.map(syntheticAccuracy));
    expect(rho).toBeGreaterThan(0.8);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const predict = (seed: number) => {
      const s = new SurrogateEnsemble(THREE, 3, { ...SMALL, epochs: 5 });
      s.fit(train, new Rng(seed));
      return s.predict(held.slice(0, 20));
    };
    expect(predict(3)).toEqual(predict(3));
    expect(predict(3)).not.toEqual(predict(4));
  });

  it('predicts in [0, 1] for cells of every size up to B and refuses larger ones or unknown ops', () => {
    const s = new SurrogateEnsemble(TWO, 2, { ...SMALL, epochs: 2 });
    expect(() => s.predict(firstLevelCells(TWO))).toThrow(/fitted/);
    s.fit(
      firstLevelCells(TWO).map((cell) => ({ cell, accuracy: 0.5 })),
      new Rng(5),
    );
    const level2 = expandCell(firstLevelCells(TWO)[0]!, TWO);
    for (const y of s.predict(level2)) expect(y >= 0 && y <= 1).toBe(true);
    expect(() => s.predict(expandCell(level2[0]!, TWO))).toThrow(/1\.\.2/);
    expect(() => s.predict(firstLevelCells(['identity']))).toThrow(/ops/);
  });
});
