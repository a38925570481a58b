/**
 * Gzip for run-log files (#17: a paper-length run's log is ~80 MB of JSON). Export compresses a
 * large log with the browser's `CompressionStream`; import knows a gzip file by its magic bytes,
 * whatever its name, and decompresses it with `DecompressionStream`. Web streams only (no DOM,
 * no dependency), so the same code runs in the page and in Node's unit tests.
 */

/**
 * A run log whose JSON is larger than this, in bytes (UTF-8), downloads gzip-compressed: 8 MiB.
 * A class-sized run's log stays far below (tens to hundreds of kB) and downloads as plain JSON.
 */
export const GZIP_EXPORT_THRESHOLD_BYTES = 8 * 1024 * 1024;

/** The first two bytes of every gzip member, ID1 and ID2 (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Why a gzip file could not be read: its data is damaged, or the browser cannot decompress. */
export type GzipProblem = 'corrupt' | 'unsupported';

/** A file that is gzip by its magic bytes but could not be decompressed. */
export class GzipError extends Error {
  constructor(
    readonly problem: GzipProblem,
    options?: ErrorOptions,
  ) {
    super(
      problem === 'corrupt' ? 'The gzip data is damaged' : 'This browser cannot decompress gzip',
      options,
    );
    this.name = 'GzipError';
  }
}

/** True when `bytes` start with the gzip magic number (0x1f 0x8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= GZIP_MAGIC.length && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** `data` gzip-compressed, or null where the browser has no `CompressionStream`. */
export async function gzip(data: Blob): Promise<Blob | null> {
  if (typeof CompressionStream === 'undefined') return null;
  const compressed = data.stream().pipeThrough(new CompressionStream('gzip'));
  return new Blob([await new Response(compressed).arrayBuffer()], { type: 'application/gzip' });
}

/** The UTF-8 text inside gzip `bytes`; a `GzipError` where they do not decompress. */
export async function gunzipText(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  if (typeof DecompressionStream === 'undefined') throw new GzipError('unsupported');
  try {
    const text = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return await new Response(text).text();
  } catch (cause) {
    throw new GzipError('corrupt', { cause });
  }
}

/**
 * The text of a run-log file: decompressed when it is gzip (by its magic bytes, not its name),
 * otherwise read as UTF-8 like `File.text()`. Rejects with a `GzipError` for a damaged gzip file.
 */
export async function readRunLogFile(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return isGzip(bytes) ? gunzipText(bytes) : new TextDecoder().decode(bytes);
}

/** A run log ready to download, and whether it is gzip-compressed (`.json.gz`) or plain JSON. */
export interface RunLogFile {
  blob: Blob;
  gzipped: boolean;
}

/**
 * The run log's JSON as a file: gzip-compressed when it is larger than `thresholdBytes` and the
 * browser can compress, plain JSON otherwise (also if compressing fails).
 */
export async function runLogFile(
  json: string,
  thresholdBytes: number = GZIP_EXPORT_THRESHOLD_BYTES,
): Promise<RunLogFile> {
  const plain = new Blob([json], { type: 'application/json' });
  if (plain.size <= thresholdBytes) return { blob: plain, gzipped: false };
  const compressed = await gzip(plain).catch(() => null);
  return compressed ? { blob: compressed, gzipped: true } : { blob: plain, gzipped: false };
}
