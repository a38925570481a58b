/**
 * A fair comparison of strategies (SPEC §6): the same space, dataset, fidelity and budget of
 * unique models for each, over several seeds, with one result cache shared by every run so that
 * an architecture is trained once whatever strategy proposes it. Each run is summarised as its
 * best validation accuracy so far against unique models evaluated, and against the seconds of
 * training measured in its log (issue #18, item 3). On the `nb201` space with trained cells
 * (`nb201.evaluate: 'train'`) a one-shot strategy (DARTS, SNAS, ENAS) takes part too: its run is
 * one point, its derived cell's standalone accuracy, at its supernet's time plus that training's.
 * Pure module: no DOM, React or tfjs (evaluation and the controller come from the caller).
 */
import { isTableDataset, type FidelityId, type RunConfig, type SpaceId, type StrategyId } from './config';
import { message, type Message } from './message';
import { MessageError } from './messageError';
import { standaloneMismatch } from './nb201Training';
import { OneShotRun } from './oneShotRun';
import { applyConfigPatch } from './options';
import { hashString } from './rng';
import type { ResultEvent, RunEvent } from './runlog';
import { SearchRun, type EvalResult, type Evaluate, type StrategyDeps } from './search';
import { nb201LooksUp } from './spaces/nb201Section';
import { findStrategy, strategyDefinition } from './strategies';
import { oneShotSectionOf } from './strategies/oneshot/config';

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
  /**
   * Seconds of training after each unique model, cumulative: the sum of the `trainMs` the log
   * measured (a model another run of the comparison trained counts its measured time here too;
   * repeats within the run count nothing). A one-shot run: its supernet's elapsed time at the
   * last epoch plus its derived cell's standalone training. Absent in comparisons saved before.
   */
  seconds?: number[];
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
  if (!Number.isInteger(spec.budget) || spec.budget < 1 || spec.budget > COMPARE_LIMITS.budget)
    return `The budget must be a whole number of models in [1, ${COMPARE_LIMITS.budget}]; got ${spec.budget}.`;
  if (spec.seeds.length === 0 || spec.seeds.length > COMPARE_LIMITS.seeds)
    return `Compare over 1 to ${COMPARE_LIMITS.seeds} seeds; got ${spec.seeds.length}.`;
  return undefined;
}

/** Whether the comparison's sample-based runs on `base` look their models up in a table. */
function looksUp(base: RunConfig, spec: CompareSpec): boolean {
  return spec.space === 'nb201' && (isTableDataset(base.dataset) || nb201LooksUp(base));
}

/**
 * Why one-shot and sample-based strategies of `spec` cannot be compared on top of `base`, or
 * undefined: a one-shot strategy trains its derived cell on images, so the others must train
 * theirs too (`nb201.evaluate: 'train'`), and in the same way (its section's standalone training
 * as the fidelity's preset has it).
 */
export function compareMixProblem(base: RunConfig, spec: CompareSpec): Message | undefined {
  const oneShot = spec.strategies.find((s) => findStrategy(s)?.family === 'oneshot');
  const sampled = spec.strategies.some((s) => findStrategy(s)?.family !== 'oneshot');
  if (oneShot === undefined || !sampled) return undefined;
  if (looksUp(base, spec)) return message('compare.oneShotWithTable', { strategy: oneShot });
  for (const strategy of spec.strategies.filter((s) => findStrategy(s)?.family === 'oneshot')) {
    const config = compareConfig(base, spec, strategy, spec.seeds[0] ?? base.seed);
    const field = standaloneMismatch(oneShotSectionOf(config), config.fidelity);
    if (field !== undefined)
      return message('compare.oneShotTrainedOtherwise', { strategy, field: `${strategy}.${field}` });
  }
  return undefined;
}

/** The config of one run of the comparison: `base` with the strategy, space, seed and budget. */
export function compareConfig(
  base: RunConfig,
  spec: CompareSpec,
  strategy: StrategyId,
  seed: number,
): RunConfig {
  // A preset resets the dataset too: keep the base's NAS-Bench-201 table if it has one, or its
  // images and trained cells (a one-shot strategy always trains, on the preset's images or those).
  const oneShot = findStrategy(strategy)?.family === 'oneshot';
  const keep =
    spec.space !== 'nb201'
      ? {}
      : isTableDataset(base.dataset)
        ? oneShot
          ? {}
          : { dataset: base.dataset }
        : nb201LooksUp(base)
          ? {}
          : { dataset: base.dataset, nb201: { ...base.nb201 } };
  const preset = spec.fidelity === undefined ? {} : { fidelity: spec.fidelity, ...keep };
  const before = applyConfigPatch(base, { ...preset, strategy, space: spec.space, seed });
  if (!before.ok) throw new Error(before.errors.map((e) => e.message).join(' '));
  const budget = strategyDefinition(strategy).budgetPatch?.(spec.budget, before.config);
  if (!budget) return before.config;
  const patched = applyConfigPatch(before.config, budget);
  if (!patched.ok) throw new Error(patched.errors.map((e) => e.message).join(' '));
  return patched.config;
}

