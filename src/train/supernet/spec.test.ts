import { describe, expect, it } from 'vitest';
import { NB201_OPS } from '../../nas/spaces/nb201';
import { networkVariables, parameterCount, skeletonLayers, type NetworkConfig } from './spec';
import { cosineLearningRate } from './standalone';
import { cifar10Network } from './testing';

const op = (name: (typeof NB201_OPS)[number]) => NB201_OPS.indexOf(name);

const cifar10 = cifar10Network;

describe('NAS-Bench-201 network layout', () => {
  it("has the benchmark's CIFAR-10 parameter extremes (0.073306 and 1.531546 MB)", () => {
    expect(parameterCount(cifar10(Array(6).fill(op('skip_connect'))))).toBe(73_306);
    expect(parameterCount(cifar10(Array(6).fill(op('none'))))).toBe(73_306);
    expect(parameterCount(cifar10(Array(6).fill(op('nor_conv_3x3'))))).toBe(1_531_546);
  });

  it('stacks N cells, a reduction, N cells, a reduction, N cells', () => {
    expect(skeletonLayers(4, 2).map((l) => `${l.kind}:${l.channels}`)).toEqual([
      'cell:4',
      'cell:4',
      'reduction:8',
      'cell:8',
      'cell:8',
      'reduction:16',
      'cell:16',
      'cell:16',
    ]);
  });

  it('gives the supernet one conv per (cell, edge, conv op) and no BN scale in its cells', () => {
    const config: NetworkConfig = {
      channels: 2,
      cellsPerStage: 1,
      inputChannels: 1,
      classes: 4,
      cellAffine: false,
    };
    const cellVariables = networkVariables(config).filter((v) => v.name.includes('.edges.'));
    // 3 cells x 6 edges x (1x1, 3x3), kernels only.
    expect(cellVariables).toHaveLength(36);
    expect(cellVariables.every((v) => v.name.endsWith('.conv.weight'))).toBe(true);
    const names = networkVariables(config).map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    // Skeleton 2C..4C: stem 9*2 + 4; reductions (2->4, 4->8); lastact 16; classifier 8*4 + 4.
    const skeleton = 18 + 4 + (72 + 8 + 144 + 8 + 8) + (288 + 16 + 576 + 16 + 32) + 16 + 36;
    const cells = 6 * (2 * 2 + 9 * 2 * 2) + 6 * (4 * 4 + 9 * 4 * 4) + 6 * (8 * 8 + 9 * 8 * 8);
    expect(parameterCount(config)).toBe(skeleton + cells);
  });

  it('anneals the learning rate as CosineAnnealingLR(T_max = epochs, eta_min)', () => {
    expect(cosineLearningRate(0.1, 0.001, 0, 4)).toBeCloseTo(0.1, 12);
    expect(cosineLearningRate(0.1, 0.001, 2, 4)).toBeCloseTo(0.0505, 12);
    expect(cosineLearningRate(0.1, 0.001, 4, 4)).toBeCloseTo(0.001, 12);
  });
});
