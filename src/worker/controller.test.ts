import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetConfig } from '../nas/presets';
import { formatMessage, message, type Message } from '../nas/message';
import { cacheId } from '../nas/resultCacheKey';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type ResultEvent, type RunEvent } from '../nas/runlog';
import type { EvalResult } from '../nas/search';
import type { ResultCacheLike } from '../storage/resultCache';
import { DataError } from '../data/format';
import nb201Json from '../data/nb201/nb201-12epoch.json';
import { Nb201Table } from '../nas/nb201Table';
import { disposeTrainingTensors } from '../train/data';
import { syntheticData } from './syntheticData';
import { PACED_MODELS, PACED_WINDOW, SearchWorkerController, type WorkerDeps } from './controller';
import { applyConfigPatch } from '../nas/options';
import type { FromWorker } from './protocol';

function harness(overrides: Partial<WorkerDeps> = {}) {
  const messages: FromWorker[] = [];
  const controller = new SearchWorkerController({
    post: (m) => messages.push(m),
    selectBackend: async () => ({ backend: 'cpu', reason: null, adapter: '' }),
    watchDeviceLoss: () => {},
    loadData: async (config) => syntheticData(config),
    disposeData: disposeTrainingTensors,
    loadTable: async () => Nb201Table.fromJson(nb201Json),
    memory: () => ({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes, gpuBytes: null }),
    ...overrides,
  });
  const statuses = () => messages.filter((m) => m.type === 'status').map((m) => m.status);
  const events = () => messages.flatMap((m) => (m.type === 'events' ? m.events : []));
  return { controller, messages, statuses, events };
}

