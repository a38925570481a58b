import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BASELINE,
  INITIAL_BASELINE,
  advantages,
  buildTokenSpec,
  decodeTokens,
  hasSkips,
  paperNasRlSpace,
  reinforceLoss,
  reinforceStep,
  transformReward,
  updateBaseline,
  type BaselineState,
} from './reinforce';

describe('EMA baseline (decay 0.95)', () => {
  it('from 0: rewards 0.5, 0.7, 0.9 give b = 0.025, 0.05875, 0.1008125', () => {
    // b1 = 0.05 * 0.5; b2 = 0.95 * 0.025 + 0.05 * 0.7; b3 = 0.95 * 0.05875 + 0.05 * 0.9.
    const values: number[] = [];
    let state: BaselineState = INITIAL_BASELINE;
    for (const reward of [0.5, 0.7, 0.9]) {
      state = updateBaseline(state, reward, DEFAULT_BASELINE);
      values.push(state.value);
    }
    expect(values[0]).toBeCloseTo(0.025, 12);
    expect(values[1]).toBeCloseTo(0.05875, 12);
    expect(values[2]).toBeCloseTo(0.1008125, 12);
    expect(state.updates).toBe(3);
  });

  it('from the first reward: 0.5, 0.7, 0.9 give b = 0.5, 0.51, 0.5295', () => {
    // b1 = 0.5; b2 = 0.95 * 0.5 + 0.05 * 0.7; b3 = 0.95 * 0.51 + 0.05 * 0.9.
    const cfg = { decay: 0.95, init: 'first-reward' } as const;
    const b1 = updateBaseline(INITIAL_BASELINE, 0.5, cfg);
    const b2 = updateBaseline(b1, 0.7, cfg);
    const b3 = updateBaseline(b2, 0.9, cfg);
    expect([b1.value, b2.value, b3.value]).toEqual([
      0.5,
      expect.closeTo(0.51, 12),
      expect.closeTo(0.5295, 12),
    ]);
  });

  it('rejects a decay outside [0, 1)', () => {
    expect(() => updateBaseline(INITIAL_BASELINE, 0.5, { decay: 1, init: 'zero' })).toThrow(/decay/);
  });
});

describe('reward and advantage', () => {
  it('cubes the accuracy in the paper: 0.9 -> 0.729; plain keeps it', () => {
    expect(transformReward(0.9, 'cubed')).toBeCloseTo(0.729, 12);
    expect(transformReward(0.5, 'cubed')).toBe(0.125);
    expect(transformReward(0.9, 'plain')).toBe(0.9);
  });

  it('takes the advantage against the baseline updated first (ENAS order)', () => {
    // Rewards 0.5, 0.7, 0.9 one per step: advantages 0.5 - 0.025, 0.7 - 0.05875, 0.9 - 0.1008125.
    let state: BaselineState = INITIAL_BASELINE;
    const got: number[] = [];
    for (const reward of [0.5, 0.7, 0.9]) {
      const step = reinforceStep(state, [reward], DEFAULT_BASELINE);
      state = step.baseline;
      got.push(step.advantages[0]!);
    }
    expect(got[0]).toBeCloseTo(0.475, 12);
    expect(got[1]).toBeCloseTo(0.64125, 12);
    expect(got[2]).toBeCloseTo(0.7991875, 12);
  });

  it('folds the mean of a batch once: rewards [0.4, 0.8] from b = 0.5 give b = 0.505', () => {
    // b = 0.95 * 0.5 + 0.05 * 0.6 = 0.505; advantages -0.105, 0.295.
    const step = reinforceStep({ value: 0.5, updates: 4 }, [0.4, 0.8], DEFAULT_BASELINE);
    expect(step.baseline.value).toBeCloseTo(0.505, 12);
    expect(step.baseline.updates).toBe(5);
    expect(step.advantages[0]).toBeCloseTo(-0.105, 12);
    expect(step.advantages[1]).toBeCloseTo(0.295, 12);
    expect(advantages([1, 0], 0.25)).toEqual([0.75, -0.25]);
  });

  it('loss = -(1/m) sum_k logP_k (R_k - b): logP [-1, -2], A [0.5, -0.25] -> 0', () => {
    expect(reinforceLoss([-1, -2], [0.5, -0.25])).toBeCloseTo(0, 12);
    expect(reinforceLoss([-1, -2], [0.5, 0.25])).toBeCloseTo(0.5, 12);
  });
});

describe('token spec', () => {
  it('orders each layer as height, width, [strides], filters, then skips from earlier layers', () => {
    const spec = buildTokenSpec({ layers: 3, filterSizes: [1, 3], filterCounts: [24, 36], skips: true });
    expect(
      spec.steps.map((s) => (s.kind === 'choice' ? `${s.layer}:${s.name}` : `${s.from}->${s.layer}`)),
    ).toEqual([
      '0:filterHeight',
      '0:filterWidth',
      '0:filters',
      '1:filterHeight',
      '1:filterWidth',
      '1:filters',
      '0->1',
      '2:filterHeight',
      '2:filterWidth',
      '2:filters',
      '0->2',
      '1->2',
    ]);
    expect(hasSkips(spec)).toBe(true);
  });

  it('adds stride height and width when strides are given', () => {
    const spec = buildTokenSpec({
      layers: 1,
      filterSizes: [1, 3, 5, 7],
      filterCounts: [24],
      strides: [1, 2, 3],
    });
    expect(spec.steps.map((s) => (s.kind === 'choice' ? s.name : 'skip'))).toEqual([
      'filterHeight',
      'filterWidth',
      'strideHeight',
      'strideWidth',
      'filters',
    ]);
  });

  it("has the paper's 4 x 4 x 4 choices per layer and i skip decisions at layer i", () => {
    const spec = buildTokenSpec(paperNasRlSpace(4));
    expect(spec.steps.filter((s) => s.kind === 'choice')).toHaveLength(12);
    expect(spec.steps.filter((s) => s.kind === 'skip')).toHaveLength(0 + 1 + 2 + 3);
  });

  it('decodes tokens into layers; a layer with no input reads the image', () => {
    const spec = buildTokenSpec({
      layers: 3,
      filterSizes: [1, 3, 5, 7],
      filterCounts: [24, 36, 48, 64],
      skips: true,
    });
    const layers = decodeTokens(spec, [1, 2, 3, 0, 0, 0, 0, 3, 1, 2, 1, 1]);
    expect(layers).toEqual([
      { filterHeight: 3, filterWidth: 5, strideHeight: 1, strideWidth: 1, filters: 64, inputs: [] },
      { filterHeight: 1, filterWidth: 1, strideHeight: 1, strideWidth: 1, filters: 24, inputs: [] },
      { filterHeight: 7, filterWidth: 3, strideHeight: 1, strideWidth: 1, filters: 48, inputs: [0, 1] },
    ]);
    expect(() => decodeTokens(spec, [4, 2, 3, 0, 0, 0, 0, 3, 1, 2, 1, 1])).toThrow(/out of range/);
  });

  it('chains the layers when there are no skip decisions', () => {
    const spec = buildTokenSpec({ layers: 2, filterSizes: [3], filterCounts: [8] });
    expect(decodeTokens(spec, [0, 0, 0, 0, 0, 0]).map((l) => l.inputs)).toEqual([[], [0]]);
  });

  it('rejects an empty choice list or no layers', () => {
    expect(() => buildTokenSpec({ layers: 2, filterSizes: [], filterCounts: [8] })).toThrow(/filterSizes/);
    expect(() => buildTokenSpec({ layers: 0, filterSizes: [3], filterCounts: [8] })).toThrow(/layer/);
  });
});
