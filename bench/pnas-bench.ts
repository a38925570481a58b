/**
 * PNAS against random search and regularized evolution on the NASNet cell space, with real
 * training (the app's tfjs trainer on tfjs's CPU backend in Node, on the app's images from
 * ./public/data; without the file, seeded noise, marked `synthetic`). For each seed, PNAS runs
 * first and sets the budget: random search and evolution then train the same number of models,
 * as the compare view does (one shared cache per seed, one training seed per net). Prints the
 * surrogate's Spearman rank correlation per level (Liu et al. 2018 report it per level), the
 * final best accuracy and the models each strategy needed to reach a target accuracy. No test
 * asserts a winner: this prints whatever happens.
 *
 *   npx tsx bench/pnas-bench.ts [--fidelity test|class] [--seeds 3] [--target 0.9] [--json FILE]
 *   (--target: an accuracy in [0, 1]; default: the median of the runs' final bests)
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { compareConfig, type CompareSpec } from '../src/nas/compare';
import type { FidelityId, StrategyId } from '../src/nas/config';
import { applyConfigPatch } from '../src/nas/options';
import { presetConfig } from '../src/nas/presets';
import type { RunEvent } from '../src/nas/runlog';
import { hashString } from '../src/nas/rng';
import { SearchRun, type EvalResult, type Evaluate } from '../src/nas/search';
import '../src/nas/strategies';
import type { PnasLevelEvent } from '../src/nas/strategies/pnas/events';
import { pnasModels } from '../src/nas/strategies/pnas/strategy';
import { disposeTrainingTensors } from '../src/train/data';
import { trainArchitecture } from '../src/train/trainer';
import { searchData } from './searchTiming';
import { markdownTable } from './table';

const { values } = parseArgs({
  options: {
    fidelity: { type: 'string', default: 'class' },
    seeds: { type: 'string', default: '3' },
    target: { type: 'string' },
    json: { type: 'string' },
  },
});
const fidelity = values.fidelity as FidelityId;
const seeds = Number(values.seeds);
if (!['test', 'class'].includes(fidelity) || !Number.isInteger(seeds) || seeds < 1) {
  console.error('pnas-bench: --fidelity test|class, --seeds a positive integer');
  process.exit(2);
}
const STRATEGIES: StrategyId[] = ['pnas', 'random', 'evolution'];

interface Run {
  strategy: StrategyId;
  seed: number;
  /** Best accuracy after each model trained. */
  best: number[];
  /** Spearman per level (PNAS), from level 2. */
  rho: (number | null)[];
}

await tf.setBackend('cpu');
const base = (() => {
  const r = applyConfigPatch(presetConfig(fidelity, 1), { strategy: 'pnas', space: 'cell' });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join(' '));
  return r.config;
})();
const { tensors, data } = searchData(base, process.cwd());
const budget = pnasModels(base);
console.log(
  `PNAS vs random vs evolution · cell space · ${fidelity} · ${base.dataset} (${data}) · ${budget} models · ${seeds} seeds · tfjs ${tf.getBackend()}`,
);

const runs: Run[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  const cache = new Map<string, EvalResult>();
  const evaluate: Evaluate = async (arch, ctx) => {
    const hit = cache.get(ctx.net);
    if (hit) return hit;
    const result = await trainArchitecture(arch, tensors, base.training, {
      seed: hashString(`${seed}|${ctx.net}`),
    });
    cache.set(ctx.net, result);
    return result;
  };
  const spec: CompareSpec = { strategies: STRATEGIES, space: 'cell', budget, seeds: [seed], fidelity };
  for (const strategy of STRATEGIES) {
    const config = compareConfig(base, spec, strategy, seed);
    const events: RunEvent[] = [];
    const run = new SearchRun(config, (e) => events.push(...e));
    run.begin();
    const t0 = performance.now();
    while (!run.done) await run.step(evaluate);
    run.dispose();
    const best: number[] = [];
    for (const e of events)
      if (e.type === 'result' && !e.cached) best.push(Math.max(best.at(-1) ?? 0, e.accuracy));
    const rho = events
      .filter((e): e is PnasLevelEvent => e.type === 'pnasLevel' && e.level > 1)
      .map((e) => e.rankCorrelation);
    runs.push({ strategy, seed, best, rho });
    console.log(
      `  seed ${seed} ${strategy}: ${best.length} models in ${((performance.now() - t0) / 1000).toFixed(0)} s, best ${best.at(-1)?.toFixed(3)}${rho.length ? `, ρ per level ${rho.map((r) => (r === null ? '—' : r.toFixed(2))).join(' ')}` : ''}`,
    );
  }
}
disposeTrainingTensors(tensors);

const finals = runs.map((r) => r.best.at(-1) ?? 0).sort((a, b) => a - b);
const target = values.target !== undefined ? Number(values.target) : finals[Math.floor(finals.length / 2)]!;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const rows = STRATEGIES.map((strategy) => {
  const own = runs.filter((r) => r.strategy === strategy);
  const reach = own.map((r) => r.best.findIndex((b) => b >= target));
  const reached = reach.filter((k) => k >= 0).map((k) => k + 1);
  return {
    strategy,
    models: mean(own.map((r) => r.best.length)),
    finalBest: mean(own.map((r) => r.best.at(-1) ?? 0)),
    reached: `${reached.length}/${own.length}`,
    modelsToTarget: reached.length ? mean(reached) : null,
  };
});
const levels = Math.max(0, ...runs.map((r) => r.rho.length));
const rhoRows = Array.from({ length: levels }, (_, k) => {
  const values = runs.flatMap((r) =>
    r.strategy === 'pnas' && r.rho[k] !== undefined && r.rho[k] !== null ? [r.rho[k]!] : [],
  );
  return { level: k + 2, meanRho: mean(values), seeds: values.length };
});
console.log(`\nTarget accuracy ${target.toFixed(3)}\n`);
console.log(
  markdownTable(
    ['strategy', 'models', 'mean final best', 'reached target', 'mean models to target'],
    rows.map((r) => [
      r.strategy,
      r.models.toFixed(0),
      r.finalBest.toFixed(3),
      r.reached,
      r.modelsToTarget?.toFixed(1) ?? '—',
    ]),
  ),
);
console.log(
  '\nPNAS surrogate, Spearman ρ of predicted vs measured per level (mean over seeds where defined)\n',
);
console.log(
  markdownTable(
    ['level', 'mean ρ', 'seeds'],
    rhoRows.map((r) => [String(r.level), r.meanRho.toFixed(2), String(r.seeds)]),
  ),
);
if (values.json)
  writeFileSync(
    values.json,
    JSON.stringify({ fidelity, budget, data, target, runs, rows, rhoRows }, null, 2),
  );
