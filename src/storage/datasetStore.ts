/**
 * The datasets a user imported, in IndexedDB (stores `datasets` and `datasetImages`, db.ts v4).
 * The UI thread saves, lists and deletes them; the search worker reads one to train on it and
 * registers them all so that the config rules know them (src/nas/userDatasets.ts).
 * No DOM: it runs in the worker and in Node tests (fake-indexeddb).
 */
import type { IDBPDatabase } from 'idb';
import {
  registerUserDataset,
  unregisterUserDataset,
  userDatasetId,
  userDatasets,
  type UserDatasetInfo,
} from '../nas/userDatasets';
import { openAppDb, type AppDb, type DatasetImages, type DatasetRecord } from './db';

/** What an import produced and the user accepted: its facts, name and images. */
export interface NewDataset {
  name: string;
  hash: string;
  side: 14 | 28;
  channels: 1 | 3;
  classNames: readonly string[];
  perClass: readonly number[];
  format: DatasetRecord['format'];
  labels: Uint8Array;
  pixels: Uint8Array;
}

/** The facts of a record that the config rules need. */
export function datasetInfo(record: DatasetRecord): UserDatasetInfo {
  const { id, name, hash, side, channels, classNames, count } = record;
  return { id, name, hash, side, channels, classNames, count };
}

export class DatasetStore {
  private constructor(private readonly db: IDBPDatabase<AppDb>) {}

  /** Opens the database; throws where IndexedDB is missing or refuses. */
  static async open(): Promise<DatasetStore> {
    return new DatasetStore(await openAppDb());
  }

  /** Every imported dataset, oldest first. */
  async list(): Promise<DatasetRecord[]> {
    const records = await this.db.getAll('datasets');
    return records.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  }

  /**
   * Stores a dataset under the id of its content hash and registers it. The same content twice
   * is one dataset (renamed to the newer name); both stores are written in one transaction.
   */
  async save(dataset: NewDataset, now = Date.now()): Promise<DatasetRecord> {
    const id = userDatasetId(dataset.hash);
    const record: DatasetRecord = {
      id,
      name: dataset.name,
      hash: dataset.hash,
      side: dataset.side,
      channels: dataset.channels,
      classNames: [...dataset.classNames],
      count: dataset.labels.length,
      format: dataset.format,
      perClass: [...dataset.perClass],
      created: now,
    };
    const images: DatasetImages = { id, labels: dataset.labels, pixels: dataset.pixels };
    const tx = this.db.transaction(['datasets', 'datasetImages'], 'readwrite');
    await Promise.all([
      tx.objectStore('datasets').put(record),
      tx.objectStore('datasetImages').put(images),
      tx.done,
    ]);
    registerUserDataset(datasetInfo(record));
    return record;
  }

  /** Deletes a dataset and its images; runs that used it keep their logs. */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['datasets', 'datasetImages'], 'readwrite');
    await Promise.all([
      tx.objectStore('datasets').delete(id),
      tx.objectStore('datasetImages').delete(id),
      tx.done,
    ]);
    const known = userDatasets().find((d) => d.id === id);
    if (known) unregisterUserDataset(known.id);
  }

  /** A dataset's record and images, or null when this machine does not have it. */
  async read(id: string): Promise<{ record: DatasetRecord; images: DatasetImages } | null> {
    const tx = this.db.transaction(['datasets', 'datasetImages'], 'readonly');
    const [record, images] = await Promise.all([
      tx.objectStore('datasets').get(id),
      tx.objectStore('datasetImages').get(id),
    ]);
    await tx.done;
    return record && images ? { record, images } : null;
  }

  /** Registers every stored dataset (and forgets registered ones no longer stored). */
  async registerAll(): Promise<DatasetRecord[]> {
    const records = await this.list();
    const ids = new Set(records.map((r) => r.id));
    for (const known of userDatasets()) if (!ids.has(known.id)) unregisterUserDataset(known.id);
    for (const record of records) registerUserDataset(datasetInfo(record));
    return records;
  }

  close(): void {
    this.db.close();
  }
}
