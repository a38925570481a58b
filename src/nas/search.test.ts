import { describe, expect, it } from 'vitest';
import { netString } from './spaces/layers';
import { type RunConfig } from './config';
import { presetConfig } from './presets';
import { hashString } from './rng';
import type { ProposeEvent, ResultEvent, RunEvent } from './runlog';
import { SearchRun, type Evaluate } from './search';
import { legalActions, initialState, applyLayer, type LayersPosition } from './spaces/layers';
import { toVersion1 } from './qReplay';
import { qParams } from './qsearch';

/** A fake trainer whose accuracy is a fixed function of the net string. */
function fakeEvaluate(calls: string[] = []): Evaluate {
  return async (_arch, { net }) => {
    calls.push(net);
    const accuracy = hashString(net) / 2 ** 32;
    return { accuracy, curve: [accuracy], params: 100, trainMs: 5, backend: 'cpu', restarts: 0 };
  };
}

/** A run whose emitted events are collected. */
function recorded(config: RunConfig): { run: SearchRun; events: RunEvent[] } {
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (batch) => events.push(...batch));
  return { run, events };
}

async function steps(run: SearchRun, n: number, evaluate = fakeEvaluate()): Promise<void> {
  for (let i = 0; i < n && !run.done; i++) await run.step(evaluate);
}

async function runToDone(run: SearchRun, evaluate = fakeEvaluate()): Promise<void> {
  for (let guard = 0; !run.done; guard++) {
    if (guard > 100_000) throw new Error('search did not finish');
    await run.step(evaluate);
  }
}

const proposals = (events: RunEvent[]): string[] =>
  events.filter((e): e is ProposeEvent => e.type === 'propose').map((e) => e.arch);
const results = (events: RunEvent[]): ResultEvent[] =>
  events.filter((e): e is ResultEvent => e.type === 'result');

/** Two architectures (`SM(10)`, `C(4,1,1) SM(10)`), so cached proposals come quickly. */
function tinyConfig(seed = 1): RunConfig {
  const config = presetConfig('test', seed);
  config.metaqnn = {
    ...config.metaqnn,
    layerLimit: 1,
    convFilters: [4],
    convSizes: [1],
    poolOptions: [],
    replaySamples: 3,
    epsilonSchedule: [
      { epsilon: 1, models: 1 },
      { epsilon: 0.5, models: 1 },
    ],
  };
  return config;
}

