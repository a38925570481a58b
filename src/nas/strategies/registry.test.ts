/**
 * Adding a strategy is adding a definition and registering it (README, "Architecture"): two toys
 * defined only here, a sample-based "greedy by reward" and a one-shot "bandit", run through the
 * options table, config validation, the run loops, the run-log schema and its checks, with no
 * other file knowing them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- test fixture: the committed benchmark file the app loads
import nb201Json from '../../data/nb201/nb201-12epoch.json';
import type { RunConfig } from '../config';
import type { Message } from '../message';
import { Nb201Table } from '../nb201Table';
import { OneShotRun } from '../oneShotRun';
import { configOptions, patchConfigProblems, validateConfig } from '../options';
import { DEFAULT_CONFIG, presetConfig } from '../presets';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunEvent } from '../runlog';
import { validateRunLog } from '../runlogSchema';
import { SearchRun } from '../search';
import { tableEvaluator } from '../tableEvaluate';
import { mutateTokens, uniformTokens } from '../tokenSpace';
import { ModelBudget } from './budgets';
import { plainReward, requireTokenSpace, tokenCandidate, WITHOUT_Q_TABLE } from './common';
import type { OneShotStrategyDefinition, SampleStrategyDefinition, SearchStrategy } from './contract';
import { registerStrategy, unregisterStrategy } from './index';

/** The toy's config section. */
interface GreedyConfig {
  models: number;
  /** Chance of a fresh random cell instead of a mutation of the best so far. */
  explore: number;
}
const greedyOf = (config: RunConfig) => (config as unknown as { greedy: GreedyConfig }).greedy;
const at = (code: string): Message => ({ code });

/** Greedy by reward: mutate the best cell seen so far (or draw a random one), on NAS-Bench-201. */
const greedy: SampleStrategyDefinition<GreedyConfig> = {
  id: 'greedy',
  family: 'sample',
  spaces: ['nb201'],
  section: {
    id: 'greedy',
    options: [
      {
        path: 'greedy.models',
        label: 'Models',
        kind: 'int',
        group: 'greedy',
        min: 1,
        max: 1000,
        help: 'Budget.',
      },
      {
        path: 'greedy.explore',
        label: 'Explore',
        kind: 'number',
        group: 'greedy',
        min: 0,
        max: 1,
        help: 'Chance.',
      },
    ],
    presets: {
      paper: { models: 100, explore: 0.1 },
      class: { models: 12, explore: 0.2 },
      test: { models: 3, explore: 0.5 },
    },
    problems: (config) =>
      greedyOf(config).explore === 0 && greedyOf(config).models > 1
        ? [{ path: 'greedy.explore', problem: at('toy.neverExplores') }]
        : [],
  },
  budget: (config) => new ModelBudget(greedyOf(config).models),
  create(config): SearchStrategy {
    const space = requireTokenSpace(config);
    let best: { tokens: readonly number[]; reward: number; arch: string } | null = null;
    return {
      ...WITHOUT_Q_TABLE,
      reward: plainReward,
      proposeIteration(rng) {
        const tokens =
          best === null || rng.next() < greedyOf(config).explore
            ? uniformTokens(space.spec, rng)
            : mutateTokens(space.spec, best.tokens, rng).tokens;
        return [tokenCandidate(space, tokens)];
      },
      observe(candidate, reward, _rng, index) {
        if (best === null || reward > best.reward)
          best = { tokens: candidate.info!.decisions!, reward, arch: candidate.net };
        return [{ type: 'greedy-best', index, arch: best.arch, reward: best.reward } as unknown as RunEvent];
      },
      dispose: () => {},
    };
  },
  events: [
    {
      type: 'greedy-best',
      required: {
        index: { type: 'integer', minimum: 0 },
        arch: { type: 'string' },
        reward: { type: 'number' },
      },
      elsewhere: () => at('toy.greedyElsewhere'),
    },
  ],
  // The best so far never gets worse, and it is a trained proposal's.
  eventCheck() {
    let best = -Infinity;
    return (event, log) => {
      const e = event as unknown as { type: string; index: number; arch: string; reward: number };
      if (e.type !== 'greedy-best') return undefined;
      if (e.reward < best) return at('toy.bestGotWorse');
      if (!log.proposedArch.includes(e.arch) || !log.hasResult[e.index]) return at('toy.bestNotTrained');
      best = e.reward;
      return undefined;
    };
  },
  budgetPatch: (models) => ({ greedy: { models } }),
};

