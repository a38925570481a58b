/**
 * Saved runs in IndexedDB: one record per run (config, summary) and its run log in chunks of
 * `RUN_CHUNK` events under `[runId, chunkIndex]`. The current run is saved as it grows; events are
 * append-only, so each write rewrites only the last, partial chunk and appends new ones: O(new
 * events + RUN_CHUNK), whatever the length of the run.
 */
import type { OneShotCheckpoint } from '../nas/oneshot/checkpoint';
import type { IDBPDatabase } from 'idb';
import type { RunConfig } from '../nas/config';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunEvent } from '../nas/runlog';
import { validateRunLog } from '../nas/runlogSchema';
import { withLegacyDefaults } from '../nas/options';
import {
  CURRENT_RUN_KEY,
  chunkCount,
  chunkOf,
  chunkRange,
  defaultRunName,
  newRunId,
  openAppDb,
  RUN_CHUNK,
  type AppDb,
  type RunRecord,
  type RunSummary,
} from './db';

/** A saved run with its log. */
export interface LoadedRun {
  record: RunRecord;
  events: readonly RunEvent[];
}

/** Called when a write fails (a full disk: QuotaExceededError); the app keeps the run in memory. */
export type WriteErrorHandler = (err: unknown) => void;

const sameSummary = (a: RunSummary, b: RunSummary): boolean =>
  a.trained === b.trained && a.bestReward === b.bestReward && a.status === b.status;

/** Chunks one transaction writes at most (about 1 MB each on NAS-Bench-201): a run far ahead of
 * its saves is committed in slices, so a reload in between finds most of it. */
const MAX_WRITE_CHUNKS = 8;

/** Where a run's one-shot checkpoint is kept in `meta`. */
const checkpointKey = (id: string): string => `checkpoint:${id}`;

/** Whether a stored value has a checkpoint's shape (the worker checks names and shapes). */
function isCheckpoint(value: unknown): value is OneShotCheckpoint {
  const c = value as Partial<OneShotCheckpoint> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    Number.isInteger(c.events) &&
    typeof c.loop === 'object' &&
    c.loop !== null &&
    Array.isArray(c.trainer?.tensors)
  );
}

/** One write of the current run's log, the syncs it covers merged into it. */
interface PendingWrite {
  record: RunRecord;
  /** The log as of the latest sync merged in. */
  events: readonly RunEvent[];
  /** First position that changed. */
  from: number;
  /** The log got shorter at some sync: chunks past the end go. */
  truncated: boolean;
  /** A new run: its id becomes the current run's. */
  fresh: boolean;
  /** Events stored before the first sync merged in. */
  hadLength: number;
}

export class RunStore {
  /** The run being saved, null until the first sync creates it. */
  private current: RunRecord | null = null;
  /** Events of the current run's log as stored once the queued writes are done. */
  private stored = 0;
  /** The config object last synced (identity: the store replaces it on every change). */
  private config: RunConfig | null = null;
  /** Whether a stored event of the current run is a result (then a new config is a new run). */
  private hasResult = false;
  private chain: Promise<void> = Promise.resolve();
  /** The queued write that has not started yet: later syncs of its run join it. */
  private waiting: PendingWrite | null = null;

  private constructor(
    private readonly db: IDBPDatabase<AppDb>,
    private readonly onWriteError: WriteErrorHandler,
  ) {}

  /** Opens the database; throws where IndexedDB is missing or refuses. */
  static async open(onWriteError: WriteErrorHandler = () => {}): Promise<RunStore> {
    return new RunStore(await openAppDb(), onWriteError);
  }

  /** Id of the run being saved, if any. */
  get currentId(): string | null {
    return this.current?.id ?? null;
  }

  /** Every saved run, most recently updated first. */
  async list(): Promise<RunRecord[]> {
    await this.chain;
    const runs = await this.db.getAll('runs');
    return runs.sort((a, b) => b.updated - a.updated || b.created - a.created);
  }

  /** A saved run with its events; null when missing or when its log no longer validates. */
  async load(id: string): Promise<LoadedRun | null> {
    await this.chain;
    const saved = await this.db.get('runs', id);
    if (!saved) return null;
    // A run saved before an option existed is read with that option's legacy value.
    const record = { ...saved, config: withLegacyDefaults(saved.config) as RunConfig };
    const events = (await this.db.getAll('runChunks', chunkRange(id))).flat();
    const doc = {
      format: RUN_LOG_FORMAT,
      version: RUN_LOG_VERSION,
      config: record.config,
      seed: record.config.seed,
      events,
    };
    if (events.length !== record.eventCount || !validateRunLog(doc).ok) return null;
    return { record, events };
  }

