/**
 * Keeps the run (config + run log) in IndexedDB so that a reload resumes it. Events are
 * append-only, so each write stores only the events not yet stored: O(new events).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RunConfig } from '../nas/config';
import type { RunEvent } from '../nas/runlog';
import { validateRunLog } from '../nas/runlogSchema';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION } from '../nas/runlog';

interface RunDb extends DBSchema {
  /** One record, key 'current': the run's config and how many events belong to it. */
  meta: { key: string; value: { config: RunConfig; eventCount: number } };
  /** The run log, keyed by position. */
  events: { key: number; value: RunEvent };
}

const DB_NAME = 'nas-playground';
const DB_VERSION = 1;
const META_KEY = 'current';

export class RunPersistence {
  private stored = 0;
  private config: RunConfig | null = null;
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly db: IDBPDatabase<RunDb>) {}

  /** Opens the database; null where IndexedDB is unavailable (the app then runs without it). */
  static async open(): Promise<RunPersistence | null> {
    if (typeof indexedDB === 'undefined') return null;
    try {
      const db = await openDB<RunDb>(DB_NAME, DB_VERSION, {
        upgrade(db) {
          db.createObjectStore('meta');
          db.createObjectStore('events');
        },
      });
      return new RunPersistence(db);
    } catch {
      return null;
    }
  }

  /** The stored run, or null when there is none or it no longer validates. */
  async load(): Promise<{ config: RunConfig; events: RunEvent[] } | null> {
    const meta = await this.db.get('meta', META_KEY);
    if (!meta) return null;
    const events = await this.db.getAll('events', IDBKeyRange.bound(0, meta.eventCount - 1));
    const doc = {
      format: RUN_LOG_FORMAT,
      version: RUN_LOG_VERSION,
      config: meta.config,
      seed: meta.config.seed,
      events,
    };
    // A log saved by an older build may no longer be valid: start afresh rather than fail later.
    if (events.length !== meta.eventCount || !validateRunLog(doc).ok) {
      await this.clearAll();
      return null;
    }
    this.stored = events.length;
    this.config = meta.config;
    return { config: meta.config, events };
  }

  /** Stores what changed since the last call: the config, new events, or a shorter log. */
  sync(config: RunConfig, events: readonly RunEvent[]): void {
    if (config === this.config && events.length === this.stored) return;
    const from = Math.min(this.stored, events.length);
    const added = events.slice(from);
    const truncate = events.length < this.stored;
    this.stored = events.length;
    this.config = config;
    const count = events.length;
    this.chain = this.chain
      .then(async () => {
        const tx = this.db.transaction(['meta', 'events'], 'readwrite');
        const store = tx.objectStore('events');
        if (truncate) await store.delete(IDBKeyRange.lowerBound(count));
        await Promise.all(added.map((event, i) => store.put(event, from + i)));
        await tx.objectStore('meta').put({ config, eventCount: count }, META_KEY);
        await tx.done;
      })
      .catch((err: unknown) => console.warn('Could not save the run:', err));
  }

  /** Resolves when every write so far has been committed. */
  flushed(): Promise<void> {
    return this.chain;
  }

  private async clearAll(): Promise<void> {
    const tx = this.db.transaction(['meta', 'events'], 'readwrite');
    await Promise.all([tx.objectStore('meta').clear(), tx.objectStore('events').clear(), tx.done]);
  }
}
