/**
 * A comparison of strategies as the compare view draws and exports it: per strategy, the mean
 * and min–max band over seeds of the regret (the table's best minus the best found so far on
 * NAS-Bench-201; elsewhere the best any run found minus the run's best so far), the final best
 * per strategy, and the CSV and JSON exports. Pure functions.
 */
import { i18next } from '../../i18n';
import type { RegretChartData } from '../../charts/RegretChart';
import type { CompareRun, CompareSpec } from '../../nas/compare';
import type { StrategyId } from '../../nas/config';
import type { Nb201DatasetId, Nb201Table } from '../../nas/nb201Table';
import { meanBand } from '../../nas/nb201Views';

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

/** The accuracy regret is measured against: the table's best, or the best any run found. */
export function reference(comparison: ComparisonLike, table: Nb201Table | null): number {
  if (table && comparison.spec.space === 'nb201')
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

/** The regret chart of a comparison: one mean line and band per strategy with runs. */
export function compareChartData(comparison: ComparisonLike, table: Nb201Table | null): RegretChartData {
  const best = reference(comparison, table);
  const onTable = table !== null && comparison.spec.space === 'nb201';
  return {
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
        points: meanBand(g.runs.map((r) => r.best.map((b) => Math.max(0, best - b)))),
      })),
    yLabel: onTable
      ? words('yTable', 'regret (% points below the table’s best)')
      : words('yRuns', '% points below the best any run found'),
    logY: onTable,
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
  const onTable = table !== null && comparison.spec.space === 'nb201';
  return byStrategy(comparison).map(({ strategy, runs }) => {
    const finals = runs.map((r) => r.bestAccuracy);
    const mean = finals.length > 0 ? finals.reduce((a, b) => a + b, 0) / finals.length : null;
    const sd =
      mean !== null && finals.length > 1
        ? Math.sqrt(finals.reduce((a, b) => a + (b - mean) ** 2, 0) / (finals.length - 1))
        : null;
    const ranks = onTable ? runs.map((r) => table.rank(r.bestAccuracy, dataset)) : [];
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

/** Every model of every run as CSV: strategy, seed, model (1-based), accuracy, best so far. */
export function compareCsv(comparison: ComparisonLike): string {
  const lines = ['strategy,seed,model,accuracy,best_so_far'];
  for (const run of comparison.runs) {
    run.accuracies.forEach((acc, i) =>
      lines.push(`${run.strategy},${run.seed},${i + 1},${acc},${run.best[i]}`),
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