describe('SearchRun events', () => {
  it('emits propose before evaluating, then result, its replay samples and the schedule events', async () => {
    const { run, events } = recorded(presetConfig('test', 1));
    run.begin();
    expect(events).toEqual([{ type: 'epsilon', step: 0, epsilon: 1, modelsAtEpsilon: 3 }]);
    let seenAtEvaluate: RunEvent[] = [];
    await run.step(async (arch, ctx) => {
      seenAtEvaluate = [...events];
      expect(arch.space).toBe('layers');
      if (arch.space === 'layers') expect(ctx.net).toBe(netString(arch.layers));
      expect(ctx).toEqual({ index: 0, net: ctx.net, trainingSeed: hashString(`1|${ctx.net}`) });
      return fakeEvaluate()(arch, ctx);
    });
    expect(seenAtEvaluate.map((e) => e.type)).toEqual(['epsilon', 'propose']);
    const result = events[2] as ResultEvent;
    expect(result).toMatchObject({ type: 'result', index: 0, cached: false, trainMs: 5 });
    expect(result.reward).toBe(result.accuracy);
    // What it taught: one replay event naming the 20 samples (all of the only entry, proposal 0).
    expect(events.slice(3)).toEqual([{ type: 'replay', index: 0, samples: Array(20).fill(0) }]);
    const trajectoryLength = (events[1] as ProposeEvent).trajectory.length;
    const updates = toVersion1(events, qParams(presetConfig('test', 1))).filter((e) => e.type === 'q-update');
    expect(updates.filter((e) => e.source === 'trajectory')).toHaveLength(trajectoryLength);
    // 20 replay samples of the only entry, each its full trajectory.
    expect(updates.filter((e) => e.source === 'replay')).toHaveLength(20 * trajectoryLength);
  });

  it('reuses the reward of a cached architecture without training it or advancing the schedule', async () => {
    const calls: string[] = [];
    // A high reward makes the greedy choice return to the trained net.
    const evaluate: Evaluate = async (_arch, { net }) => {
      calls.push(net);
      return { accuracy: 0.9, curve: [0.9], params: 100, trainMs: 5, backend: 'cpu', restarts: 0 };
    };
    const { run, events } = recorded(tinyConfig());
    run.begin();
    await run.step(evaluate); // the first model is always unique: epsilon 1 -> 0.5
    expect(run.epsilon).toBe(0.5);
    expect(run.trained).toBe(1);
    const first = results(events)[0]!;
    // Only one other net exists: propose until it is found, meeting the trained one again meanwhile.
    let cachedSeen = 0;
    while (!run.done) {
      const before = events.length;
      await run.step(evaluate);
      const batch = events.slice(before);
      const result = results(batch)[0]!;
      if (!result.cached) break;
      cachedSeen++;
      expect(result).toMatchObject({ arch: first.arch, reward: first.reward, trainMs: 0, cached: true });
      expect(batch.some((e) => e.type === 'epsilon' || e.type === 'done')).toBe(false);
      expect(run.trained).toBe(1);
      expect(run.epsilon).toBe(0.5);
    }
    expect(cachedSeen).toBeGreaterThan(0);
    expect(run.done).toBe(true);
    expect(run.trained).toBe(2);
    expect(calls).toEqual([...new Set(calls)]); // every evaluated net is new
    expect(run.replayDictionary!.size).toBe(run.proposals); // cached ones are added again
  });

  it('runs the test preset to done with 3 + 1 + 1 unique models', async () => {
    const calls: string[] = [];
    const { run, events } = recorded(presetConfig('test', 1));
    run.begin();
    await runToDone(run, fakeEvaluate(calls));
    expect(run.trained).toBe(5);
    expect(calls).toHaveLength(5);
    expect(
      events.filter((e) => e.type === 'epsilon').map((e) => (e.type === 'epsilon' ? e.epsilon : 0)),
    ).toEqual([1, 0.5, 0.1]);
    expect(events.at(-1)).toEqual({ type: 'done', trained: 5 });
    await expect(run.step(fakeEvaluate())).rejects.toThrow(/done/);
  });

  it('runs the class preset to done with its 54 scheduled unique models', async () => {
    const config = presetConfig('class', 1);
    const planned = config.metaqnn.epsilonSchedule.reduce((n, s) => n + s.models, 0);
    expect(planned).toBe(30 + 3 * 2 + 6 * 3);
    const calls: string[] = [];
    const { run, events } = recorded(config);
    run.begin();
    await runToDone(run, fakeEvaluate(calls));
    expect(calls).toHaveLength(planned);
    expect(events.filter((e) => e.type === 'epsilon')).toHaveLength(10);
    expect(events.at(-1)).toEqual({ type: 'done', trained: planned });
  });

  it('the test preset space holds more architectures than its schedule trains', () => {
    const cfg = presetConfig('test').metaqnn;
    const count = (pos: LayersPosition): number =>
      legalActions(pos.state, cfg).reduce(
        (n, a) => n + (a.kind === 'terminate' ? 1 : count(applyLayer(pos, a))),
        0,
      );
    expect(count({ state: initialState(14), r: 14 })).toBeGreaterThan(5);
  });

  it('leaves the run unchanged when evaluation throws, and retries the same proposal', async () => {
    const { run, events } = recorded(presetConfig('test', 1));
    run.begin();
    await steps(run, 2);
    const before = run.snapshot();
    const failing: Evaluate = async () => {
      throw new Error('GPU lost');
    };
    await expect(run.step(failing)).rejects.toThrow('GPU lost');
    const failed = events.at(-1) as ProposeEvent;
    expect(failed).toMatchObject({ type: 'propose', index: 2 });
    expect(run.snapshot()).toEqual(before);
    await run.step(fakeEvaluate());
    const retried = events.filter((e): e is ProposeEvent => e.type === 'propose').at(-1)!;
    expect(retried).toEqual(failed);
  });
});

