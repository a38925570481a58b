import { describe, expect, it } from 'vitest';
import { QTable, updateTrajectory } from '../../qlearning';
import { Rng } from '../../rng';
import {
  actionKey,
  blockLegalityError,
  blockString,
  legalActions,
  parseBlockString,
  parseStateKey,
} from '../../spaces/block';
import { presetConfig } from '../../presets';
import { type BlockQnnConfig } from './config';
import { BlockQnnStrategy, blockReward, epsilonAtIteration } from './blockqnn';
import { updatesOf } from '../../qlearning';

const DEFAULT_BLOCKQNN_CONFIG = presetConfig('paper').blockqnn;

const cfg = (patch: Partial<BlockQnnConfig> = {}): BlockQnnConfig => ({
  ...structuredClone(DEFAULT_BLOCKQNN_CONFIG),
  replaySamples: 0,
  ...patch,
});

const TWO_CONVS = '(1,1,3,0,0) (2,1,3,1,0) (3,7,0,0,0)';

describe('BlockQnnStrategy.propose', () => {
  it('every proposal is a legal block built from legal actions (maxDepth 10, epsilon 1)', () => {
    const config = cfg();
    const strategy = new BlockQnnStrategy(config);
    const rng = new Rng(1);
    for (let n = 0; n < 300; n++) {
      const c = strategy.propose(rng, 1);
      expect(blockLegalityError(c.block, config)).toBeNull();
      expect(blockString(parseBlockString(c.net))).toBe(c.net);
      expect(c.block.length - 1).toBeLessThanOrEqual(config.maxDepth);
      expect(c.trajectory.at(-1)?.nextState).toBe('T');
      for (const step of c.trajectory) {
        expect(legalActions(parseStateKey(step.state), config).map(actionKey)).toContain(step.action);
      }
    }
  });

  it('reaches the depth limit: at maxDepth 2 a 2-layer block is forced to terminate', () => {
    const strategy = new BlockQnnStrategy(cfg({ maxDepth: 2 }));
    const rng = new Rng(2);
    const depths = new Set<number>();
    for (let n = 0; n < 200; n++) depths.add(strategy.propose(rng, 1).block.length - 1);
    expect([...depths].sort()).toEqual([1, 2]);
  });

  it('with epsilon 0 follows maximal Q', () => {
    const strategy = new BlockQnnStrategy(cfg());
    strategy.qTable.set('start', '(1,1,3,0,0)', 0.9);
    strategy.qTable.set('(1,1,3,0,0)', '(2,1,3,1,0)', 0.9);
    strategy.qTable.set('(2,1,3,1,0)', '(3,7,0,0,0)', 0.9);
    const rng = new Rng(3);
    for (let n = 0; n < 10; n++) expect(strategy.propose(rng, 0).net).toBe(TWO_CONVS);
  });

  it('proposes one batch of batchSize blocks per iteration', () => {
    const strategy = new BlockQnnStrategy(cfg({ batchSize: 5 }));
    expect(strategy.proposeBatch(new Rng(4), 1)).toHaveLength(5);
  });
});

