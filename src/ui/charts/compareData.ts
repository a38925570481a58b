/**
 * A comparison of strategies as the compare view draws and exports it: per strategy, the mean
 * and min–max band over seeds of the regret (the table's best minus the best found so far on
 * NAS-Bench-201 looked up; elsewhere the best any run found minus the run's best so far) against
 * unique models or against seconds of measured training, the final best per strategy, and the
 * CSV and JSON exports. Pure functions.
 */
import { i18next } from '../../i18n';
import type { RegretChartData, RegretPoint } from '../../charts/RegretChart';
import type { CompareRun, CompareSpec } from '../../nas/compare';
import { isTableDataset, type DatasetId, type StrategyId } from '../../nas/config';
import type { Nb201DatasetId, Nb201Table } from '../../nas/nb201Table';
import { meanBand } from '../../nas/nb201Views';

/** What the compare chart's x axis counts: unique models, or seconds of measured training. */
export type CompareAxis = 'models' | 'seconds';
export const COMPARE_AXES: readonly CompareAxis[] = ['models', 'seconds'];

export const STRATEGY_NAMES: Record<StrategyId, string> = {
  metaqnn: 'Q-learning (MetaQNN)',
  blockqnn: 'BlockQNN',
  reinforce: 'REINFORCE',
  evolution: 'Regularized evolution',
  random: 'Random search',
  pnas: 'PNAS',
  darts: 'DARTS',
  snas: 'SNAS',
  enas: 'ENAS',
};

/** A word of the compare view in the interface language, or `english` where the app set up none (tests). */
function words(key: string, english: string, vars?: Record<string, string | number>): string {
  return i18next.isInitialized ? i18next.t(`compare:${key}`, { ...vars, defaultValue: english }) : english;
}

/** A strategy's display name in the interface language. */
export function strategyName(strategy: StrategyId): string {
  return words(`strategies.${strategy}`, STRATEGY_NAMES[strategy]);
}

/** What a comparison holds, as this module reads it. */
export interface ComparisonLike {
  spec: CompareSpec;
  dataset: string;
  runs: readonly CompareRun[];
  elapsedMs: number;
}

/** Whether the comparison's accuracies were looked up in the NAS-Bench-201 table (not trained). */
function onTableOf(comparison: ComparisonLike, table: Nb201Table | null): table is Nb201Table {
  return (
    table !== null && comparison.spec.space === 'nb201' && isTableDataset(comparison.dataset as DatasetId)
  );
}

/** The accuracy regret is measured against: the table's best, or the best any run found. */
export function reference(comparison: ComparisonLike, table: Nb201Table | null): number {
  if (onTableOf(comparison, table))
    return table.best(comparison.dataset as Nb201DatasetId).accuracy[comparison.dataset as Nb201DatasetId]
      .val;
  return comparison.runs.reduce((m, r) => Math.max(m, r.bestAccuracy), 0);
}

/** The runs of each strategy of the spec, in the spec's order. */
function byStrategy(comparison: ComparisonLike): { strategy: StrategyId; runs: CompareRun[] }[] {
  return comparison.spec.strategies.map((strategy) => ({
    strategy,
    runs: comparison.runs.filter((r) => r.strategy === strategy),
  }));
}

/**
 * The best accuracy so far against seconds over runs: at each second some run improved or began,
 * the mean, min and max over the runs that had a result by then of their best then (a step
 * function each).
 */
export function secondsBand(runs: readonly Pick<CompareRun, 'best' | 'seconds'>[]): RegretPoint[] {
  const curves = runs
    .map((r) => (r.seconds ?? []).map((x, i) => ({ x, best: r.best[i]! })))
    .filter((c) => c.length > 0);
  const times = [...new Set(curves.flatMap((c) => c.map((p) => p.x)))].sort((a, b) => a - b);
  return times.map((x) => {
    const values = curves.flatMap((c) => {
      let at: number | undefined;
      for (const p of c) if (p.x <= x) at = p.best;
      return at === undefined ? [] : [at];
    });
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return { x, mean, lo: Math.min(...values), hi: Math.max(...values), n: values.length };
  });
}

