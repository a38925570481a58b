/**
 * The imported datasets as the UI thread uses them: read the files a user picked into a draft
 * (src/data/import, decoded by the browser), save an accepted draft in IndexedDB under its
 * content hash, list and delete them, and register them at boot so that saved runs and links on
 * them validate (src/nas/userDatasets.ts). Where IndexedDB refuses, importing says so.
 */
import { datasetContentHash, readDatasetFiles } from '../../data/import/read';
import type { DatasetDraft, ImportFile, ImportSide } from '../../data/import/types';
import type { DataConfig } from '../../nas/config';
import { userDatasetId, type UserDatasetId } from '../../nas/userDatasets';
import type { DatasetRecord } from '../../storage/db';
import { DatasetStore } from '../../storage/datasetStore';
import { decodeImage } from './decodeImage';

/** A draft with its content hash and the id it will be stored under. */
export interface HashedDraft extends DatasetDraft {
  hash: string;
  id: UserDatasetId;
}

let store: Promise<DatasetStore> | null = null;

/** The dataset store, opened once (rejects where IndexedDB is missing or refuses). */
export function datasetStore(): Promise<DatasetStore> {
  store ??= DatasetStore.open();
  return store;
}

/** Registers every stored dataset; nothing (and no error) where IndexedDB is missing. */
export async function registerStoredDatasets(): Promise<void> {
  try {
    await (await datasetStore()).registerAll();
  } catch {
    // No IndexedDB: no imported datasets; importing will say why.
  }
}

/** Reads picked files into a draft, or rejects with a DatasetImportError naming the file. */
export async function readDraft(files: ImportFile[], side?: ImportSide): Promise<HashedDraft> {
  const draft = await readDatasetFiles(files, { decode: decodeImage, ...(side ? { side } : {}) });
  const hash = await datasetContentHash(draft);
  return { ...draft, hash, id: userDatasetId(hash) };
}

/** Saves an accepted draft under `name` (registered at once). */
export async function saveDraft(draft: HashedDraft, name: string): Promise<DatasetRecord> {
  return (await datasetStore()).save({
    name,
    hash: draft.hash,
    side: draft.side,
    channels: draft.channels,
    classNames: draft.classNames,
    perClass: draft.perClass,
    format: draft.format,
    labels: draft.labels,
    pixels: draft.pixels,
  });
}

/** The stored datasets, oldest first. */
export async function listDatasets(): Promise<DatasetRecord[]> {
  return (await datasetStore()).list();
}

/** Deletes a stored dataset. */
export async function deleteDataset(id: string): Promise<void> {
  await (await datasetStore()).delete(id);
}

/** A default name from the files: the folder or archive they came in, else the first file's name. */
export function suggestedName(files: readonly ImportFile[]): string {
  const first = files[0]?.path ?? 'my data';
  const top = first.split('/')[0]!;
  return (files.length > 1 && first.includes('/') ? top : top.replace(/\.(zip|csv|gz)$/i, '')).slice(0, 60);
}

/**
 * The split a run on a dataset of `count` images starts with: a fifth held out for validation
 * (at least one image), the rest for training, each at most what the fidelity's preset uses on
 * MNIST (`cap`), so a class run on a large import stays a class run.
 */
export function defaultSplit(count: number, cap: DataConfig): DataConfig {
  const valImages = Math.min(cap.valImages, Math.max(1, Math.round(count / 5)));
  return { trainImages: Math.min(cap.trainImages, count - valImages), valImages };
}
