/**
 * Reads a user's own dataset (#20) from the files they picked into a `DatasetDraft`, or refuses
 * it with a `DatasetImportError` naming the file and the problem. Pure: no DOM, no tfjs; image
 * decoding is the caller's `ImageDecoder`. Nothing is stored here: a refusal returns nothing.
 *
 * Rules (what the import dialog and the README should tell users):
 * - Images: PNG/JPEG in class folders; the class is the image's parent folder (`root/<class>/x.png`
 *   or `<class>/x.png`). Dotfiles, `__MACOSX`, `Thumbs.db` and `desktop.ini` are ignored, as are
 *   files of other types (a README beside the folders). Zips are expanded with the same rule.
 * - Alpha is composited onto black. Images whose pixels are all grey (R = G = B) make a grey
 *   dataset; one coloured image makes it RGB.
 * - Sizes: every image is resized to side x side by area averaging; side is 28 when the smallest
 *   source side is at least 28, else 14. An image more than 10% away from square, or smaller
 *   than 14 (or the side asked for), is refused, named: resizing it would crop or invent pixels.
 * - CSV (`label,pixel0,...`, grey, header optional) and IDX (MNIST's, raw or .gz) label values
 *   become the class names, sorted numerically.
 * - Output order is by class, then by path (then row): the content hash does not depend on the
 *   order the browser listed the files in.
 */

import { expandZip, gunzip, isJunkPath, type UnpackBudget } from './archive';
import { parseCsv } from './csv';
import { pairIdx, parseIdx } from './idx';
import { compositeOnBlack, greyFromRgb, resizeAreaAverage } from './pixels';
import {
  DatasetImportError,
  IMPORT_LIMITS,
  type DatasetDraft,
  type DatasetFormat,
  type ImageDecoder,
  type ImportFile,
  type ImportLimits,
  type ImportSide,
} from './types';

export interface ReadDatasetOptions {
  /** Decodes PNG/JPEG; the browser's uses createImageBitmap and an OffscreenCanvas. */
  decode: ImageDecoder;
  /** Side to resize to; by default 28 when every image is at least 28 on its smaller side, else 14. */
  side?: ImportSide;
  /** Tighter limits than IMPORT_LIMITS (tests); looser ones are not honoured. */
  limits?: Partial<ImportLimits>;
}

