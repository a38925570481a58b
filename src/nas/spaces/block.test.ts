import { describe, expect, it } from 'vitest';
import {
  actionKey,
  blockCosts,
  blockDensity,
  blockFlops,
  blockLegalityError,
  blockString,
  describeBlock,
  initialState,
  legalActions,
  networkFlops,
  networkStages,
  parseBlockString,
  parseStateKey,
  stateKey,
  trajectoryOf,
  unconsumedOutputs,
  type BlockSpaceConfig,
} from './block';

const space: BlockSpaceConfig = {
  maxDepth: 10,
  convKernels: [1, 3, 5],
  maxPoolKernels: [1, 3],
  avgPoolKernels: [1, 3],
};

/** A residual block: conv 3x3, conv 3x3, add of the input and the second conv. */
const RESIDUAL = '(1,1,3,0,0) (2,1,3,1,0) (3,5,0,0,2) (4,7,0,0,0)';
/** An inception-like block: a 1x1 conv and a 3x3 max pool concatenated, beside a 3x3 conv. */
const BRANCHES = '(1,1,1,0,0) (2,2,3,0,0) (3,6,0,1,2) (4,1,3,0,0) (5,7,0,0,0)';

const keys = (key: string, cfg = space): string[] => legalActions(parseStateKey(key), cfg).map(actionKey);

describe('NSC strings', () => {
  it('round-trips a block through its canonical string', () => {
    const block = parseBlockString(RESIDUAL);
    expect(block[2]).toEqual({ index: 3, type: 5, kernel: 0, pred1: 0, pred2: 2 });
    expect(blockString(block)).toBe(RESIDUAL);
    expect(blockString(parseBlockString(' (1, 1, 3, 0, 0)  (2,7,0,0,0) '))).toBe('(1,1,3,0,0) (2,7,0,0,0)');
  });

  it.each([
    ['', /Empty block string/],
    ['(1,1,3,0)', /is not an NSC/],
    ['(1,8,0,0,0) (2,7,0,0,0)', /type must be 1\.\.7/],
    ['(2,1,3,0,0) (3,7,0,0,0)', /should have index 1/],
    ['(1,1,3,1,0) (2,7,0,0,0)', /predecessors must be earlier indices 0\.\.0/],
    ['(1,1,3,0,0) (2,5,0,1,1) (3,7,0,0,0)', /two distinct predecessors in ascending order/],
    ['(1,1,3,0,0) (2,6,0,1,0) (3,7,0,0,0)', /ascending order \(pred1 < pred2\)/],
    ['(1,1,3,0,0) (2,1,3,1,1) (3,7,0,0,0)', /single-input layer has pred2 = 0/],
    ['(1,1,4,0,0) (2,7,0,0,0)', /positive odd kernel/],
    ['(1,4,3,0,0) (2,7,0,0,0)', /kernel 0/],
    ['(1,1,3,0,0)', /must end with the terminal \(2,7,0,0,0\)/],
    ['(1,1,3,0,0) (2,7,0,0,0) (3,1,3,0,0)', /terminal \(2,7,0,0,0\) must be the last NSC/],
    ['(1,1,3,0,0) (2,7,0,1,0)', /terminal is written \(2,7,0,0,0\)/],
    ['(1,7,0,0,0)', /at least one layer before the terminal/],
  ])('refuses %j', (s, message) => {
    expect(() => parseBlockString(s)).toThrow(message);
  });

  it('states are the NSC just added; parseStateKey inverts stateKey', () => {
    expect(stateKey(initialState())).toBe('start');
    expect(parseStateKey('(2,1,3,1,0)')).toEqual({
      depth: 2,
      last: { index: 2, type: 1, kernel: 3, pred1: 1, pred2: 0 },
    });
    expect(() => parseStateKey('T')).toThrow(/terminal state/);
    expect(() => parseStateKey('(3,7,0,0,0)')).toThrow(/leads to state T/);
    expect(() => parseStateKey('(2,5,0,1,0)')).toThrow(/ascending order/);
  });
});

