/**
 * `window.nasPlayground`: the documented testing API (README: Testing API) for Playwright's
 * `page.evaluate` and for curious users in the console. Every method returns a promise.
 */
import type { CompareRun, CompareSpec } from '../nas/compare';
import type { CompareSwitch } from '../store/compareSlice';
import type { ConfigPatch } from '../nas/config';
import type { ResultEvent, RunLog } from '../nas/runlog';
import type { AppStore } from '../store/appState';
import type { CompareStatus, RunStatus } from '../worker/protocol';
import type { RunController } from './controller';

/** What `snapshot()` returns: the run at a glance. */
export interface NasPlaygroundSnapshot {
  status: RunStatus;
  /** tfjs backend of the worker ('webgpu' | 'webgl' | 'cpu'), null until it reported. */
  backend: string | null;
  /** Epsilon in force (1 for strategies without a schedule). */
  epsilon: number;
  counts: {
    /** Proposals made, cached ones included. */
    proposed: number;
    /** Unique models trained. */
    trained: number;
    /** Proposals answered from the replay dictionary. */
    cached: number;
    /** Unique models the epsilon schedule plans. */
    planned: number;
  };
  bestReward: number | null;
  /** Every result so far, in order. */
  history: ResultEvent[];
}

export interface NasPlaygroundApi {
  /** Patches the config (same shape as the form) and resets the run; rejects, changing nothing, when invalid. */
  configure(patch: ConfigPatch): Promise<void>;
  /** Runs the search; resolves when the worker reports it is running. */
  start(): Promise<void>;
  /** Stops after the model being trained now; resolves at once (watch `snapshot().status`). */
  pause(): Promise<void>;
  /** Trains one more proposal; resolves when the worker has taken it. */
  step(): Promise<void>;
  /** Drops the run and starts a new one with the current config. */
  reset(): Promise<void>;
  snapshot(): Promise<NasPlaygroundSnapshot>;
  /** The run log `{ format: 'nas-playground/run', version: 1, config, seed, events }`. */
  exportRun(): Promise<RunLog>;
  /** Kills the worker; resolves once it has been restarted from the run log. */
  crashWorkerForTest(): Promise<void>;
  /** BlockQNN: trains the same config and seed with one switch flipped beside the run. */
  compare(flipped: CompareSwitch): Promise<void>;
  /** Compares strategies on one space and budget over seeds; resolves once it has started. */
  compareStrategies(spec: CompareSpec): Promise<void>;
  /** The comparison of strategies so far (null if none): its status and finished runs. */
  comparison(): Promise<{
    status: CompareStatus;
    error: string | null;
    runs: CompareRun[];
    elapsedMs: number;
  } | null>;
}

declare global {
  interface Window {
    nasPlayground?: NasPlaygroundApi;
  }
}

/** The snapshot of the store's current state. */
export function snapshotOf(store: AppStore): NasPlaygroundSnapshot {
  const { status, backend, view } = store.getState();
  return {
    status,
    backend: backend?.name ?? null,
    epsilon: view.epsilon.epsilon,
    counts: { ...view.counts, planned: view.planned },
    bestReward: view.bestReward,
    history: [...view.history],
  };
}

/**
 * Installs `window.nasPlayground`. `flushed` resolves when the run is saved, so a test that
 * reloads right after reading the state finds it again.
 */
export function installTestApi(
  store: AppStore,
  controller: RunController,
  flushed: () => Promise<void>,
): void {
  window.nasPlayground = {
    configure: (patch) => controller.configure(patch),
    start: () => controller.start(),
    pause: () => controller.pause(),
    step: () => controller.step(),
    reset: () => controller.reset(),
    async snapshot() {
      await flushed();
      return snapshotOf(store);
    },
    async exportRun() {
      await flushed();
      return controller.exportRun();
    },
    crashWorkerForTest: () => controller.crashWorker(),
    compare: (flipped) => controller.compare(flipped),
    compareStrategies: (spec) => controller.compareStrategies(spec),
    comparison() {
      const c = store.getState().comparison;
      return Promise.resolve(
        c && { status: c.status, error: c.error, runs: structuredClone(c.runs), elapsedMs: c.elapsedMs },
      );
    },
  };
}
