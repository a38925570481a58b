import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { datasetContentHash, readDatasetFiles } from './read';
import {
  DatasetImportError,
  IMPORT_LIMITS,
  type DecodedImage,
  type ImageDecoder,
  type ImportFile,
} from './types';

/*
 * Image files in tests use a trivial format the fake decoder reads: "FAKE", width, height (one
 * byte each), then width*height RGBA bytes. The real decoders (createImageBitmap) are the
 * browser's; this module only sees their output.
 */
const MAGIC = [0x46, 0x41, 0x4b, 0x45];

type Paint = (x: number, y: number) => [number, number, number, number];

function fakeImage(width: number, height: number, paint: Paint): Uint8Array {
  const bytes = new Uint8Array(6 + width * height * 4);
  bytes.set(MAGIC, 0);
  bytes[4] = width;
  bytes[5] = height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) bytes.set(paint(x, y), 6 + (y * width + x) * 4);
  }
  return bytes;
}

const decode: ImageDecoder = async (file) => {
  const { bytes } = file;
  if (bytes.length < 6 || MAGIC.some((byte, i) => bytes[i] !== byte)) throw new Error('not an image');
  const width = bytes[4] ?? 0;
  const height = bytes[5] ?? 0;
  if (bytes.length !== 6 + width * height * 4) throw new Error('truncated');
  const image: DecodedImage = { width, height, rgba: new Uint8ClampedArray(bytes.subarray(6)) };
  return image;
};

/** A grey image whose pixels are `level + i` (i = the image's number in its class). */
const greyPaint =
  (level: number): Paint =>
  () => [level, level, level, 255];