  /**
   * The run the app had open, made the one being saved; null when there is none or it no
   * longer loads (a log saved by an older build: it stays in the list, the app starts afresh).
   */
  async loadCurrent(): Promise<LoadedRun | null> {
    const id = await this.db.get('meta', CURRENT_RUN_KEY);
    if (typeof id !== 'string') return null;
    const run = await this.load(id);
    if (run) this.adopt(run);
    return run;
  }

  /** Makes a loaded run the one saved from now on (opening a run from the list). */
  adopt(run: LoadedRun): void {
    this.current = run.record;
    this.config = run.record.config;
    // What is stored: the caller may hold fewer events (an unfinished proposal dropped), and
    // the next sync then shortens the stored log to match.
    this.stored = run.record.eventCount;
    this.hasResult = run.events.some((e) => e.type === 'result');
    const id = run.record.id;
    this.write(async () => {
      await this.db.put('meta', id, CURRENT_RUN_KEY);
    });
  }

  /**
   * Saves what changed since the last call: new events, a shorter log (an unfinished proposal
   * dropped after a crash) or the config of a run without results. A run that has results and
   * gets another config or an empty log (Reset) is kept, and a new run record is started.
   */
  sync(config: RunConfig, events: readonly RunEvent[], summary: RunSummary): void {
    const current = this.current;
    if (
      current &&
      config === this.config &&
      events.length === this.stored &&
      sameSummary(current.summary, summary)
    )
      return;
    const now = Date.now();
    const fresh = !current || (this.hasResult && (config !== this.config || events.length === 0));
    const record: RunRecord = fresh
      ? {
          id: newRunId(),
          name: defaultRunName(config),
          created: now,
          updated: now,
          config,
          eventCount: events.length,
          summary,
        }
      : {
          ...current!,
          // A run still named after its settings follows them (the form edits a run without results).
          name: current!.name === defaultRunName(current!.config) ? defaultRunName(config) : current!.name,
          config,
          eventCount: events.length,
          summary,
          updated: now,
        };
    // Another config replaces the log of a run without results (an import, a new form): rewrite it from the start.
    const rewrite = !fresh && config !== this.config;
    const from = fresh || rewrite ? 0 : Math.min(this.stored, events.length);
    const truncated = !fresh && events.length < this.stored;
    const added = events.slice(from);
    const hadLength = fresh ? 0 : this.stored;
    this.current = record;
    this.config = config;
    this.stored = events.length;
    this.hasResult =
      truncated || fresh
        ? events.some((e) => e.type === 'result')
        : this.hasResult || added.some((e) => e.type === 'result');
    // Coalesce: a write not yet started for this run takes this sync in (the run grows faster
    // than IndexedDB commits during a table run); otherwise queue one.
    const waiting = this.waiting;
    if (waiting && waiting.record.id === record.id && !fresh) {
      waiting.from = Math.min(waiting.from, from);
      waiting.truncated ||= truncated;
      waiting.events = events;
      waiting.record = record;
      waiting.hadLength = Math.max(waiting.hadLength, hadLength);
      return;
    }
    const write: PendingWrite = { record, events, from, truncated, fresh, hadLength };
    this.waiting = write;
    this.write(async () => {
      if (this.waiting === write) this.waiting = null;
      await this.commit(write);
    });
  }

  /** Writes one (possibly coalesced) sync: the chunks from `from` to the end, the record, and
   * for a new run the current-run key. */
  private async commit(write: PendingWrite): Promise<void> {
    const { record, events, from, truncated, fresh, hadLength } = write;
    const id = record.id;
    // Rewrite the chunks from the one holding position `from` to the new end, unless no position
    // changed (only the summary did); a shorter log also drops the chunks past its end.
    const firstChunk = Math.floor(from / RUN_CHUNK);
    // A long way behind (a table run outruns IndexedDB): commit a slice now, ending where a
    // proposal starts, so that what a reload finds is a whole log, and queue the rest.
    let end = events.length;
    if (chunkCount(end) - firstChunk > MAX_WRITE_CHUNKS) {
      let cut = (firstChunk + MAX_WRITE_CHUNKS) * RUN_CHUNK;
      while (cut > from && events[cut]?.type !== 'propose') cut--;
      if (cut > from) end = cut;
    }
    const log = end === events.length ? events : events.slice(0, end);
    const changed = from < Math.max(log.length, hadLength);
    const chunks = changed
      ? Array.from({ length: chunkCount(log.length) - firstChunk }, (_, i) => chunkOf(log, firstChunk + i))
      : [];
    const tx = this.db.transaction(['runs', 'runChunks', 'meta'], 'readwrite');
    const store = tx.objectStore('runChunks');
    if (truncated) await store.delete(chunkRange(id, chunkCount(log.length)));
    await Promise.all(chunks.map((chunk, i) => store.put(chunk, [id, firstChunk + i])));
    await tx.objectStore('runs').put(log === events ? record : { ...record, eventCount: log.length });
    if (fresh) await tx.objectStore('meta').put(id, CURRENT_RUN_KEY);
    await tx.done;
    if (log === events) return;
    // The rest: into the write already waiting for this run, or a new one.
    const waiting = this.waiting;
    if (waiting && waiting.record.id === id) {
      waiting.from = Math.min(waiting.from, end);
      return;
    }
    const rest: PendingWrite = { record, events, from: end, truncated: false, fresh: false, hadLength: end };
    this.waiting = rest;
    this.write(async () => {
      if (this.waiting === rest) this.waiting = null;
      await this.commit(rest);
    });
  }

