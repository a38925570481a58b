import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { type RunConfig } from '../nas/config';
import { presetConfig } from '../nas/presets';
import { cacheId, resultCacheKey } from '../nas/resultCacheKey';
import type { RunEvent } from '../nas/runlog';
import { SearchRun, type EvalResult, type Evaluate } from '../nas/search';
import { parseCacheFile } from './cacheFile';
import { DB_NAME, emptySummary, openAppDb, type RunSummary } from './db';
import { ResultCache } from './resultCache';
import { RunStore } from './runStore';

beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});

/** A trainer stand-in whose accuracy depends only on the architecture and the seed. */
const fakeEvaluate: Evaluate = async (_arch, ctx) => ({
  accuracy: ((ctx.trainingSeed >>> 0) % 1000) / 1000,
  curve: [((ctx.trainingSeed >>> 0) % 1000) / 1000],
  params: 100 + ctx.index,
  trainMs: 5,
  backend: 'cpu',
  restarts: 0,
});

/** The events of a real `test`-fidelity MetaQNN run after `steps` proposals. */
async function runEvents(config: RunConfig, steps: number): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (e) => events.push(...e));
  run.begin();
  for (let i = 0; i < steps && !run.done; i++) await run.step(fakeEvaluate);
  return events;
}

function summaryOf(events: readonly RunEvent[], config: RunConfig): RunSummary {
  const results = events.filter((e) => e.type === 'result');
  return {
    ...emptySummary(config),
    trained: results.filter((r) => !r.cached).length,
    bestReward: results.length ? Math.max(...results.map((r) => r.reward)) : null,
    status: results.length ? 'paused' : 'new',
  };
}

const config = presetConfig('test', 3);

describe('RunStore', () => {
  it('saves a run as it grows and loads it back as the current run', async () => {
    const store = await RunStore.open();
    const events = await runEvents(config, 2);
    store.sync(config, events.slice(0, 3), summaryOf(events.slice(0, 3), config));
    store.sync(config, events, summaryOf(events, config));
    await store.flushed();

    const reopened = await RunStore.open();
    const loaded = await reopened.loadCurrent();
    expect(loaded?.events).toEqual(events);
    expect(loaded?.record.summary.trained).toBe(2);
    expect(reopened.currentId).toBe(store.currentId);
    expect(await reopened.list()).toHaveLength(1);
  });

  it('drops an unfinished proposal from the stored log after a crash, in the same run', async () => {
    const store = await RunStore.open();
    const events = await runEvents(config, 2);
    const withPending: RunEvent[] = [...events, { type: 'propose', index: 2, arch: 'x', trajectory: [] }];
    store.sync(config, withPending, summaryOf(events, config));
    store.sync(config, events, summaryOf(events, config));
    await store.flushed();
    expect((await (await RunStore.open()).loadCurrent())?.events).toEqual(events);
    expect(await store.list()).toHaveLength(1);
  });

  it('keeps a run with results when the app resets, and saves the new one beside it', async () => {
    const store = await RunStore.open();
    const events = await runEvents(config, 2);
    store.sync(config, events, summaryOf(events, config));
    const first = store.currentId;
    const other = presetConfig('test', 4);
    store.sync(other, [], emptySummary(other));
    await store.flushed();
    expect(store.currentId).not.toBe(first);
    const runs = await store.list();
    expect(runs.map((r) => r.id).sort()).toEqual([first, store.currentId].sort());
    expect((await store.load(first!))?.events).toEqual(events);
    // A new run without results only changes its config: no third run.
    const third = presetConfig('test', 5);
    store.sync(third, [], emptySummary(third));
    await store.flushed();
    const runs2 = await store.list();
    expect(runs2).toHaveLength(2);
    expect(runs2.find((r) => r.id === store.currentId)?.name).toMatch(/seed 5$/);
  });

  it('renames, duplicates and deletes runs; the open run cannot be deleted', async () => {
    const store = await RunStore.open();
    const events = await runEvents(config, 1);
    store.sync(config, events, summaryOf(events, config));
    await store.flushed();
    const id = store.currentId!;
    await store.rename(id, 'Lecture 3');
    const copy = await store.duplicate(id, 'Lecture 3 (copy)');
    expect(copy).not.toBeNull();
    expect((await store.load(copy!.id))?.events).toEqual(events);
    expect((await store.list()).map((r) => r.name).sort()).toEqual(['Lecture 3', 'Lecture 3 (copy)']);
    await expect(store.remove(id)).rejects.toThrow(/open another run first/);
    await store.remove(copy!.id);
    expect((await store.list()).map((r) => r.id)).toEqual([id]);
    expect(await store.load(copy!.id)).toBeNull();
  });

  it('opening another run keeps saving into that run', async () => {
    const store = await RunStore.open();
    const a = await runEvents(config, 1);
    store.sync(config, a, summaryOf(a, config));
    await store.flushed();
    const firstId = store.currentId!;
    const other = presetConfig('test', 9);
    store.sync(other, [], emptySummary(other));
    await store.flushed();
    const loaded = (await store.load(firstId))!;
    store.adopt(loaded);
    const more = await runEvents(config, 2);
    store.sync(loaded.record.config, more, summaryOf(more, config));
    await store.flushed();
    expect((await store.load(firstId))?.events).toEqual(more);
    expect((await (await RunStore.open()).loadCurrent())?.record.id).toBe(firstId);
  });

  it('migrates the single run of database version 1 into the list', async () => {
    const events = await runEvents(config, 2);
    const v1 = await openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('meta');
        db.createObjectStore('events');
      },
    });
    await v1.put('meta', { config, eventCount: events.length }, 'current');
    for (const [i, e] of events.entries()) await v1.put('events', e, i);
    v1.close();

    const store = await RunStore.open();
    const loaded = await store.loadCurrent();
    expect(loaded?.events).toEqual(events);
    expect(loaded?.record.summary).toMatchObject({ strategy: 'metaqnn', trained: 2, status: 'paused' });
    const db = await openAppDb();
    expect([...db.objectStoreNames].sort()).toEqual(['meta', 'resultCache', 'runEvents', 'runs']);
  });

  it('reports a failed write and keeps going (a full disk)', async () => {
    const errors: unknown[] = [];
    const store = await RunStore.open((err) => errors.push(err));
    const events = await runEvents(config, 1);
    // Events that cannot be cloned make the write fail as a quota error would.
    const bad = [...events, { type: 'done', trained: 1, oops: () => 0 } as unknown as RunEvent];
    store.sync(config, bad, summaryOf(events, config));
    await store.flushed();
    expect(errors).toHaveLength(1);
  });
});