const IMAGE_EXTENSIONS = /\.(png|jpe?g)$/i;
const CSV_EXTENSION = /\.csv$/i;
/** MNIST's names (train-images-idx3-ubyte, t10k-labels.idx1-ubyte) and plain .idx files. */
const IDX_NAME = /(idx\d[-.]ubyte|-ubyte|\.idx\d?)$/i;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function effectiveLimits(tighter: Partial<ImportLimits> | undefined): ImportLimits {
  const limits: Record<string, number> = { ...IMPORT_LIMITS };
  for (const [key, value] of Object.entries(tighter ?? {})) {
    const current = limits[key];
    if (typeof value !== 'number' || current === undefined) continue;
    // "Tighter" for a minimum is larger; for everything else smaller.
    limits[key] = key.startsWith('min') ? Math.max(current, value) : Math.min(current, value);
  }
  return limits as ImportLimits;
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A file after unpacking, with the name its type is judged by (".gz" dropped). */
interface Unpacked {
  file: ImportFile;
  kind: DatasetFormat;
}

function kindOf(name: string): DatasetFormat | undefined {
  if (IMAGE_EXTENSIONS.test(name)) return 'images';
  if (CSV_EXTENSION.test(name)) return 'csv';
  if (IDX_NAME.test(name)) return 'idx';
  return undefined;
}

/** Expands zips and gzips and sorts the files by type; files of no known type are left out. */
function unpack(given: ImportFile[], limits: ImportLimits): { usable: Unpacked[]; ignored: string[] } {
  let total = 0;
  for (const file of given) {
    if (file.bytes.length > limits.maxFileBytes) {
      throw new DatasetImportError(
        `${file.path}: ${file.bytes.length} bytes, over the limit of ${limits.maxFileBytes} bytes (${mib(limits.maxFileBytes)}) for one file`,
        file.path,
      );
    }
    total += file.bytes.length;
  }
  if (total > limits.maxTotalBytes) {
    throw new DatasetImportError(
      `the files given come to ${total} bytes, over the limit of ${limits.maxTotalBytes} bytes (${mib(limits.maxTotalBytes)}) for one import`,
    );
  }
  const budget: UnpackBudget = { used: 0 };
  const usable: Unpacked[] = [];
  const ignored: string[] = [];
  const visit = (file: ImportFile, insideZip: string | undefined): void => {
    if (isJunkPath(file.path)) return;
    if (/\.zip$/i.test(file.path)) {
      if (insideZip) {
        throw new DatasetImportError(
          `${insideZip}/${file.path}: a zip inside a zip is not read; unpack it first`,
          insideZip,
        );
      }
      for (const entry of expandZip(file, limits, budget)) visit(entry, file.path);
      return;
    }
    let name = file.path;
    let bytes = file.bytes;
    if (/\.gz$/i.test(name)) {
      name = name.slice(0, -3);
      if (!kindOf(name)) {
        ignored.push(file.path);
        return;
      }
      bytes = gunzip(file, limits, budget);
    }
    const kind = kindOf(name);
    if (!kind) ignored.push(file.path);
    else usable.push({ file: { path: file.path, bytes }, kind });
    if (usable.length > limits.maxFiles) {
      throw new DatasetImportError(
        `more than ${limits.maxFiles} files; the limit for one import is ${limits.maxFiles}`,
      );
    }
  };
  for (const file of given) visit(file, undefined);
  return { usable, ignored };
}

/** One image before the side is known: resized to 14 and, when big enough, to 28. */
interface Sample {
  classIndex: number;
  width: number;
  height: number;
  /** Channel-last at 14x14, `sampleChannels` channels. */
  at14: Uint8Array;
  /** Channel-last at 28x28, when the source is at least 28 on its smaller side. */
  at28?: Uint8Array;
  grey: boolean;
}

/** Refuses an image that cannot be resized to a square without cropping or inventing pixels. */
function checkShape(
  path: string,
  width: number,
  height: number,
  limits: ImportLimits,
  side?: ImportSide,
): void {
  const deviation = Math.abs(width - height) / Math.max(width, height);
  if (deviation > limits.maxAspectDeviation) {
    throw new DatasetImportError(
      `${path}: ${width}x${height} is not square (more than ${Math.round(limits.maxAspectDeviation * 100)}% off); crop the images to square first`,
      path,
    );
  }
  const smallest = side ?? limits.minSourceSide;
  if (Math.min(width, height) < smallest) {
    throw new DatasetImportError(
      `${path}: ${width}x${height} is smaller than ${smallest}x${smallest}; images are only scaled down`,
      path,
    );
  }
}

/** Class counts against the limits; `name` turns a class index into what the user calls it. */
function checkClasses(perClass: number[], classNames: string[], where: string, limits: ImportLimits): void {
  const images = perClass.reduce((sum, count) => sum + count, 0);
  if (classNames.length < limits.minClasses) {
    throw new DatasetImportError(
      `${where}: one class only (${JSON.stringify(classNames[0] ?? '')}, ${images} images); a dataset needs at least ${limits.minClasses} classes`,
    );
  }
  if (classNames.length > limits.maxClasses) {
    throw new DatasetImportError(
      `${where}: ${classNames.length} classes, more than the limit of ${limits.maxClasses}`,
    );
  }
  if (images > limits.maxImages) {
    throw new DatasetImportError(`${where}: ${images} images, more than the limit of ${limits.maxImages}`);
  }
  perClass.forEach((count, index) => {
    if (count < limits.minPerClass) {
      throw new DatasetImportError(
        `class ${JSON.stringify(classNames[index])}: ${count} images, fewer than the ${limits.minPerClass} each class needs`,
      );
    }
  });
}

function assemble(
  format: DatasetFormat,
  samples: Sample[],
  classNames: string[],
  side: ImportSide,
  sampleChannels: 1 | 3,
  files: number,
): DatasetDraft {
  const channels: 1 | 3 = sampleChannels === 1 || samples.every((sample) => sample.grey) ? 1 : 3;
  const size = side * side * channels;
  const pixels = new Uint8Array(samples.length * size);
  const labels = new Uint8Array(samples.length);
  const perClass = classNames.map(() => 0);
  samples.forEach((sample, i) => {
    const resized = side === 28 ? sample.at28 : sample.at14;
    if (!resized) throw new Error('an image was not resized to the chosen side');
    pixels.set(sampleChannels === 3 && channels === 1 ? greyFromRgb(resized) : resized, i * size);
    labels[i] = sample.classIndex;
    perClass[sample.classIndex]! += 1;
  });
  const first = samples[0];
  const same =
    first && samples.every((sample) => sample.width === first.width && sample.height === first.height);
  return {
    format,
    side,
    channels,
    classNames,
    labels,
    pixels,
    perClass,
    sourceSize: same ? { width: first.width, height: first.height } : 'mixed',
    files,
  };
}

async function readImages(
  files: ImportFile[],
  options: ReadDatasetOptions,
  limits: ImportLimits,
): Promise<DatasetDraft> {
  const classed = files.map((file) => {
    const parts = file.path.split('/').filter((part) => part !== '');
    const className = parts[parts.length - 2];
    if (className === undefined) {
      throw new DatasetImportError(
        `${file.path}: an image must be inside a class folder (<class>/<image>)`,
        file.path,
      );
    }
    return { file, className };
  });
  classed.sort((a, b) => compareText(a.className, b.className) || compareText(a.file.path, b.file.path));
  const classNames = [...new Set(classed.map((item) => item.className))];
  const perClass = classNames.map((name) => classed.filter((item) => item.className === name).length);
  checkClasses(perClass, classNames, 'the class folders', limits);

  const samples: Sample[] = [];
  let smallestSide = Infinity;
  for (const { file, className } of classed) {
    let image;
    try {
      image = await options.decode(file);
    } catch {
      throw new DatasetImportError(`${file.path}: not a readable image (PNG/JPEG)`, file.path);
    }
    const { width, height, rgba } = image;
    if (!(width > 0 && height > 0) || rgba.length !== width * height * 4) {
      throw new DatasetImportError(`${file.path}: not a readable image (PNG/JPEG)`, file.path);
    }
    checkShape(file.path, width, height, limits, options.side);
    smallestSide = Math.min(smallestSide, width, height);
    const { rgb, grey } = compositeOnBlack(rgba, width * height);
    const sample: Sample = {
      classIndex: classNames.indexOf(className),
      width,
      height,
      at14: options.side === 28 ? new Uint8Array(0) : resizeAreaAverage(rgb, width, height, 3, 14),
      grey,
    };
    if (options.side !== 14 && Math.min(width, height) >= 28) {
      sample.at28 = resizeAreaAverage(rgb, width, height, 3, 28);
    }
    samples.push(sample);
  }
  const side: ImportSide = options.side ?? (smallestSide >= 28 ? 28 : 14);
  return assemble('images', samples, classNames, side, 3, files.length);
}

/** A grey image of a CSV row or an IDX record, before resizing. */
interface GreyRecord {
  value: number;
  width: number;
  height: number;
  pixels: Uint8Array;
}

function readGrey(
  format: 'csv' | 'idx',
  records: GreyRecord[],
  where: string,
  options: ReadDatasetOptions,
  limits: ImportLimits,
  files: number,
): DatasetDraft {
  const values = [...new Set(records.map((record) => record.value))].sort((a, b) => a - b);
  const classNames = values.map(String);
  const index = new Map(values.map((value, i) => [value, i]));
  const perClass = values.map(() => 0);
  for (const record of records) perClass[index.get(record.value) ?? 0]! += 1;
  checkClasses(perClass, classNames, where, limits);
  const smallestSide = records.reduce(
    (least, record) => Math.min(least, record.width, record.height),
    Infinity,
  );
  const side: ImportSide = options.side ?? (smallestSide >= 28 ? 28 : 14);
  const order = records.map((_, i) => i);
  order.sort((a, b) => (index.get(records[a]!.value) ?? 0) - (index.get(records[b]!.value) ?? 0) || a - b);
  const samples = order.map((i): Sample => {
    const record = records[i]!;
    const resized = resizeAreaAverage(record.pixels, record.width, record.height, 1, side);
    return {
      classIndex: index.get(record.value) ?? 0,
      width: record.width,
      height: record.height,
      at14: side === 14 ? resized : new Uint8Array(0),
      ...(side === 28 ? { at28: resized } : {}),
      grey: true,
    };
  });
  return assemble(format, samples, classNames, side, 1, files);
}

function readCsvFiles(files: ImportFile[], options: ReadDatasetOptions, limits: ImportLimits): DatasetDraft {
  const records: GreyRecord[] = [];
  for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) {
    const csv = parseCsv(file);
    checkShape(file.path, csv.side, csv.side, limits, options.side);
    const size = csv.side * csv.side;
    csv.labelValues.forEach((value, row) => {
      records.push({
        value,
        width: csv.side,
        height: csv.side,
        pixels: csv.pixels.subarray(row * size, (row + 1) * size),
      });
    });
    if (records.length > limits.maxImages) {
      throw new DatasetImportError(
        `${file.path}: more than the limit of ${limits.maxImages} images`,
        file.path,
      );
    }
  }
  const where = files.length === 1 ? (files[0]?.path ?? 'the CSV') : 'the CSV files';
  return readGrey('csv', records, where, options, limits, files.length);
}

