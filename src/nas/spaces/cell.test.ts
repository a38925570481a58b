import { describe, expect, it } from 'vitest';
import { outcomeCount } from '../reinforce';
import { Rng } from '../rng';
import { tokenSpaceSize, uniformTokens } from '../tokenSpace';
import {
  CELL_OPS,
  DEFAULT_CELL_SPACE,
  PAPER_CELL_SPACE,
  cellPairString,
  cellSpaceSize,
  cellTokenSpec,
  decodeCellTokens,
  encodeCellTokens,
  isLegalCellPair,
  mutateCellPair,
  parseCellPairString,
  randomCellPair,
  unusedBlocks,
  type CellMutationKind,
  type CellPair,
  type CellSpaceConfig,
} from './cell';

/** A 2-block pair written by hand: the normal cell reads both cell inputs, then block 0. */
const PAIR: CellPair = {
  normal: [
    { inputs: [0, 1], ops: ['sep_conv_3x3', 'identity'], combine: 'add' },
    { inputs: [2, 0], ops: ['avg_pool_3x3', 'conv_1x1'], combine: 'concat' },
  ],
  reduction: [
    { inputs: [1, 1], ops: ['max_pool_3x3', 'sep_conv_5x5'], combine: 'add' },
    { inputs: [0, 1], ops: ['identity', 'identity'], combine: 'add' },
  ],
};
const PAIR_STRING =
  'N[0,1:sep_conv_3x3,identity:add|2,0:avg_pool_3x3,conv_1x1:concat] ' +
  'R[1,1:max_pool_3x3,sep_conv_5x5:add|0,1:identity,identity:add]';

const TWO_BLOCKS: CellSpaceConfig = { blocks: 2, ops: DEFAULT_CELL_SPACE.ops };

describe('cell pair strings', () => {
  it('prints and parses N[in1,in2:op1,op2:combine|...] R[...]', () => {
    expect(cellPairString(PAIR)).toBe(PAIR_STRING);
    expect(parseCellPairString(`  ${PAIR_STRING}\n`)).toEqual(PAIR);
  });

  it('round-trips random pairs of the paper space (13 ops, B = 5)', () => {
    const rng = new Rng(11);
    for (let i = 0; i < 200; i++) {
      const pair = randomCellPair(PAPER_CELL_SPACE, rng);
      expect(parseCellPairString(cellPairString(pair))).toEqual(pair);
    }
  });

  it.each([
    ['', /Empty/],
    ['N[0,1:identity,identity:add]', /N\[<blocks>\] R\[<blocks>\]/],
    ['N[0,1:identity,identity:add] R[]', /reduction cell has no blocks/],
    ['N[0,2:identity,identity:add] R[0,1:identity,identity:add]', /block 0 reads hidden states 0..1/],
    ['N[0,1:identity,conv_9x9:add] R[0,1:identity,identity:add]', /unknown op "conv_9x9"/],
    ['N[0,1:identity,identity:mul] R[0,1:identity,identity:add]', /combine "mul"/],
    ['N[0:identity,identity:add] R[0,1:identity,identity:add]', /two indices/],
    ['N[0,1:identity:add] R[0,1:identity,identity:add]', /two ops/],
    ['N[0,1:identity,identity] R[0,1:identity,identity:add]', /in1,in2:op1,op2:combine/],
    [
      'N[0,1:identity,identity:add|2,2:identity,identity:add] R[0,1:identity,identity:add]',
      /normal cell has 2 blocks, the reduction cell 1/,
    ],
  ])('rejects %j with a clear message', (text, message) => {
    expect(() => parseCellPairString(text)).toThrow(message);
  });
});

describe('tokens', () => {
  it('has 5 choice steps per block: normal blocks, then reduction blocks, labelled', () => {
    const spec = cellTokenSpec(TWO_BLOCKS);
    expect(spec.layers).toBe(4);
    expect(spec.steps.map((s) => (s.kind === 'choice' ? `${s.layer}:${s.name}` : 'skip'))).toEqual(
      [0, 1, 2, 3].flatMap((l) => ['input1', 'input2', 'op1', 'op2', 'combine'].map((n) => `${l}:${n}`)),
    );
    // Block 1 of each cell reads h[i-1], h[i-2] and block 0.
    const input = spec.steps[5]!;
    expect(input.kind === 'choice' && input.labels).toEqual(['h[i-1]', 'h[i-2]', 'block 0']);
    expect(spec.steps.map(outcomeCount).slice(0, 10)).toEqual([2, 2, 6, 6, 2, 3, 3, 6, 6, 2]);
    const op = spec.steps[2]!;
    expect(op.kind === 'choice' && op.labels).toContain('sep 3×3');
  });

  it('decodes and encodes inversely', () => {
    expect(decodeCellTokens(TWO_BLOCKS, encodeCellTokens(TWO_BLOCKS, PAIR))).toEqual(PAIR);
    const rng = new Rng(3);
    const spec = cellTokenSpec(PAPER_CELL_SPACE);
    for (let i = 0; i < 100; i++) {
      const tokens = uniformTokens(spec, rng);
      const pair = decodeCellTokens(PAPER_CELL_SPACE, tokens);
      expect(isLegalCellPair(PAPER_CELL_SPACE, pair)).toBe(true);
      expect(encodeCellTokens(PAPER_CELL_SPACE, pair)).toEqual(tokens);
    }
  });

  it('refuses pairs outside the space and tokens of the wrong length', () => {
    const small: CellSpaceConfig = { blocks: 2, ops: ['identity', 'max_pool_3x3'] };
    expect(() => encodeCellTokens(small, PAIR)).toThrow(/normal cell, block 0: op 1 "sep_conv_3x3"/);
    expect(() => encodeCellTokens({ ...TWO_BLOCKS, blocks: 3 }, PAIR)).toThrow(/2 blocks, the space 3/);
    expect(() => decodeCellTokens(TWO_BLOCKS, [0, 1])).toThrow(/Expected 20 tokens/);
  });
});

