import { describe, expect, it } from 'vitest';
import { readDatasetFiles } from './read';
import { DatasetImportError, type ImageDecoder } from './types';

const decode: ImageDecoder = () => Promise.reject(new Error('no images in these tests'));

/** Rows of `label,p0,...` with side*side pixels; pixel j of row r is (r + j) % 256. */
function csvRows(labels: number[], side: number): string[] {
  return labels.map((label, r) =>
    [label, ...Array.from({ length: side * side }, (_, j) => (r + j) % 256)].join(','),
  );
}

function header(side: number): string {
  return ['label', ...Array.from({ length: side * side }, (_, j) => `pixel${j}`)].join(',');
}

function csvFile(lines: string[], path = 'train.csv', newline = '\n') {
  return { path, bytes: new TextEncoder().encode(lines.join(newline) + newline) };
}

const twoClasses = [...Array(10).fill(7), ...Array(10).fill(3)] as number[];

async function refusal(promise: Promise<unknown>): Promise<DatasetImportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetImportError);
    return error as DatasetImportError;
  }
  throw new Error('expected the import to be refused');
}

describe('readDatasetFiles: CSV', () => {
  it('reads label,pixels rows with a header; label values become sorted class names', async () => {
    const draft = await readDatasetFiles([csvFile([header(28), ...csvRows(twoClasses, 28)])], { decode });
    expect(draft.format).toBe('csv');
    expect(draft.side).toBe(28);
    expect(draft.channels).toBe(1);
    expect(draft.classNames).toEqual(['3', '7']);
    expect(draft.perClass).toEqual([10, 10]);
    // Class "3" first: rows 10..19 of the file, in file order; pixels unchanged at 28x28.
    expect(draft.labels[0]).toBe(0);
    expect(draft.labels[10]).toBe(1);
    expect([...draft.pixels.subarray(0, 3)]).toEqual([10, 11, 12]);
    expect([...draft.pixels.subarray(10 * 784, 10 * 784 + 3)]).toEqual([0, 1, 2]);
    expect(draft.sourceSize).toEqual({ width: 28, height: 28 });
    expect(draft.files).toBe(1);
  });

  it('reads the same without a header and with CRLF line ends', async () => {
    const withHeader = await readDatasetFiles([csvFile([header(14), ...csvRows(twoClasses, 14)])], {
      decode,
    });
    const bare = await readDatasetFiles([csvFile(csvRows(twoClasses, 14), 'train.csv', '\r\n')], { decode });
    expect(bare.side).toBe(14);
    expect([...bare.pixels]).toEqual([...withHeader.pixels]);
    expect([...bare.labels]).toEqual([...withHeader.labels]);
  });

  it('refuses a ragged row, naming the line', async () => {
    const rows = csvRows(twoClasses, 14);
    rows[4] = rows[4]!.replace(/,\d+$/, '');
    const error = await refusal(readDatasetFiles([csvFile([header(14), ...rows])], { decode }));
    expect(error.message).toBe('train.csv line 6: 196 values, expected 197 (a label and 196 pixels)');
    expect(error.file).toBe('train.csv');
  });

  it('refuses a non-numeric pixel, naming the line and column', async () => {
    const rows = csvRows(twoClasses, 14);
    rows[2] = rows[2]!.replace(/^(\d+,\d+,)\d+/, '$1abc');
    const error = await refusal(readDatasetFiles([csvFile(rows)], { decode }));
    expect(error.message).toBe('train.csv line 3, column 3: "abc" is not a number');
  });

  it('refuses out-of-range and fractional pixels, naming the line and column', async () => {
    const rows = csvRows(twoClasses, 14);
    rows[0] = rows[0]!.replace(/^(\d+,)\d+/, '$1256');
    const high = await refusal(readDatasetFiles([csvFile(rows)], { decode }));
    expect(high.message).toBe('train.csv line 1, column 2: 256 is not an integer pixel value 0..255');
    rows[0] = rows[0]!.replace(/^(\d+,)256/, '$1-1');
    const negative = await refusal(readDatasetFiles([csvFile(rows)], { decode }));
    expect(negative.message).toBe('train.csv line 1, column 2: -1 is not an integer pixel value 0..255');
    rows[0] = rows[0]!.replace(/^(\d+,)-1/, '$10.5');
    const fraction = await refusal(readDatasetFiles([csvFile(rows)], { decode }));
    expect(fraction.message).toBe('train.csv line 1, column 2: 0.5 is not an integer pixel value 0..255');
  });

  it('refuses a label that is not an integer', async () => {
    const rows = csvRows(twoClasses, 14);
    rows[7] = rows[7]!.replace(/^\d+/, '2.5');
    const fraction = await refusal(readDatasetFiles([csvFile([header(14), ...rows])], { decode }));
    expect(fraction.message).toBe('train.csv line 9: label "2.5" is not an integer');
    rows[7] = rows[7]!.replace(/^2\.5/, 'cat');
    const word = await refusal(readDatasetFiles([csvFile([header(14), ...rows])], { decode }));
    expect(word.message).toBe('train.csv line 9: label "cat" is not an integer');
  });

  it('refuses a pixel count that is not a square, hinting when it looks like RGB', async () => {
    const rgb = await refusal(
      readDatasetFiles(
        [csvFile(csvRows([1, 2], 0).map((row, r) => [row, ...Array(3 * 16 * 16).fill(r)].join(',')))],
        { decode },
      ),
    );
    expect(rgb.message).toBe(
      'train.csv line 1: 768 pixel columns after the label is not a square grey image (side*side); RGB CSVs are not supported, import the images as files',
    );
    const odd = await refusal(readDatasetFiles([csvFile(['1,2,3,4,5,6'])], { decode }));
    expect(odd.message).toBe(
      'train.csv line 1: 5 pixel columns after the label is not a square grey image (side*side)',
    );
  });

  it('refuses images smaller than 14x14, one class only, and a class under 10 rows', async () => {
    const small = await refusal(readDatasetFiles([csvFile(csvRows(twoClasses, 8))], { decode }));
    expect(small.message).toBe('train.csv: 8x8 is smaller than 14x14; images are only scaled down');
    const single = await refusal(readDatasetFiles([csvFile(csvRows(Array(12).fill(5), 14))], { decode }));
    expect(single.message).toBe(
      'train.csv: one class only ("5", 12 images); a dataset needs at least 2 classes',
    );
    const few = await refusal(
      readDatasetFiles([csvFile(csvRows([...twoClasses.slice(0, 19)], 14))], { decode }),
    );
    expect(few.message).toBe('class "3": 9 images, fewer than the 10 each class needs');
  });

  it('reads several CSVs together, in path order', async () => {
    const a = csvFile(csvRows(twoClasses, 14), 'b_test.csv');
    const b = csvFile(csvRows(twoClasses, 14), 'a_train.csv');
    const draft = await readDatasetFiles([a, b], { decode });
    expect(draft.perClass).toEqual([20, 20]);
    expect(draft.files).toBe(2);
  });
});