const config = presetConfig('test', 3);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('SearchWorkerController', () => {
  it('inits, steps one model, runs to the end and restores from its own log', async () => {
    const { controller, messages, statuses, events } = harness();
    await controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    expect(messages[0]).toEqual({ type: 'backend', backend: 'cpu', reason: null, adapter: '' });
    expect(messages.find((m) => m.type === 'ready')).toEqual({ type: 'ready', restoredEvents: 0 });
    expect(statuses()).toEqual(['idle']);
    expect(events()[0]?.type).toBe('epsilon');

    await controller.handle({ type: 'step' });
    await controller.idle();
    expect(statuses()).toEqual(['idle', 'running', 'paused']);
    expect(events().filter((e) => e.type === 'result')).toHaveLength(1);
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(messages.some((m) => m.type === 'memory')).toBe(true);

    const tensorsBefore = tf.memory().numTensors;
    await controller.handle({ type: 'start' });
    await controller.idle();
    expect(statuses().at(-1)).toBe('done');
    expect(events().at(-1)?.type).toBe('done');
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const log: RunEvent[] = events();
    const restored = harness();
    await restored.controller.handle({ type: 'init', config, events: log, resume: 'running' });
    expect(restored.messages.find((m) => m.type === 'ready')).toEqual({
      type: 'ready',
      restoredEvents: log.length,
    });
    expect(restored.statuses()).toEqual(['done']);
    expect(restored.events()).toEqual([]);
  });

  it('pauses after the model being trained when asked during training', async () => {
    const { controller, messages, statuses, events } = harness();
    await controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    await controller.handle({ type: 'start' });
    // Pause as soon as the first progress message of the first model arrives.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (messages.some((m) => m.type === 'progress')) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    await controller.handle({ type: 'pause' });
    await controller.idle();
    expect(statuses().at(-1)).toBe('paused');
    expect(events().filter((e) => e.type === 'result').length).toBeGreaterThanOrEqual(1);
    expect(events().some((e) => e.type === 'done')).toBe(false);
  });

  it('reports a broken dataset as a data error and leaves status error', async () => {
    const { controller, messages, statuses } = harness({
      loadData: async () => {
        throw new DataError('mnist-14.bin: not a dataset file');
      },
    });
    await controller.handle({ type: 'init', config, events: [], resume: 'running' });
    expect(messages.find((m) => m.type === 'error')).toEqual({
      type: 'error',
      kind: 'data',
      message: { code: 'worker.dataFailed', params: { reason: 'mnist-14.bin: not a dataset file' } },
    });
    const error = messages.find((m) => m.type === 'error');
    expect(error && formatMessage(error.message)).toBe(
      'The dataset could not be loaded: mnist-14.bin: not a dataset file',
    );
    expect(statuses()).toEqual(['error']);
  });

  it('refuses to restore a log its config and seed do not propose, saying so as an import would', async () => {
    const h = harness();
    await h.controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    await h.controller.handle({ type: 'start' });
    await h.controller.idle();
    // The same log under another seed: well formed, but not that seed's run.
    const forged = harness();
    await forged.controller.handle({
      type: 'init',
      config: { ...config, seed: config.seed + 1 },
      events: h.events(),
      resume: 'idle',
    });
    const error = forged.messages.find((m) => m.type === 'error');
    expect(error).toMatchObject({ type: 'error', message: { code: 'runlog.replay' } });
    expect(formatMessage((error as Extract<FromWorker, { type: 'error' }>).message)).toMatch(
      /^The run cannot be replayed with its config and seed: Run log does not match this config and seed at proposal 0/,
    );
    expect(forged.messages.some((m) => m.type === 'ready')).toBe(false);
  }, 60_000);

  it('reads an imported log from its text, and refuses text that is not a run log', async () => {
    const h = harness();
    await h.controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    await h.controller.handle({ type: 'start' });
    await h.controller.idle();
    const log = {
      format: RUN_LOG_FORMAT,
      version: RUN_LOG_VERSION,
      config,
      seed: config.seed,
      events: h.events(),
    };
    const imported = harness();
    await imported.controller.handle({ type: 'import', text: JSON.stringify(log) });
    expect(imported.messages.find((m) => m.type === 'ready')).toEqual({
      type: 'ready',
      restoredEvents: h.events().length,
    });
    expect(imported.statuses()).toEqual(['done']);
    const refused = harness();
    await refused.controller.handle({ type: 'import', text: '{"format":"something else"}' });
    expect(refused.messages.find((m) => m.type === 'error')).toMatchObject({
      message: { code: 'runlog.wrongFormat' },
    });
    expect(refused.messages.some((m) => m.type === 'ready')).toBe(false);
  }, 60_000);

  it('reports a lost device once and refuses further work', async () => {
    let lose: (problem: Message) => void = () => {};
    const { controller, messages, statuses } = harness({ watchDeviceLoss: (cb) => (lose = cb) });
    await controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    lose(message('backend.deviceLost', { reason: 'test' }));
    await controller.handle({ type: 'start' });
    const errors = messages.filter((m) => m.type === 'error');
    expect(errors.map((m) => m.kind)).toEqual(['device-lost', 'device-lost']);
    expect(statuses().at(-1)).toBe('error');
  });
});

describe('the persistent result cache in the worker', () => {
  /** An in-memory stand-in for the IndexedDB cache, counting hits. */
  function memoryCache() {
    const entries = new Map<string, EvalResult>();
    let hits = 0;
    const cache: ResultCacheLike = {
      get: async (key) => {
        const hit = entries.get(cacheId(key));
        if (hit) hits++;
        return hit;
      },
      put: async (key, result) => void entries.set(cacheId(key), result),
    };
    return { cache, entries, hits: () => hits };
  }

  it('answers a re-run of the same preset and seed from the cache, with the same results', async () => {
    const shared = memoryCache();
    const runOnce = async () => {
      const h = harness({ resultCache: async () => shared.cache });
      await h.controller.handle({ type: 'init', config, events: [], resume: 'idle' });
      await h.controller.handle({ type: 'start' });
      await h.controller.idle();
      return h.events().filter((e): e is ResultEvent => e.type === 'result');
    };
    const first = await runOnce();
    const trained = first.filter((r) => !r.cached);
    expect(trained.length).toBeGreaterThan(0);
    expect(trained.every((r) => !r.fromResultCache && r.trainMs > 0)).toBe(true);
    expect(shared.entries.size).toBe(trained.length);

    const second = await runOnce();
    const fresh = second.filter((r) => !r.cached);
    expect(fresh.every((r) => r.fromResultCache === true && r.trainMs === 0)).toBe(true);
    expect(shared.hits()).toBe(fresh.length);
    // Same proposals, same accuracies and curves: the cache changes the time, not the run.
    const strip = (r: ResultEvent) => ({
      arch: r.arch,
      accuracy: r.accuracy,
      curve: r.curve,
      reward: r.reward,
    });
    expect(second.map(strip)).toEqual(first.map(strip));
  }, 60_000);
});

