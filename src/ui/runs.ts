/**
 * Saved runs and the result cache on the UI thread: restores the current run at start-up,
 * saves it as it grows, and carries out the run list's and the cache's commands. Where storage
 * fails (no IndexedDB in a private window, a full disk) it says so in the store and the run
 * goes on in memory.
 */
import type { OneShotCheckpoint } from '../nas/oneshot/checkpoint';
import { i18next } from '../i18n';
import type { AppStore } from '../store/appState';
import { completeEvents } from '../store/runView';
import type { StorageProblem } from '../store/runsSlice';
import { MessageError } from '../nas/messageError';
import { parseCacheFile } from '../storage/cacheFile';
import type { RunRecord, RunSummary } from '../storage/db';
import { ResultCache, type ResultCacheFile } from '../storage/resultCache';
import { RunStore } from '../storage/runStore';
import type { RunEvent } from '../nas/runlog';
import type { RunController } from './controller';
import type { SavedRun } from './linkSync';

/** One saved run as `window.nasPlayground.runs()` returns it. */
export interface SavedRunInfo {
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  created: number;
  updated: number;
  strategy: string;
  space: string;
  dataset: string;
  /** Unique models trained. */
  trained: number;
  bestReward: number | null;
  /** True for the run open in the app. */
  current: boolean;
}

export interface RunsManager {
  /** Saved runs, most recently updated first (after pending writes). */
  list(): Promise<SavedRunInfo[]>;
  open(id: string): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  duplicate(id: string): Promise<void>;
  /** Keeps the current run and starts a new one with the form's settings. */
  newRun(): Promise<void>;
  exportCache(): Promise<ResultCacheFile>;
  /** Validates and adds a cache file's entries; rejects with a message, changing nothing, when malformed. */
  importCache(text: string): Promise<number>;
  clearCache(): Promise<void>;
  /** Resolves when every write so far is committed. */
  flushed(): Promise<void>;
  /**
   * Saves the open run's log with `unshown` after the events the app holds (the worker's events
   * not yet shown, src/worker/client.ts) and resolves once saved. Read when called: `unshown`
   * and the app's log change together.
   */
  saveAhead(unshown: readonly RunEvent[]): Promise<void>;
  /** One-shot runs: keeps the worker's latest epoch-boundary checkpoint with the current run. */
  saveCheckpoint(checkpoint: OneShotCheckpoint): void;
}

function problemOf(err: unknown, fallback: StorageProblem['kind']): StorageProblem {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  const detail = err instanceof Error || err instanceof DOMException ? err.message : String(err);
  return { kind: name === 'QuotaExceededError' ? 'quota' : fallback, detail };
}

const summaryOf = (store: AppStore): RunSummary => {
  const { config, view } = store.getState();
  return {
    strategy: config.strategy,
    space: config.space,
    dataset: config.dataset,
    trained: view.counts.trained,
    bestReward: view.bestReward,
    status: view.done ? 'done' : view.counts.proposed > 0 ? 'paused' : 'new',
  };
};

const infoOf = (r: RunRecord, currentId: string | null): SavedRunInfo => ({
  id: r.id,
  name: r.name,
  created: r.created,
  updated: r.updated,
  strategy: r.summary.strategy,
  space: r.summary.space,
  dataset: r.summary.dataset,
  trained: r.summary.trained,
  bestReward: r.summary.bestReward,
  current: r.id === currentId,
});

