import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../presets';
import { type MetaQnnConfig } from './config';
import { Rng } from '../../rng';
import { legalActions, actionKey, parseStateKey } from '../../spaces/layers';
import { MetaQnnStrategy } from './metaqnn';
import { updatesOf } from '../../qlearning';

/** Two architectures only: `SM(10)` and `C(4,1,1) SM(10)` (layer limit 1, one conv choice). */
const tiny: MetaQnnConfig = {
  ...presetConfig('test').metaqnn,
  layerLimit: 1,
  convFilters: [4],
  convSizes: [1],
  poolOptions: [],
  fcWidths: [16],
  replaySamples: 3,
};
const START = '0:start|R8|fc0';

describe('MetaQnnStrategy.propose', () => {
  it('only takes legal actions and ends with SM (paper space, epsilon 1)', () => {
    const cfg = presetConfig('paper').metaqnn;
    const strategy = new MetaQnnStrategy(cfg, 28, 10);
    const rng = new Rng(1);
    for (let n = 0; n < 200; n++) {
      const c = strategy.propose(rng, 1);
      expect(c.trajectory.at(-1)).toMatchObject({ action: 'SM', nextState: 'T' });
      expect(c.arch.layers.length).toBeLessThanOrEqual(cfg.layerLimit);
      for (const step of c.trajectory) {
        expect(legalActions(parseStateKey(step.state), cfg).map(actionKey)).toContain(step.action);
      }
    }
  });

  it('with epsilon 0 takes the action of maximal Q', () => {
    const strategy = new MetaQnnStrategy(tiny, 14, 10);
    strategy.qTable.set(START, 'C(4,1,1)', 0.9);
    const rng = new Rng(2);
    for (let n = 0; n < 20; n++) expect(strategy.propose(rng, 0).net).toBe('C(4,1,1) SM(10)');
  });

  it('breaks ties uniformly at random: 1,000 greedy proposals split about 50/50', () => {
    const strategy = new MetaQnnStrategy(tiny, 14, 10);
    const rng = new Rng(3);
    let conv = 0;
    for (let n = 0; n < 1000; n++) if (strategy.propose(rng, 0).net !== 'SM(10)') conv++;
    expect(conv).toBeGreaterThan(440);
    expect(conv).toBeLessThan(560);
  });
});

describe('MetaQnnStrategy.observe', () => {
  it('applies 1 trajectory update set, then replaySamples = 3 replay sets', () => {
    const strategy = new MetaQnnStrategy(tiny, 14, 10);
    const rng = new Rng(4);
    const sm = {
      arch: { layers: [], classes: 10 },
      net: 'SM(10)',
      trajectory: strategy.trajectoryOf('SM(10)'),
    };
    const first = updatesOf((sink) => strategy.observe(sm, 0.9, rng, sink));
    // Only SM(10) is in the dictionary, so every set is its single transition:
    // 0.5 -> 0.504 -> 0.50796 -> 0.5118804 -> 0.515761596 (each 0.99 q + 0.01 * 0.9).
    expect(first.map((e) => e.source)).toEqual(['trajectory', 'replay', 'replay', 'replay']);
    const expected = [0.504, 0.50796, 0.5118804, 0.515761596];
    first.forEach((e, i) => expect(e.newQ).toBeCloseTo(expected[i]!, 12));

    const conv = {
      arch: { layers: [], classes: 10 },
      net: 'C(4,1,1) SM(10)',
      trajectory: strategy.trajectoryOf('C(4,1,1) SM(10)'),
    };
    const second = updatesOf((sink) => strategy.observe(conv, 0.3, rng, sink));
    expect(second.filter((e) => e.source === 'trajectory').map((e) => e.action)).toEqual(['SM', 'C(4,1,1)']);
    // Every replayed trajectory ends at the start state (updated last): one per sample.
    expect(second.filter((e) => e.source === 'replay' && e.state === START)).toHaveLength(3);
    expect(strategy.replayDictionary.entries).toEqual([
      { net: 'SM(10)', reward: 0.9 },
      { net: 'C(4,1,1) SM(10)', reward: 0.3 },
    ]);
  });

  it('rebuilds replay trajectories with the legal actions of every state reached', () => {
    const strategy = new MetaQnnStrategy(presetConfig('test').metaqnn, 14, 10);
    expect(strategy.trajectoryOf('C(4,3,1) P(2,2) FC(16) SM(10)')).toEqual([
      {
        state: '0:start|R8|fc0',
        action: 'C(4,3,1)',
        nextState: '1:C(4,3,1)|R8|fc0',
        nextActions: ['C(4,1,1)', 'C(8,1,1)', 'C(4,3,1)', 'C(8,3,1)', 'P(2,2)', 'GAP', 'SM'],
      },
      // 14 -> ceil(13 / 2) = 7: bin 4, so FC becomes legal.
      {
        state: '1:C(4,3,1)|R8|fc0',
        action: 'P(2,2)',
        nextState: '2:P(2,2)|R4|fc0',
        nextActions: ['C(4,1,1)', 'C(8,1,1)', 'C(4,3,1)', 'C(8,3,1)', 'FC(16)', 'GAP', 'SM'],
      },
      // Layer limit 3 reached: only terminate.
      { state: '2:P(2,2)|R4|fc0', action: 'FC(16)', nextState: '3:FC(16)|R4|fc1', nextActions: ['SM'] },
      { state: '3:FC(16)|R4|fc1', action: 'SM', nextState: 'T', nextActions: [] },
    ]);
  });
});
