import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RunConfig } from '../nas/config';
import { presetConfig } from '../nas/presets';
import { cacheId, resultCacheKey } from '../nas/resultCacheKey';
import type { RunEvent } from '../nas/runlog';
import { SearchRun, type EvalResult, type Evaluate } from '../nas/search';
import { parseCacheFile } from './cacheFile';
import { DB_NAME, emptySummary, openAppDb, RUN_CHUNK, type RunRecord, type RunSummary } from './db';
import { ResultCache } from './resultCache';
import { RunStore } from './runStore';

beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});

afterEach(() => {
  vi.restoreAllMocks();
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

/** A MetaQNN config whose run goes on for thousands of events (a paper-length run, in small). */
const longConfig: RunConfig = (() => {
  const base = presetConfig('test', 3);
  return { ...base, metaqnn: { ...base.metaqnn, epsilonSchedule: [{ epsilon: 1, models: 5000 }] } };
})();

let longLog: RunEvent[] = [];

/** The first `length` events of a long real run (every prefix of a run log is a valid log). */
async function longEvents(length: number): Promise<RunEvent[]> {
  if (longLog.length < length) {
    longLog = [];
    const run = new SearchRun(longConfig, (e) => longLog.push(...e));
    run.begin();
    while (longLog.length < length && !run.done) await run.step(fakeEvaluate);
  }
  expect(longLog.length).toBeGreaterThanOrEqual(length);
  return longLog.slice(0, length);
}

/** The stored chunks of a run: their indices and lengths, read straight from the database. */
async function chunksOf(id: string): Promise<{ index: number; length: number }[]> {
  const db = await openAppDb();
  const range = IDBKeyRange.bound([id, 0], [id, Infinity]);
  const [keys, chunks] = await Promise.all([
    db.getAllKeys('runChunks', range),
    db.getAll('runChunks', range),
  ]);
  db.close();
  return keys.map(([, index], i) => ({ index, length: chunks[i]!.length }));
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
  it("keeps a one-shot run's latest checkpoint with it, and deletes it with the run", async () => {
    const store = await RunStore.open();
    const events = await runEvents(config, 2);
    store.sync(config, events, summaryOf(events, config));
    const id = store.currentId!;
    const checkpoint = (epoch: number) => ({
      events: events.length,
      loop: { epoch, step: 4 * epoch, elapsedMs: 12.5, lastValAccuracy: 0.25 },
      method: { baseline: 0.5 },
      trainer: { tensors: [{ name: 'alpha', shape: [2, 2], values: Float32Array.of(1, 2, 3, epoch) }] },
    });
    store.saveCheckpoint(checkpoint(1));
    store.saveCheckpoint(checkpoint(2));
    await store.flushed();
    const reopened = await RunStore.open();
    expect(await reopened.loadCheckpoint(id)).toEqual(checkpoint(2));
    expect(await reopened.loadCheckpoint('another')).toBeNull();
    // A new run takes over as current; the old one can then be deleted, checkpoint and all.
    reopened.sync(presetConfig('test', 4), [], summaryOf([], config));
    await reopened.flushed();
    const loaded = await reopened.loadCurrent();
    expect(loaded?.record.id).not.toBe(id);
    await reopened.remove(id);
    expect(await reopened.loadCheckpoint(id)).toBeNull();
  });

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

  it('opening a run without its unfinished proposal drops it from the stored log', async () => {
    const store = await RunStore.open();
    const two = await runEvents(config, 2);
    const second = two.findLastIndex((e) => e.type === 'propose');
    // Saved while the second model trained (a crash, a closed tab).
    const events = two.slice(0, second);
    store.sync(config, two.slice(0, second + 1), summaryOf(events, config));
    const id = store.currentId!;
    const other = presetConfig('test', 4);
    store.sync(other, [], emptySummary(other));
    await store.flushed();
    // The app opens a saved run without a trailing proposal that has no result (completeEvents).
    const loaded = (await store.load(id))!;
    store.adopt({ record: loaded.record, events });
    store.sync(loaded.record.config, events, { ...summaryOf(events, config), status: 'done' });
    await store.flushed();
    expect((await store.load(id))?.events).toEqual(events);
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
    expect([...db.objectStoreNames].sort()).toEqual([
      'datasetImages',
      'datasets',
      'meta',
      'resultCache',
      'runChunks',
      'runs',
    ]);
  });

  it('moves the runs of database version 2 (one record per event) into chunks', async () => {
    const long = await longEvents(RUN_CHUNK + 10);
    const short = await runEvents(config, 2);
    const logs: [string, RunConfig, readonly RunEvent[]][] = [
      ['long', longConfig, long],
      ['short', config, short],
      ['empty', config, []],
    ];
    const v2 = await openDB(DB_NAME, 2, {
      upgrade(db) {
        db.createObjectStore('meta');
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('runEvents');
        db.createObjectStore('resultCache', { keyPath: 'id' });
      },
    });
    for (const [id, c, events] of logs) {
      const record: RunRecord = {
        id,
        name: id,
        created: 1,
        updated: 1,
        config: c,
        eventCount: events.length,
        summary: summaryOf(events, c),
      };
      await v2.put('runs', record);
      for (const [i, e] of events.entries()) await v2.put('runEvents', e, [id, i]);
    }
    await v2.put('meta', 'short', 'currentRun');
    await v2.put('resultCache', { id: 'a trained result' });
    v2.close();

    const store = await RunStore.open();
    expect((await store.list()).map((r) => r.id).sort()).toEqual(['empty', 'long', 'short']);
    expect((await store.loadCurrent())?.events).toEqual(short);
    expect(store.currentId).toBe('short');
    expect((await store.load('long'))?.events).toEqual(long);
    expect((await store.load('empty'))?.events).toEqual([]);
    expect(await chunksOf('long')).toEqual([
      { index: 0, length: RUN_CHUNK },
      { index: 1, length: 10 },
    ]);
    expect(await chunksOf('empty')).toEqual([]);
    expect(await (await ResultCache.open()).count()).toBe(1);
    const db = await openAppDb();
    expect([...db.objectStoreNames].sort()).toEqual([
      'datasetImages',
      'datasets',
      'meta',
      'resultCache',
      'runChunks',
      'runs',
    ]);
    db.close();

    // The migrated run keeps growing where it stopped.
    const more = await longEvents(RUN_CHUNK + 20);
    const loaded = (await store.load('long'))!;
    store.adopt(loaded);
    store.sync(loaded.record.config, more, summaryOf(more, longConfig));
    await store.flushed();
    expect((await store.load('long'))?.events).toEqual(more);
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

describe('long runs, saved in chunks of RUN_CHUNK events', () => {
  /** Syncs each prefix in turn, as the app does while the run grows. */
  async function grow(store: RunStore, lengths: readonly number[]): Promise<RunEvent[]> {
    let events: RunEvent[] = [];
    for (const length of lengths) {
      events = await longEvents(length);
      store.sync(longConfig, events, summaryOf(events, longConfig));
    }
    await store.flushed();
    return events;
  }

  it('fills a chunk, starts the next and loads the whole log back, across chunk boundaries', async () => {
    const store = await RunStore.open();
    const steps = [5, RUN_CHUNK - 1, RUN_CHUNK, RUN_CHUNK + 1, 2 * RUN_CHUNK + 7];
    for (const length of steps) {
      const events = await grow(store, [length]);
      expect((await (await RunStore.open()).loadCurrent())?.events).toEqual(events);
      expect((await store.list())[0]?.eventCount).toBe(length);
    }
    expect(await chunksOf(store.currentId!)).toEqual([
      { index: 0, length: RUN_CHUNK },
      { index: 1, length: RUN_CHUNK },
      { index: 2, length: 7 },
    ]);
    expect(await store.list()).toHaveLength(1);
  });

  it('drops an unfinished proposal that began a new chunk, and shortens a log across chunks', async () => {
    const store = await RunStore.open();
    const events = await longEvents(RUN_CHUNK);
    const pending: RunEvent = { type: 'propose', index: 9999, arch: 'x', trajectory: [] };
    store.sync(longConfig, [...events, pending], summaryOf(events, longConfig));
    await store.flushed();
    expect((await chunksOf(store.currentId!)).map((c) => c.length)).toEqual([RUN_CHUNK, 1]);
    store.sync(longConfig, events, summaryOf(events, longConfig));
    await store.flushed();
    expect(await chunksOf(store.currentId!)).toEqual([{ index: 0, length: RUN_CHUNK }]);
    expect((await (await RunStore.open()).loadCurrent())?.events).toEqual(events);

    // From three chunks back into the middle of the first.
    await grow(store, [2 * RUN_CHUNK + 3]);
    const shorter = await grow(store, [RUN_CHUNK - 2]);
    expect(await chunksOf(store.currentId!)).toEqual([{ index: 0, length: RUN_CHUNK - 2 }]);
    expect((await (await RunStore.open()).loadCurrent())?.events).toEqual(shorter);
    // And it grows again from there.
    const again = await grow(store, [RUN_CHUNK + 4]);
    expect((await (await RunStore.open()).loadCurrent())?.events).toEqual(again);
    expect(await store.list()).toHaveLength(1);
  });

  it('rewrites the log from the start when a run without results gets another config', async () => {
    const store = await RunStore.open();
    const pending: RunEvent = { type: 'propose', index: 0, arch: 'x', trajectory: [] };
    const filler = Array.from({ length: RUN_CHUNK + 5 }, () => pending);
    // A run without results (an import in progress, say) of two chunks, then another config.
    store.sync(longConfig, filler, emptySummary(longConfig));
    const other = presetConfig('test', 4);
    const events = await runEvents(other, 1);
    store.sync(other, events, summaryOf(events, other));
    await store.flushed();
    expect(await store.list()).toHaveLength(1);
    expect(await chunksOf(store.currentId!)).toEqual([{ index: 0, length: events.length }]);
    expect((await (await RunStore.open()).loadCurrent())?.events).toEqual(events);
  });

  it('duplicates and deletes a run of several chunks', async () => {
    const store = await RunStore.open();
    const events = await grow(store, [2 * RUN_CHUNK + 1]);
    const id = store.currentId!;
    const copy = (await store.duplicate(id, 'copy'))!;
    expect(copy.eventCount).toBe(events.length);
    expect((await store.load(copy.id))?.events).toEqual(events);
    expect((await chunksOf(copy.id)).map((c) => c.length)).toEqual([RUN_CHUNK, RUN_CHUNK, 1]);
    await store.remove(copy.id);
    expect(await chunksOf(copy.id)).toEqual([]);
    expect(await store.load(copy.id)).toBeNull();
    expect((await store.load(id))?.events).toEqual(events);
  });

  it('writes only the last chunk and the new ones, however long the run', async () => {
    const store = await RunStore.open();
    await grow(store, [3 * RUN_CHUNK + 10]);
    const id = store.currentId!;
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    /** The chunk keys that `put` wrote since the last call. */
    const written = () => {
      const keys = put.mock.calls.flatMap(([, key], i) =>
        (put.mock.contexts[i] as IDBObjectStore).name === 'runChunks' ? [key as [string, number]] : [],
      );
      put.mockClear();
      return keys;
    };

    await grow(store, [3 * RUN_CHUNK + 13]);
    expect(written()).toEqual([[id, 3]]);
    // Across a boundary: the last partial chunk is completed and one new chunk begun.
    await grow(store, [4 * RUN_CHUNK - 1]);
    written();
    await grow(store, [4 * RUN_CHUNK + 2]);
    expect(written()).toEqual([
      [id, 3],
      [id, 4],
    ]);
    // A summary that changes without new events (a status) writes the record, no chunk.
    const events = await longEvents(4 * RUN_CHUNK + 2);
    store.sync(longConfig, events, { ...summaryOf(events, longConfig), status: 'done' });
    await store.flushed();
    expect(written()).toEqual([]);
    expect((await store.load(id))?.events).toEqual(events);
  });

  it('commits a log far ahead of its saves in slices that each end where a proposal starts', async () => {
    const store = await RunStore.open();
    await grow(store, [10]);
    const id = store.currentId!;
    const events = await longEvents(20 * RUN_CHUNK + 5);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    store.sync(longConfig, events, summaryOf(events, longConfig));
    await store.flushed();
    // Each slice's record names how far it got: a whole log, cut before a proposal.
    const counts = put.mock.calls.flatMap(([value], i) =>
      (put.mock.contexts[i] as IDBObjectStore).name === 'runs' ? [(value as RunRecord).eventCount] : [],
    );
    put.mockRestore();
    expect(counts.length).toBeGreaterThanOrEqual(3);
    expect(counts.at(-1)).toBe(events.length);
    for (const count of counts.slice(0, -1)) expect(events[count]!.type).toBe('propose');
    expect((await (await RunStore.open()).load(id))?.events).toEqual(events);
  });

  it('merges the syncs that arrive while a write is queued into one write of the latest log', async () => {
    const store = await RunStore.open();
    await grow(store, [10]);
    const id = store.currentId!;
    const events = await longEvents(3 * RUN_CHUNK);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    // A table run: many syncs in one task, faster than IndexedDB commits.
    for (let n = 20; n <= events.length; n += 37) {
      const log = events.slice(0, n);
      store.sync(longConfig, log, summaryOf(log, longConfig));
    }
    store.sync(longConfig, events, summaryOf(events, longConfig));
    await store.flushed();
    const chunkWrites = put.mock.contexts.filter((c) => (c as IDBObjectStore).name === 'runChunks');
    put.mockRestore();
    // The first sync's write, then one for all the others: chunks 0 (twice at most), 1 and 2.
    expect(chunkWrites.length).toBeLessThanOrEqual(4);
    expect((await (await RunStore.open()).load(id))?.events).toEqual(events);
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
