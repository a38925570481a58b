/**
 * The app's IndexedDB database (via `idb`), shared by the UI thread (saved runs) and the search
 * worker (result cache). No DOM: it runs in the worker and in Node tests (fake-indexeddb).
 *
 * Version 1 kept one run: `meta['current'] = { config, eventCount }` and `events[position]`.
 * Version 2 kept many runs and the result cache, one `runEvents` record per event under
 * `[runId, position]`; the upgrade moves the v1 run into it.
 * Version 3 keeps a run's log in chunks of `RUN_CHUNK` events (`runChunks` under
 * `[runId, chunkIndex]`), so a run of 100k events is ~100 records and a write touches few; the
 * upgrade moves v2's events into chunks (a v1 database goes straight to v3).
 * Version 4 adds the datasets a user imported: `datasets` (what the lists and the config rules
 * need, small) and `datasetImages` (their labels and pixels, read only to train), both by id.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { RunConfig } from '../nas/config';
import type { ResultCacheKey } from '../nas/resultCacheKey';
import type { RunEvent } from '../nas/runlog';
import type { EvalResult } from '../nas/search';
import { datasetDisplayName, type UserDatasetInfo } from '../nas/userDatasets';

export const DB_NAME = 'nas-playground';
export const DB_VERSION = 4;

/**
 * Events per `runChunks` record. Chunk `i` holds the events at positions
 * `[i * RUN_CHUNK, (i + 1) * RUN_CHUNK)`; only the last one is partial. A sync rewrites at most
 * this many stored events besides the new ones.
 */
export const RUN_CHUNK = 1024;

/** Where a saved run stood when last written. */
export type SavedRunStatus = 'new' | 'paused' | 'done';

/** A run at a glance, kept in its record so the list needs no events. */
export interface RunSummary {
  strategy: RunConfig['strategy'];
  space: RunConfig['space'];
  dataset: RunConfig['dataset'];
  /** Unique models trained. */
  trained: number;
  bestReward: number | null;
  status: SavedRunStatus;
}

/** One saved run; its events are in `runChunks` under `[id, chunkIndex]`. */
export interface RunRecord {
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  created: number;
  updated: number;
  config: RunConfig;
  /** Events in its log: the total length of its chunks. */
  eventCount: number;
  summary: RunSummary;
}

/** One trained result of the persistent cache. */
export interface CacheEntry extends ResultCacheKey {
  /** `cacheId(key)`. */
  id: string;
  /** What training produced, as it produced it. */
  result: EvalResult;
  /** Milliseconds since the epoch. */
  created: number;
}

/** An imported dataset as the lists show it (its images are in `datasetImages`). */
export interface DatasetRecord extends UserDatasetInfo {
  /** How it was given: class folders of images, a CSV or IDX files. */
  format: 'images' | 'csv' | 'idx';
  /** Images per class, in label order. */
  perClass: number[];
  /** Milliseconds since the epoch. */
  created: number;
}

/** An imported dataset's images, in the order its content hash was computed over. */
export interface DatasetImages {
  id: string;
  /** One label per image. */
  labels: Uint8Array;
  /** count * side * side * channels bytes, channel-last. */
  pixels: Uint8Array;
}

export interface AppDb extends DBSchema {
  runs: { key: string; value: RunRecord };
  /** A run's log, `RUN_CHUNK` events a record (see `RUN_CHUNK`). */
  runChunks: { key: [string, number]; value: RunEvent[] };
  /** `currentRun`: the id of the run the app opens. */
  meta: { key: string; value: unknown };
  resultCache: { key: string; value: CacheEntry };
  datasets: { key: string; value: DatasetRecord };
  datasetImages: { key: string; value: DatasetImages };
}

/** v1's layout, read once by the upgrade. */
interface V1Meta {
  config: RunConfig;
  eventCount: number;
}

export const CURRENT_RUN_KEY = 'currentRun';

/** Keys of a run's chunks from index `from` on. */
export const chunkRange = (id: string, from = 0): IDBKeyRange =>
  IDBKeyRange.bound([id, from], [id, Infinity]);

/** Chunk `index` of a log: its events at `[index * RUN_CHUNK, (index + 1) * RUN_CHUNK)`. */
export const chunkOf = (events: readonly RunEvent[], index: number): RunEvent[] =>
  events.slice(index * RUN_CHUNK, (index + 1) * RUN_CHUNK);