/** A one-shot toy: softmax weights over the 5 ops of every edge, nudged towards better cells. */
const bandit: OneShotStrategyDefinition<{ steps: number }> = {
  id: 'bandit',
  family: 'oneshot',
  spaces: ['nb201'],
  section: {
    id: 'bandit',
    options: [
      {
        path: 'bandit.steps',
        label: 'Steps',
        kind: 'int',
        group: 'bandit',
        min: 1,
        max: 100,
        help: 'Steps.',
      },
    ],
    presets: { paper: { steps: 50 }, class: { steps: 8 }, test: { steps: 3 } },
  },
  create(config) {
    const space = requireTokenSpace(config);
    const table = Nb201Table.fromJson(nb201Json);
    const logits = space.spec.steps.map(() => [0, 0, 0, 0, 0]);
    const steps = (config as unknown as { bandit: { steps: number } }).bandit.steps;
    return {
      step(index, rng) {
        const tokens = logits.map((row) => {
          const z = row.map(Math.exp);
          const sum = z.reduce((a, b) => a + b, 0);
          let u = rng.next() * sum;
          return z.findIndex((w) => (u -= w) < 0);
        });
        const { net } = space.decode(tokens);
        const reward = table.lookup(net).accuracy['nb201-cifar10'].val / 100;
        tokens.forEach((t, edge) => (logits[edge]![t]! += reward));
        const events = [
          { type: 'bandit-weights', step: index, logits: logits.map((r) => [...r]) } as unknown as RunEvent,
        ];
        if (index + 1 < steps) return { events, done: false };
        const derived = space.decode(logits.map((row) => row.indexOf(Math.max(...row)))).net;
        const accuracy = table.lookup(derived).accuracy['nb201-cifar10'].val / 100;
        events.push(
          { type: 'propose', index: 0, arch: derived, trajectory: [] },
          {
            type: 'result',
            index: 0,
            arch: derived,
            reward: accuracy,
            accuracy,
            curve: [accuracy],
            params: 0,
            trainMs: 0,
            backend: 'table',
            restarts: 0,
            cached: false,
          },
        );
        return { events, done: true };
      },
      dispose: () => {},
    };
  },
  events: [
    {
      type: 'bandit-weights',
      required: {
        step: { type: 'integer', minimum: 0 },
        logits: { type: 'array', items: { type: 'array' } },
      },
      elsewhere: () => at('toy.banditElsewhere'),
    },
  ],
};

const table = Nb201Table.fromJson(nb201Json);
const logOf = (config: RunConfig, events: readonly RunEvent[]) => ({
  format: RUN_LOG_FORMAT,
  version: RUN_LOG_VERSION,
  config,
  seed: config.seed,
  events,
});

