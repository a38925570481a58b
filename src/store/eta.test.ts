import { describe, expect, it } from 'vitest';
import { applyConfigPatch } from '../nas/options';
import { presetConfig } from '../nas/presets';
import type { ResultEvent } from '../nas/runlog';
import { looksUp, roundDuration, runEta, trainTally, trainTimeKey } from './eta';
import { deriveRunView } from './runView';
import { propose, result } from './testEvents';

const A = 'C(4,3,1) SM(10)';
const B = 'C(8,3,1) SM(10)';
const config = presetConfig('test', 1);

const trained = (index: number, arch: string, trainMs: number): ResultEvent => ({
  ...result(index, arch, 0.5),
  trainMs,
});

describe('trainTally', () => {
  it('counts only the models trained now, not replayed or result-cache hits', () => {
    const history = [
      trained(0, A, 2000),
      result(1, A, 0.5, true),
      { ...trained(2, B, 0), fromResultCache: true },
      trained(3, B, 4000),
    ];
    expect(trainTally(history)).toEqual({ models: 2, totalMs: 6000 });
  });
});

describe('runEta', () => {
  const empty = deriveRunView(config, []);

  it('waits for the first model when nothing trained here yet', () => {
    expect(runEta(config, empty, null)).toEqual({ kind: 'unknown' });
    expect(runEta(config, empty, { models: 0, totalMs: 0 })).toEqual({ kind: 'unknown' });
  });

  it('before Start, goes by the latest run of the same kind on this machine', () => {
    const eta = runEta(config, empty, { models: 4, totalMs: 8000 });
    expect(eta).toEqual({ kind: 'estimate', remainingMs: empty.planned * 2000, basis: 'previous' });
  });

  it('after the first model: mean training time × models still planned', () => {
    const view = deriveRunView(config, [
      propose(0, A),
      trained(0, A, 3000),
      propose(1, B),
      trained(1, B, 5000),
    ]);
    const eta = runEta(config, view, { models: 1, totalMs: 999_000 });
    expect(view.scheduled).toBe(2);
    expect(eta).toEqual({ kind: 'estimate', remainingMs: (view.planned - 2) * 4000, basis: 'run' });
  });

  it('a replayed proposal costs no time and does not lower the mean', () => {
    const view = deriveRunView(config, [
      propose(0, A),
      trained(0, A, 3000),
      propose(1, A),
      result(1, A, 0.5, true),
    ]);
    const eta = runEta(config, view, null);
    expect(eta).toMatchObject({ kind: 'estimate', remainingMs: (view.planned - view.scheduled) * 3000 });
  });

  it('has nothing to say for a finished run or a table lookup (NAS-Bench-201)', () => {
    const done = deriveRunView(config, [propose(0, A), trained(0, A, 3000), { type: 'done', trained: 1 }]);
    expect(runEta(config, done, null)).toEqual({ kind: 'done' });
    const table = { ...config, space: 'nb201' as const, dataset: 'nb201-cifar10' as const };
    expect(runEta(table, empty, { models: 3, totalMs: 3 })).toEqual({ kind: 'lookup' });
  });
});

describe('trainTimeKey', () => {
  it('separates fidelities, so a test run does not predict a class run', () => {
    expect(trainTimeKey(config)).not.toBe(trainTimeKey(presetConfig('class', 1)));
    expect(trainTimeKey(config)).toBe(trainTimeKey({ ...config, seed: 99 }));
  });
});

describe('roundDuration', () => {
  it('says seconds, minutes or hours as a person would', () => {
    expect(roundDuration(1200)).toEqual({ unit: 'seconds', value: 5 });
    expect(roundDuration(42_000)).toEqual({ unit: 'seconds', value: 40 });
    expect(roundDuration(12.4 * 60_000)).toEqual({ unit: 'minutes', value: 12 });
    expect(roundDuration(150 * 60_000)).toEqual({ unit: 'hours', value: 2.5 });
  });
});

describe('looksUp', () => {
  it('a NAS-Bench-201 run looks its cells up, unless its cells are trained on images', () => {
    const table = applyConfigPatch(config, { strategy: 'random', space: 'nb201' });
    const trainedCells = applyConfigPatch(config, {
      strategy: 'random',
      space: 'nb201',
      nb201: { evaluate: 'train' },
    });
    expect(table.ok && looksUp(table.config)).toBe(true);
    expect(trainedCells.ok && looksUp(trainedCells.config)).toBe(false);
  });
});
