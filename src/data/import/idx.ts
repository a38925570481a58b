/**
 * IDX files as MNIST ships them (http://yann.lecun.com/exdb/mnist/): big-endian headers,
 * unsigned bytes. Images: magic 0x00000803, count, rows, cols, then count*rows*cols pixels.
 * Labels: magic 0x00000801, count, then count labels. Files are paired by their counts.
 */

import { DatasetImportError, type ImportFile } from './types';

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

export interface IdxImages {
  kind: 'images';
  path: string;
  count: number;
  rows: number;
  cols: number;
  /** count * rows * cols bytes. */
  pixels: Uint8Array;
}

export interface IdxLabels {
  kind: 'labels';
  path: string;
  count: number;
  labels: Uint8Array;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** Parses one IDX file (already gunzipped); refuses a wrong magic number or a length the header does not predict. */
export function parseIdx(file: ImportFile): IdxImages | IdxLabels {
  const { bytes, path } = file;
  if (bytes.length < 8) {
    throw new DatasetImportError(`${path}: ${bytes.length} bytes, too short for an IDX header`, path);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const count = view.getUint32(4, false);
  if (magic === IDX_LABELS_MAGIC) {
    if (bytes.length !== 8 + count) {
      throw new DatasetImportError(
        `${path}: the IDX header says ${count} labels (${8 + count} bytes) but the file has ${bytes.length} bytes`,
        path,
      );
    }
    return { kind: 'labels', path, count, labels: bytes.subarray(8) };
  }
  if (magic === IDX_IMAGES_MAGIC) {
    if (bytes.length < 16) {
      throw new DatasetImportError(
        `${path}: ${bytes.length} bytes, too short for an IDX images header`,
        path,
      );
    }
    const rows = view.getUint32(8, false);
    const cols = view.getUint32(12, false);
    const expected = 16 + count * rows * cols;
    if (bytes.length !== expected) {
      throw new DatasetImportError(
        `${path}: the IDX header says ${count} images of ${rows}x${cols} (${expected} bytes) but the file has ${bytes.length} bytes`,
        path,
      );
    }
    return { kind: 'images', path, count, rows, cols, pixels: bytes.subarray(16) };
  }
  throw new DatasetImportError(
    `${path}: wrong IDX magic number ${hex(magic)} (expected ${hex(IDX_IMAGES_MAGIC)} for images or ${hex(IDX_LABELS_MAGIC)} for labels, unsigned bytes)`,
    path,
  );
}

/** Name with "images" and "labels" blanked, to tell train-* from t10k-* when counts tie. */
function stem(path: string): string {
  return path.toLowerCase().replace(/images|labels|idx\d|\.gz$/g, '');
}

/**
 * Pairs each images file with the labels file of the same count (ties broken by name).
 * Refuses an images file without labels, labels without images, and counts that differ.
 */
export function pairIdx(parsed: (IdxImages | IdxLabels)[]): { images: IdxImages; labels: IdxLabels }[] {
  const images = parsed.filter((file): file is IdxImages => file.kind === 'images');
  const labels = parsed.filter((file): file is IdxLabels => file.kind === 'labels');
  const pairs: { images: IdxImages; labels: IdxLabels }[] = [];
  const unpaired = [...labels];
  const lonely: IdxImages[] = [];
  for (const imageFile of images) {
    const candidates = unpaired.filter((labelFile) => labelFile.count === imageFile.count);
    const match =
      candidates.find((labelFile) => stem(labelFile.path) === stem(imageFile.path)) ?? candidates[0];
    if (!match) {
      lonely.push(imageFile);
      continue;
    }
    unpaired.splice(unpaired.indexOf(match), 1);
    pairs.push({ images: imageFile, labels: match });
  }
  const [firstLonely] = lonely;
  const [firstUnpaired] = unpaired;
  if (firstLonely && firstUnpaired && lonely.length === 1 && unpaired.length === 1) {
    throw new DatasetImportError(
      `${firstLonely.path} has ${firstLonely.count} images but ${firstUnpaired.path} has ${firstUnpaired.count} labels`,
      firstLonely.path,
    );
  }
  if (firstLonely) {
    throw new DatasetImportError(
      `${firstLonely.path}: no labels file (IDX magic ${hex(IDX_LABELS_MAGIC)}) with ${firstLonely.count} labels`,
      firstLonely.path,
    );
  }
  if (firstUnpaired) {
    throw new DatasetImportError(
      `${firstUnpaired.path}: no images file (IDX magic ${hex(IDX_IMAGES_MAGIC)}) with ${firstUnpaired.count} images`,
      firstUnpaired.path,
    );
  }
  return pairs;
}