describe('space size', () => {
  it.each([
    [{ blocks: 1, ops: ['identity', 'max_pool_3x3'] }, (2 * 2 * 2 * 2 * 2) ** 2],
    [{ blocks: 2, ops: ['identity'] }, (2 * 2 * 2 * (3 * 3 * 2)) ** 2],
  ] as [CellSpaceConfig, number][])('equals the brute-force count of distinct pairs: %j', (tiny, count) => {
    const spec = cellTokenSpec(tiny);
    const seen = new Set<string>();
    const tokens = spec.steps.map(() => 0);
    const counts = spec.steps.map(outcomeCount);
    for (;;) {
      seen.add(cellPairString(decodeCellTokens(tiny, tokens)));
      let t = tokens.length - 1;
      while (t >= 0 && tokens[t] === counts[t]! - 1) tokens[t--] = 0;
      if (t < 0) break;
      tokens[t]!++;
    }
    expect(seen.size).toBe(count);
    expect(cellSpaceSize(tiny)).toBe(BigInt(count));
    expect(tokenSpaceSize(spec)).toBe(cellSpaceSize(tiny));
  });

  it('has (prod_b (b + 2)^2 * 13^2 * 2)^2 ~ 5.2e36 pairs in the paper space (B = 5, 13 ops)', () => {
    // (2 * 3 * 4 * 5 * 6)^2 = 720^2 input choices, (13^2 * 2)^5 = 338^5 op and combine choices.
    expect(cellSpaceSize(PAPER_CELL_SPACE)).toBe((720n ** 2n * 338n ** 5n) ** 2n);
    expect(Number(cellSpaceSize(PAPER_CELL_SPACE))).toBeCloseTo(5.23e36, -34);
  });
});

describe('mutation (Real et al. 2019)', () => {
  it('always gives a legal pair that differs from the parent, with both kinds occurring', () => {
    const kinds = new Map<CellMutationKind, number>();
    for (let seed = 0; seed < 500; seed++) {
      const rng = new Rng(seed);
      const cfg = seed % 2 === 0 ? PAPER_CELL_SPACE : TWO_BLOCKS;
      const parent = randomCellPair(cfg, rng);
      const { pair, kind, description } = mutateCellPair(cfg, parent, rng);
      expect(isLegalCellPair(cfg, pair)).toBe(true);
      expect(cellPairString(pair)).not.toBe(cellPairString(parent));
      // Exactly one token differs: one input or one op.
      const before = encodeCellTokens(cfg, parent);
      const after = encodeCellTokens(cfg, pair);
      const changed = after.flatMap((token, t) => (token !== before[t] ? [t % 5] : []));
      expect(changed).toHaveLength(1);
      expect(kind === 'hidden-state' ? [0, 1] : [2, 3]).toContain(changed[0]);
      expect(description).toMatch(/^(normal|reduction) cell, block \d: (input|op) [12] .+ → .+$/);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(kinds.get('hidden-state')).toBeGreaterThan(200);
    expect(kinds.get('op')).toBeGreaterThan(200);
  });

  it('describes a rewired input in words', () => {
    // Block 0 reads 0 or 1 only, so the hidden-state mutation of input 1 (h[i-1]) must go to h[i-2].
    const one: CellSpaceConfig = { blocks: 1, ops: ['identity'] };
    const parent = parseCellPairString('N[0,0:identity,identity:add] R[0,0:identity,identity:add]');
    const { description, kind } = mutateCellPair(one, parent, new Rng(1));
    expect(kind).toBe('hidden-state');
    expect(description).toMatch(/^(normal|reduction) cell, block 0: input [12] h\[i-1\] → h\[i-2\]$/);
  });
});

describe('random pairs and unused blocks', () => {
  it('draws legal pairs from any op subset', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 50; i++) {
      const ops = CELL_OPS.filter(() => rng.next() < 0.5);
      if (ops.length === 0) continue;
      const cfg = { blocks: 1 + rng.int(5), ops };
      expect(isLegalCellPair(cfg, randomCellPair(cfg, rng))).toBe(true);
    }
  });

  it('lists the blocks no later block reads (the last block always)', () => {
    expect(unusedBlocks(PAIR.normal)).toEqual([1]);
    expect(unusedBlocks(PAIR.reduction)).toEqual([0, 1]);
  });
});
