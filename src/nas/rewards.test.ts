import { describe, expect, it } from 'vitest';
import { earlyStopReward, shapedRewards } from './rewards';

describe('BlockQNN early-stop reward', () => {
  it('acc 0.9, FLOPs twice the baseline, density 1.25, mu 0.1, rho 0.5  ->  0.7191135', () => {
    // 0.9 - 0.1 * ln 2 - 0.5 * ln 1.25 = 0.9 - 0.0693147 - 0.1115718 = 0.7191135
    const reward = earlyStopReward(0.9, 2e6, 1.25, { mu: 0.1, rho: 0.5, flopsBaseline: 1e6 });
    expect(reward).toBeCloseTo(0.7191135062869006, 12);
  });

  it('with mu 1 and rho 8 the same block scores 0.9 - 0.6931472 - 1.7851484 = -1.5782956', () => {
    expect(earlyStopReward(0.9, 2e6, 1.25, { mu: 1, rho: 8, flopsBaseline: 1e6 })).toBeCloseTo(
      -1.5782955910736,
      12,
    );
  });

  it('is the accuracy itself at the baseline FLOPs and density 1', () => {
    expect(earlyStopReward(0.73, 5e5, 1, { mu: 1, rho: 8, flopsBaseline: 5e5 })).toBe(0.73);
  });

  it('refuses non-positive FLOPs, baseline or density', () => {
    const p = { mu: 1, rho: 8, flopsBaseline: 1e6 };
    expect(() => earlyStopReward(0.9, 0, 1, p)).toThrow(/positive FLOPs/);
    expect(() => earlyStopReward(0.9, 1, 1, { ...p, flopsBaseline: 0 })).toThrow(/positive FLOPs baseline/);
    expect(() => earlyStopReward(0.9, 1, 0, p)).toThrow(/positive density/);
  });
});

describe('reward shaping', () => {
  it('r_T = 0.8 over T = 4 transitions: 0.2, 0.2, 0.2, then 0.8', () => {
    expect(shapedRewards(0.8, 4)).toEqual([0.2, 0.2, 0.2, 0.8]);
  });

  it('without shaping intermediate transitions earn 0 (MetaQNN)', () => {
    expect(shapedRewards(0.8, 4, false)).toEqual([0, 0, 0, 0.8]);
  });

  it('a single transition earns r_T; an empty trajectory is refused', () => {
    expect(shapedRewards(0.6, 1)).toEqual([0.6]);
    expect(() => shapedRewards(0.6, 0)).toThrow(/at least 1 step/);
  });
});
