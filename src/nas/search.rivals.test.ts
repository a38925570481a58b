import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- test fixture: the committed benchmark file the app loads
import nb201Json from '../data/nb201/nb201-12epoch.json';
import { runComparison, type CompareRun } from './compare';
import { scheduleForBudget } from './strategies/metaqnn/config';
import { type RunConfig } from './config';
import { PAPER_EPSILON_SCHEDULE, scaleSchedule } from './strategies/metaqnn/config';
import { presetConfig } from './presets';
import { Nb201Table } from './nb201Table';
import { applyConfigPatch } from './options';
import { Rng } from './rng';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunEvent } from './runlog';
import { validateRunLog } from './runlogSchema';
import { SearchRun, type Evaluate, type TokenPolicy } from './search';
import { repeatCap } from './strategy';
import { tableEvaluator } from './tableEvaluate';

const table = Nb201Table.fromJson(nb201Json);
const evaluate = tableEvaluator(table, 'nb201-cifar10');

function configure(patch: object): RunConfig {
  const result = applyConfigPatch(presetConfig('class', 3), patch);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

/** A policy without tfjs: uniform tokens, and an update that reports what REINFORCE would see. */
function uniformPolicy(): TokenPolicy & { updates: number[][] } {
  const updates: number[][] = [];
  let baseline = 0;
  return {
    updates,
    async sample(rng: Rng) {
      const tokens = Array.from({ length: 6 }, () => rng.int(5));
      return {
        tokens,
        probabilities: tokens.map(() => [0.2, 0.2, 0.2, 0.2, 0.2]),
        logProb: 6 * Math.log(0.2),
      };
    },
    async update(_samples, rewards) {
      updates.push([...rewards]);
      const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
      baseline = 0.95 * baseline + 0.05 * mean;
      return { loss: 0, baseline, advantages: rewards.map((r) => r - baseline) };
    },
    dispose() {},
  };
}

async function runToEnd(config: RunConfig, evaluator: Evaluate = evaluate, policy?: () => TokenPolicy) {
  const events: RunEvent[] = [];
  const deps = policy ? { policy } : {};
  const run = new SearchRun(config, (e) => events.push(...e), deps);
  run.begin();
  while (!run.done) await run.step(evaluator);
  return { run, events, deps };
}

function logOf(config: RunConfig, events: RunEvent[]) {
  return { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, config, seed: config.seed, events };
}

describe('Q-learning on NAS-Bench-201 (MetaQNN rules)', () => {
  it('runs a full scaled epsilon schedule on CIFAR-10 to completion with a fixed seed', async () => {
    const schedule = scaleSchedule(PAPER_EPSILON_SCHEDULE, 0.1); // 270 unique models
    const config = configure({ space: 'nb201', metaqnn: { epsilonSchedule: schedule } });
    expect(config.dataset).toBe('nb201-cifar10');
    const { run, events } = await runToEnd(config);
    const planned = schedule.reduce((a, s) => a + s.models, 0);
    expect(run.trained).toBe(planned);
    expect(events.at(-1)).toEqual({ type: 'done', trained: planned });
    expect(events.filter((e) => e.type === 'epsilon').map((e) => e.epsilon)).toEqual(
      schedule.map((s) => s.epsilon),
    );
    for (const e of events) {
      if (e.type !== 'result') continue;
      const row = table.lookup(e.arch).accuracy['nb201-cifar10'];
      expect(e.reward).toBe(row.val);
      expect(e.testAccuracy).toBe(row.test);
      expect(e.backend).toBe('nas-bench-201');
    }
    expect(validateRunLog(JSON.stringify(logOf(config, events)))).toMatchObject({ ok: true });
    const restored = await SearchRun.restore(config, events, () => {});
    expect(restored.snapshot()).toEqual(run.snapshot());
  });
});

describe('regularized evolution on a search run', () => {
  it('logs the tournament, the parent and the mutation, and a population that never exceeds P', async () => {
    const config = configure({
      strategy: 'evolution',
      space: 'nb201',
      evolution: { models: 60, populationSize: 10, tournamentSize: 3 },
    });
    const { run, events } = await runToEnd(config);
    expect(run.trained).toBe(60);
    const proposals = events.filter((e) => e.type === 'propose');
    expect(proposals.slice(0, 10).every((p) => p.origin === 'random' && p.epsilon === undefined)).toBe(true);
    const children = proposals.filter((p) => p.origin === 'mutation');
    expect(children.length).toBeGreaterThan(30);
    for (const child of children) {
      expect(child.tournament).toHaveLength(3);
      expect(child.tournament).toContain(child.parentId);
      expect(child.mutation).toMatch(/^edge \d→\d: \S+ → \S+$/);
    }
    const population = events.filter((e) => e.type === 'population');
    expect(population).toHaveLength(proposals.length);
    expect(Math.max(...population.map((e) => e.size))).toBe(10);
    // Aging: once full, the member that leaves is always the oldest (the smallest id alive).
    for (const e of population.slice(10)) expect(e.removed?.id).toBe(e.added.id - 10);
    expect(validateRunLog(logOf(config, events))).toMatchObject({ ok: true });
    const restored = await SearchRun.restore(config, events, () => {});
    expect(restored.snapshot()).toEqual(run.snapshot());
  });

  it('mutates layers and NASNet cells into legal architectures that train', async () => {
    for (const space of ['layers', 'cell', 'nasrl'] as const) {
      const config = configure({
        strategy: 'evolution',
        space,
        evolution: { models: 6, populationSize: 3, tournamentSize: 2 },
      });
      const seen: string[] = [];
      const fake: Evaluate = async (arch, ctx) => {
        expect(arch.space).toBe(space);
        seen.push(ctx.net);
        return {
          accuracy: (ctx.net.length % 7) / 10,
          curve: [0.1],
          params: 1,
          trainMs: 1,
          backend: 'cpu',
          restarts: 0,
        };
      };
      const { events } = await runToEnd(config, fake);
      expect(new Set(seen).size).toBe(seen.length);
      expect(events.some((e) => e.type === 'propose' && e.origin === 'mutation')).toBe(true);
      expect(validateRunLog(logOf(config, events))).toMatchObject({ ok: true });
    }
  });
});

describe('random search on a search run', () => {
  it('draws its budget of unique models with the decisions logged, and no epsilon', async () => {
    const config = configure({ strategy: 'random', space: 'nb201', random: { models: 25 } });
    const { run, events } = await runToEnd(config);
    expect(run.trained).toBe(25);
    expect(events.some((e) => e.type === 'epsilon' || e.type === 'q-update')).toBe(false);
    const p = events.find((e) => e.type === 'propose')!;
    expect(p.type === 'propose' && p.decisions).toHaveLength(6);
    expect(validateRunLog(logOf(config, events))).toMatchObject({ ok: true });
  });

  it('ends after 10 repeats per budgeted model when the space runs out of new architectures', async () => {
    // MetaQNN's test space is tiny: fewer legal nets than the budget.
    const config = configure({
      fidelity: 'test',
      strategy: 'random',
      space: 'layers',
      random: { models: 1000 },
    });
    const fake: Evaluate = async () => ({
      accuracy: 0.5,
      curve: [0.5],
      params: 1,
      trainMs: 1,
      backend: 'cpu',
      restarts: 0,
    });
    const { run, events } = await runToEnd(config, fake);
    expect(run.trained).toBeLessThan(1000);
    expect(events.filter((e) => e.type === 'result' && e.cached)).toHaveLength(repeatCap(1000));
    expect(events.at(-1)).toEqual({ type: 'done', trained: run.trained });
  });
});

describe('REINFORCE on a search run', () => {
  it('updates the policy once per batch of m with the transformed rewards, and logs baseline and advantages', async () => {
    const config = configure({
      strategy: 'reinforce',
      space: 'nb201',
      reinforce: { models: 12, batchSize: 4, rewardTransform: 'cubed' },
    });
    let policy: ReturnType<typeof uniformPolicy> | null = null;
    const { events } = await runToEnd(config, evaluate, () => (policy = uniformPolicy()));
    const updates = events.filter((e) => e.type === 'policy-update');
    expect(updates.length).toBeGreaterThanOrEqual(3);
    const results = new Map(events.flatMap((e) => (e.type === 'result' ? [[e.index, e] as const] : [])));
    for (const u of updates) {
      expect(u.batch).toHaveLength(4);
      u.batch.forEach((i, k) => expect(u.rewards[k]).toBeCloseTo(results.get(i)!.accuracy ** 3, 12));
    }
    expect(policy!.updates).toHaveLength(updates.length);
    expect(validateRunLog(logOf(config, events))).toMatchObject({ ok: true });
  });

  it('restores by following the logged decisions, whatever the policy samples', async () => {
    const config = configure({
      strategy: 'reinforce',
      space: 'nb201',
      reinforce: { models: 8, batchSize: 2 },
    });
    const { events } = await runToEnd(config, evaluate, uniformPolicy);
    // A policy that samples something else: restore must still reproduce the logged run.
    const skewed = (): TokenPolicy => ({
      ...uniformPolicy(),
      sample: async (rng) => ({ tokens: [0, 0, 0, 0, 0, rng.int(1)], probabilities: [], logProb: 0 }),
    });
    const replayed: RunEvent[] = [];
    const run = await SearchRun.restore(config, events, (e) => replayed.push(...e), { policy: skewed });
    expect(run.proposals).toBe(events.filter((e) => e.type === 'result').length);
    expect(replayed).toEqual([]);
  });
});

describe('comparing strategies', () => {
  it('runs every strategy on every seed with one shared cache: a cell is looked up once', async () => {
    const base = configure({ space: 'nb201' });
    const runs: CompareRun[] = [];
    let lookups = 0;
    const counted: Evaluate = async (arch, ctx) => {
      lookups++;
      return evaluate(arch, ctx);
    };
    await runComparison(
      base,
      {
        strategies: ['metaqnn', 'reinforce', 'evolution', 'random'],
        space: 'nb201',
        budget: 40,
        seeds: [1, 2],
      },
      counted,
      { policy: uniformPolicy },
      (r) => runs.push(r),
    );
    expect(runs.map((r) => `${r.strategy}/${r.seed}`)).toEqual([
      'metaqnn/1',
      'reinforce/1',
      'evolution/1',
      'random/1',
      'metaqnn/2',
      'reinforce/2',
      'evolution/2',
      'random/2',
    ]);
    for (const r of runs) {
      expect(r.best).toHaveLength(40);
      expect(r.best.every((b, i) => i === 0 || b >= r.best[i - 1]!)).toBe(true);
      expect(r.bestAccuracy).toBe(Math.max(...r.accuracies));
    }
    const unique = new Set(runs.flatMap((r) => r.accuracies.map((_, i) => `${r.strategy}${r.seed}${i}`)))
      .size;
    expect(unique).toBe(8 * 40);
    // Each lookup happened once across all runs; the runs asked for more.
    expect(runs.reduce((a, r) => a + r.trainedHere, 0)).toBe(lookups);
    expect(lookups).toBeLessThan(8 * 40);
  });

  it('scales MetaQNN’s schedule to exactly the budget', () => {
    for (const budget of [1, 7, 40, 300, 2700]) {
      expect(scheduleForBudget(budget).reduce((a, s) => a + s.models, 0)).toBe(budget);
    }
    expect(scheduleForBudget(2700)).toEqual(PAPER_EPSILON_SCHEDULE);
  });
});

describe('a comparison at another fidelity', () => {
  it('loads the preset for every run and keeps the NAS-Bench-201 table of the base', async () => {
    const { compareConfig } = await import('./compare');
    const base = configure({ space: 'nb201', dataset: 'nb201-cifar100' });
    const spec = {
      strategies: ['random' as const],
      space: 'nb201' as const,
      budget: 9,
      seeds: [4],
      fidelity: 'test' as const,
    };
    const config = compareConfig(base, spec, 'random', 4);
    expect(config).toMatchObject({
      fidelity: 'test',
      dataset: 'nb201-cifar100',
      seed: 4,
      random: { models: 9 },
    });
    expect(config.training).toEqual(presetConfig('test').training);
  });
});