/**
 * The chart of a comparison: one mean line and band per strategy with runs; against models, the
 * regret; against seconds, the best standalone accuracy so far itself.
 */
export function compareChartData(
  comparison: ComparisonLike,
  table: Nb201Table | null,
  axis: CompareAxis = 'models',
): RegretChartData {
  const best = reference(comparison, table);
  const onTable = onTableOf(comparison, table);
  const seconds = axis === 'seconds';
  return {
    ...(seconds ? { xAxis: 'seconds' as const, yIsAccuracy: true } : {}),
    series: byStrategy(comparison)
      .filter((g) => g.runs.length > 0)
      .map((g) => ({
        label: words(
          'seriesLabel',
          `${STRATEGY_NAMES[g.strategy]} (${g.runs.length} seed${g.runs.length === 1 ? '' : 's'})`,
          {
            name: strategyName(g.strategy),
            count: g.runs.length,
          },
        ),
        points:
          axis === 'seconds'
            ? secondsBand(g.runs)
            : meanBand(g.runs.map((r) => r.best.map((b) => Math.max(0, best - b)))),
      })),
    yLabel: seconds
      ? words('yAccuracy', 'best validation accuracy so far (%)')
      : onTable
        ? words('yTable', 'regret (% points below the table’s best)')
        : words('yRuns', '% points below the best any run found'),
    logY: onTable && !seconds,
  };
}

/** One row of the summary table. */
export interface CompareSummaryRow {
  strategy: StrategyId;
  name: string;
  seeds: number;
  /** Mean and standard deviation over seeds of the final best validation accuracy. */
  meanBest: number | null;
  sdBest: number | null;
  /** NAS-Bench-201: mean rank among all cells of the cells found (1 = best). */
  meanRank: number | null;
  /** Models this strategy's runs trained that no earlier run had (the shared cache saved the rest). */
  trainedHere: number;
}

export function compareSummary(comparison: ComparisonLike, table: Nb201Table | null): CompareSummaryRow[] {
  const dataset = comparison.dataset as Nb201DatasetId;
  const onTable = onTableOf(comparison, table);
  return byStrategy(comparison).map(({ strategy, runs }) => {
    const finals = runs.map((r) => r.bestAccuracy);
    const mean = finals.length > 0 ? finals.reduce((a, b) => a + b, 0) / finals.length : null;
    const sd =
      mean !== null && finals.length > 1
        ? Math.sqrt(finals.reduce((a, b) => a + (b - mean) ** 2, 0) / (finals.length - 1))
        : null;
    const ranks = onTable ? runs.map((r) => table!.rank(r.bestAccuracy, dataset)) : [];
    return {
      strategy,
      name: strategyName(strategy),
      seeds: runs.length,
      meanBest: mean,
      sdBest: sd,
      meanRank: ranks.length > 0 ? ranks.reduce((a, b) => a + b, 0) / ranks.length : null,
      trainedHere: runs.reduce((a, r) => a + r.trainedHere, 0),
    };
  });
}

/**
 * Every model of every run as CSV: strategy, seed, model (1-based), accuracy, best so far, and
 * the seconds of measured training by then (empty in comparisons saved without them).
 */
export function compareCsv(comparison: ComparisonLike): string {
  const lines = ['strategy,seed,model,accuracy,best_so_far,seconds'];
  for (const run of comparison.runs) {
    run.accuracies.forEach((acc, i) =>
      lines.push(`${run.strategy},${run.seed},${i + 1},${acc},${run.best[i]},${run.seconds?.[i] ?? ''}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The comparison as JSON: its spec, dataset, runs and wall-clock time. */
export function compareJson(comparison: ComparisonLike): string {
  return JSON.stringify(
    {
      format: 'nas-playground/compare',
      version: 1,
      spec: comparison.spec,
      dataset: comparison.dataset,
      elapsedMs: comparison.elapsedMs,
      runs: comparison.runs,
    },
    null,
    2,
  );
}
