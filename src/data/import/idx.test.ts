import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readDatasetFiles } from './read';
import { DatasetImportError, type ImageDecoder, type ImportFile } from './types';

const decode: ImageDecoder = () => Promise.reject(new Error('no images in these tests'));

/** An IDX images file as MNIST's: big-endian magic 0x803, count, rows, cols, then pixels (image i is all i). */
function idxImages(count: number, rows: number, cols: number, magic = 0x00000803): Uint8Array {
  const bytes = new Uint8Array(16 + count * rows * cols);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic, false);
  view.setUint32(4, count, false);
  view.setUint32(8, rows, false);
  view.setUint32(12, cols, false);
  for (let i = 0; i < count; i++) bytes.fill(i, 16 + i * rows * cols, 16 + (i + 1) * rows * cols);
  return bytes;
}

function idxLabels(labels: number[]): Uint8Array {
  const bytes = new Uint8Array(8 + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00000801, false);
  view.setUint32(4, labels.length, false);
  bytes.set(labels, 8);
  return bytes;
}

/** 20 images: labels alternate 1, 0, 1, 0, ... */
const alternating = Array.from({ length: 20 }, (_, i) => (i + 1) % 2);

function mnist(): ImportFile[] {
  return [
    { path: 'mnist/train-images-idx3-ubyte', bytes: idxImages(20, 28, 28) },
    { path: 'mnist/train-labels-idx1-ubyte', bytes: idxLabels(alternating) },
  ];
}

async function refusal(promise: Promise<unknown>): Promise<DatasetImportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetImportError);
    return error as DatasetImportError;
  }
  throw new Error('expected the import to be refused');
}

describe('readDatasetFiles: IDX', () => {
  it('reads a raw images/labels pair, ordered by class then record', async () => {
    const draft = await readDatasetFiles(mnist(), { decode });
    expect(draft.format).toBe('idx');
    expect(draft.side).toBe(28);
    expect(draft.channels).toBe(1);
    expect(draft.classNames).toEqual(['0', '1']);
    expect(draft.perClass).toEqual([10, 10]);
    // Class 0 holds records 1, 3, 5, ...; each record's pixels are all its index.
    expect(draft.pixels[0]).toBe(1);
    expect(draft.pixels[784]).toBe(3);
    expect(draft.pixels[10 * 784]).toBe(0);
    expect([...draft.labels.subarray(9, 11)]).toEqual([0, 1]);
    expect(draft.files).toBe(2);
  });

  it('reads the same pair gzipped, as MNIST ships it', async () => {
    const gzipped = mnist().map((file) => ({ path: `${file.path}.gz`, bytes: gzipSync(file.bytes) }));
    const raw = await readDatasetFiles(mnist(), { decode });
    const draft = await readDatasetFiles(gzipped, { decode });
    expect([...draft.pixels]).toEqual([...raw.pixels]);
    expect([...draft.labels]).toEqual([...raw.labels]);
  });

  it('pairs train and test files by their counts and resizes 20x20 to 14x14', async () => {
    const files = [
      { path: 't10k-images-idx3-ubyte', bytes: idxImages(20, 20, 20) },
      { path: 'train-labels-idx1-ubyte', bytes: idxLabels([...alternating, ...alternating]) },
      { path: 'train-images-idx3-ubyte', bytes: idxImages(40, 20, 20) },
      { path: 't10k-labels-idx1-ubyte', bytes: idxLabels(alternating) },
    ];
    const draft = await readDatasetFiles(files, { decode });
    expect(draft.side).toBe(14);
    expect(draft.perClass).toEqual([30, 30]);
    expect(draft.sourceSize).toEqual({ width: 20, height: 20 });
  });

  it('refuses a wrong magic number', async () => {
    const files = mnist();
    files[0] = { path: 'mnist/train-images-idx3-ubyte', bytes: idxImages(20, 28, 28, 0x00000c03) };
    const error = await refusal(readDatasetFiles(files, { decode }));
    expect(error.message).toBe(
      'mnist/train-images-idx3-ubyte: wrong IDX magic number 0x00000c03 (expected 0x00000803 for images or 0x00000801 for labels, unsigned bytes)',
    );
    expect(error.file).toBe('mnist/train-images-idx3-ubyte');
  });

  it('refuses header counts that do not match the file length', async () => {
    const files = mnist();
    files[0] = {
      path: 'mnist/train-images-idx3-ubyte',
      bytes: idxImages(20, 28, 28).subarray(0, 16 + 19 * 784),
    };
    const images = await refusal(readDatasetFiles(files, { decode }));
    expect(images.message).toBe(
      'mnist/train-images-idx3-ubyte: the IDX header says 20 images of 28x28 (15696 bytes) but the file has 14912 bytes',
    );
    const labels = mnist();
    labels[1] = { path: 'mnist/train-labels-idx1-ubyte', bytes: idxLabels(alternating).subarray(0, 27) };
    const error = await refusal(readDatasetFiles(labels, { decode }));
    expect(error.message).toBe(
      'mnist/train-labels-idx1-ubyte: the IDX header says 20 labels (28 bytes) but the file has 27 bytes',
    );
  });

  it('refuses images and labels whose counts differ', async () => {
    const files = mnist();
    files[1] = { path: 'mnist/train-labels-idx1-ubyte', bytes: idxLabels(alternating.slice(0, 19)) };
    const error = await refusal(readDatasetFiles(files, { decode }));
    expect(error.message).toBe(
      'mnist/train-images-idx3-ubyte has 20 images but mnist/train-labels-idx1-ubyte has 19 labels',
    );
  });

  it('refuses images without a labels file, and labels without images', async () => {
    const [images, labels] = mnist();
    const noLabels = await refusal(readDatasetFiles([images!], { decode }));
    expect(noLabels.message).toBe(
      'mnist/train-images-idx3-ubyte: no labels file (IDX magic 0x00000801) with 20 labels',
    );
    const noImages = await refusal(readDatasetFiles([labels!], { decode }));
    expect(noImages.message).toBe(
      'mnist/train-labels-idx1-ubyte: no images file (IDX magic 0x00000803) with 20 images',
    );
  });

  it('refuses a gzip that is not one', async () => {
    const error = await refusal(
      readDatasetFiles(
        [{ path: 'train-images-idx3-ubyte.gz', bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) }],
        {
          decode,
        },
      ),
    );
    expect(error.message).toMatch(/^train-images-idx3-ubyte\.gz: not a readable gzip file/);
  });
});
