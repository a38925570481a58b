import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GZIP_EXPORT_THRESHOLD_BYTES,
  GzipError,
  isGzip,
  readRunLogFile,
  runLogFile,
  type GzipProblem,
} from './gzipFile';

/** A small run-log-like JSON with non-ASCII text (the 14×14 dataset, a Chinese note). */
const json = JSON.stringify({
  format: 'nas-playground/run',
  version: 1,
  config: { dataset: 'mnist-14×14', note: '运行日志' },
  seed: 3,
  events: Array.from({ length: 200 }, (_, index) => ({ type: 'result', index, reward: index / 200 })),
});

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** The problem `readRunLogFile` rejects `file` with, or 'none'. */
async function problemOf(file: Blob): Promise<GzipProblem | 'none'> {
  try {
    await readRunLogFile(file);
    return 'none';
  } catch (err) {
    if (err instanceof GzipError) return err.problem;
    throw err;
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('run-log export', () => {
  it('keeps a log up to the threshold as plain JSON, byte for byte', async () => {
    const file = await runLogFile(json);
    expect(file.gzipped).toBe(false);
    expect(file.blob.type).toBe('application/json');
    expect(await file.blob.text()).toBe(json);
  });

  it('compresses a log just over 8 MiB, and reads it back unchanged', async () => {
    expect(GZIP_EXPORT_THRESHOLD_BYTES).toBe(8 * 1024 * 1024);
    const atLimit = `"${'q'.repeat(GZIP_EXPORT_THRESHOLD_BYTES - 2)}"`;
    expect((await runLogFile(atLimit)).gzipped).toBe(false);
    const big = `"${'q'.repeat(GZIP_EXPORT_THRESHOLD_BYTES - 1)}"`;
    const file = await runLogFile(big);
    expect(file.gzipped).toBe(true);
    expect(file.blob.type).toBe('application/gzip');
    expect(file.blob.size).toBeLessThan(big.length / 100);
    expect(await readRunLogFile(file.blob)).toBe(big);
  });

  it('round-trips a compressed log, non-ASCII text included', async () => {
    const file = await runLogFile(json, 0);
    expect(file.gzipped).toBe(true);
    expect(isGzip(await bytesOf(file.blob))).toBe(true);
    expect(await readRunLogFile(file.blob)).toBe(json);
  });

  it('falls back to plain JSON where the browser has no CompressionStream', async () => {
    vi.stubGlobal('CompressionStream', undefined);
    const file = await runLogFile(json, 0);
    expect(file.gzipped).toBe(false);
    expect(await file.blob.text()).toBe(json);
  });
});

describe('run-log import', () => {
  it('knows gzip by its magic bytes 0x1f 0x8b, not by its name', async () => {
    const compressed = gzipSync(json);
    expect(isGzip(compressed)).toBe(true);
    expect(isGzip(new TextEncoder().encode(json))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(isGzip(new Uint8Array())).toBe(false);
    // A file made by gzip(1) or zlib, named anything, reads as its JSON.
    expect(await readRunLogFile(new File([compressed], 'run.txt'))).toBe(json);
    expect(await readRunLogFile(new File([json], 'run.json.gz'))).toBe(json);
  });

  it('reads a plain file as UTF-8 and drops a byte-order mark, like File.text()', async () => {
    expect(await readRunLogFile(new Blob(['\ufeff', json]))).toBe(json);
  });

  it('refuses damaged gzip data as corrupt: truncated, altered, or only the magic bytes', async () => {
    const compressed = gzipSync(json);
    const truncated = compressed.subarray(0, Math.floor(compressed.length / 2));
    const altered = Uint8Array.from(compressed);
    altered[Math.floor(altered.length / 2)]! ^= 0xff;
    const magicOnly = new Uint8Array([0x1f, 0x8b, 0x7b, 0x7d]);
    for (const bytes of [truncated, altered, magicOnly])
      expect(await problemOf(new Blob([Uint8Array.from(bytes)]))).toBe('corrupt');
    expect(await problemOf(new Blob([Uint8Array.from(compressed)]))).toBe('none');
  });

  it('says so where the browser has no DecompressionStream, and still reads plain JSON', async () => {
    vi.stubGlobal('DecompressionStream', undefined);
    expect(await problemOf(new Blob([Uint8Array.from(gzipSync(json))]))).toBe('unsupported');
    expect(await readRunLogFile(new Blob([json]))).toBe(json);
  });
});
