/**
 * An imported dataset as training data: its stored images (src/storage/datasetStore.ts) in a
 * fixed shuffled order, split into the run's training and validation subsets. An import keeps
 * its images sorted by class (so its content hash is stable); drawing the subsets from the start
 * and the end of that order would leave whole classes out of one of them, so the images are
 * permuted first, by a generator with a fixed seed: every run on the same data sees the same
 * order. Pure: no DOM, no tfjs.
 */
import type { DataConfig } from '../nas/config';
import { Rng } from '../nas/rng';
import { DataError, splitTrainVal, type RawDataset, type TrainValSplit } from './format';

/** Seed of the permutation (any fixed number: it only has to be the same on every machine). */
export const USER_DATASET_ORDER_SEED = 20;

/** What the split needs of a stored dataset. */
export interface StoredImages {
  name: string;
  side: number;
  channels: 1 | 3;
  classes: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}

/** Fisher–Yates permutation of 0..n-1 from `rng`. */
export function permutation(n: number, rng: Rng): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** The images in the fixed shuffled order, as a dataset file would hold them. */
export function shuffledRaw(images: StoredImages): RawDataset {
  const count = images.labels.length;
  const stride = images.side * images.side * images.channels;
  if (images.pixels.length !== count * stride)
    throw new DataError(
      `${images.name}: ${images.pixels.length} pixel bytes stored for ${count} images of ${stride} (damaged; import it again)`,
    );
  const order = permutation(count, new Rng(USER_DATASET_ORDER_SEED));
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * stride);
  order.forEach((from, to) => {
    labels[to] = images.labels[from]!;
    pixels.set(images.pixels.subarray(from * stride, (from + 1) * stride), to * stride);
  });
  return { count, size: images.side, channels: images.channels, labels, pixels };
}

/** The training and validation subsets of `data` from an imported dataset. */
export function userDatasetSplit(images: StoredImages, data: DataConfig): TrainValSplit {
  return splitTrainVal(shuffledRaw(images), data.trainImages, data.valImages, images.classes);
}