/** A one-shot run's point of a comparison, from its log: what it found, and when. */
export function oneShotPoint(
  events: readonly RunEvent[],
): { arch: string; accuracy: number; seconds: number } | undefined {
  const result = events.find((e): e is ResultEvent => e.type === 'result' && !e.cached);
  if (!result) return undefined;
  let supernetMs = 0;
  for (const e of events) if (e.type === 'oneshot-epoch') supernetMs = Math.max(supernetMs, e.elapsedMs);
  return { arch: result.arch, accuracy: result.accuracy, seconds: (supernetMs + result.trainMs) / 1000 };
}

/** The curves of a sample-based run from its unique models' results, in order. */
export function sampledCurves(results: readonly Pick<ResultEvent, 'accuracy' | 'trainMs' | 'arch'>[]): {
  best: number[];
  seconds: number[];
  bestArch: string;
} {
  const best: number[] = [];
  const seconds: number[] = [];
  let bestArch = '';
  let ms = 0;
  for (const e of results) {
    const prev = best.at(-1) ?? -Infinity;
    if (e.accuracy > prev) bestArch = e.arch;
    best.push(Math.max(prev, e.accuracy));
    ms += e.trainMs;
    seconds.push(ms / 1000);
  }
  return { best, seconds, bestArch };
}

/**
 * Runs every (seed, strategy) of `spec` in turn, calling `onRun` after each. `evaluate` is wrapped
 * by one cache shared by all runs: a net evaluated once is never evaluated again, and it trains
 * from a seed of the comparison (not of the run), so its result does not depend on who asked.
 * A one-shot strategy runs its own supernet search (`deps.supernet`) and trains its derived cell
 * with its run's seed; `beforeOneShotStep` runs before each of its steps (the caller's backend,
 * and a moment for messages such as a stop).
 * `stopped()` is checked between models (one-shot: between steps); a stopped run is reported with
 * what it had.
 */
export async function runComparison(
  base: RunConfig,
  spec: CompareSpec,
  evaluate: Evaluate,
  deps: StrategyDeps,
  onRun: (run: CompareRun) => void,
  stopped: () => boolean = () => false,
  beforeOneShotStep: () => Promise<void> = async () => {},
): Promise<void> {
  const problem = compareProblem(spec);
  if (problem) throw new Error(problem);
  const mix = compareMixProblem(base, spec);
  if (mix) throw new MessageError(mix);
  const cache = new Map<string, EvalResult>();
  for (const seed of spec.seeds) {
    for (const strategy of spec.strategies) {
      if (stopped()) return;
      const config = compareConfig(base, spec, strategy, seed);
      if (findStrategy(strategy)?.family === 'oneshot') {
        onRun(await runOneShot(config, deps, stopped, beforeOneShotStep));
        continue;
      }
      const results: ResultEvent[] = [];
      let proposals = 0;
      let trainedHere = 0;
      const onEvents = (events: RunEvent[]) => {
        for (const e of events) {
          if (e.type !== 'result') continue;
          proposals++;
          if (!e.cached) results.push(e);
        }
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
      const { best, seconds, bestArch } = sampledCurves(results);
      onRun({
        strategy,
        seed,
        best,
        seconds,
        accuracies: results.map((e) => e.accuracy),
        bestArch,
        bestAccuracy: best.at(-1) ?? 0,
        proposals,
        trainedHere,
      });
    }
  }
}

/** One one-shot run of a comparison: its supernet search to the end, then its one point. */
async function runOneShot(
  config: RunConfig,
  deps: StrategyDeps,
  stopped: () => boolean,
  beforeStep: () => Promise<void>,
): Promise<CompareRun> {
  const events: RunEvent[] = [];
  await beforeStep(); // the supernet's variables are made on the caller's backend
  const run = new OneShotRun(config, (e) => events.push(...e), deps);
  try {
    while (!run.done) {
      await beforeStep();
      if (stopped()) break;
      await run.step();
    }
  } finally {
    run.dispose();
  }
  const point = oneShotPoint(events);
  return {
    strategy: config.strategy,
    seed: config.seed,
    best: point ? [point.accuracy] : [],
    seconds: point ? [point.seconds] : [],
    accuracies: point ? [point.accuracy] : [],
    bestArch: point?.arch ?? '',
    bestAccuracy: point?.accuracy ?? 0,
    proposals: point ? 1 : 0,
    trainedHere: point ? 1 : 0,
  };
}
