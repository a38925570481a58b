/**
 * `window.nasPlayground`: the documented testing API (README: Testing API) for Playwright's
 * `page.evaluate` and for curious users in the console. Every method returns a promise and rejects,
 * with a message naming what is allowed, when given arguments it does not take (testApiArgs.ts).
 */
import { formatMessage, leafCode } from '../nas/message';
import { setLanguage, type Language } from '../i18n';
import type { CompareRun, CompareSpec } from '../nas/compare';
import type { CompareSwitch } from '../store/compareSlice';
import type { ConfigPatch } from '../nas/config';
import type { ResultEvent, RunLog } from '../nas/runlog';
import type { AppStore } from '../store/appState';
import type { CompareStatus, RunStatus } from '../worker/protocol';
import type { RunController } from './controller';
import { findStrategy } from '../nas/strategies';
import { oneShotOf } from '../nas/oneshot/view';
import type { OneShotSnapshot } from '../nas/oneshot/snapshot';

export type { OneShotSnapshot } from '../nas/oneshot/snapshot';
import type { RunsManager, SavedRunInfo } from './runs';
import {
  checkCompareSpec,
  checkCompareSwitch,
  checkExportCodeArgs,
  checkLanguage,
  withoutArguments,
} from './testApiArgs';
import type { ComputePreference } from '../train/compute';
import { exportCode, type ExportedCode } from './export/modelExport';
import { datasetTestApi, type DatasetTestApi } from './data/datasetTestApi';

/** What `snapshot()` returns: the run at a glance. */
export interface NasPlaygroundSnapshot {
  status: RunStatus;
  /** tfjs backend of the worker ('webgpu' | 'webgl' | 'cpu'), null until it reported. */
  backend: string | null;
  /** What trains the models: the machine's compute setting, and whether the engine takes the
   * models it can train (Auto on a software adapter, or the setting 'engine'). */
  compute: { preference: ComputePreference; engine: boolean; autoSoftware: boolean };
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
  /** One-shot strategies (DARTS, SNAS, ENAS): the supernet search now; null for the others. */
  oneShot: OneShotSnapshot | null;
}

function oneShotSnapshot(strategyId: string, strategyView: unknown): OneShotSnapshot | null {
  if (findStrategy(strategyId)?.family !== 'oneshot') return null;
  const view = oneShotOf(strategyView);
  const last = view.snapshots.at(-1);
  const derived = view.derived;
  return {
    step: last?.step ?? 0,
    epochs: view.epochs.length,
    weights: last ? last.weights.map((row) => [...row]) : null,
    entropy: last?.entropy ?? null,
    temperature: last?.temperature ?? null,
    derived: derived
      ? {
          arch: derived.arch,
          ops: [...derived.ops],
          supernetAccuracy: derived.supernetAccuracy,
          inheritedAccuracy: derived.inheritedAccuracy,
          standaloneAccuracy: view.standaloneAccuracy,
          benchmarkAccuracy: derived.benchmarkAccuracy ?? null,
        }
      : null,
  };
}

