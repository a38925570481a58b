/**
 * A saved run resumes for every strategy: a run cut after any finished model and restored from
 * its log (as after a reload, a closed tab or a crash) continues exactly as the uncut run did.
 */
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- test fixture: the committed benchmark file the app loads
import nb201Json from '../data/nb201/nb201-12epoch.json';
import { type RunConfig, type StrategyId } from './config';
import { presetConfig } from './presets';
import { Nb201Table } from './nb201Table';
import { applyConfigPatch } from './options';
import type { Rng } from './rng';
import type { RunEvent } from './runlog';
import { SearchRun, type Evaluate, type StrategyDeps, type TokenPolicy } from './search';
import { tableEvaluator } from './tableEvaluate';

const table = Nb201Table.fromJson(nb201Json);

/** A trainer stand-in: the accuracy depends only on the training seed (so on net and run seed). */
const fakeTrain: Evaluate = async (_arch, ctx) => {
  const accuracy = 0.1 + ((ctx.trainingSeed >>> 0) % 800) / 1000;
  return { accuracy, curve: [accuracy], params: 1000, trainMs: 3, backend: 'cpu', restarts: 0 };
};

/** A policy without tfjs whose samples depend on what it learned, so a wrong restore shows. */
function learningPolicy(): TokenPolicy {
  let bias = 0;
  let baseline = 0;
  return {
    async sample(rng: Rng) {
      const tokens = Array.from({ length: 6 }, () => (rng.int(5) + Math.round(bias * 10)) % 5);
      return {
        tokens,
        probabilities: tokens.map(() => [0.2, 0.2, 0.2, 0.2, 0.2]),
        logProb: 6 * Math.log(0.2),
      };
    },
    async update(_samples, rewards) {
      const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
      bias += mean;
      baseline = 0.9 * baseline + 0.1 * mean;
      return { loss: 0, baseline, advantages: rewards.map((r) => r - baseline) };
    },
    dispose() {},
  };
}

function configure(patch: object): RunConfig {
  const result = applyConfigPatch(presetConfig('test', 4), patch);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

const CASES: { strategy: StrategyId; config: RunConfig; evaluate: Evaluate; deps?: () => StrategyDeps }[] = [
  { strategy: 'metaqnn', config: configure({}), evaluate: fakeTrain },
  { strategy: 'blockqnn', config: configure({ strategy: 'blockqnn' }), evaluate: fakeTrain },
  {
    strategy: 'reinforce',
    config: configure({ strategy: 'reinforce', space: 'nb201', reinforce: { models: 12, batchSize: 2 } }),
    evaluate: tableEvaluator(table, 'nb201-cifar10'),
    deps: () => ({ policy: learningPolicy }),
  },
  {
    strategy: 'evolution',
    config: configure({
      strategy: 'evolution',
      space: 'nb201',
      evolution: { models: 20, populationSize: 5, tournamentSize: 2 },
    }),
    evaluate: tableEvaluator(table, 'nb201-cifar10'),
  },
  {
    strategy: 'random',
    config: configure({ strategy: 'random', space: 'nb201', random: { models: 12 } }),
    evaluate: tableEvaluator(table, 'nb201-cifar10'),
  },
];

describe('resuming a saved run', () => {
  it.each(CASES)('$strategy continues from any finished model exactly as the uncut run', async (c) => {
    const events: RunEvent[] = [];
    const live = new SearchRun(c.config, (e) => events.push(...e), c.deps?.() ?? {});
    live.begin();
    while (!live.done) await live.step(c.evaluate);
    const resultEnds = events.flatMap((e, i) => (e.type === 'result' ? [i] : []));
    expect(resultEnds.length).toBeGreaterThan(3);

    for (const k of [1, Math.floor(resultEnds.length / 2), resultEnds.length - 1]) {
      // The log as saved after the k-th result and its learning (up to the next proposal).
      const nextPropose = events.findIndex((e, i) => i > resultEnds[k - 1]! && e.type === 'propose');
      const cut = nextPropose < 0 ? events.length : nextPropose;
      const tail: RunEvent[] = [];
      const restored = await SearchRun.restore(
        c.config,
        events.slice(0, cut),
        (e) => tail.push(...e),
        c.deps?.() ?? {},
      );
      while (!restored.done) await restored.step(c.evaluate);
      expect([...events.slice(0, cut), ...tail]).toEqual(events);
      expect(restored.snapshot()).toEqual(live.snapshot());
    }
  });
});
