import { describe, expect, it } from 'vitest';
import { type RunConfig } from '../../nas/config';
import { DEFAULT_CONFIG } from '../../nas/presets';
import { networkFlops, parseBlockString } from '../../nas/spaces/block';
import { blockDagData, describeBlockNetwork } from './blockData';

/** A residual block: conv 3×3, conv 3×3, add of the block input and the second conv. */
const RESIDUAL = '(1,1,3,0,0) (2,1,3,1,0) (3,5,0,0,2) (4,7,0,0,0)';

/** MNIST 14×14, two stages of two blocks, 8 then 16 channels. */
const config: RunConfig = {
  ...DEFAULT_CONFIG,
  strategy: 'blockqnn',
  space: 'block',
  dataset: 'mnist-14',
  blockqnn: { ...DEFAULT_CONFIG.blockqnn, stages: 2, blocksPerStage: 2, baseWidth: 8 },
};

describe('blockDagData', () => {
  it('draws the residual block as input, two convs, an add and the output', () => {
    const dag = blockDagData(RESIDUAL)!;
    expect(dag.nodes.map((n) => [n.id, n.label, n.kind])).toEqual([
      ['input', 'input', 'input'],
      ['1', 'conv 3×3', 'conv'],
      ['2', 'conv 3×3', 'conv'],
      ['3', 'add', 'add'],
      ['output', 'concat + 1×1 conv', 'output'],
    ]);
    expect(dag.edges).toEqual([
      { from: 'input', to: '1' },
      { from: '1', to: '2' },
      { from: 'input', to: '3' },
      { from: '2', to: '3' },
      { from: '3', to: 'output' },
    ]);
    expect(dag.nodes[2]!.detail).toBe('(2,1,3,1,0)');
  });

  it('adds the channels of a stage-1 block when given the config', () => {
    const details = blockDagData(RESIDUAL, config)!.nodes.map((n) => n.detail);
    expect(details).toEqual([
      '8 ch',
      '(1,1,3,0,0) · 8 ch',
      '(2,1,3,1,0) · 8 ch',
      '(3,5,0,0,2) · 8 ch',
      'concat 3 → 8 ch',
    ]);
  });

  it('shows a concat widening the channels', () => {
    const dag = blockDagData('(1,1,1,0,0) (2,6,0,0,1) (3,7,0,0,0)', config)!;
    expect(dag.nodes.find((n) => n.id === '2')?.detail).toBe('(2,6,0,0,1) · 16 ch');
  });

  it('returns null for a MetaQNN net string or a malformed block', () => {
    expect(blockDagData('C(32,3,1) P(2,2) SM(10)')).toBeNull();
    expect(blockDagData('(1,1,3,0,0)')).toBeNull();
  });
});

describe('describeBlockNetwork', () => {
  const view = describeBlockNetwork(RESIDUAL, config)!;

  it('lists every NSC, the terminal last, with its channels at stage 1', () => {
    expect(
      view.nsc.map((r) => [r.index, r.typeName, r.kind, r.kernel, r.pred1, r.pred2, r.channels]),
    ).toEqual([
      [1, 'conv', 'conv', 3, 0, 0, 8],
      [2, 'conv', 'conv', 3, 1, 0, 8],
      [3, 'add', 'add', 0, 0, 2, 8],
      [4, 'terminal', 'output', 0, 0, 0, 8],
    ]);
    // 14·14 pixels · 3·3 · 8 · 8 per conv; the output 1×1 conv 14·14 · 8 · 8.
    expect(view.nsc.map((r) => r.macs)).toEqual([112_896, 112_896, 0, 12_544]);
  });

  it('stacks the block into stages of halving size and doubling width', () => {
    expect(view.input).toEqual([14, 14, 1]);
    expect(
      view.stages.map((s) => [s.stage, s.height, s.width, s.inChannels, s.outChannels, s.blocks]),
    ).toEqual([
      [1, 14, 14, 1, 8, 2],
      [2, 7, 7, 8, 16, 2],
    ]);
  });

  it('counts the MACs of each block by hand', () => {
    const [one, two] = view.stages;
    // Stage 1, first block reads the 1-channel image: conv 196·9·1·8 + conv 196·9·8·8
    // + the add's 1×1 projection of the input 196·1·8 + output conv 196·8·8.
    expect(one!.firstBlockMacs).toBe(14_112 + 112_896 + 1_568 + 12_544);
    // Later blocks read 8 channels: two 196·9·8·8 convs, no projection, the output conv.
    expect(one!.blockMacs).toBe(112_896 * 2 + 12_544);
    expect(one!.macs).toBe(141_120 + 238_336);
    // Stage 2 at 7×7: 49·9·8·16 + 49·9·16·16 + projection 49·8·16 + output 49·16·16.
    expect(two!.firstBlockMacs).toBe(56_448 + 112_896 + 6_272 + 12_544);
    expect(two!.blockMacs).toBe(112_896 * 2 + 12_544);
    expect(view.classifierMacs).toBe(16 * 10);
    expect(view.flops).toBe(379_456 + 426_496 + 160);
    expect(view.flops).toBe(networkFlops(parseBlockString(RESIDUAL), config.blockqnn, [14, 14, 1], 10));
  });

  it('gives the density of the block DAG: 5 edges over 5 nodes', () => {
    expect(view.density).toBe(1);
    expect(view.block).toBe(RESIDUAL);
  });

  it('uses the image size of the dataset', () => {
    const big = describeBlockNetwork(RESIDUAL, { ...config, dataset: 'fashion-mnist-28' })!;
    expect(big.input).toEqual([28, 28, 1]);
    expect(big.stages.map((s) => s.height)).toEqual([28, 14]);
  });

  it('returns null when the proposal is not a block', () => {
    expect(describeBlockNetwork('C(32,3,1) SM(10)', config)).toBeNull();
  });
});
