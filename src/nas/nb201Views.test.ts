import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- test fixture: the committed benchmark file the app loads
import nb201Json from '../data/nb201/nb201-12epoch.json';
import { Nb201Table, type Nb201Accuracy, type Nb201Entry } from './nb201Table';
import {
  accuracyHistogram,
  bestSoFar,
  foundSummary,
  greedyCellsByEpsilon,
  meanBand,
  regretCurve,
  shortCellLabel,
} from './nb201Views';
import { Rng } from './rng';
import type { RunEvent } from './runlog';
import {
  NB201_CELL_COUNT,
  cellFromCode,
  cellString,
  parseCellString,
  stateKey,
  type Nb201Op,
} from './spaces/nb201';
import { Nb201QLearningStrategy } from './strategies/metaqnn/nb201qlearning';
import { updatesOf } from './qlearning';

const D = 'nb201-cifar10';

/** A cell of the synthetic table by its ops. */
const cell = (...ops: Nb201Op[]) => cellString(ops);
const BEST = cell(
  'nor_conv_3x3',
  'nor_conv_3x3',
  'nor_conv_3x3',
  'skip_connect',
  'nor_conv_3x3',
  'nor_conv_3x3',
);
const SECOND = cell(
  'nor_conv_3x3',
  'nor_conv_3x3',
  'avg_pool_3x3',
  'skip_connect',
  'nor_conv_3x3',
  'skip_connect',
);
const THIRD = cell(
  'nor_conv_1x1',
  'nor_conv_3x3',
  'skip_connect',
  'skip_connect',
  'nor_conv_1x1',
  'nor_conv_3x3',
);
const PLAIN = cell(
  'skip_connect',
  'skip_connect',
  'skip_connect',
  'skip_connect',
  'skip_connect',
  'skip_connect',
);
const DEAD = cell('none', 'none', 'none', 'none', 'none', 'none');

/**
 * A synthetic table (index = lexicographic cell code): BEST 0.90 val / 0.91 test, SECOND 0.80 /
 * 0.82, THIRD 0.70 / 0.71, the all-none cell 0.10 / 0.10, the other 15,621 cells 0.50 / 0.52.
 */
function syntheticTable(): Nb201Table {
  const special = new Map<string, Nb201Accuracy>([
    [BEST, { val: 0.9, test: 0.91 }],
    [SECOND, { val: 0.8, test: 0.82 }],
    [THIRD, { val: 0.7, test: 0.71 }],
    [DEAD, { val: 0.1, test: 0.1 }],
  ]);
  const entries: Nb201Entry[] = [];
  for (let code = 0; code < NB201_CELL_COUNT; code++) {
    const ops = cellFromCode(code);
    const s = cellString(ops);
    const acc = special.get(s) ?? { val: 0.5, test: 0.52 };
    entries.push({
      index: code,
      cell: s,
      ops,
      accuracy: { 'nb201-cifar10': acc, 'nb201-cifar100': acc, 'nb201-imagenet16-120': acc },
    });
  }
  return new Nb201Table(entries);
}

const table = syntheticTable();

const result = (arch: string, reward: number, cached = false) => ({ arch, reward, cached });

describe('bestSoFar and regretCurve', () => {
  // Five proposals, one of them a cached repeat: four unique models on the x axis.
  const results = [
    result(PLAIN, 0.5),
    result(THIRD, 0.7),
    result(PLAIN, 0.5, true),
    result(DEAD, 0.1),
    result(SECOND, 0.8),
  ];

  it('keeps the running best per unique model, cached repeats not counted', () => {
    expect(bestSoFar(results)).toEqual([0.5, 0.7, 0.7, 0.8]);
    expect(bestSoFar([])).toEqual([]);
  });

  it('gives the gap to the best cell of the table (0.90), reaching 0 when it is found', () => {
    const regret = regretCurve(results, table, D);
    [0.4, 0.2, 0.2, 0.1].forEach((r, i) => expect(regret[i]).toBeCloseTo(r, 12));
    expect(regretCurve([...results, result(BEST, 0.9)], table, D).at(-1)).toBe(0);
  });
});

describe('foundSummary', () => {
  it('places the best found cell among all 15,625 by validation accuracy', () => {
    const s = foundSummary(
      [result(PLAIN, 0.5), result(SECOND, 0.8), result(SECOND, 0.8, true), result(THIRD, 0.7)],
      table,
      D,
    );
    expect(s).not.toBeNull();
    expect(s!.found.cell).toBe(SECOND);
    expect(s!.val).toBe(0.8);
    expect(s!.test).toBe(0.82);
    // Only BEST is higher: rank 2. 15,624 of 15,625 cells are at most 0.80.
    expect(s!.rank).toBe(2);
    expect(s!.percentile).toBeCloseTo((100 * 15624) / 15625, 12);
    expect(s!.topPercent).toBeCloseTo(0.0128, 12);
    expect(s!.cells).toBe(15625);
    expect(s!.foundAfter).toBe(2);
    expect(s!.models).toBe(3);
    expect(s!.globalBest.cell).toBe(BEST);
    expect(s!.globalBestVal).toBe(0.9);
    expect(s!.regret).toBeCloseTo(0.1, 12);
  });

  it('ranks a plain cell 4th (three cells above it) and is null before any result', () => {
    expect(foundSummary([result(PLAIN, 0.5)], table, D)?.rank).toBe(4);
    expect(foundSummary([], table, D)).toBeNull();
  });
});