function configure(patch: object): RunConfig {
  const result = patchConfigProblems(DEFAULT_CONFIG, patch);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

describe('a strategy registered from outside the tree', () => {
  beforeAll(() => {
    registerStrategy(greedy);
    registerStrategy(bandit);
  });
  afterAll(() => {
    unregisterStrategy('greedy');
    unregisterStrategy('bandit');
  });

  it('joins the options table, the presets and the strategy choices', () => {
    const paths = configOptions().map((o) => o.path);
    expect(paths).toContain('greedy.models');
    expect(paths).toContain('bandit.steps');
    expect(configOptions().find((o) => o.path === 'strategy')!.choices).toContain('greedy');
    expect((presetConfig('test') as unknown as { greedy: GreedyConfig }).greedy).toEqual({
      models: 3,
      explore: 0.5,
    });
  });

  it('is configured like any strategy: its default space, its section, and its rules', () => {
    const config = configure({ strategy: 'greedy' });
    expect(config.space).toBe('nb201');
    expect(config.dataset).toBe('nb201-cifar10');
    expect(greedyOf(config)).toEqual({ models: 12, explore: 0.2 });
    const refused = (patch: object) => {
      const r = patchConfigProblems(DEFAULT_CONFIG, patch);
      return r.ok ? [] : r.problems.map((p) => [p.path, p.problem.code]);
    };
    expect(refused({ strategy: 'greedy', greedy: { models: 0 } })).toEqual([
      ['greedy.models', 'option.notInteger'],
    ]);
    expect(refused({ strategy: 'greedy', greedy: { explore: 0 } })).toEqual([
      ['greedy.explore', 'toy.neverExplores'],
    ]);
    expect(refused({ strategy: 'greedy', space: 'layers' })[0]).toEqual(['space', 'config.spaceMismatch']);
    expect(refused({ greedy: { speed: 1 } })).toEqual([['greedy.speed', 'config.unknownSetting']]);
    expect(validateConfig(config)).toEqual([]);
  });

  it('runs through SearchRun, and its log validates with its own events checked', async () => {
    const config = configure({ strategy: 'greedy', seed: 4 });
    const events: RunEvent[] = [];
    const run = new SearchRun(config, (e) => events.push(...e));
    run.begin();
    const evaluate = tableEvaluator(table, 'nb201-cifar10');
    while (!run.done) await run.step(evaluate);
    expect(run.trained).toBe(12);
    const bests = events.filter((e) => (e.type as string) === 'greedy-best') as unknown as {
      reward: number;
    }[];
    expect(bests.length).toBe(events.filter((e) => e.type === 'result').length);
    const rewards = events.flatMap((e) => (e.type === 'result' ? [e.reward] : []));
    expect(bests.at(-1)!.reward).toBe(Math.max(...rewards));
    expect(validateRunLog(logOf(config, events))).toMatchObject({ ok: true });

    // Restored from its log, the run stands where it was.
    const restored = await SearchRun.restore(config, events, () => {});
    expect(restored.proposals).toBe(run.proposals);

    // Its own check refuses a best that got worse; its event is refused in another strategy's log.
    const k = events.findIndex(
      (e) => (e.type as string) === 'greedy-best' && (e as unknown as { index: number }).index > 0,
    );
    const worse = events.map((e, i) => (i === k ? ({ ...e, reward: -1 } as unknown as RunEvent) : e));
    expect(validateRunLog(logOf(config, worse))).toEqual({
      ok: false,
      error: expect.stringContaining(`events[${k}]`),
    });
    const other = configure({ strategy: 'random', space: 'nb201', random: { models: 12 } });
    const foreign = validateRunLog(logOf(other, events));
    expect(foreign.ok).toBe(false);
  });

  it('refuses a log of a strategy that is not registered', () => {
    const config = configure({ strategy: 'greedy' });
    unregisterStrategy('greedy');
    try {
      const outcome = validateRunLog(logOf(config, []));
      expect(outcome).toEqual({ ok: false, error: expect.stringContaining('greedy') });
    } finally {
      registerStrategy(greedy);
    }
  });

  it('a one-shot strategy steps through OneShotRun, and its log validates', async () => {
    const config = configure({ strategy: 'bandit' });
    expect(() => new SearchRun(config, () => {})).toThrow(/OneShotRun/);
    const events: RunEvent[] = [];
    const run = new OneShotRun(config, (e) => events.push(...e));
    while (!run.done) await run.step();
    expect(run.stepsTaken).toBe(8);
    expect(events.filter((e) => (e.type as string) === 'bandit-weights')).toHaveLength(8);
    expect(events.at(-1)).toEqual({ type: 'done', trained: 1 });
    expect(validateRunLog(logOf(config, events))).toMatchObject({ ok: true });
    // Deterministic from the run seed.
    const again: RunEvent[] = [];
    const second = new OneShotRun(config, (e) => again.push(...e));
    while (!second.done) await second.step();
    expect(again).toEqual(events);
  });
});
