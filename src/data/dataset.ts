/**
 * Loads a prepared dataset file (public/data/<id>.bin) in the worker and splits it into the
 * training and held-out validation subsets of a run config.
 */
import type { BuiltinDatasetId, DataConfig, DatasetId } from '../nas/config';
import { isUserDatasetId, type UserDatasetId } from '../nas/userDatasets';
import { DatasetStore } from '../storage/datasetStore';
import { userDatasetSplit } from './userDataset';
import { DataError, parseDatasetFile, splitTrainVal, type TrainValSplit } from './format';

/** An imported dataset, read from IndexedDB. */
async function loadUserDataset(id: UserDatasetId, data: DataConfig): Promise<TrainValSplit> {
  let store: DatasetStore;
  try {
    store = await DatasetStore.open();
  } catch (err) {
    throw new DataError(
      `cannot open the imported datasets: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    const stored = await store.read(id);
    if (!stored)
      throw new DataError(
        `the imported dataset ${id} is not on this machine (deleted, or imported elsewhere)`,
      );
    const { record, images } = stored;
    return userDatasetSplit(
      {
        ...images,
        name: record.name,
        side: record.side,
        channels: record.channels,
        classes: record.classNames.length,
      },
      data,
    );
  } finally {
    store.close();
  }
}

/** URL of a shipped dataset file under the app's base URL. */
export function datasetUrl(id: BuiltinDatasetId, base: string = import.meta.env.BASE_URL): string {
  return `${base.endsWith('/') ? base : `${base}/`}data/${id}.bin`;
}

/** Fetches, validates and splits a dataset. Every failure is a DataError with a clear message. */
export async function loadDataset(
  id: DatasetId,
  data: DataConfig,
  fetchFn: typeof fetch = fetch,
): Promise<TrainValSplit> {
  if (isUserDatasetId(id)) return loadUserDataset(id, data);
  const url = datasetUrl(id);
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch (err) {
    throw new DataError(`cannot fetch ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!response.ok) {
    throw new DataError(`cannot fetch ${url}: HTTP ${response.status} (run npm run prepare-data)`);
  }
  const buffer = await response.arrayBuffer();
  const raw = parseDatasetFile(buffer, `${id}.bin`);
  return splitTrainVal(raw, data.trainImages, data.valImages);
}
