/**
 * Unpacking zips and gzips with fflate, under a cap on the unpacked bytes. Pure: no DOM.
 *
 * A zip bomb is refused twice over: first by the sizes the archive's central directory declares
 * (read without inflating anything), then by counting the bytes actually inflated, fed to
 * fflate's streaming inflater in small chunks so that no single step can allocate much (deflate
 * expands at most ~1032:1, so a 16 KiB chunk yields at most ~16.5 MiB).
 */

import { Gunzip, Unzip, UnzipInflate, unzipSync } from 'fflate';
import { DatasetImportError, type ImportFile, type ImportLimits } from './types';

/** Compressed bytes fed to the inflater per step; bounds what one step can allocate. */
const INFLATE_CHUNK_BYTES = 16 * 1024;

/** Running total of unpacked bytes across every archive of one import. */
export interface UnpackBudget {
  /** Bytes unpacked so far. */
  used: number;
}

/** True for a path segment or file name an OS or archiver adds, not the user's data. */
export function isJunkPath(path: string): boolean {
  const parts = path.split('/').filter((part) => part !== '');
  const name = parts[parts.length - 1] ?? '';
  if (/^(thumbs\.db|desktop\.ini)$/i.test(name)) return true;
  return parts.some((part) => part.startsWith('.') || part === '__MACOSX');
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function overCap(path: string, limits: ImportLimits): DatasetImportError {
  return new DatasetImportError(
    `${path}: unpacks to more than ${mib(limits.maxUnpackedBytes)} (the limit on unpacked data); refused as a possible zip bomb`,
    path,
  );
}

/** Entries of a zip's central directory, read without inflating anything. */
function declaredEntries(zip: ImportFile): Map<string, number> {
  const declared = new Map<string, number>();
  try {
    unzipSync(zip.bytes, {
      filter: (info) => {
        declared.set(info.name, (declared.get(info.name) ?? 0) + info.originalSize);
        return false;
      },
    });
  } catch {
    throw new DatasetImportError(`${zip.path}: not a readable zip archive`, zip.path);
  }
  return declared;
}

/**
 * The files inside a zip (directories and OS junk left out), paths as the zip names them.
 * Refuses a zip whose declared or actual unpacked size would pass the cap, an entry over the
 * per-file limit, and an entry that inflates past the size it declared.
 */
export function expandZip(zip: ImportFile, limits: ImportLimits, budget: UnpackBudget): ImportFile[] {
  const declared = declaredEntries(zip);
  let declaredTotal = 0;
  for (const [name, size] of declared) {
    if (name.endsWith('/') || isJunkPath(name)) continue;
    if (size > limits.maxFileBytes) {
      throw new DatasetImportError(
        `${zip.path}/${name}: declares ${mib(size)}, over the ${mib(limits.maxFileBytes)} limit for one file`,
        `${zip.path}/${name}`,
      );
    }
    declaredTotal += size;
  }
  if (budget.used + declaredTotal > limits.maxUnpackedBytes) throw overCap(zip.path, limits);
  if (declared.size > limits.maxFiles) {
    throw new DatasetImportError(
      `${zip.path}: holds ${declared.size} entries, over the limit of ${limits.maxFiles} files`,
      zip.path,
    );
  }

  const files: ImportFile[] = [];
  let failure: DatasetImportError | undefined;
  const unzip = new Unzip((entry) => {
    if (entry.name.endsWith('/') || isJunkPath(entry.name)) return;
    const path = entry.name;
    const allowed = declared.get(path) ?? 0;
    const chunks: Uint8Array[] = [];
    let size = 0;
    entry.ondata = (error, data, final) => {
      if (failure) return;
      if (error) {
        failure = new DatasetImportError(
          `${zip.path}/${path}: corrupt zip entry (${error.message})`,
          zip.path,
        );
        return;
      }
      size += data.length;
      budget.used += data.length;
      if (size > allowed) {
        failure = new DatasetImportError(
          `${zip.path}/${path}: inflates past the ${allowed} bytes it declares; refused as a possible zip bomb`,
          zip.path,
        );
        return;
      }
      if (budget.used > limits.maxUnpackedBytes) {
        failure = overCap(zip.path, limits);
        return;
      }
      if (data.length > 0) chunks.push(data);
      if (final) files.push({ path, bytes: concat(chunks, size) });
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < zip.bytes.length && !failure; offset += INFLATE_CHUNK_BYTES) {
      const end = Math.min(offset + INFLATE_CHUNK_BYTES, zip.bytes.length);
      unzip.push(zip.bytes.subarray(offset, end), end === zip.bytes.length);
    }
  } catch (error) {
    if (!failure) {
      const reason = error instanceof Error ? error.message : String(error);
      failure = new DatasetImportError(`${zip.path}: not a readable zip archive (${reason})`, zip.path);
    }
  }
  if (failure) throw failure;
  return files;
}

/** A gzip's content, refused once it passes the per-file limit or the import's unpacked cap. */
export function gunzip(file: ImportFile, limits: ImportLimits, budget: UnpackBudget): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let failure: DatasetImportError | undefined;
  const inflater = new Gunzip((data) => {
    if (failure) return;
    size += data.length;
    budget.used += data.length;
    if (size > limits.maxFileBytes) {
      failure = new DatasetImportError(
        `${file.path}: unpacks to more than ${mib(limits.maxFileBytes)}, the limit for one file`,
        file.path,
      );
    } else if (budget.used > limits.maxUnpackedBytes) {
      failure = overCap(file.path, limits);
    } else if (data.length > 0) chunks.push(data);
  });
  try {
    for (let offset = 0; offset < file.bytes.length && !failure; offset += INFLATE_CHUNK_BYTES) {
      const end = Math.min(offset + INFLATE_CHUNK_BYTES, file.bytes.length);
      inflater.push(file.bytes.subarray(offset, end), end === file.bytes.length);
    }
  } catch (error) {
    if (!failure) {
      const reason = error instanceof Error ? error.message : String(error);
      failure = new DatasetImportError(`${file.path}: not a readable gzip file (${reason})`, file.path);
    }
  }
  if (failure) throw failure;
  return concat(chunks, size);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
