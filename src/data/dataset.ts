/**
 * Loads a prepared dataset file (public/data/<id>.bin) in the worker and splits it into the
 * training and held-out validation subsets of a run config.
 */
import type { DataConfig, DatasetId } from '../nas/config';
import { DataError, parseDatasetFile, splitTrainVal, type TrainValSplit } from './format';

/** URL of a dataset file under the app's base URL. */
export function datasetUrl(id: DatasetId, base: string = import.meta.env.BASE_URL): string {
  return `${base.endsWith('/') ? base : `${base}/`}data/${id}.bin`;
}

/** Fetches, validates and splits a dataset. Every failure is a DataError with a clear message. */
export async function loadDataset(
  id: DatasetId,
  data: DataConfig,
  fetchFn: typeof fetch = fetch,
): Promise<TrainValSplit> {
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
