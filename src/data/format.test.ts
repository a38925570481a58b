import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATASET_HEADER_BYTES, DataError, parseDatasetFile, splitTrainVal } from './format';

/** A tiny dataset file: `count` images of side `size`; image i has label i % 10 and pixels i. */
function makeFile(count: number, size: number, magic = 'NASD', version = 1): ArrayBuffer {
  const bytes = new Uint8Array(DATASET_HEADER_BYTES + count + count * size * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = magic.charCodeAt(i);
  view.setUint32(4, version, true);
  view.setUint32(8, count, true);
  view.setUint32(12, size, true);
  for (let i = 0; i < count; i++) {
    bytes[DATASET_HEADER_BYTES + i] = i % 10;
    bytes.fill(
      i * 10,
      DATASET_HEADER_BYTES + count + i * size * size,
      DATASET_HEADER_BYTES + count + (i + 1) * size * size,
    );
  }
  return bytes.buffer;
}

describe('dataset file format', () => {
  it('parses the header, labels and pixels', () => {
    const raw = parseDatasetFile(makeFile(12, 2));
    expect(raw.count).toBe(12);
    expect(raw.size).toBe(2);
    expect(Array.from(raw.labels.slice(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(raw.pixels.slice(4, 8))).toEqual([10, 10, 10, 10]);
  });

  it('rejects a wrong magic, version or length with a DataError', () => {
    expect(() => parseDatasetFile(makeFile(4, 2, 'NOPE'))).toThrow(/not a dataset file/);
    expect(() => parseDatasetFile(makeFile(4, 2, 'NASD', 7))).toThrow(/format version 7/);
    expect(() => parseDatasetFile(makeFile(4, 2).slice(0, 30), 'mnist-14.bin')).toThrow(
      /mnist-14.bin: .*truncated/,
    );
    expect(() => parseDatasetFile(new ArrayBuffer(3))).toThrow(DataError);
  });

  it('takes training images from the start and validation images from the end, scaled to [0, 1]', () => {
    const raw = parseDatasetFile(makeFile(20, 2));
    const split = splitTrainVal(raw, 5, 3);
    expect(split.train.n).toBe(5);
    expect(split.val.n).toBe(3);
    expect(Array.from(split.train.labels)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(split.val.labels)).toEqual([7, 8, 9]);
    expect(split.train.x.length).toBe(5 * 4);
    expect(split.train.x[4]).toBeCloseTo(10 / 255);
    expect(split.val.x[0]).toBeCloseTo(170 / 255);
  });

  it('refuses subsets larger than the split', () => {
    const raw = parseDatasetFile(makeFile(10, 2));
    expect(() => splitTrainVal(raw, 8, 3)).toThrow(/exceed the 10 images/);
    expect(() => splitTrainVal(raw, 0, 3)).toThrow(DataError);
  });
});

const prepared = 'public/data/mnist-14.bin';

describe.skipIf(!existsSync(prepared))('prepared MNIST 14x14 (npm run prepare-data)', () => {
  it('holds the 60,000 training images with every class in the first 1,000', () => {
    const file = readFileSync(prepared);
    const raw = parseDatasetFile(
      file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
      prepared,
    );
    expect(raw.count).toBe(60000);
    expect(raw.size).toBe(14);
    expect(new Set(raw.labels.subarray(0, 1000)).size).toBe(10);
    expect(Math.max(...raw.pixels.subarray(0, 196 * 100))).toBeGreaterThan(200);
  });
});
