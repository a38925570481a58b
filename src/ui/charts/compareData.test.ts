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
    const points = secondsBand(comparison.runs.slice(0, 2));
    expect(points.map((p) => p.x)).toEqual([2, 3, 4, 5]);
    const at = (x: number) => points.find((p) => p.x === x)!;
    // At 2 s only seed 1 has a model (0.5); at 3 s seed 2's first (0.6) joins it.
    expect(at(2)).toEqual({ x: 2, mean: 0.5, lo: 0.5, hi: 0.5, n: 1 });
    expect(at(3).n).toBe(2);
    expect(at(3).mean).toBeCloseTo(0.55);
    expect(at(5)).toMatchObject({ lo: 0.6, hi: 0.7, n: 2 });
  });

  it('draws a one-shot strategy as one point at its seconds, its best accuracy on the y axis', () => {
    const data = compareChartData(comparison, null, 'seconds');
    expect(data).toMatchObject({ xAxis: 'seconds', yIsAccuracy: true, logY: false });
    expect(data.yLabel).toBe('best validation accuracy so far (%)');
    const [random, darts] = data.series;
    expect(random!.points.map((p) => p.x)).toEqual([2, 3, 4, 5]);
    expect(darts!.points).toEqual([{ x: 9, mean: 0.8, lo: 0.8, hi: 0.8, n: 1 }]);
    // The models axis is unchanged: the regret after each unique model.
    const models = compareChartData(comparison, null);
    expect(models.xAxis).toBeUndefined();
    expect(models.series[0]!.points.map((p) => p.x)).toEqual([1, 2]);
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