  /** Renames a saved run (the name is trimmed; an empty name is refused by the caller). */
  async rename(id: string, name: string): Promise<void> {
    await this.chain;
    const record = await this.db.get('runs', id);
    if (!record) return;
    const renamed = { ...record, name };
    if (this.current?.id === id) this.current = { ...this.current, name };
    await this.guard(() => this.db.put('runs', renamed));
  }

  /**
   * One-shot runs: keeps the latest epoch-boundary checkpoint of the current run (its supernet,
   * optimizers and controller), which a reload resumes from. In `meta`, under `checkpoint:<id>`.
   */
  saveCheckpoint(checkpoint: OneShotCheckpoint): void {
    const id = this.current?.id;
    if (!id) return;
    this.write(async () => {
      await this.db.put('meta', checkpoint, checkpointKey(id));
    });
  }

  /** The checkpoint saved for run `id`, or null. */
  async loadCheckpoint(id: string): Promise<OneShotCheckpoint | null> {
    await this.chain;
    const value = await this.db.get('meta', checkpointKey(id));
    return isCheckpoint(value) ? value : null;
  }

  /** Deletes a saved run and its events; the current run cannot be deleted (open another first). */
  async remove(id: string): Promise<void> {
    await this.chain;
    if (this.current?.id === id) throw new Error('The open run cannot be deleted; open another run first');
    await this.guard(async () => {
      const tx = this.db.transaction(['runs', 'runChunks', 'meta'], 'readwrite');
      await tx.objectStore('runs').delete(id);
      await tx.objectStore('runChunks').delete(chunkRange(id));
      await tx.objectStore('meta').delete(checkpointKey(id));
      if ((await tx.objectStore('meta').get(CURRENT_RUN_KEY)) === id)
        await tx.objectStore('meta').delete(CURRENT_RUN_KEY);
      await tx.done;
    });
  }

  /** Copies a saved run (record and events) under a new id; resolves with the copy's record. */
  async duplicate(id: string, name: string): Promise<RunRecord | null> {
    await this.chain;
    const record = await this.db.get('runs', id);
    if (!record) return null;
    const chunks = await this.db.getAll('runChunks', chunkRange(id));
    const now = Date.now();
    const copy: RunRecord = {
      ...record,
      id: newRunId(),
      name,
      created: now,
      updated: now,
      eventCount: chunks.reduce((n, chunk) => n + chunk.length, 0),
    };
    await this.guard(async () => {
      const tx = this.db.transaction(['runs', 'runChunks'], 'readwrite');
      const store = tx.objectStore('runChunks');
      await Promise.all(chunks.map((chunk, i) => store.put(chunk, [copy.id, i])));
      await tx.objectStore('runs').put(copy);
      await tx.done;
    });
    return copy;
  }

  /** Resolves when every write so far has been committed (or has failed). */
  async flushed(): Promise<void> {
    // A write may queue the rest of a long log behind it: wait until nothing more was queued.
    let chain: Promise<void>;
    do {
      chain = this.chain;
      await chain;
    } while (chain !== this.chain);
  }

  /** Queues a write after the others; a failure is reported, never thrown. */
  private write(op: () => Promise<void>): void {
    this.chain = this.chain.then(op).catch((err: unknown) => this.onWriteError(err));
  }

  private async guard(op: () => Promise<unknown>): Promise<void> {
    try {
      await op();
    } catch (err) {
      this.onWriteError(err);
      throw err;
    }
  }
}
