/**
 * A fair comparison of strategies (SPEC §6): the same space, dataset, fidelity and budget of
 * unique models for each, over several seeds, with one result cache shared by every run so that
 * an architecture is trained once whatever strategy proposes it. Each run is summarised as its
 * best validation accuracy so far against unique models evaluated.
 * Pure module: no DOM, React or tfjs (evaluation and the controller come from the caller).
 */
import { isTableDataset, type FidelityId, type RunConfig, type SpaceId, type StrategyId } from './config';
import { applyConfigPatch } from './options';
import { hashString } from './rng';
import type { ResultEvent, RunEvent } from './runlog';
import { SearchRun, type EvalResult, type Evaluate, type StrategyDeps } from './search';
import { findStrategy, strategyDefinition } from './strategies';

/** What to compare. */
export interface CompareSpec {
  strategies: StrategyId[];
  space: SpaceId;
  /** Unique models per run. */
  budget: number;
  seeds: number[];
  /** A fidelity preset for every run; absent: the base config's sizes as they are. */
  fidelity?: FidelityId;
}

/** One finished (or stopped) run of a comparison. */
export interface CompareRun {
  strategy: StrategyId;
  seed: number;
  /** Best validation accuracy after each unique model evaluated. */
  best: number[];
  /** Validation accuracy of each unique model, in order. */
  accuracies: number[];
  /** The best architecture found and its accuracy. */
  bestArch: string;
  bestAccuracy: number;
  /** Proposals made, repeats included. */
  proposals: number;
  /** Models trained by this run that no earlier run of the comparison had trained. */
  trainedHere: number;
}

/** Largest budget and number of seeds a comparison accepts. */
export const COMPARE_LIMITS = { budget: 20000, seeds: 20 } as const;

/** Why `spec` cannot run on top of `base`, or undefined. */
export function compareProblem(spec: CompareSpec): string | undefined {
  if (spec.strategies.length === 0) return 'Pick at least one strategy to compare.';
  const misfit = spec.strategies.find((s) => !findStrategy(s)?.spaces.includes(spec.space));
  if (misfit) return `Strategy '${misfit}' cannot search the '${spec.space}' space.`;
  const oneShot = spec.strategies.find((s) => findStrategy(s)?.family === 'oneshot');
  if (oneShot)
    return `Strategy '${oneShot}' trains a supernet, not a budget of models: the comparison does not run it yet.`;
  if (!Number.isInteger(spec.budget) || spec.budget < 1 || spec.budget > COMPARE_LIMITS.budget)
    return `The budget must be a whole number of models in [1, ${COMPARE_LIMITS.budget}]; got ${spec.budget}.`;
  if (spec.seeds.length === 0 || spec.seeds.length > COMPARE_LIMITS.seeds)
    return `Compare over 1 to ${COMPARE_LIMITS.seeds} seeds; got ${spec.seeds.length}.`;
  return undefined;
}

/** The config of one run of the comparison: `base` with the strategy, space, seed and budget. */
export function compareConfig(
  base: RunConfig,
  spec: CompareSpec,
  strategy: StrategyId,
  seed: number,
): RunConfig {
  // A preset resets the dataset too: keep the base's NAS-Bench-201 table if it has one.
  const preset =
    spec.fidelity === undefined
      ? {}
      : {
          fidelity: spec.fidelity,
          ...(spec.space === 'nb201' && isTableDataset(base.dataset) ? { dataset: base.dataset } : {}),
        };
  const before = applyConfigPatch(base, { ...preset, strategy, space: spec.space, seed });
  if (!before.ok) throw new Error(before.errors.map((e) => e.message).join(' '));
  const budget = strategyDefinition(strategy).budgetPatch?.(spec.budget, before.config);
  if (!budget) return before.config;
  const patched = applyConfigPatch(before.config, budget);
  if (!patched.ok) throw new Error(patched.errors.map((e) => e.message).join(' '));
  return patched.config;
}

/**
 * Runs every (seed, strategy) of `spec` in turn, calling `onRun` after each. `evaluate` is wrapped
 * by one cache shared by all runs: a net evaluated once is never evaluated again, and it trains
 * from a seed of the comparison (not of the run), so its result does not depend on who asked.
 * `stopped()` is checked between models; a stopped run is reported with what it had.
 */
export async function runComparison(
  base: RunConfig,
  spec: CompareSpec,
  evaluate: Evaluate,
  deps: StrategyDeps,
  onRun: (run: CompareRun) => void,
  stopped: () => boolean = () => false,
): Promise<void> {
  const problem = compareProblem(spec);
  if (problem) throw new Error(problem);
  const cache = new Map<string, EvalResult>();
  for (const seed of spec.seeds) {
    for (const strategy of spec.strategies) {
      if (stopped()) return;
      const config = compareConfig(base, spec, strategy, seed);
      const accuracies: number[] = [];
      const best: number[] = [];
      let bestArch = '';
      let proposals = 0;
      let trainedHere = 0;
      const onEvents = (events: RunEvent[]) => {
        for (const e of events) {
          if (e.type !== 'result') continue;
          proposals++;
          if (e.cached) continue;
          record(e);
        }
      };
      const record = (e: ResultEvent) => {
        accuracies.push(e.accuracy);
        const prev = best.at(-1) ?? -Infinity;
        if (e.accuracy > prev) bestArch = e.arch;
        best.push(Math.max(prev, e.accuracy));
      };
      const shared: Evaluate = async (arch, ctx) => {
        const hit = cache.get(ctx.net);
        if (hit) return hit;
        const result = await evaluate(arch, { ...ctx, trainingSeed: hashString(`${base.seed}|${ctx.net}`) });
        cache.set(ctx.net, result);
        trainedHere++;
        return result;
      };
      const run = new SearchRun(config, onEvents, deps);
      try {
        run.begin();
        while (!run.done && !stopped()) await run.step(shared);
      } finally {
        run.dispose();
      }
      onRun({
        strategy,
        seed,
        best,
        accuracies,
        bestArch,
        bestAccuracy: best.at(-1) ?? 0,
        proposals,
        trainedHere,
      });
    }
  }
}