describe('legal NSC actions', () => {
  it('from the start: 3 convs, 2 max pools, 2 avg pools and identity on the input; no add, concat or terminal', () => {
    expect(keys('start')).toEqual([
      '(1,1,1,0,0)',
      '(1,1,3,0,0)',
      '(1,1,5,0,0)',
      '(1,2,1,0,0)',
      '(1,2,3,0,0)',
      '(1,3,1,0,0)',
      '(1,3,3,0,0)',
      '(1,4,0,0,0)',
    ]);
  });

  it('after layer 2: predecessors 0..2 only, add/concat on the 3 ascending pairs, terminal last (31 actions)', () => {
    const actions = legalActions(parseStateKey('(2,1,3,1,0)'), space);
    // conv 3 kernels x 3 preds + pools 2 x 2 x 3 + identity 3 + add 3 + concat 3 + terminal = 31
    expect(actions).toHaveLength(31);
    for (const a of actions) {
      expect(a.index).toBe(3);
      expect(a.pred1).toBeLessThan(3);
      expect(a.pred2).toBeLessThan(3);
    }
    const pairs = (type: number) => actions.filter((a) => a.type === type).map((a) => [a.pred1, a.pred2]);
    const ascending = [
      [0, 1],
      [0, 2],
      [1, 2],
    ];
    expect(pairs(5)).toEqual(ascending);
    expect(pairs(6)).toEqual(ascending);
    expect(actions.map(actionKey).at(-1)).toBe('(3,7,0,0,0)');
  });

  it('at depth maxDepth only the terminal is legal', () => {
    const cfg = { ...space, maxDepth: 2 };
    expect(keys('(2,1,3,1,0)', cfg)).toEqual(['(3,7,0,0,0)']);
    expect(keys('(1,1,3,0,0)', cfg)).toContain('(2,7,0,0,0)');
    expect(keys('(1,1,3,0,0)', cfg).length).toBeGreaterThan(1);
  });

  it('the terminal ends the block: its step reaches state T', () => {
    expect(trajectoryOf(parseBlockString(RESIDUAL))).toEqual([
      { state: 'start', action: '(1,1,3,0,0)', nextState: '(1,1,3,0,0)' },
      { state: '(1,1,3,0,0)', action: '(2,1,3,1,0)', nextState: '(2,1,3,1,0)' },
      { state: '(2,1,3,1,0)', action: '(3,5,0,0,2)', nextState: '(3,5,0,0,2)' },
      { state: '(3,5,0,0,2)', action: '(4,7,0,0,0)', nextState: 'T' },
    ]);
  });

  it('checks a whole block against the config', () => {
    expect(blockLegalityError(parseBlockString(RESIDUAL), space)).toBeNull();
    expect(blockLegalityError(parseBlockString(RESIDUAL), { ...space, maxDepth: 2 })).toMatch(
      /\(3,5,0,0,2\): the block already has maxDepth = 2 layers/,
    );
    expect(blockLegalityError(parseBlockString('(1,1,7,0,0) (2,7,0,0,0)'), space)).toMatch(
      /kernel 7 is not offered/,
    );
    expect(blockLegalityError(parseBlockString('(1,1,3,0,0) (2,7,0,0,0)').slice(0, 1), space)).toMatch(
      /must end with the terminal/,
    );
  });
});

describe('block DAG', () => {
  it('residual block: input, 3 layers, output concat; 5 nodes, 5 edges, density 1', () => {
    const block = parseBlockString(RESIDUAL);
    expect(unconsumedOutputs(block)).toEqual([3]);
    const { nodes, edges } = describeBlock(block);
    expect(nodes.map((n) => [n.id, n.kind, n.label])).toEqual([
      ['input', 'input', 'input'],
      ['1', 'conv', 'conv 3×3'],
      ['2', 'conv', 'conv 3×3'],
      ['3', 'add', 'add'],
      ['output', 'output', 'concat + 1×1 conv'],
    ]);
    expect(nodes[1]?.detail).toBe('(1,1,3,0,0) ReLU-Conv-BN 3×3, stride 1');
    expect(edges).toEqual([
      { from: 'input', to: '1' },
      { from: '1', to: '2' },
      { from: 'input', to: '3' },
      { from: '2', to: '3' },
      { from: '3', to: 'output' },
    ]);
    expect(blockDensity(block)).toBe(1);
  });

  it('branching block: outputs 3 and 4 are unconsumed; 6 nodes, 7 edges, density 7/6', () => {
    const block = parseBlockString(BRANCHES);
    expect(unconsumedOutputs(block)).toEqual([3, 4]);
    expect(describeBlock(block).edges).toEqual([
      { from: 'input', to: '1' },
      { from: 'input', to: '2' },
      { from: '1', to: '3' },
      { from: '2', to: '3' },
      { from: 'input', to: '4' },
      { from: '3', to: 'output' },
      { from: '4', to: 'output' },
    ]);
    expect(blockDensity(block)).toBeCloseTo(7 / 6, 15);
  });
});

