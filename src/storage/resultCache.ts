/**
 * The persistent result cache: trained results by (architecture, dataset, fidelity, training
 * seed), shared by every run of this browser. The search worker reads and writes it directly
 * (IndexedDB works in workers), so a cached result never waits on the UI thread; the UI exports,
 * imports, counts and clears it. No DOM.
 */
import type { IDBPDatabase } from 'idb';
import { cacheId, type ResultCacheKey } from '../nas/resultCacheKey';
import type { EvalResult } from '../nas/search';
import { openAppDb, type AppDb, type CacheEntry } from './db';

/** Format id and version of an exported cache file. */
export const RESULT_CACHE_FORMAT = 'nas-playground/result-cache' as const;
export const RESULT_CACHE_VERSION = 1 as const;

/** An exported cache: every entry with its key and result. */
export interface ResultCacheFile {
  format: typeof RESULT_CACHE_FORMAT;
  version: typeof RESULT_CACHE_VERSION;
  entries: CacheEntry[];
}

/** What the search worker needs of the cache (a Map in unit tests). */
export interface ResultCacheLike {
  get(key: ResultCacheKey): Promise<EvalResult | undefined>;
  put(key: ResultCacheKey, result: EvalResult): Promise<void>;
}

export class ResultCache implements ResultCacheLike {
  private constructor(private readonly db: IDBPDatabase<AppDb>) {}

  /** Opens the database; throws where IndexedDB is missing or refuses. */
  static async open(): Promise<ResultCache> {
    return new ResultCache(await openAppDb());
  }

  async get(key: ResultCacheKey): Promise<EvalResult | undefined> {
    return (await this.db.get('resultCache', cacheId(key)))?.result;
  }

  /** Stores a trained result; an entry already there is kept (it is the same training). */
  async put(key: ResultCacheKey, result: EvalResult): Promise<void> {
    const id = cacheId(key);
    const tx = this.db.transaction('resultCache', 'readwrite');
    if ((await tx.store.getKey(id)) === undefined) {
      const trained = { ...result };
      delete trained.fromResultCache;
      await tx.store.put({ ...key, id, result: trained, created: Date.now() });
    }
    await tx.done;
  }

  count(): Promise<number> {
    return this.db.count('resultCache');
  }

  /** Every entry, as an export file. */
  async exportFile(): Promise<ResultCacheFile> {
    return {
      format: RESULT_CACHE_FORMAT,
      version: RESULT_CACHE_VERSION,
      entries: await this.db.getAll('resultCache'),
    };
  }

  /** Adds validated entries (all in one transaction: all or none); resolves with how many were new. */
  async importEntries(entries: readonly CacheEntry[]): Promise<number> {
    const tx = this.db.transaction('resultCache', 'readwrite');
    let added = 0;
    for (const entry of entries) {
      if ((await tx.store.getKey(entry.id)) !== undefined) continue;
      await tx.store.put(entry);
      added++;
    }
    await tx.done;
    return added;
  }

  clear(): Promise<void> {
    return this.db.clear('resultCache');
  }
}
