import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- test fixture: the committed benchmark file the app loads
import nb201Json from '../data/nb201/nb201-12epoch.json';
import { NB201_DATASETS, Nb201Table, parseNb201Json } from './nb201Table';
import { cellString, describeCell, parseCellString } from './spaces/nb201';

const table = Nb201Table.fromJson(nb201Json);

/** Rows copied from nb201-12epoch.csv (percent). */
const ROW0 =
  '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|';
const ROW1 =
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
const ROW13714 =
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';
const ROW1234 = '|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|';
/** Cells tied at the lowest validation accuracy on every dataset (the CSV's count). */
const WORST_TIES = 341;

describe('Nb201Table lookups', () => {
  it('holds the 15,625 cells in benchmark index order', () => {
    expect(table.size).toBe(15625);
    expect(table.at(0).cell).toBe(ROW0);
    expect(table.at(1).cell).toBe(ROW1);
    expect(table.indexOf(parseCellString(ROW1))).toBe(1);
    expect(table.opsAt(13714)).toEqual(parseCellString(ROW13714));
  });

  it('round-trips every cell string of the table through the parser and the printer', () => {
    for (const e of table.entries) {
      const ops = parseCellString(e.cell);
      expect(cellString(ops)).toBe(e.cell);
      expect(table.indexOf(ops)).toBe(e.index);
    }
  });

  it('gives the CSV accuracies as fractions, exactly', () => {
    const row1 = table.lookup(ROW1);
    expect(row1.index).toBe(1);
    expect(row1.accuracy).toEqual({
      'nb201-cifar10': { val: 0.82834, test: 0.8822 },
      'nb201-cifar100': { val: 0.578, test: 0.5826 },
      'nb201-imagenet16-120': { val: 0.354333, test: 0.338 },
    });
    expect(table.lookup(ROW0).accuracy['nb201-imagenet16-120']).toEqual({ val: 0.184667, test: 0.17 });
    expect(table.lookup(parseCellString(ROW13714)).accuracy['nb201-cifar10']).toEqual({
      val: 0.84892,
      test: 0.8903,
    });
  });

  it('passes parse errors of a bad cell string through', () => {
    expect(() => table.lookup('|none~0|')).toThrow('expected 3 nodes');
    expect(() => table.at(15625)).toThrow('0..15624');
  });
});

describe('Nb201Table ranks', () => {
  it('finds the best cell of each dataset by validation accuracy, the lowest index among ties', () => {
    expect(table.best('nb201-cifar10').index).toBe(13714);
    // CIFAR-100: cells 10165 and 13714 tie at 61.32%.
    expect(table.best('nb201-cifar100').index).toBe(10165);
    expect(table.lookup(ROW13714).accuracy['nb201-cifar100'].val).toBe(0.6132);
    expect(table.best('nb201-imagenet16-120').index).toBe(2581);
  });

  it('ranks the best first at the 100th percentile, ties sharing the best rank', () => {
    for (const d of NB201_DATASETS) {
      const best = table.best(d).accuracy[d].val;
      expect(table.rank(best, d)).toBe(1);
      expect(table.percentile(best, d)).toBe(100);
    }
    expect(table.rank(0.6132, 'nb201-cifar100')).toBe(1);
    expect(table.rank(0.6131, 'nb201-cifar100')).toBe(3);
    expect(table.rank(1, 'nb201-cifar10')).toBe(1);
  });

  it('ranks the worst cells (output cut off from the input) last, all tied', () => {
    for (const d of NB201_DATASETS) {
      const worst = table.worst(d);
      expect(worst.index).toBe(10);
      expect(table.rank(worst.accuracy[d].val, d)).toBe(15625 - WORST_TIES + 1);
      expect(table.percentile(worst.accuracy[d].val, d)).toBeCloseTo((100 * WORST_TIES) / 15625, 12);
      expect(table.rank(0, d)).toBe(15626);
      expect(table.percentile(0, d)).toBe(0);
    }
    const worstC10 = table.worst('nb201-cifar10').accuracy['nb201-cifar10'].val;
    expect(table.lookup(ROW1234).accuracy['nb201-cifar10'].val).toBe(worstC10);
    // The tied-worst cells are exactly the disconnected ones.
    for (const e of table.entries) {
      expect(e.accuracy['nb201-cifar10'].val === worstC10).toBe(!describeCell(e.ops).connected);
    }
  });

  it('agrees with a count over all cells', () => {
    const val = table.lookup(ROW1).accuracy['nb201-cifar10'].val;
    const above = table.entries.filter((e) => e.accuracy['nb201-cifar10'].val > val).length;
    const atMost = table.entries.length - above;
    expect(table.rank(val, 'nb201-cifar10')).toBe(above + 1);
    expect(table.percentile(val, 'nb201-cifar10')).toBe((100 * atMost) / 15625);
  });

  it('returns the ascending validation accuracies for a distribution plot', () => {
    const sorted = table.sortedValAccuracies('nb201-cifar10');
    expect(sorted).toHaveLength(15625);
    expect(sorted[0]).toBe(0.09712);
    expect(sorted[15624]).toBe(0.84892);
    expect(sorted.every((v, i) => i === 0 || (sorted[i - 1] as number) <= v)).toBe(true);
    sorted[0] = 1;
    expect(table.sortedValAccuracies('nb201-cifar10')[0]).toBe(0.09712);
  });
});

describe('parseNb201Json', () => {
  const rows = nb201Json.rows;
  it.each([
    [null, 'expected a JSON object'],
    [{ ...nb201Json, format: 'csv' }, 'format must be "nb201-12epoch"'],
    [{ ...nb201Json, ops: ['none'] }, 'ops must be none, skip_connect'],
    [{ ...nb201Json, rows: rows.slice(1) }, 'expected 15625 rows'],
    [
      { ...nb201Json, rows: [['0000x0', 1, 2, 3, 4, 5, 6], ...rows.slice(1)] },
      'row 0: the cell must be 6 digits',
    ],
    [{ ...nb201Json, rows: [rows[1], ...rows.slice(1)] }, 'row 1: cell 334131 appears twice'],
    [
      { ...nb201Json, rows: [['421211', 1, 2, 3, 4, 5, 1.5], ...rows.slice(1)] },
      'row 0, imagenet16-120-test',
    ],
  ])('rejects a malformed table (%#)', (json, message) => {
    expect(() => parseNb201Json(json)).toThrow(message);
  });
});
