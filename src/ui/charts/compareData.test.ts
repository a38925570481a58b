import { describe, expect, it } from 'vitest';
import type { CompareRun } from '../../nas/compare';
import { compareChartData, compareCsv, secondsBand, type ComparisonLike } from './compareData';

const run = (
  strategy: CompareRun['strategy'],
  seed: number,
  best: number[],
  seconds: number[],
): CompareRun => ({
  strategy,
  seed,
  best,
  seconds,
  accuracies: best,
  bestArch: 'x',
  bestAccuracy: best.at(-1)!,
  proposals: best.length,
  trainedHere: best.length,
});

/** Random search over two seeds and DARTS over one, cells trained on MNIST (no table). */
const comparison: ComparisonLike = {
  spec: { strategies: ['random', 'darts'], space: 'nb201', budget: 2, seeds: [1, 2] },
  dataset: 'mnist-14',
  elapsedMs: 0,
  runs: [
    run('random', 1, [0.5, 0.7], [2, 5]),
    run('random', 2, [0.6, 0.6], [3, 4]),
    run('darts', 1, [0.8], [9]),
  ],
};

describe('the compare chart against seconds', () => {
  it('steps each run’s best so far over its measured seconds; mean, min and max over the runs begun', () => {
    const points = secondsBand(comparison.runs.slice(0, 2), 0.8);
    expect(points.map((p) => p.x)).toEqual([2, 3, 4, 5]);
    const at = (x: number) => points.find((p) => p.x === x)!;
    // At 2 s only seed 1 has a model: regret 0.3.
    expect(at(2).n).toBe(1);
    expect(at(2).lo).toBeCloseTo(0.3);
    expect(at(2).hi).toBeCloseTo(0.3);
    expect(at(3).n).toBe(2);
    expect(at(3).mean).toBeCloseTo(0.25);
    expect(at(5).lo).toBeCloseTo(0.1);
    expect(at(5).hi).toBeCloseTo(0.2);
  });

  it('draws a one-shot strategy as one point at its seconds, regret against the best any run found', () => {
    const data = compareChartData(comparison, null, 'seconds');
    expect(data.xAxis).toBe('seconds');
    expect(data.logY).toBe(false);
    const [random, darts] = data.series;
    expect(random!.points.map((p) => p.x)).toEqual([2, 3, 4, 5]);
    expect(darts!.points).toEqual([{ x: 9, mean: 0, lo: 0, hi: 0, n: 1 }]);
    // The models axis is unchanged: one point per unique model.
    expect(compareChartData(comparison, null).series[0]!.points.map((p) => p.x)).toEqual([1, 2]);
  });

  it('exports the seconds in the CSV', () => {
    expect(compareCsv(comparison).split('\n').slice(0, 3)).toEqual([
      'strategy,seed,model,accuracy,best_so_far,seconds',
      'random,1,1,0.5,0.5,2',
      'random,1,2,0.7,0.7,5',
    ]);
    expect(compareCsv(comparison)).toContain('darts,1,1,0.8,0.8,9\n');
  });
});