describe('the result cache', () => {
  const result: EvalResult = {
    accuracy: 0.8,
    curve: [0.7, 0.8],
    params: 10,
    trainMs: 40,
    backend: 'webgpu',
    restarts: 0,
  };
  const arch = { space: 'layers', layers: { layers: [{ kind: 'gap' }], classes: 10 } } as const;

  it('keys by architecture, dataset, fidelity and training seed', () => {
    const key = resultCacheKey(config, arch, 'GAP SM(10)', 7);
    expect(key.dataset).toBe(config.dataset);
    expect(key.seed).toBe(7);
    expect(key.fidelity).toMatch(/^test#[0-9a-f]{8}$/);
    expect(key.arch).toMatch(/^layers:GAP SM\(10\)#[0-9a-f]{8}$/);
    expect(resultCacheKey(structuredClone(config), arch, 'GAP SM(10)', 7)).toEqual(key);
    const otherSeed = resultCacheKey(config, arch, 'GAP SM(10)', 8);
    const otherData = resultCacheKey(
      { ...config, data: { ...config.data, trainImages: 256 } },
      arch,
      'GAP SM(10)',
      7,
    );
    const otherEpochs = resultCacheKey(
      { ...config, training: { ...config.training, epochs: 3 } },
      arch,
      'GAP SM(10)',
      7,
    );
    const otherSet = resultCacheKey({ ...config, dataset: 'fashion-mnist-14' }, arch, 'GAP SM(10)', 7);
    const wider = resultCacheKey(
      config,
      { ...arch, layers: { ...arch.layers, classes: 3 } },
      'GAP SM(10)',
      7,
    );
    const ids = [key, otherSeed, otherData, otherEpochs, otherSet, wider].map(cacheId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stores, counts, exports, imports and clears entries', async () => {
    const cache = await ResultCache.open();
    const key = resultCacheKey(config, arch, 'GAP SM(10)', 7);
    expect(await cache.get(key)).toBeUndefined();
    await cache.put(key, result);
    await cache.put(key, { ...result, accuracy: 0.1 }); // the first training stays
    expect(await cache.get(key)).toEqual(result);
    expect(await cache.count()).toBe(1);

    const file = await cache.exportFile();
    await cache.clear();
    expect(await cache.count()).toBe(0);
    const parsed = parseCacheFile(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(await cache.importEntries(parsed.entries)).toBe(1);
    expect(await cache.importEntries(parsed.entries)).toBe(0);
    expect(await cache.get(key)).toEqual(result);
  });

  it('refuses a malformed cache file naming the problem', async () => {
    const cache = await ResultCache.open();
    await cache.put(resultCacheKey(config, arch, 'GAP SM(10)', 7), result);
    const file = await cache.exportFile();
    const edit = (f: (doc: Record<string, unknown> & { entries: Record<string, unknown>[] }) => void) => {
      const doc = structuredClone(file) as unknown as Record<string, unknown> & {
        entries: Record<string, unknown>[];
      };
      f(doc);
      return parseCacheFile(JSON.stringify(doc));
    };
    expect(parseCacheFile('{"format": ')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^The file is not JSON/),
    });
    expect(parseCacheFile('{"format":"nas-playground/run"}')).toMatchObject({
      ok: false,
      error: "The file is not a result cache (format 'nas-playground/result-cache' expected).",
    });
    expect(edit((d) => (d.version = 9))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/version 9/),
    });
    expect(edit((d) => ((d.entries[0]!.result as Record<string, unknown>).accuracy = 1.5))).toEqual({
      ok: false,
      error: 'Entry 0 has an accuracy outside [0, 1].',
      problem: { code: 'cacheFile.entry', params: { index: 0, problem: { code: 'cacheFile.accuracy' } } },
    });
    expect(edit((d) => (d.entries[0]!.seed = 8))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Entry 0 is stored under/),
    });
  });
});