describe('FLOPs (multiply-accumulates) by hand', () => {
  it('residual block at 8x8, 16 -> 16 channels: 147,456 + 147,456 + 0 + 16,384 = 311,296', () => {
    // conv 3x3: 8*8 * 3*3 * 16 * 16 = 147,456 (twice); add of equal widths: 0;
    // output: concat of layer 3 (16 ch), 1x1 conv to 16: 8*8 * 16 * 16 = 16,384.
    const geometry = { height: 8, width: 8, inChannels: 16, outChannels: 16 };
    const costs = blockCosts(parseBlockString(RESIDUAL), geometry);
    expect(costs.layers.map((l) => [l.index, l.channels, l.flops])).toEqual([
      [1, 16, 147456],
      [2, 16, 147456],
      [3, 16, 0],
    ]);
    expect(costs.outputConcatChannels).toBe(16);
    expect(costs.outputFlops).toBe(16384);
    expect(blockFlops(parseBlockString(RESIDUAL), geometry)).toBe(311296);
  });

  it('residual block entering a stage, 8 -> 16 channels: the add projects the input (8,192 MACs)', () => {
    // conv1 8*8*9*8*16 = 73,728; conv2 147,456; projection 8*8*8*16 = 8,192; output 16,384.
    const costs = blockCosts(parseBlockString(RESIDUAL), {
      height: 8,
      width: 8,
      inChannels: 8,
      outChannels: 16,
    });
    expect(costs.layers[2]).toEqual({ index: 3, channels: 16, flops: 8192, projected: 0 });
    expect(costs.flops).toBe(73728 + 147456 + 8192 + 16384);
  });

  it('branching block at 4x4, 2 -> 4 channels: concat adds channels, the output concat has 6 + 4', () => {
    // 1: conv 1x1 16*1*2*4 = 128 (4 ch); 2: max pool keeps 2 ch; 3: concat 4 + 2 = 6 ch;
    // 4: conv 3x3 16*9*2*4 = 1,152 (4 ch); output: 6 + 4 = 10 ch, 1x1 to 4: 16*10*4 = 640.
    const costs = blockCosts(parseBlockString(BRANCHES), {
      height: 4,
      width: 4,
      inChannels: 2,
      outChannels: 4,
    });
    expect(costs.layers.map((l) => [l.channels, l.flops])).toEqual([
      [4, 128],
      [2, 0],
      [6, 0],
      [4, 1152],
    ]);
    expect(costs.outputConcatChannels).toBe(10);
    expect(costs.flops).toBe(128 + 1152 + 640);
  });

  it('network: 2 stages x 2 residual blocks on 8x8x1, widths 4 then 8, 10 classes = 67,152 MACs', () => {
    const cfg = { stages: 2, blocksPerStage: 2, baseWidth: 4 };
    expect(networkStages(cfg, [8, 8, 1])).toEqual([
      { height: 8, width: 8, inChannels: 1, outChannels: 4, blocks: 2 },
      { height: 4, width: 4, inChannels: 4, outChannels: 8, blocks: 2 },
    ]);
    // Stage 0 (64 px): block 1 (1 -> 4) 2,304 + 9,216 + 256 + 1,024 = 12,800;
    //                  block 2 (4 -> 4) 9,216 + 9,216 + 0 + 1,024 = 19,456.
    // Stage 1 (16 px): block 1 (4 -> 8) 4,608 + 9,216 + 512 + 1,024 = 15,360;
    //                  block 2 (8 -> 8) 9,216 + 9,216 + 0 + 1,024 = 19,456.
    // Classifier: 8 * 10 = 80.
    expect(networkFlops(parseBlockString(RESIDUAL), cfg, [8, 8, 1], 10)).toBe(
      12800 + 19456 + 15360 + 19456 + 80,
    );
    expect(networkStages({ ...cfg, stages: 3 }, [7, 7, 1]).map((s) => s.height)).toEqual([7, 4, 2]);
  });
});
