/**
 * Types and limits of a user's own dataset import (#20). Pure: no DOM, no tfjs. The module
 * runs in Node unit tests and in the browser's main thread; image decoding is the caller's
 * (an `ImageDecoder`), so nothing here touches a canvas.
 */

/** A refused import: the message names the file (when there is one) and the problem. */
export class DatasetImportError extends Error {
  /** Path of the file at fault, as the user gave it (zip entries as `archive.zip/entry`). */
  readonly file?: string;
  constructor(message: string, file?: string) {
    super(message);
    this.name = 'DatasetImportError';
    if (file !== undefined) this.file = file;
  }
}

/** One file as the user gave it. */
export interface ImportFile {
  /** Relative, '/'-separated: a folder picker's webkitRelativePath or a zip entry's name. */
  path: string;
  bytes: Uint8Array;
}

/** A decoded image, straight (not premultiplied) RGBA. */
export interface DecodedImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, row-major RGBA. */
  rgba: Uint8ClampedArray;
}

/** Decodes one image file; rejects on corrupt data. The browser's is built on createImageBitmap. */
export type ImageDecoder = (file: ImportFile) => Promise<DecodedImage>;

/** Where the images came from: class folders of PNG/JPEG, a label,pixels CSV, or MNIST's IDX. */
export type DatasetFormat = 'images' | 'csv' | 'idx';

/** The side the network sees; images are resized to side x side. */
export type ImportSide = 14 | 28;

/** What an import read, before the user accepts and names it. */
export interface DatasetDraft {
  format: DatasetFormat;
  /** Images are resized to side x side pixels. */
  side: ImportSide;
  /** 1 when every image is grey (R = G = B after compositing alpha), else 3 (RGB). */
  channels: 1 | 3;
  /** Index = label. Class folder names (sorted) for images; label values as strings for csv/idx. */
  classNames: string[];
  /** One per image, 0..classNames.length-1, in the order of `pixels`. */
  labels: Uint8Array;
  /** count * side * side * channels bytes, row-major, channel-last (HWC), 0..255. */
  pixels: Uint8Array;
  /** Images per class, indexed like classNames. */
  perClass: number[];
  /** Size of the images read, before resizing, or 'mixed' when they differ. */
  sourceSize: { width: number; height: number } | 'mixed';
  /** Files that contributed images or labels (after expanding zips). */
  files: number;
}

/**
 * What an import accepts. Sizes are bytes. The numbers let MNIST in every shape it ships (mnist_train.csv is 105 MiB, the IDX training
 * images 45 MiB raw) while a tab of the browser keeps its memory.
 */
export const IMPORT_LIMITS = {
  /** Largest single file, given or unpacked from a zip or gzip. */
  maxFileBytes: 128 * 1024 * 1024,
  /** All the files given, together (zips counted as they are, packed). */
  maxTotalBytes: 256 * 1024 * 1024,
  /**
   * All the bytes unpacked from zips and gzips, together. Checked against the sizes an archive
   * declares before anything is inflated, and again against the bytes actually inflated (an
   * entry that inflates past its declared size is refused): a zip bomb is refused, not unpacked.
   */
  maxUnpackedBytes: 256 * 1024 * 1024,
  /** Most files after expanding zips (a zip of a million empty entries is refused early). */
  maxFiles: 100_000,
  /** Most images in the dataset (MNIST's 70,000 fit). */
  maxImages: 70_000,
  /** Most classes. */
  maxClasses: 100,
  /** Fewest classes: one class teaches nothing. */
  minClasses: 2,
  /** Fewest images in any class. */
  minPerClass: 10,
  /** Smallest source image side: below it the network's 14x14 would be made up. */
  minSourceSide: 14,
  /**
   * Largest departure from square, as |width - height| / max(width, height). Images within it are
   * squeezed to square by the area average; beyond it they are refused (a crop would guess).
   */
  maxAspectDeviation: 0.1,
} as const;

/** The shape of IMPORT_LIMITS, for tests and callers that need tighter ones. */
export type ImportLimits = { readonly [K in keyof typeof IMPORT_LIMITS]: number };
