/**
 * The dataset file format written by scripts/prepare-data.mjs, and the pure functions that
 * turn one file into train/validation arrays. No fetch, DOM or tfjs: unit-tested in Node.
 *
 * Layout (little endian): 'NASD' | uint32 version | uint32 count | uint32 size |
 * count uint8 labels | count*size*size uint8 pixels (row-major, one channel).
 */

export const DATASET_MAGIC = 'NASD';
export const DATASET_FORMAT_VERSION = 1;
export const DATASET_HEADER_BYTES = 16;

/** A broken or unusable dataset file; the worker reports it as an error of kind 'data'. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** A parsed dataset file: views into the original buffer, no copies. */
export interface RawDataset {
  count: number;
  /** Image side in pixels (images are size x size x channels). */
  size: number;
  /** 1 (grey: every shipped file) or 3 (RGB, an imported dataset), channel-last. */
  channels: 1 | 3;
  labels: Uint8Array;
  /** count * size * size * channels bytes, 0..255. */
  pixels: Uint8Array;
}

/** Images of one split as model inputs: x in [0, 1] with shape [n, size, size, channels]. */
export interface ImageSplit {
  n: number;
  size: number;
  channels: 1 | 3;
  x: Float32Array;
  labels: Int32Array;
}

export interface TrainValSplit {
  train: ImageSplit;
  val: ImageSplit;
  /** Number of classes (labels are 0..classes-1). */
  classes: number;
}

/** Parses and validates a dataset file. `name` only appears in error messages. */
export function parseDatasetFile(buffer: ArrayBuffer, name = 'dataset'): RawDataset {
  if (buffer.byteLength < DATASET_HEADER_BYTES) {
    throw new DataError(
      `${name}: file is ${buffer.byteLength} bytes, too short for a header (run npm run prepare-data)`,
    );
  }
  const view = new DataView(buffer);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== DATASET_MAGIC) {
    throw new DataError(`${name}: not a dataset file (magic ${JSON.stringify(magic)}, expected "NASD")`);
  }
  const version = view.getUint32(4, true);
  if (version !== DATASET_FORMAT_VERSION) {
    throw new DataError(
      `${name}: format version ${version}, this app reads version ${DATASET_FORMAT_VERSION}`,
    );
  }
  const count = view.getUint32(8, true);
  const size = view.getUint32(12, true);
  if (count < 1 || size < 1 || size > 1024) {
    throw new DataError(`${name}: bad header (count ${count}, size ${size})`);
  }
  const expected = DATASET_HEADER_BYTES + count + count * size * size;
  if (buffer.byteLength !== expected) {
    throw new DataError(
      `${name}: file is ${buffer.byteLength} bytes, the header says ${expected} (truncated or corrupt; run npm run prepare-data)`,
    );
  }
  const labels = new Uint8Array(buffer, DATASET_HEADER_BYTES, count);
  const pixels = new Uint8Array(buffer, DATASET_HEADER_BYTES + count, count * size * size);
  return { count, size, channels: 1, labels, pixels };
}

/** Converts images [start, start + n) to floats in [0, 1]. */
export function sliceImages(raw: RawDataset, start: number, n: number): ImageSplit {
  const pixelsPerImage = raw.size * raw.size * raw.channels;
  const x = new Float32Array(n * pixelsPerImage);
  const src = raw.pixels.subarray(start * pixelsPerImage, (start + n) * pixelsPerImage);
  for (let i = 0; i < src.length; i++) x[i] = src[i]! / 255;
  const labels = Int32Array.from(raw.labels.subarray(start, start + n));
  return { n, size: raw.size, channels: raw.channels, x, labels };
}

/**
 * The training subset from the start of the split and the validation subset from its end, so the
 * two never overlap (SPEC: validation images are held out).
 */
export function splitTrainVal(
  raw: RawDataset,
  trainImages: number,
  valImages: number,
  classes = 10,
): TrainValSplit {
  if (!Number.isInteger(trainImages) || !Number.isInteger(valImages) || trainImages < 1 || valImages < 1) {
    throw new DataError(
      `need at least one training and one validation image (got ${trainImages} and ${valImages})`,
    );
  }
  if (trainImages + valImages > raw.count) {
    throw new DataError(
      `${trainImages} training + ${valImages} validation images exceed the ${raw.count} images of the dataset`,
    );
  }
  for (let i = 0; i < raw.count; i++) {
    if (raw.labels[i]! >= classes)
      throw new DataError(`label ${raw.labels[i]} at image ${i} is not below ${classes}`);
  }
  return {
    train: sliceImages(raw, 0, trainImages),
    val: sliceImages(raw, raw.count - valImages, valImages),
    classes,
  };
}
