/**
 * NAS-Bench-201 benchmark (run by scripts/bench-nb201.mjs in Node): every strategy searches the
 * table of CIFAR-10 with the same budget over the same seeds, as the compare view does (one
 * shared cache per comparison). Prints models per second of each strategy and the mean final
 * rank among the 15,625 cells. REINFORCE runs once per controller: the plain TypeScript one the app
 * uses (src/nas/lstmController.ts) and the tfjs one on tfjs's CPU backend (src/train/controller.ts),
 * and the time of one sample and one update of each is printed.
 */
import * as tf from '@tensorflow/tfjs';
import nb201Json from '../src/data/nb201/nb201-12epoch.json';
import { runComparison, type CompareRun } from '../src/nas/compare';
import { type StrategyId } from '../src/nas/config';
import { presetConfig } from '../src/nas/presets';
import { Nb201Table } from '../src/nas/nb201Table';
import { applyConfigPatch } from '../src/nas/options';
import { controllerOptionsOf } from '../src/nas/controllerParams';
import { LstmController, lstmControllerPolicy } from '../src/nas/lstmController';
import { Rng } from '../src/nas/rng';
import type { StrategyDeps } from '../src/nas/strategy';
import { tableEvaluator } from '../src/nas/tableEvaluate';
import { tokenSpaceOf } from '../src/nas/tokenSpaces';
import { NasRlController } from '../src/train/controller';
import { controllerPolicy } from '../src/train/policy';

/** REINFORCE's controller: plain TypeScript (the app's) or tfjs on its CPU backend. */
export type ControllerKind = 'plain' | 'tfjs';

const POLICIES: Record<ControllerKind, StrategyDeps> = {
  plain: { policy: lstmControllerPolicy },
  tfjs: { policy: controllerPolicy },
};

export interface Nb201BenchOptions {
  budget: number;
  seeds: number;
  strategies: StrategyId[];
  /** Controllers REINFORCE runs with, one row each. */
  controllers: ControllerKind[];
}

export interface Nb201BenchRow {
  strategy: StrategyId;
  /** REINFORCE's controller; absent for the other strategies. */
  controller?: ControllerKind;
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
  // One comparison per strategy (and controller), so that each is timed alone (the cache is
  // shared by its seeds only).
  const jobs = options.strategies.flatMap(
    (strategy): { strategy: StrategyId; controller?: ControllerKind }[] =>
      strategy === 'reinforce'
        ? options.controllers.map((controller) => ({ strategy, controller }))
        : [{ strategy }],
  );
  for (const { strategy, controller } of jobs) {
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
      POLICIES[controller ?? 'plain'],
      (run) => runs.push(run),
    );
    const seconds = (performance.now() - start) / 1000;
    const ranks = runs.map((r) => table.rank(r.bestAccuracy, 'nb201-cifar10'));
    const uniqueModels = runs.reduce((a, r) => a + r.best.length, 0);
    rows.push({
      strategy,
      ...(controller ? { controller } : {}),
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

/** Time of one controller call, milliseconds. */
export interface ControllerTiming {
  controller: ControllerKind;
  /** Token spec timed: `nb201` (6 steps) or `nasrl` (the `class` NAS-RL layers with skips). */
  space: 'nb201' | 'nasrl';
  sampleMs: number;
  /** One REINFORCE update on a batch of `batch` samples. */
  updateMs: number;
  batch: number;
}

/** Mean time per sample and per update of both controllers with the `class` settings. */
export async function benchControllers(samples = 200, updates = 50): Promise<ControllerTiming[]> {
  await tf.setBackend('cpu');
  const timings: ControllerTiming[] = [];
  for (const space of ['nb201', 'nasrl'] as const) {
    const patched = applyConfigPatch(presetConfig('class', 1), {
      strategy: 'reinforce',
      space,
      ...(space === 'nb201' ? { dataset: 'nb201-cifar10' } : {}),
    });
    if (!patched.ok) throw new Error(patched.errors.map((e) => e.message).join(' '));
    const config = patched.config;
    const spec = tokenSpaceOf(config)!.spec;
    const batch = config.reinforce.batchSize;
    for (const controller of ['plain', 'tfjs'] as const) {
      const made =
        controller === 'plain'
          ? new LstmController(spec, controllerOptionsOf(config))
          : new NasRlController(spec, controllerOptionsOf(config));
      const rng = new Rng(1);
      made.update([made.sample(rng)], [0.5]); // warm-up (tfjs compiles nothing on the CPU, but allocates)
      let start = performance.now();
      for (let i = 0; i < samples; i++) made.sample(rng);
      const sampleMs = (performance.now() - start) / samples;
      const drawn = Array.from({ length: batch }, () => made.sample(rng));
      const rewards = drawn.map((_, k) => 0.5 + 0.1 * k);
      start = performance.now();
      for (let i = 0; i < updates; i++) made.update(drawn, rewards);
      const updateMs = (performance.now() - start) / updates;
      made.dispose();
      timings.push({ controller, space, sampleMs, updateMs, batch });
    }
  }
  return timings;
}
