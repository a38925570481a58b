/**
 * How long the rest of a run will take on this machine: the mean training time of the models
 * the run trained itself, times the models its schedule still plans. Before the first model, the
 * latest run of the same kind on this machine stands in. Pure module: no DOM, React or zustand.
 */
import { isTableDataset, type RunConfig } from '../nas/config';
import type { ResultEvent } from '../nas/runlog';
import { nb201LooksUp } from '../nas/spaces/nb201Section';
import { findSpace, findStrategy } from '../nas/strategies';
import type { RunView } from './runView';

/** Training time of the models a run trained itself. */
export interface TrainTally {
  /** Models trained (neither from the replay dictionary nor from the result cache). */
  models: number;
  /** Their summed training time in milliseconds. */
  totalMs: number;
}

/** The run's time left, or why there is no estimate. */
export type Eta =
  /** Models are looked up in a table (NAS-Bench-201): nothing to wait for. */
  | { kind: 'lookup' }
  | { kind: 'done' }
  /** Nothing trained yet and no earlier run to go by: the estimate follows the first model. */
  | { kind: 'unknown' }
  | {
      kind: 'estimate';
      /** Milliseconds the models still planned will take. */
      remainingMs: number;
      /** Whether the mean comes from this run or from the latest run of its kind here. */
      basis: 'run' | 'previous';
    };

/** Sums `trainMs` over the results trained now (cached and result-cache hits took no training). */
export function trainTally(history: readonly ResultEvent[]): TrainTally {
  let models = 0;
  let totalMs = 0;
  for (const result of history) {
    if (result.cached || result.fromResultCache) continue;
    models++;
    totalMs += result.trainMs;
  }
  return { models, totalMs };
}

/** Runs whose models train alike (same fidelity, space, data and training path) share a key. */
export function trainTimeKey(config: RunConfig): string {
  return [config.fidelity, config.space, config.dataset, config.trainingPath].join('|');
}

/** Whether the run looks its models up instead of training them. */
export function looksUp(config: RunConfig): boolean {
  // Sampled NAS-Bench-201 cells trained on images (`nb201.evaluate: 'train'`) take time.
  if (config.space === 'nb201' && !nb201LooksUp(config) && findStrategy(config.strategy)?.family === 'sample')
    return false;
  return isTableDataset(config.dataset) || Boolean(findSpace(config.space)?.tabular);
}

/** The time left of the run in `view`; `previous` is the latest tally of its kind on this machine. */
export function runEta(config: RunConfig, view: RunView, previous: TrainTally | null): Eta {
  if (looksUp(config)) return { kind: 'lookup' };
  if (view.done) return { kind: 'done' };
  const tally = trainTally(view.history);
  const basis = tally.models > 0 ? 'run' : 'previous';
  const mean = tally.models > 0 ? tally : previous;
  if (!mean || mean.models === 0) return { kind: 'unknown' };
  // The model in training now is among those still planned (the schedule counts results).
  const modelsLeft = Math.max(0, view.planned - view.scheduled);
  return { kind: 'estimate', remainingMs: (modelsLeft * mean.totalMs) / mean.models, basis };
}

/** A duration as a person says it: about 40 s, about 12 min, about 2.5 h. */
export interface RoundDuration {
  unit: 'seconds' | 'minutes' | 'hours';
  value: number;
}

/** Rounds `ms` to what a reader needs from an estimate (5 s, whole minutes, half hours). */
export function roundDuration(ms: number): RoundDuration {
  const seconds = ms / 1000;
  if (seconds < 90) return { unit: 'seconds', value: Math.max(5, Math.round(seconds / 5) * 5) };
  const minutes = seconds / 60;
  if (minutes < 90) return { unit: 'minutes', value: Math.round(minutes) };
  return { unit: 'hours', value: Math.round((minutes / 60) * 2) / 2 };
}
