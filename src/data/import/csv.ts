/**
 * The common `label,pixel0,pixel1,...` CSV (as Kaggle ships MNIST): one image per row, the label
 * first, then side*side grey values 0..255, an optional header row. Parsed from bytes, not a
 * string, so a 100 MiB file is not copied into text first. RGB CSVs are refused: their channel
 * order (planar or interleaved) is not written anywhere in the file.
 */

import { DatasetImportError, type ImportFile } from './types';

/** Images of one CSV, grey, at their source side. */
export interface CsvImages {
  /** Source side: each row holds side*side pixels. */
  side: number;
  /** Label value of each row, in row order. */
  labelValues: number[];
  /** rows * side * side bytes. */
  pixels: Uint8Array;
}

const COMMA = 44;
const LF = 10;
const CR = 13;

/** Splits the file into lines (byte ranges), 1-based line numbers kept; blank lines dropped. */
function lines(bytes: Uint8Array): { line: number; start: number; end: number }[] {
  const found: { line: number; start: number; end: number }[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === LF) {
      let end = i;
      if (end > start && bytes[end - 1] === CR) end--;
      if (end > start) found.push({ line, start, end });
      start = i + 1;
      line++;
    }
  }
  return found;
}

/** Field boundaries of one line. */
function fields(bytes: Uint8Array, start: number, end: number): number[] {
  const bounds = [start];
  for (let i = start; i < end; i++) if (bytes[i] === COMMA) bounds.push(i + 1);
  bounds.push(end + 1);
  return bounds;
}

const text = new TextDecoder();

function fieldText(bytes: Uint8Array, from: number, to: number): string {
  return text.decode(bytes.subarray(from, to)).trim();
}

/** A plain non-negative integer (digits, optional surrounding spaces), or -1. */
function parseUint(bytes: Uint8Array, from: number, to: number): number {
  while (from < to && bytes[from] === 32) from++;
  while (to > from && bytes[to - 1] === 32) to--;
  if (from === to) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = (bytes[i] ?? 0) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
    if (value > 1e9) return -1;
  }
  return value;
}

/** Parses one CSV; refuses ragged rows, non-numeric or out-of-range pixels and non-integer labels. */
export function parseCsv(file: ImportFile): CsvImages {
  const all = lines(file.bytes);
  const first = all[0];
  if (!first) throw new DatasetImportError(`${file.path}: the CSV is empty`, file.path);
  const firstFields = fields(file.bytes, first.start, first.end);
  const hasHeader =
    parseUint(file.bytes, first.start, (firstFields[1] ?? 1) - 1) < 0 &&
    !/^-?\d+(\.\d*)?$/.test(fieldText(file.bytes, first.start, (firstFields[1] ?? 1) - 1));
  const columns = firstFields.length - 1;
  const pixelCount = columns - 1;
  const side = Math.round(Math.sqrt(pixelCount));
  if (pixelCount < 1 || side * side !== pixelCount) {
    const rgb = pixelCount % 3 === 0 && Math.round(Math.sqrt(pixelCount / 3)) ** 2 === pixelCount / 3;
    throw new DatasetImportError(
      `${file.path} line ${first.line}: ${pixelCount} pixel columns after the label is not a square grey image (side*side)` +
        (rgb ? '; RGB CSVs are not supported, import the images as files' : ''),
      file.path,
    );
  }
  const rows = hasHeader ? all.slice(1) : all;
  if (rows.length === 0) throw new DatasetImportError(`${file.path}: a header and no rows`, file.path);
  const pixels = new Uint8Array(rows.length * pixelCount);
  const labelValues: number[] = [];
  rows.forEach((row, r) => {
    const bounds = fields(file.bytes, row.start, row.end);
    if (bounds.length - 1 !== columns) {
      throw new DatasetImportError(
        `${file.path} line ${row.line}: ${bounds.length - 1} values, expected ${columns} (a label and ${pixelCount} pixels)`,
        file.path,
      );
    }
    const labelEnd = (bounds[1] ?? 0) - 1;
    const label = fieldText(file.bytes, row.start, labelEnd);
    if (!/^[+-]?\d+$/.test(label) || Math.abs(Number(label)) > 1e9) {
      throw new DatasetImportError(
        `${file.path} line ${row.line}: label ${JSON.stringify(label)} is not an integer`,
        file.path,
      );
    }
    labelValues.push(Number(label));
    for (let c = 1; c < columns; c++) {
      const from = bounds[c] ?? 0;
      const to = (bounds[c + 1] ?? 0) - 1;
      const value = parseUint(file.bytes, from, to);
      if (value >= 0 && value <= 255) {
        pixels[r * pixelCount + c - 1] = value;
        continue;
      }
      const raw = fieldText(file.bytes, from, to);
      const where = `${file.path} line ${row.line}, column ${c + 1}`;
      const number = raw === '' ? NaN : Number(raw);
      if (Number.isNaN(number)) {
        throw new DatasetImportError(`${where}: ${JSON.stringify(raw)} is not a number`, file.path);
      }
      throw new DatasetImportError(`${where}: ${raw} is not an integer pixel value 0..255`, file.path);
    }
  });
  return { side, labelValues, pixels };
}