/** Datasets: `importDataset(files, options?)`, `datasets()`, `deleteDataset(id)` (src/ui/data/datasetTestApi.ts). */
export interface NasPlaygroundApi extends DatasetTestApi {
  /** Patches the config (same shape as the form) and resets the run; rejects, changing nothing, when invalid. */
  configure(patch: ConfigPatch): Promise<void>;
  /** Runs the search; resolves when the worker reports it is running. */
  start(): Promise<void>;
  /** Stops after the model being trained now; resolves when the run has stopped (at once if not running). */
  pause(): Promise<void>;
  /**
   * Trains one more proposal; resolves at the step's start, when the worker reports it is running
   * (at once, doing nothing, while a run is running or done). Watch `snapshot()` for its end.
   */
  step(): Promise<void>;
  /** Drops the run and starts a new one with the current config. */
  reset(): Promise<void>;
  snapshot(): Promise<NasPlaygroundSnapshot>;
  /** The run log `{ format: 'nas-playground/run', version: 2, config, seed, events }`. */
  exportRun(): Promise<RunLog>;
  /**
   * Makes a run log (JSON text or object) the current run, paused, without training; resolves to
   * `{ ok: false, error }` for a bad log, which changes nothing.
   */
  importRun(json: unknown): Promise<{ ok: true } | { ok: false; error: string; errorCode: string }>;
  /**
   * Sets what trains the models on this machine ('auto' | 'engine' | 'webgpu' | 'webgl' | 'cpu',
   * remembered in this browser); resolves once the run is restored in a worker that uses it.
   * Rejects while the run advances, or for another value.
   */
  setCompute(preference: ComputePreference): Promise<void>;
  /** Kills the worker; resolves once it has been restarted from the run log. */
  crashWorkerForTest(): Promise<void>;
  /** BlockQNN: trains the same config and seed with one switch flipped beside the run. */
  compare(flipped: CompareSwitch): Promise<void>;
  /** Compares strategies on one space and budget over seeds; resolves once it has started. */
  compareStrategies(spec: CompareSpec): Promise<void>;
  /** Saved runs, most recently updated first; `current` marks the open one ([] without storage). */
  runs(): Promise<SavedRunInfo[]>;
  /** The comparison of strategies so far (null if none): its status and finished runs. */
  comparison(): Promise<{
    status: CompareStatus;
    /** English text of the error, and its message code (src/i18n/locales/en/messages.json). */
    error: string | null;
    errorCode: string | null;
    runs: CompareRun[];
    elapsedMs: number;
  } | null>;
  /** Switches the interface language (remembered); resolves once the UI has re-rendered in it. */
  setLanguage(language: Language): Promise<void>;
  /**
   * Trains `arch` (a result's architecture string; null or absent: the best) as the run trained
   * it, in a worker of its own, and resolves with the files the Export menu downloads: `format`
   * 'pytorch' (default) or 'keras' a Python file and its safetensors weights, 'tfjs' model.json
   * and its weights (text, or bytes as base64). Rejects for a table run or an architecture it did
   * not train.
   */
  exportCode(arch?: string | null, format?: 'pytorch' | 'keras' | 'tfjs'): Promise<ExportedCode>;
}

declare global {
  interface Window {
    nasPlayground?: NasPlaygroundApi;
  }
}

/** Resolves after React has committed what is pending and the browser has painted it. */
function afterRender(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

/** The snapshot of the store's current state. */
export function snapshotOf(store: AppStore): NasPlaygroundSnapshot {
  const { status, backend, view, compute } = store.getState();
  return {
    status,
    backend: backend?.name ?? null,
    compute: { preference: compute, engine: backend?.engine === true, autoSoftware: backend?.autoSoftware === true },
    epsilon: view.epsilon.epsilon,
    counts: { ...view.counts, planned: view.planned },
    bestReward: view.bestReward,
    history: [...view.history],
    oneShot: oneShotSnapshot(view.strategyId, view.strategyView),
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
  runs: Pick<RunsManager, 'list'>,
): void {
  window.nasPlayground = {
    ...datasetTestApi(controller, () => store.getState().draft.fidelity),
    configure: (patch) => controller.configure(patch),
    start: withoutArguments('start', () => controller.start()),
    pause: withoutArguments('pause', () => controller.pause()),
    step: withoutArguments('step', () => controller.step()),
    reset: withoutArguments('reset', () => controller.reset()),
    snapshot: withoutArguments('snapshot', async () => {
      await flushed();
      return snapshotOf(store);
    }),
    exportRun: withoutArguments('exportRun', async () => {
      await flushed();
      return controller.exportRun();
    }),
    importRun: (json) => controller.importRun(json),
    setCompute: (preference) => controller.setCompute(preference),
    crashWorkerForTest: withoutArguments('crashWorkerForTest', () => controller.crashWorker()),
    compare: async (flipped) => controller.compare(checkCompareSwitch(flipped)),
    compareStrategies: async (spec) => controller.compareStrategies(checkCompareSpec(spec)),
    runs: withoutArguments('runs', () => runs.list()),
    comparison: withoutArguments('comparison', () => {
      const c = store.getState().comparison;
      return Promise.resolve(
        c && {
          status: c.status,
          error: c.error && formatMessage(c.error),
          errorCode: c.error && leafCode(c.error),
          runs: structuredClone(c.runs),
          elapsedMs: c.elapsedMs,
        },
      );
    }),
    async setLanguage(language) {
      await setLanguage(checkLanguage(language));
      await afterRender();
    },
    async exportCode(arch, format) {
      const args = checkExportCodeArgs(arch, format);
      await flushed();
      return exportCode(controller.exportRun(), args.arch, args.format);
    },
  };
}