describe('Q-updates with reward shaping', () => {
  it('r_T = 0.9 over T = 3 transitions: 0.3, 0.3, 0.9, updated last first', () => {
    const strategy = new BlockQnnStrategy(cfg());
    const candidate = {
      block: parseBlockString(TWO_CONVS),
      net: TWO_CONVS,
      trajectory: strategy.trajectoryOf(TWO_CONVS),
    };
    const events = updatesOf((sink) => strategy.observe(candidate, 0.9, new Rng(5), sink));
    // terminal:    0.99 * 0.5 + 0.01 * (0.9 + 0)          = 0.504
    // (2,1,3,1,0): 0.99 * 0.5 + 0.01 * (0.3 + 1 * 0.504)  = 0.50304
    // (1,1,3,0,0): 0.99 * 0.5 + 0.01 * (0.3 + 1 * 0.50304) = 0.5030304
    expect(events.map((e) => [e.state, e.action, e.nextState, e.reward, e.maxNextQ])).toEqual([
      ['(2,1,3,1,0)', '(3,7,0,0,0)', 'T', 0.9, 0],
      ['(1,1,3,0,0)', '(2,1,3,1,0)', '(2,1,3,1,0)', 0.3, events[0]?.newQ],
      ['start', '(1,1,3,0,0)', '(1,1,3,0,0)', 0.3, events[1]?.newQ],
    ]);
    const expected = [0.504, 0.50304, 0.5030304];
    events.forEach((e, i) => {
      expect(e.oldQ).toBe(0.5);
      expect(e.newQ).toBeCloseTo(expected[i]!, 12);
      expect(e.source).toBe('trajectory');
    });
  });

  it('without shaping the intermediate transitions earn 0 (MetaQNN): 0.504, 0.50004, 0.5000004', () => {
    const strategy = new BlockQnnStrategy(cfg({ rewardShaping: false }));
    const candidate = {
      block: parseBlockString(TWO_CONVS),
      net: TWO_CONVS,
      trajectory: strategy.trajectoryOf(TWO_CONVS),
    };
    const events = updatesOf((sink) => strategy.observe(candidate, 0.9, new Rng(6), sink));
    expect(events.map((e) => e.reward)).toEqual([0.9, 0, 0]);
    [0.504, 0.50004, 0.5000004].forEach((q, i) => expect(events[i]?.newQ).toBeCloseTo(q, 12));
  });

  it('replays replaySamples trajectories from the dictionary after the trajectory', () => {
    const strategy = new BlockQnnStrategy(cfg({ replaySamples: 2 }));
    const candidate = {
      block: parseBlockString(TWO_CONVS),
      net: TWO_CONVS,
      trajectory: strategy.trajectoryOf(TWO_CONVS),
    };
    const events = updatesOf((sink) => strategy.observe(candidate, 0.9, new Rng(7), sink));
    expect(events.map((e) => e.source)).toEqual([
      'trajectory',
      'trajectory',
      'trajectory',
      ...Array(6).fill('replay'),
    ]);
    expect(strategy.cachedReward(TWO_CONVS)).toBe(0.9);
  });

  it('refuses a reward list of the wrong length', () => {
    const strategy = new BlockQnnStrategy(cfg());
    expect(() =>
      updateTrajectory(
        new QTable(0.5),
        strategy.trajectoryOf(TWO_CONVS),
        [0.9],
        { alpha: 0.01, gamma: 1 },
        'trajectory',
      ),
    ).toThrow(/3 transitions need as many rewards, got 1/);
  });

  it('rebuilds the trajectory of a proposed block from its string', () => {
    const config = cfg();
    const rng = new Rng(8);
    for (let n = 0; n < 20; n++) {
      const c = new BlockQnnStrategy(config).propose(rng, 1);
      expect(new BlockQnnStrategy(config).trajectoryOf(c.net)).toEqual(
        // The proposal also logs how each action was chosen; a rebuilt trajectory has no choices.
        c.trajectory.map(({ state, action, nextState, nextActions }) => ({
          state,
          action,
          nextState,
          nextActions,
        })),
      );
    }
  });
});

describe('BlockQNN schedule and reward', () => {
  it('counts the epsilon schedule in iterations: 95 at 1.0, ..., 12 at 0.1, 178 in all', () => {
    const schedule = DEFAULT_BLOCKQNN_CONFIG.epsilonSchedule;
    expect(epsilonAtIteration(schedule, 0)).toEqual({ step: 0, epsilon: 1 });
    expect(epsilonAtIteration(schedule, 94)).toEqual({ step: 0, epsilon: 1 });
    expect(epsilonAtIteration(schedule, 95)).toEqual({ step: 1, epsilon: 0.9 });
    expect(epsilonAtIteration(schedule, 177)).toEqual({ step: 9, epsilon: 0.1 });
    expect(epsilonAtIteration(schedule, 178)).toBeNull();
    // 178 iterations of 64 blocks = 11,392 blocks.
    expect(schedule.reduce((sum, s) => sum + s.iterations, 0) * DEFAULT_BLOCKQNN_CONFIG.batchSize).toBe(
      11392,
    );
  });

  it('early-stop reward of a residual network: 0.9 - 0.1 ln(67,152 / 33,576) - 0.5 ln(1) = 0.8306853', () => {
    const block = parseBlockString('(1,1,3,0,0) (2,1,3,1,0) (3,5,0,0,2) (4,7,0,0,0)');
    const network = { stages: 2, blocksPerStage: 2, baseWidth: 4 };
    const off = blockReward(0.9, block, cfg(network), [8, 8, 1], 10);
    expect(off).toMatchObject({ reward: 0.9, flops: 67152, density: 1 });
    const on = blockReward(
      0.9,
      block,
      cfg({ ...network, earlyStop: true, mu: 0.1, rho: 0.5, flopsBaseline: 33576 }),
      [8, 8, 1],
      10,
    );
    expect(on.reward).toBeCloseTo(0.8306852819440055, 12);
    // The penalty terms: 0.1 ln 2 = 0.0693147 and 0.5 ln 1 = 0, reported whether applied or not.
    expect(on.flopsPenalty).toBeCloseTo(0.0693147180559945, 12);
    expect(on.densityPenalty).toBe(0);
    expect(0.9 - on.flopsPenalty - on.densityPenalty).toBeCloseTo(on.reward, 12);
  });
});