function readIdxFiles(files: ImportFile[], options: ReadDatasetOptions, limits: ImportLimits): DatasetDraft {
  const sorted = [...files].sort((a, b) => compareText(a.path, b.path));
  const pairs = pairIdx(sorted.map(parseIdx));
  const records: GreyRecord[] = [];
  for (const { images, labels } of pairs) {
    checkShape(images.path, images.cols, images.rows, limits, options.side);
    if (records.length + images.count > limits.maxImages) {
      throw new DatasetImportError(
        `${images.path}: more than the limit of ${limits.maxImages} images`,
        images.path,
      );
    }
    const size = images.rows * images.cols;
    for (let i = 0; i < images.count; i++) {
      records.push({
        value: labels.labels[i] ?? 0,
        width: images.cols,
        height: images.rows,
        pixels: images.pixels.subarray(i * size, (i + 1) * size),
      });
    }
  }
  return readGrey('idx', records, 'the IDX files', options, limits, files.length);
}

/** Reads the files a user picked (a folder's files, zips, a CSV, IDX files) into a draft, or refuses them. */
export async function readDatasetFiles(
  files: ImportFile[],
  options: ReadDatasetOptions,
): Promise<DatasetDraft> {
  const limits = effectiveLimits(options.limits);
  const { usable, ignored } = unpack(files, limits);
  if (usable.length === 0) {
    const seen =
      ignored.length > 0
        ? ` (found ${ignored.slice(0, 3).join(', ')}${ignored.length > 3 ? ', ...' : ''})`
        : '';
    throw new DatasetImportError(
      `no usable files: expected PNG/JPEG images in class folders, a .csv (label,pixel0,...) or IDX files${seen}`,
    );
  }
  const kinds = [...new Set(usable.map((item) => item.kind))];
  if (kinds.length > 1) {
    const examples = kinds.map((kind) => `${kind} (${usable.find((item) => item.kind === kind)?.file.path})`);
    throw new DatasetImportError(`a mix of formats: ${examples.join(' and ')}; import one format at a time`);
  }
  const chosen = usable.map((item) => item.file);
  switch (kinds[0]) {
    case 'csv':
      return readCsvFiles(chosen, options, limits);
    case 'idx':
      return readIdxFiles(chosen, options, limits);
    default:
      return readImages(chosen, options, limits);
  }
}

/**
 * SHA-256 (hex) of what training sees: side, channels, labels and pixels. Runs record it, so a
 * share link can tell whether the machine opening it has the same data.
 */
export async function datasetContentHash(
  draft: Pick<DatasetDraft, 'side' | 'channels' | 'labels' | 'pixels'>,
): Promise<string> {
  const header = new TextEncoder().encode(
    `nas-playground-import-v1 side=${draft.side} channels=${draft.channels} count=${draft.labels.length}\n`,
  );
  const canonical = new Uint8Array(header.length + draft.labels.length + draft.pixels.length);
  canonical.set(header, 0);
  canonical.set(draft.labels, header.length);
  canonical.set(draft.pixels, header.length + draft.labels.length);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', canonical);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