describe('accuracyHistogram', () => {
  it('counts every cell once, over the lowest to the highest accuracy by default', () => {
    // Bins of 0.2 from 0.10: [0.1, 0.3) holds the dead cell, 0.5 opens the third bin,
    // 0.7 (on an edge) opens the last, which is closed so it holds 0.9 too.
    const bins = accuracyHistogram(table, D, 4);
    expect(bins.map((b) => b.count)).toEqual([1, 0, 15621, 3]);
    expect(bins[0]!.x0).toBe(0.1);
    expect(bins[3]!.x1).toBe(0.9);
    expect(bins[1]!.x0).toBeCloseTo(0.3, 12);
  });

  it('uses a given domain and leaves out what falls outside it', () => {
    const tenths = accuracyHistogram(table, D, 10, [0, 1]);
    expect(tenths.map((b) => b.count)).toEqual([0, 1, 0, 0, 0, 15621, 0, 1, 1, 1]);
    const upper = accuracyHistogram(table, D, 2, [0.6, 1]);
    expect(upper.map((b) => b.count)).toEqual([1, 2]);
    expect(() => accuracyHistogram(table, D, 0)).toThrow('at least 1 bin');
  });
});

describe('greedyCellsByEpsilon', () => {
  const q = (state: string, action: Nb201Op, newQ: number): RunEvent => ({
    type: 'q-update',
    state,
    action,
    nextState: 'x',
    reward: 0,
    oldQ: 0.5,
    maxNextQ: 0,
    newQ,
    source: 'trajectory',
  });
  const eps = (step: number, epsilon: number): RunEvent => ({
    type: 'epsilon',
    step,
    epsilon,
    modelsAtEpsilon: 2,
  });
  const res = (index: number, cached = false): RunEvent => ({
    type: 'result',
    index,
    arch: PLAIN,
    reward: 0.5,
    accuracy: 0.5,
    curve: [],
    params: 0,
    trainMs: 0,
    backend: 'table',
    restarts: 0,
    cached,
  });
  const events: RunEvent[] = [
    eps(0, 1),
    res(0),
    q('start', 'nor_conv_3x3', 0.6),
    res(1),
    res(2, true),
    eps(1, 0.5),
    res(3),
    q('start', 'skip_connect', 0.7),
    q(stateKey(['skip_connect']), 'avg_pool_3x3', 0.55),
    // Below initialQ: the first legal op, none, loses its tie and skip_connect takes it.
    q(stateKey(['skip_connect', 'avg_pool_3x3']), 'none', 0.4),
  ];

  it('reads the greedy cell at the end of each epsilon step, ties to the first legal op', () => {
    const steps = greedyCellsByEpsilon([...events, { type: 'done', trained: 3 }], 0.5);
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatchObject({ step: 0, epsilon: 1, models: 2, complete: true });
    expect(steps[0]!.ops).toEqual(['nor_conv_3x3', 'none', 'none', 'none', 'none', 'none']);
    expect(steps[1]).toMatchObject({ step: 1, epsilon: 0.5, models: 3, complete: true });
    expect(steps[1]!.ops).toEqual(['skip_connect', 'avg_pool_3x3', 'skip_connect', 'none', 'none', 'none']);
    expect(steps[1]!.cell).toBe(cellString(steps[1]!.ops));
  });

  it('marks the last step incomplete while the run is still in it, and is empty without epsilon events', () => {
    expect(greedyCellsByEpsilon(events, 0.5).map((s) => s.complete)).toEqual([true, false]);
    expect(greedyCellsByEpsilon([res(0), q('start', 'none', 0.9)], 0.5)).toEqual([]);
  });

  it('follows the strategy: after learning one cell with a high reward the greedy cell is that cell', () => {
    const strategy = new Nb201QLearningStrategy({ alpha: 0.01, gamma: 1, initialQ: 0.5, replaySamples: 0 });
    const ops = parseCellString(SECOND);
    const candidate = { arch: ops, net: SECOND, trajectory: strategy.trajectoryOf(SECOND) };
    const log: RunEvent[] = [
      eps(0, 0.1),
      ...updatesOf((sink) => strategy.observe(candidate, 0.8, new Rng(1), sink)),
    ];
    expect(greedyCellsByEpsilon(log, 0.5)[0]!.cell).toBe(SECOND);
  });
});

describe('shortCellLabel', () => {
  it('writes the ops grouped by the node they feed', () => {
    expect(shortCellLabel(SECOND)).toBe('3×3 / 3×3 avg / skip 3×3 skip');
    expect(shortCellLabel(parseCellString(DEAD))).toBe('none / none none / none none none');
  });
});

describe('meanBand', () => {
  it('averages the seeds at each x with their min and max, over the seeds that reached it', () => {
    const band = meanBand([
      [0.4, 0.2, 0.1],
      [0.3, 0.3, 0.0],
      [0.5, 0.1],
    ]);
    expect(band.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(band.map((p) => p.n)).toEqual([3, 3, 2]);
    [0.4, 0.2, 0.05].forEach((m, i) => expect(band[i]!.mean).toBeCloseTo(m, 12));
    expect(band.map((p) => [p.lo, p.hi])).toEqual([
      [0.3, 0.5],
      [0.1, 0.3],
      [0.0, 0.1],
    ]);
    expect(meanBand([])).toEqual([]);
  });
});

describe('on the real table', () => {
  const real = Nb201Table.fromJson(nb201Json);

  it('ranks the global best on CIFAR-10 first, at regret 0', () => {
    const best = real.best(D);
    const s = foundSummary([{ arch: best.cell, reward: best.accuracy[D].val }], real, D);
    expect(s).toMatchObject({ rank: 1, percentile: 100, regret: 0, val: 0.84892 });
    expect(s!.topPercent).toBeCloseTo(100 / 15625, 12);
    expect(s!.found.index).toBe(13714);
  });

  it('bins all 15,625 validation accuracies of each dataset', () => {
    const bins = accuracyHistogram(real, D, 50);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(15625);
  });
});