/** Opens storage, restores the current run into the store and keeps saving it. */
export async function bootRuns(
  store: AppStore,
  controller: RunController,
  choose: (saved: SavedRun | null) => SavedRun | null = (saved) => saved,
): Promise<RunsManager> {
  const report = (err: unknown, kind: StorageProblem['kind'] = 'failed') => {
    console.warn('Storage:', err);
    store.getState().setStorageProblem(problemOf(err, kind));
  };
  let runs: RunStore | null = null;
  let cache: ResultCache | null = null;
  try {
    runs = await RunStore.open((err) => report(err));
    cache = await ResultCache.open();
  } catch (err) {
    runs = null;
    report(err, 'unavailable');
  }

  const saved = await runs?.loadCurrent().catch((err: unknown) => (report(err), null));
  const chosen = choose(saved ? { config: saved.record.config, events: completeEvents(saved.events) } : null);
  // The saved run (not a link's config) goes on from its one-shot checkpoint, if it has one.
  const checkpoint =
    saved && chosen?.config === saved.record.config
      ? await runs?.loadCheckpoint(saved.record.id).catch(() => null)
      : null;
  if (chosen) controller.openRun(chosen.config, chosen.events, checkpoint ?? undefined);
  else controller.boot();

  const refresh = async () => {
    if (!runs) return;
    try {
      const list = await runs.list();
      store.getState().setSavedRuns(list, runs.currentId);
      if (cache) store.getState().setCacheCount(await cache.count());
    } catch (err) {
      report(err);
    }
  };
  let refreshDue = false;
  const scheduleRefresh = () => {
    if (refreshDue) return;
    refreshDue = true;
    setTimeout(() => {
      refreshDue = false;
      void refresh();
    }, 200);
  };

  if (runs) {
    const store_ = runs;
    let lastEvents = -1;
    let lastConfig: unknown = null;
    const save = () => {
      const { config, view } = store.getState();
      if (view.events.length === lastEvents && config === lastConfig) return;
      lastEvents = view.events.length;
      lastConfig = config;
      store_.sync(config, view.events, summaryOf(store));
      scheduleRefresh();
    };
    save();
    store.subscribe(save);
  }
  await refresh();

  const need = (): RunStore => {
    if (!runs) throw new Error(i18next.t('runs:storage.unavailable'));
    return runs;
  };
  const needCache = (): ResultCache => {
    if (!cache) throw new Error(i18next.t('runs:storage.unavailable'));
    return cache;
  };

  return {
    async list() {
      if (!runs) return [];
      const store_ = runs;
      await store_.flushed();
      return (await store_.list()).map((r) => infoOf(r, store_.currentId));
    },
    async open(id) {
      const store_ = need();
      if (id === store_.currentId) return;
      await store_.flushed();
      const loaded = await store_.load(id);
      if (!loaded) throw new Error(i18next.t('runs:error.unreadable'));
      const run = { record: loaded.record, events: completeEvents(loaded.events) };
      const checkpoint = await store_.loadCheckpoint(id).catch(() => null);
      store_.adopt(run);
      controller.openRun(run.record.config, run.events, checkpoint ?? undefined);
      await refresh();
    },
    async rename(id, name) {
      const trimmed = name.trim();
      if (trimmed === '') throw new Error(i18next.t('runs:error.emptyName'));
      await need().rename(id, trimmed);
      await refresh();
    },
    async remove(id) {
      await need().remove(id);
      await refresh();
    },
    async duplicate(id) {
      const store_ = need();
      const original = (await store_.list()).find((r) => r.id === id);
      if (!original) return;
      await store_.duplicate(id, i18next.t('runs:copyName', { name: original.name }));
      await refresh();
    },
    async newRun() {
      await controller.reset();
      await runs?.flushed();
      await refresh();
    },
    exportCache: () => needCache().exportFile(),
    async importCache(text) {
      const parsed = parseCacheFile(text);
      if (!parsed.ok) throw new MessageError(parsed.problem);
      const added = await needCache().importEntries(parsed.entries);
      await refresh();
      return added;
    },
    async clearCache() {
      await needCache().clear();
      await refresh();
    },
    flushed: () => runs?.flushed() ?? Promise.resolve(),
    saveAhead(unshown) {
      if (!runs) return Promise.resolve();
      const { config, view } = store.getState();
      runs.sync(config, [...view.events, ...unshown], summaryOf(store));
      return runs.flushed();
    },
    saveCheckpoint(checkpoint) {
      runs?.saveCheckpoint(checkpoint);
    },
  };
}