/** `count` grey images per class, size x size, under `root` (no root when empty). */
function classFolders(classes: string[], count: number, size = 28, root = 'digits'): ImportFile[] {
  const files: ImportFile[] = [];
  classes.forEach((name, c) => {
    for (let i = 0; i < count; i++) {
      const prefix = root ? `${root}/` : '';
      files.push({ path: `${prefix}${name}/${i}.png`, bytes: fakeImage(size, size, greyPaint(c * 100 + i)) });
    }
  });
  return files;
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

describe('readDatasetFiles: image folders', () => {
  it('reads two class folders of grey 28x28 images, classes sorted, pixels unchanged', async () => {
    const files = classFolders(['zero', 'one'], 10);
    const draft = await readDatasetFiles(files, { decode });
    expect(draft.format).toBe('images');
    expect(draft.side).toBe(28);
    expect(draft.channels).toBe(1);
    expect(draft.classNames).toEqual(['one', 'zero']);
    expect(draft.perClass).toEqual([10, 10]);
    expect([...draft.labels]).toEqual([...Array(10).fill(0), ...Array(10).fill(1)]);
    expect(draft.pixels.length).toBe(20 * 28 * 28);
    // 'one' is painted 100 + i, 'zero' 0 + i; within a class, paths sort as text (0, 1, ...).
    expect(draft.pixels[0]).toBe(100);
    expect(draft.pixels[28 * 28]).toBe(101);
    expect(draft.pixels[10 * 28 * 28]).toBe(0);
    expect(draft.sourceSize).toEqual({ width: 28, height: 28 });
    expect(draft.files).toBe(20);
  });

  it('takes the parent folder as the class with or without a root, and ignores OS junk and other files', async () => {
    const junk: ImportFile[] = [
      { path: 'a/.DS_Store', bytes: new Uint8Array([1, 2, 3]) },
      { path: '__MACOSX/a/._0.png', bytes: new Uint8Array([1, 2, 3]) },
      { path: 'a/Thumbs.db', bytes: new Uint8Array([1]) },
      { path: 'b/desktop.ini', bytes: new Uint8Array([1]) },
      { path: 'README.txt', bytes: new TextEncoder().encode('my digits') },
    ];
    const bare = await readDatasetFiles([...classFolders(['a', 'b'], 10, 28, ''), ...junk], { decode });
    const rooted = await readDatasetFiles(classFolders(['a', 'b'], 10, 28, 'set'), { decode });
    expect(bare.classNames).toEqual(['a', 'b']);
    expect(bare.files).toBe(20);
    expect(await datasetContentHash(bare)).toBe(await datasetContentHash(rooted));
  });

  it('resizes to 14 when an image is smaller than 28, and says the sizes were mixed', async () => {
    const files = classFolders(['a', 'b'], 10, 28);
    files[3] = { path: 'digits/a/3.png', bytes: fakeImage(20, 20, greyPaint(60)) };
    const draft = await readDatasetFiles(files, { decode });
    expect(draft.side).toBe(14);
    expect(draft.sourceSize).toBe('mixed');
    expect(draft.pixels.length).toBe(20 * 14 * 14);
    expect(draft.pixels[3 * 14 * 14]).toBe(60);
  });

  it('honours a requested side of 14 for 28x28 images (2x2 blocks averaged)', async () => {
    const checker: Paint = (x, y) => ((x + y) % 2 === 0 ? [200, 200, 200, 255] : [100, 100, 100, 255]);
    const files = classFolders(['a', 'b'], 10);
    files[0] = { path: 'digits/a/0.png', bytes: fakeImage(28, 28, checker) };
    const draft = await readDatasetFiles(files, { decode, side: 14 });
    expect(draft.side).toBe(14);
    expect([...draft.pixels.subarray(0, 14 * 14)]).toEqual(Array(14 * 14).fill(150));
  });

  it('keeps RGB, channel-last, when one image has colour; composites alpha onto black', async () => {
    const files = classFolders(['a', 'b'], 10);
    files[0] = { path: 'digits/a/0.png', bytes: fakeImage(28, 28, () => [255, 0, 10, 255]) };
    files[1] = { path: 'digits/a/1.png', bytes: fakeImage(28, 28, () => [255, 255, 255, 0]) };
    const draft = await readDatasetFiles(files, { decode });
    expect(draft.channels).toBe(3);
    expect(draft.pixels.length).toBe(20 * 28 * 28 * 3);
    expect([...draft.pixels.subarray(0, 6)]).toEqual([255, 0, 10, 255, 0, 10]);
    expect([...draft.pixels.subarray(28 * 28 * 3, 28 * 28 * 3 + 3)]).toEqual([0, 0, 0]);
    expect([...draft.pixels.subarray(2 * 28 * 28 * 3, 2 * 28 * 28 * 3 + 3)]).toEqual([2, 2, 2]);
  });

  it('squeezes an image within 10% of square, refuses one further off, naming it', async () => {
    const files = classFolders(['a', 'b'], 10);
    files[4] = { path: 'digits/a/4.png', bytes: fakeImage(30, 28, greyPaint(9)) };
    const near = await readDatasetFiles(files, { decode });
    expect(near.sourceSize).toBe('mixed');
    expect(near.side).toBe(28);
    files[4] = { path: 'digits/a/4.png', bytes: fakeImage(40, 28, greyPaint(9)) };
    const error = await refusal(readDatasetFiles(files, { decode }));
    expect(error.message).toBe(
      'digits/a/4.png: 40x28 is not square (more than 10% off); crop the images to square first',
    );
    expect(error.file).toBe('digits/a/4.png');
  });

  it('refuses an image smaller than 14x14', async () => {
    const files = classFolders(['a', 'b'], 10);
    files[12] = { path: 'digits/b/2.png', bytes: fakeImage(10, 10, greyPaint(9)) };
    const error = await refusal(readDatasetFiles(files, { decode }));
    expect(error.message).toBe('digits/b/2.png: 10x10 is smaller than 14x14; images are only scaled down');
  });

  it('refuses a corrupt image, naming it', async () => {
    const files = classFolders(['cats', 'dogs'], 10, 28, '');
    files[3] = { path: 'cats/3.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]) };
    const error = await refusal(readDatasetFiles(files, { decode }));
    expect(error.message).toBe('cats/3.png: not a readable image (PNG/JPEG)');
    expect(error.file).toBe('cats/3.png');
  });

  it('refuses one class only', async () => {
    const error = await refusal(readDatasetFiles(classFolders(['cats'], 12), { decode }));
    expect(error.message).toBe(
      'the class folders: one class only ("cats", 12 images); a dataset needs at least 2 classes',
    );
  });

  it('refuses more than 100 classes', async () => {
    const names = Array.from({ length: 101 }, (_, i) => `c${i}`);
    const error = await refusal(readDatasetFiles(classFolders(names, 10, 14), { decode }));
    expect(error.message).toBe('the class folders: 101 classes, more than the limit of 100');
  });

  it('refuses a class with fewer than 10 images, naming the class', async () => {
    const files = [...classFolders(['a'], 10), ...classFolders(['b'], 9)];
    const error = await refusal(readDatasetFiles(files, { decode }));
    expect(error.message).toBe('class "b": 9 images, fewer than the 10 each class needs');
  });

  it('refuses an image outside any class folder', async () => {
    const files = [
      ...classFolders(['a', 'b'], 10, 28, ''),
      { path: 'stray.png', bytes: fakeImage(28, 28, greyPaint(1)) },
    ];
    const error = await refusal(readDatasetFiles(files, { decode }));
    expect(error.message).toBe('stray.png: an image must be inside a class folder (<class>/<image>)');
  });
});

describe('readDatasetFiles: what is given', () => {
  it('refuses no usable files at all, saying what it found', async () => {
    const error = await refusal(
      readDatasetFiles([{ path: 'notes/README.txt', bytes: new Uint8Array([65]) }], { decode }),
    );
    expect(error.message).toBe(
      'no usable files: expected PNG/JPEG images in class folders, a .csv (label,pixel0,...) or IDX files (found notes/README.txt)',
    );
    const empty = await refusal(readDatasetFiles([], { decode }));
    expect(empty.message).toMatch(/^no usable files/);
  });

  it('refuses a mix of formats, naming one file of each', async () => {
    const files = [
      ...classFolders(['a', 'b'], 10),
      { path: 'digits/train.csv', bytes: new Uint8Array([49]) },
    ];
    const error = await refusal(readDatasetFiles(files, { decode }));
    expect(error.message).toBe(
      'a mix of formats: images (digits/a/0.png) and csv (digits/train.csv); import one format at a time',
    );
  });

  it('refuses a file over the size limit before reading anything', async () => {
    const big = new Uint8Array(IMPORT_LIMITS.maxFileBytes + 1);
    const error = await refusal(readDatasetFiles([{ path: 'huge.csv', bytes: big }], { decode }));
    expect(error.message).toBe(
      `huge.csv: ${IMPORT_LIMITS.maxFileBytes + 1} bytes, over the limit of ${IMPORT_LIMITS.maxFileBytes} bytes (128.0 MiB) for one file`,
    );
    expect(error.file).toBe('huge.csv');
  });

  it('refuses files that together pass the total limit', async () => {
    // Three views of one buffer: each under the per-file limit, together over the total.
    const shared = new Uint8Array(100 * 1024 * 1024);
    const files = ['a.csv', 'b.csv', 'c.csv'].map((path) => ({ path, bytes: shared }));
    const error = await refusal(readDatasetFiles(files, { decode }));
    expect(error.message).toBe(
      `the files given come to ${3 * shared.length} bytes, over the limit of ${IMPORT_LIMITS.maxTotalBytes} bytes (256.0 MiB) for one import`,
    );
  });
});

/** Sets the uncompressed size an entry declares, in its local header and the central directory. */
function declareSize(zip: Uint8Array, entry: number, size: number): Uint8Array {
  const patched = zip.slice();
  const view = new DataView(patched.buffer);
  let local = -1;
  let central = -1;
  for (let i = 0; i + 4 <= patched.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50 && local < entry) local++;
    if (signature === 0x04034b50 && local === entry) {
      view.setUint32(i + 22, size, true);
      local++;
    }
    if (signature === 0x02014b50 && central < entry) central++;
    if (signature === 0x02014b50 && central === entry) {
      view.setUint32(i + 24, size, true);
      central++;
    }
  }
  return patched;
}

describe('readDatasetFiles: zips', () => {
  it('reads a real zip of class folders like the same folders given loose', async () => {
    const files = classFolders(['a', 'b'], 10);
    const entries: Record<string, Uint8Array> = { '__MACOSX/digits/a/._0.png': new Uint8Array([0]) };
    for (const file of files) entries[file.path] = file.bytes;
    const zip = zipSync(entries);
    const zipped = await readDatasetFiles([{ path: 'digits.zip', bytes: zip }], { decode });
    const loose = await readDatasetFiles(files.slice().reverse(), { decode });
    expect(zipped.classNames).toEqual(['a', 'b']);
    expect(zipped.perClass).toEqual([10, 10]);
    expect(zipped.files).toBe(20);
    expect(await datasetContentHash(zipped)).toBe(await datasetContentHash(loose));
  });

  it('refuses a zip whose declared sizes pass the unpacked cap, before inflating', async () => {
    // Three entries each declaring 100 MiB (their data is tiny): the central directory alone says no.
    let zip: Uint8Array = zipSync({
      'a/1.png': new Uint8Array(10),
      'a/2.png': new Uint8Array(10),
      'b/1.png': new Uint8Array(10),
    });
    for (const entry of [0, 1, 2]) zip = declareSize(zip, entry, 100 * 1024 * 1024);
    const error = await refusal(readDatasetFiles([{ path: 'bomb.zip', bytes: zip }], { decode }));
    expect(error.message).toBe(
      'bomb.zip: unpacks to more than 256.0 MiB (the limit on unpacked data); refused as a possible zip bomb',
    );
  });

  it('refuses a zip entry that inflates past the size it declares, while inflating', async () => {
    // 8 MiB of zeros deflates to a few KiB; the entry claims 1000 bytes.
    const zip = declareSize(zipSync({ 'a/1.png': new Uint8Array(8 * 1024 * 1024) }), 0, 1000);
    const error = await refusal(readDatasetFiles([{ path: 'liar.zip', bytes: zip }], { decode }));
    expect(error.message).toBe(
      'liar.zip/a/1.png: inflates past the 1000 bytes it declares; refused as a possible zip bomb',
    );
  });

  it('refuses a zip that honestly unpacks past a (tighter) cap', async () => {
    const zip = zipSync({ 'a/1.png': new Uint8Array(3 * 1024 * 1024) });
    const error = await refusal(
      readDatasetFiles([{ path: 'big.zip', bytes: zip }], {
        decode,
        limits: { maxUnpackedBytes: 1024 * 1024 },
      }),
    );
    expect(error.message).toBe(
      'big.zip: unpacks to more than 1.0 MiB (the limit on unpacked data); refused as a possible zip bomb',
    );
  });

  it('refuses a file that is not a zip, and a zip inside a zip', async () => {
    const broken = await refusal(
      readDatasetFiles([{ path: 'x.zip', bytes: new Uint8Array(100) }], { decode }),
    );
    expect(broken.message).toBe('x.zip: not a readable zip archive');
    const nested = zipSync({ 'inner.zip': zipSync({ 'a/1.png': new Uint8Array(1) }) });
    const error = await refusal(readDatasetFiles([{ path: 'outer.zip', bytes: nested }], { decode }));
    expect(error.message).toBe('outer.zip/inner.zip: a zip inside a zip is not read; unpack it first');
  });
});

describe('datasetContentHash', () => {
  it('is a stable sha-256 that one pixel changes', async () => {
    const draft = await readDatasetFiles(classFolders(['a', 'b'], 10), { decode });
    const hash = await datasetContentHash(draft);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const shuffled = classFolders(['a', 'b'], 10).sort((x, y) => (x.path.length % 3) - (y.path.length % 3));
    expect(await datasetContentHash(await readDatasetFiles(shuffled, { decode }))).toBe(hash);
    const pixels = draft.pixels.slice();
    pixels[777] = (pixels[777] ?? 0) ^ 1;
    expect(await datasetContentHash({ ...draft, pixels })).not.toBe(hash);
    const labels = draft.labels.slice();
    labels[0] = 1;
    expect(await datasetContentHash({ ...draft, labels })).not.toBe(hash);
  });

  it('matches a sha-256 worked out independently (Node crypto) for a tiny draft', async () => {
    const { createHash } = await import('node:crypto');
    const draft = {
      side: 14 as const,
      channels: 1 as const,
      labels: new Uint8Array([0, 1]),
      pixels: new Uint8Array(392).fill(3),
    };
    const expected = createHash('sha256')
      .update('nas-playground-import-v1 side=14 channels=1 count=2\n')
      .update(draft.labels)
      .update(draft.pixels)
      .digest('hex');
    expect(await datasetContentHash(draft)).toBe(expected);
  });
});