describe('a table run paced by its saves (issue #17)', () => {
  const patched = applyConfigPatch(presetConfig('test', 3), {
    space: 'nb201',
    dataset: 'nb201-cifar10',
    metaqnn: {
      epsilonSchedule: [
        { epsilon: 1, models: 240 },
        { epsilon: 0.5, models: 40 },
      ],
    },
  });
  if (!patched.ok) throw new Error(JSON.stringify(patched.errors));
  const tableConfig = patched.config;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
  const posts = (messages: FromWorker[]) =>
    messages.filter((m): m is Extract<FromWorker, { type: 'events' }> => m.type === 'events');
  const newModels = (events: readonly RunEvent[]) =>
    events.filter((e) => e.type === 'result' && !e.cached).length;

  it('keeps at most PACED_WINDOW slices unsaved, each with at most PACED_MODELS new models, and logs the same run', async () => {
    const free = harness();
    await free.controller.handle({ type: 'init', config: tableConfig, events: [], resume: 'idle' });
    await free.controller.handle({ type: 'start' });
    await free.controller.idle();
    expect(free.statuses().at(-1)).toBe('done');

    const paced = harness();
    await paced.controller.handle({
      type: 'init',
      config: tableConfig,
      events: [],
      resume: 'idle',
      paced: true,
    });
    expect(posts(paced.messages)).toHaveLength(1); // the run's first events, not yet saved
    void paced.controller.handle({ type: 'start' });
    await settle();
    // Slices go out until PACED_WINDOW wait to be saved; then the run waits for the UI.
    expect(posts(paced.messages)).toHaveLength(PACED_WINDOW);
    expect(paced.statuses().at(-1)).toBe('running');
    let answered = 0;
    while (paced.statuses().at(-1) === 'running' && answered < 100) {
      const before = posts(paced.messages).length;
      await paced.controller.handle({ type: 'saved' });
      answered++;
      await settle();
      // One answer lets exactly one slice out (the last one goes with the end of the run).
      if (paced.statuses().at(-1) === 'running') expect(posts(paced.messages)).toHaveLength(before + 1);
    }
    expect(paced.statuses().at(-1)).toBe('done');
    const slices = posts(paced.messages).map((m) => newModels(m.events));
    expect(slices.length).toBeGreaterThan(280 / PACED_MODELS);
    expect(Math.max(...slices)).toBeLessThanOrEqual(PACED_MODELS);
    expect(paced.events()).toEqual(free.events());
  }, 60_000);

  it('pauses while waiting for a save', async () => {
    const h = harness();
    await h.controller.handle({ type: 'init', config: tableConfig, events: [], resume: 'idle', paced: true });
    void h.controller.handle({ type: 'start' });
    await settle();
    expect(h.statuses().at(-1)).toBe('running');
    await h.controller.handle({ type: 'pause' });
    await h.controller.idle();
    expect(h.statuses().at(-1)).toBe('paused');
    // What was looked up is posted (the UI saves it), nothing is dropped.
    expect(newModels(h.events())).toBeGreaterThan(0);
  }, 60_000);
});
