import { describe, expect, it } from 'vitest';
import { presetConfig } from '../nas/presets';
import { createAppStore } from './appState';
import { variantConfig } from './compareSlice';

describe('comparison runs', () => {
  it('flips exactly one BlockQNN switch and keeps the seed and everything else', () => {
    const config = { ...presetConfig('test', 5), strategy: 'blockqnn' as const, space: 'block' as const };
    const shaping = variantConfig(config, 'rewardShaping');
    expect(shaping.blockqnn.rewardShaping).toBe(!config.blockqnn.rewardShaping);
    expect({
      ...shaping,
      blockqnn: { ...shaping.blockqnn, rewardShaping: config.blockqnn.rewardShaping },
    }).toEqual(config);
    expect(variantConfig(config, 'earlyStop').blockqnn.earlyStop).toBe(!config.blockqnn.earlyStop);
    expect(variantConfig(config, 'earlyStop').seed).toBe(5);
  });

  it("keeps the comparison's events apart from the main run's", () => {
    const store = createAppStore();
    const config = { ...presetConfig('test', 5), strategy: 'blockqnn' as const, space: 'block' as const };
    store.getState().beginCompare('earlyStop', variantConfig(config, 'earlyStop'));
    store.getState().applyCompareMessage({
      type: 'events',
      events: [{ type: 'epsilon', step: 0, epsilon: 1, modelsAtEpsilon: 4 }],
    });
    store.getState().applyCompareMessage({ type: 'status', status: 'running' });
    expect(store.getState().compare?.view.events).toHaveLength(1);
    expect(store.getState().compare?.status).toBe('running');
    expect(store.getState().view.events).toHaveLength(0);
    store.getState().endCompare();
    expect(store.getState().compare).toBeNull();
  });
});
