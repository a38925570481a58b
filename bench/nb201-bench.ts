/**
 * NAS-Bench-201 benchmark (run by scripts/bench-nb201.mjs in Node): every strategy searches the
 * table of CIFAR-10 with the same budget over the same seeds, as the compare view does (one
 * shared cache per comparison). Prints models per second of each strategy and the mean final
 * rank among the 15,625 cells. REINFORCE's controller runs on tfjs's CPU backend, as in the app.
 */
import * as tf from '@tensorflow/tfjs';
import nb201Json from '../src/data/nb201/nb201-12epoch.json';
import { runComparison, type CompareRun } from '../src/nas/compare';
import { presetConfig, type StrategyId } from '../src/nas/config';
import { Nb201Table } from '../src/nas/nb201Table';
import { applyConfigPatch } from '../src/nas/options';
import { tableEvaluator } from '../src/nas/tableEvaluate';
import { controllerPolicy } from '../src/train/policy';

export interface Nb201BenchOptions {
  budget: number;
  seeds: number;
  strategies: StrategyId[];
}

export interface Nb201BenchRow {
  strategy: StrategyId;
  runs: number;
  uniqueModels: number;
  proposals: number;
  seconds: number;
  modelsPerSecond: number;
  meanFinalAccuracy: number;
  meanFinalRank: number;
  bestRank: number;
  worstRank: number;
}

export async function benchNb201(options: Nb201BenchOptions): Promise<Nb201BenchRow[]> {
  await tf.setBackend('cpu');
  const table = Nb201Table.fromJson(nb201Json);
  const patched = applyConfigPatch(presetConfig('class', 1), { space: 'nb201', dataset: 'nb201-cifar10' });
  if (!patched.ok) throw new Error(patched.errors.map((e) => e.message).join(' '));
  const base = patched.config;
  const rows: Nb201BenchRow[] = [];
  // One comparison per strategy, so that each is timed alone (the cache is shared by its seeds only).
  for (const strategy of options.strategies) {
    const runs: CompareRun[] = [];
    const start = performance.now();
    await runComparison(
      base,
      {
        strategies: [strategy],
        space: 'nb201',
        budget: options.budget,
        seeds: Array.from({ length: options.seeds }, (_, i) => i + 1),
      },
      tableEvaluator(table, 'nb201-cifar10'),
      { policy: controllerPolicy },
      (run) => runs.push(run),
    );
    const seconds = (performance.now() - start) / 1000;
    const ranks = runs.map((r) => table.rank(r.bestAccuracy, 'nb201-cifar10'));
    const uniqueModels = runs.reduce((a, r) => a + r.best.length, 0);
    rows.push({
      strategy,
      runs: runs.length,
      uniqueModels,
      proposals: runs.reduce((a, r) => a + r.proposals, 0),
      seconds,
      modelsPerSecond: uniqueModels / seconds,
      meanFinalAccuracy: runs.reduce((a, r) => a + r.bestAccuracy, 0) / runs.length,
      meanFinalRank: ranks.reduce((a, b) => a + b, 0) / ranks.length,
      bestRank: Math.min(...ranks),
      worstRank: Math.max(...ranks),
    });
  }
  return rows;
}