/** Number of chunks a log of `length` events takes. */
export const chunkCount = (length: number): number => Math.ceil(length / RUN_CHUNK);

/** A fresh run id (time-ordered, unique enough for one browser). */
export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The summary of a run with no results yet. */
export function emptySummary(config: RunConfig): RunSummary {
  return {
    strategy: config.strategy,
    space: config.space,
    dataset: config.dataset,
    trained: 0,
    bestReward: null,
    status: 'new',
  };
}

/** A run's default name: what it searches and with which seed. */
export function defaultRunName(config: RunConfig): string {
  return `${config.strategy} · ${config.space} · ${datasetDisplayName(config.dataset)} · seed ${config.seed}`;
}

/** Summary of a v1 run from its events (the v1 layout kept none). */
function summaryOfEvents(config: RunConfig, events: readonly RunEvent[]): RunSummary {
  let trained = 0;
  let best: number | null = null;
  let done = false;
  for (const e of events) {
    if (e.type === 'result') {
      if (!e.cached) trained++;
      best = best === null ? e.reward : Math.max(best, e.reward);
    } else if (e.type === 'done') done = true;
  }
  return {
    ...emptySummary(config),
    trained,
    bestReward: best,
    status: done ? 'done' : trained > 0 ? 'paused' : 'new',
  };
}

/**
 * Opens (and if needed creates or upgrades) the database. Throws where IndexedDB is missing
 * or refuses (private browsing in some browsers): callers then run in memory.
 */
export async function openAppDb(): Promise<IDBPDatabase<AppDb>> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available in this browser');
  return openDB<AppDb>(DB_NAME, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 3) await upgradeToV3(db, oldVersion, tx);
      if (oldVersion < 4) {
        db.createObjectStore('datasets', { keyPath: 'id' });
        db.createObjectStore('datasetImages', { keyPath: 'id' });
      }
    },
  });
}

/** Versions 0 (none), 1 and 2 to version 3: the runs, their chunked logs and the result cache. */
async function upgradeToV3(
  db: IDBPDatabase<AppDb>,
  oldVersion: number,
  tx: IDBPTransaction<AppDb, ArrayLike<StoreNames<AppDb>>, 'versionchange'>,
): Promise<void> {
  // v1's 'events' and v2's 'runEvents' are not in the schema: untyped access.
  const raw = db as unknown as IDBPDatabase;
  const rawTx = tx as unknown as ReturnType<IDBPDatabase['transaction']>;
  const putLog = async (id: string, events: readonly RunEvent[]) => {
    const chunks = tx.objectStore('runChunks');
    for (let i = 0; i < chunkCount(events.length); i++) await chunks.put(chunkOf(events, i), [id, i]);
  };
  db.createObjectStore('runChunks');
  if (oldVersion === 2) {
    // Each run's events (keyed [id, position], so read in order) into chunks.
    const v2Events = rawTx.objectStore('runEvents');
    for (const id of await tx.objectStore('runs').getAllKeys())
      await putLog(id, (await v2Events.getAll(IDBKeyRange.bound([id, 0], [id, Infinity]))) as RunEvent[]);
    raw.deleteObjectStore('runEvents');
    return;
  }
  // A new database, or v1: the stores v2 added, and v1's run straight into chunks.
  if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
  db.createObjectStore('runs', { keyPath: 'id' });
  db.createObjectStore('resultCache', { keyPath: 'id' });
  if (oldVersion < 1 || !raw.objectStoreNames.contains('events')) return;
  const meta = (await rawTx.objectStore('meta').get('current')) as V1Meta | undefined;
  if (meta && meta.eventCount > 0) {
    const events = (await rawTx.objectStore('events').getAll()) as RunEvent[];
    const kept = events.slice(0, meta.eventCount);
    const id = newRunId();
    const now = Date.now();
    await tx.objectStore('runs').put({
      id,
      name: defaultRunName(meta.config),
      created: now,
      updated: now,
      config: meta.config,
      eventCount: kept.length,
      summary: summaryOfEvents(meta.config, kept),
    });
    await putLog(id, kept);
    await tx.objectStore('meta').put(id, CURRENT_RUN_KEY);
  }
  await tx.objectStore('meta').delete('current');
  raw.deleteObjectStore('events');
}
