/**
 * Datasets a user imported (src/data/import reads them, src/storage/datasetStore.ts keeps them in
 * IndexedDB): their ids and the facts about them that the search core needs (image side,
 * channels, classes), registered once the data is on this machine. A run names its dataset by
 * content (`user:<first 16 hex digits of the SHA-256>`), so a run on it records which data it
 * used, and a link or a log from another machine names data this one does not have: validation
 * says so instead of training on something else. Pure module: no DOM, React or tfjs.
 */

/** The id of an imported dataset: `user:` and 16 hex digits of its content hash. */
export type UserDatasetId = `user:${string}`;

const USER_ID = /^user:[0-9a-f]{16}$/;

/** What the search core needs to know of an imported dataset (its pixels stay in IndexedDB). */
export interface UserDatasetInfo {
  id: UserDatasetId;
  /** The name the user gave it. */
  name: string;
  /** SHA-256 (hex) of its side, channels, labels and pixels (src/data/import). */
  hash: string;
  /** Images are side × side × channels. */
  side: 14 | 28;
  channels: 1 | 3;
  /** Class names in label order. */
  classNames: readonly string[];
  /** Images in all. */
  count: number;
}

/** Whether `value` has the form of an imported dataset's id (registered here or not). */
export function isUserDatasetId(value: unknown): value is UserDatasetId {
  return typeof value === 'string' && USER_ID.test(value);
}

/** The id of the dataset with content hash `hash` (hex). */
export function userDatasetId(hash: string): UserDatasetId {
  return `user:${hash.slice(0, 16)}`;
}

const registered = new Map<UserDatasetId, UserDatasetInfo>();
const listeners = new Set<() => void>();

/** Makes an imported dataset known to the config rules (at boot, after an import, in the worker). */
export function registerUserDataset(info: UserDatasetInfo): void {
  registered.set(info.id, info);
  for (const listener of listeners) listener();
}

/** Forgets an imported dataset (deleted). */
export function unregisterUserDataset(id: UserDatasetId): void {
  if (registered.delete(id)) for (const listener of listeners) listener();
}

/** Makes `datasets` the registered ones (the worker, told by the UI thread). */
export function replaceUserDatasets(datasets: readonly UserDatasetInfo[]): void {
  registered.clear();
  for (const info of datasets) registered.set(info.id, info);
  for (const listener of listeners) listener();
}

/** The registered dataset `id`, or undefined when this machine does not have it. */
export function userDatasetInfo(id: string): UserDatasetInfo | undefined {
  return isUserDatasetId(id) ? registered.get(id) : undefined;
}

/** How to show a dataset id: an imported dataset's name when this machine has it, else the id. */
export function datasetDisplayName(id: string): string {
  return userDatasetInfo(id)?.name ?? id;
}

/** The registered datasets, in the order they were registered. */
export function userDatasets(): UserDatasetInfo[] {
  return [...registered.values()];
}

/** Calls `listener` whenever the registered datasets change; returns the unsubscribe. */
export function onUserDatasetsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