describe('determinism (SPEC §8)', () => {
  async function sequence(seed: number): Promise<string[]> {
    const { run, events } = recorded(presetConfig('class', seed));
    run.begin();
    await steps(run, 40);
    return proposals(events);
  }

  it('proposes the same sequence for the same seed and another one for a different seed', async () => {
    const a = await sequence(1);
    expect(a).toHaveLength(40);
    expect(await sequence(1)).toEqual(a);
    expect(await sequence(2)).not.toEqual(a);
  });

  it('trains the same architecture with the same seed', () => {
    const run = new SearchRun(presetConfig('test', 7), () => {});
    expect(run.trainingSeed('C(4,3,1) SM(10)')).toBe(run.trainingSeed('C(4,3,1) SM(10)'));
    expect(run.trainingSeed('C(4,3,1) SM(10)')).not.toBe(run.trainingSeed('C(8,3,1) SM(10)'));
  });
});

describe('SearchRun.restore', () => {
  it('rebuilds the exact state of a live run without emitting, and continues identically', async () => {
    const config = presetConfig('class', 3);
    const live = recorded(config);
    live.run.begin();
    await steps(live.run, 25);
    const log = [...live.events];

    const emitted: RunEvent[] = [];
    const calls: string[] = [];
    const restored = await SearchRun.restore(config, log, (batch) => emitted.push(...batch));
    expect(emitted).toEqual([]);
    expect(restored.snapshot()).toEqual(live.run.snapshot());
    expect(restored.epsilon).toBe(live.run.epsilon);
    expect(restored.trained).toBe(live.run.trained);

    const cut = live.events.length;
    await steps(live.run, 15);
    await steps(restored, 15, fakeEvaluate(calls));
    expect(emitted).toEqual(live.events.slice(cut));
    expect(restored.snapshot()).toEqual(live.run.snapshot());
  });

  it('ignores a trailing proposal without result', async () => {
    const config = presetConfig('test', 4);
    const live = recorded(config);
    live.run.begin();
    await steps(live.run, 3);
    const reference = live.run.snapshot();
    await live.run
      .step(async () => {
        throw new Error('interrupted');
      })
      .catch(() => {});
    expect(live.events.at(-1)!.type).toBe('propose');
    const restored = await SearchRun.restore(config, live.events, () => {});
    expect(restored.snapshot()).toEqual(reference);
  });

  it('restores a finished run as done', async () => {
    const config = presetConfig('test', 1);
    const live = recorded(config);
    live.run.begin();
    await runToDone(live.run);
    const restored = await SearchRun.restore(config, live.events, () => {});
    expect(restored.done).toBe(true);
    expect(restored.snapshot()).toEqual(live.run.snapshot());
  });

  it('refuses a log made with another seed, naming the proposal', async () => {
    const live = recorded(presetConfig('class', 1));
    live.run.begin();
    await steps(live.run, 5);
    await expect(SearchRun.restore(presetConfig('class', 2), live.events, () => {})).rejects.toThrow(
      /^Run log does not match this config and seed at proposal \d+: expected .+, logged .+$/,
    );
  });

  it('refuses a log with a gap in its proposals', async () => {
    const config = presetConfig('test', 1);
    const live = recorded(config);
    live.run.begin();
    await steps(live.run, 3);
    const withoutFirst = live.events.filter((e) => !(e.type === 'result' && e.index === 0));
    await expect(SearchRun.restore(config, withoutFirst, () => {})).rejects.toThrow(/after proposal 0/);
  });
});
