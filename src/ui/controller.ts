/**
 * The app's commands (start, pause, step, reset, configure, export) over the store and the
 * worker client. The buttons and `window.nasPlayground` both go through it, so they behave
 * the same.
 */
import type { OneShotCheckpoint } from '../nas/oneshot/checkpoint';
import { compareConfig, compareMixProblem, compareProblem, type CompareSpec } from '../nas/compare';
import { MessageError } from '../nas/messageError';
import type { RunConfig } from '../nas/config';
import { applyConfigPatch } from '../nas/options';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunEvent, type RunLog } from '../nas/runlog';
import { variantConfig, type CompareSwitch } from '../store/compareSlice';
import { findViews } from './strategies/registry';
import { runStarted } from '../store/configSlice';
import type { AppState, AppStore } from '../store/appState';
import { completeEvents, deriveRunView, type RunView } from '../store/runView';
import type { SearchWorkerClient, SearchWorkerClientOptions } from '../worker/client';
import type { RunStatus } from '../worker/protocol';
import { COMPUTE_PREFERENCES, isComputePreference, type ComputePreference } from '../train/compute';
import { saveCompute } from './computeSetting';
import { checkRunLog } from '../nas/runlogSchema';
import { formatMessage, leafCode, message, type Message } from '../nas/message';

/** How long a command waits for the worker to acknowledge it. */
const ACK_TIMEOUT_MS = 120_000;

export interface RunController {
  /** Creates the worker for the run in the store (new, or restored after a reload). */
  boot(): void;
  /** Runs until the schedule is exhausted or paused; resolves when the worker is running. */
  start(): Promise<void>;
  /**
   * Asks the worker to stop after the model being trained now; `pausing` is set at once and the
   * promise resolves when the run has stopped (at once when it was not running).
   */
  pause(): Promise<void>;
  /** Trains exactly one more proposal; resolves when the worker has taken it. */
  step(): Promise<void>;
  /** Drops the run and starts a new one with the form's config. */
  reset(): Promise<void>;
  /** Replaces the run by a saved one (stopping the worker's current model) and restores it, paused. */
  /** `checkpoint`: a one-shot run's state at its last epoch boundary, to go on from. */
  openRun(config: RunConfig, events: readonly RunEvent[], checkpoint?: OneShotCheckpoint): void;
  /** Patches the config and resets the run; rejects listing every refused field. */
  configure(patch: unknown): Promise<void>;
  /** Kills the worker and resolves once the restarted one is ready. */
  crashWorker(): Promise<void>;
  /**
   * Sets what trains the models on this machine (src/train/compute.ts), remembers it in this
   * browser and restores the run in a fresh worker that picks its backend by it; resolves once
   * that worker is ready. Refused while the run advances (pause first).
   */
  setCompute(preference: ComputePreference): Promise<void>;
  /** The run log: config, seed and the finished events. */
  exportRun(): RunLog;
  /**
   * Makes a run log (JSON text or object) the current run, paused, without training: every view
   * is rebuilt from its events and the worker replays it, ready to continue. A bad log is refused
   * with the problem (also in `importError`) and changes nothing.
   */
  importRun(input: unknown): Promise<{ ok: true } | { ok: false; error: string; errorCode: string }>;
  /**
   * BlockQNN: trains a second run of the same config and seed with `flipped` turned the other
   * way, beside this one (which starts too if it can), for a side-by-side comparison.
   */
  compare(flipped: CompareSwitch): Promise<void>;
  /** Stops and forgets the comparison run. */
  stopCompare(): void;
  /**
   * Compares strategies (src/nas/compare.ts) in a worker of its own, on top of the run's config;
   * resolves once the comparison has started. Rejects a spec that cannot run, changing nothing.
   */
  compareStrategies(spec: CompareSpec): Promise<void>;
  /** Stops the comparison of strategies after the model being evaluated now (its runs stay). */
  stopComparison(): void;
}

/** Makes a worker client for a comparison run. */
export type ClientFactory = (options: SearchWorkerClientOptions) => SearchWorkerClient;

/** True when start/step can be pressed. */
export function canAdvance(state: Pick<AppState, 'status' | 'view'>): boolean {
  return (
    (state.status === 'idle' || state.status === 'paused' || state.status === 'error') && !state.view.done
  );
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The search worker did not ${what} within ${ACK_TIMEOUT_MS / 1000} s`)),
      ACK_TIMEOUT_MS,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

const acknowledges = (status: RunStatus) => status === 'running' || status === 'done' || status === 'error';

/**
 * Resolves once the store's run is no longer running. No time limit: the model in training may
 * take minutes at the paper's fidelity, and a crash loop ends in 'error', which resolves it too.
 */
function untilStopped(store: AppStore): Promise<void> {
  return new Promise((resolve) => {
    if (store.getState().status !== 'running') return resolve();
    const unsubscribe = store.subscribe((state) => {
      if (state.status === 'running') return;
      unsubscribe();
      resolve();
    });
  });
}

export function createRunController(
  store: AppStore,
  client: SearchWorkerClient,
  makeClient?: ClientFactory,
): RunController {
  /** The config the worker was last initialised with. */
  let workerConfig: RunConfig | null = null;
  /** The worker of the comparison run, if one runs. */
  let compareClient: SearchWorkerClient | null = null;

  /** The worker of the comparison of strategies, if one runs. */
  let comparisonClient: SearchWorkerClient | null = null;

  const closeComparison = (): void => {
    comparisonClient?.terminate();
    comparisonClient = null;
  };

  const stopCompare = (): void => {
    compareClient?.terminate();
    compareClient = null;
    store.getState().endCompare();
  };

  /** Starts the run afresh with `config`. */
  const restartWith = (config: RunConfig): void => {
    stopCompare();
    store.getState().loadRun(config, []);
    store.getState().clearFieldErrors();
    client.reset(config);
    workerConfig = config;
  };

  /** Form edits made before the run started change the config without telling the worker. */
  const syncWorker = (): void => {
    const { config } = store.getState();
    if (config !== workerConfig && !runStarted(store.getState())) restartWith(config);
  };

  const advance = async (command: 'start' | 'step'): Promise<void> => {
    if (!canAdvance(store.getState())) return;
    // The run goes on from its end: the scrubber follows it again.
    store.getState().scrubTo(null);
    syncWorker();
    const ack = client.nextStatus(acknowledges);
    if (command === 'start') client.start();
    else client.step();
    await withTimeout(ack, `acknowledge '${command}'`);
  };

  return {
    boot() {
      const { config, view } = store.getState();
      client.init(config, view.events, 'idle');
      workerConfig = config;
    },

    start: () => advance('start'),
    step: () => advance('step'),

    pause() {
      store.getState().requestPause();
      const stopped = untilStopped(store);
      client.pause();
      return stopped;
    },

    reset() {
      restartWith(store.getState().draft);
      return Promise.resolve();
    },

    openRun(config, events, checkpoint) {
      stopCompare();
      store.getState().loadRun(config, events);
      store.getState().clearFieldErrors();
      client.init(config, events, 'idle', checkpoint);
      workerConfig = config;
    },

    configure(patch) {
      const result = applyConfigPatch(store.getState().draft, patch);
      if (!result.ok) {
        const lines = result.errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`));
        return Promise.reject(new Error(`Invalid config:\n${lines.join('\n')}`));
      }
      restartWith(result.config);
      return Promise.resolve();
    },

    async setCompute(preference) {
      if (!isComputePreference(preference))
        throw new Error(
          `compute must be one of ${COMPUTE_PREFERENCES.map((c) => `'${c}'`).join(', ')}; got ${JSON.stringify(preference)}`,
        );
      if (store.getState().status === 'running')
        throw new Error('The compute setting changes between models: pause the run first');
      saveCompute(preference);
      store.getState().setCompute(preference);
      const ready = client.waitFor((m) => m.type === 'ready');
      if (!client.respawn()) return;
      await withTimeout(ready, 'restart');
    },

    async crashWorker() {
      const ready = client.waitFor((m) => m.type === 'ready');
      client.crashForTest();
      await withTimeout(ready, 'restart');
    },

    async compare(flipped) {
      const { config } = store.getState();
      if (!findViews(config.strategy)?.variants)
        throw new Error(
          `Side-by-side comparison needs a strategy that offers it (BlockQNN does); this run is ${config.strategy}`,
        );
      if (!makeClient) throw new Error('This app was built without comparison runs');
      stopCompare();
      const variant = variantConfig(config, flipped);
      store.getState().beginCompare(flipped, variant);
      const events = () => store.getState().compare?.view.events ?? [];
      const created = makeClient({
        onMessage: (msg) => store.getState().applyCompareMessage(msg),
        onRestart: () => {
          // A crashed comparison worker resumes from its finished events, like the main run.
          const current = store.getState().compare;
          if (!current) return;
          const view = deriveRunView(variant, completeEvents(current.view.events));
          store.setState({ compare: { ...current, view } });
        },
        getRun: () => ({ config: variant, events: events() }),
      });
      compareClient = created;
      created.init(variant, [], 'running');
      await advance('start');
    },

    stopCompare,

    async compareStrategies(spec) {
      const problem = compareProblem(spec);
      if (problem) throw new Error(problem);
      if (!makeClient) throw new Error('This app was built without comparison runs');
      const base = store.getState().config;
      const mix = compareMixProblem(base, spec);
      if (mix) throw new MessageError(mix);
      const first = compareConfig(base, spec, spec.strategies[0]!, spec.seeds[0]!);
      closeComparison();
      store.getState().beginComparison(spec, first.dataset, Date.now());
      const created = makeClient({
        onMessage: (msg) => {
          store.getState().applyComparisonMessage(msg, Date.now());
          const status = store.getState().comparison?.status;
          if (created === comparisonClient && status !== 'running') closeComparison();
        },
        onRestart: () => {
          store.getState().applyComparisonMessage(
            {
              type: 'compare-status',
              status: 'error',
              message: message('worker.compareCrashed'),
            },
            Date.now(),
          );
          closeComparison();
        },
        getRun: () => ({ config: first, events: [] }),
      });
      comparisonClient = created;
      created.init(first, [], 'idle');
      created.compare(base, spec);
      return Promise.resolve();
    },

    stopComparison() {
      comparisonClient?.stopComparison();
    },

    async importRun(input) {
      const refuse = (problem: Message) => {
        store.getState().setImportError(problem);
        return { ok: false as const, error: formatMessage(problem), errorCode: leafCode(problem) };
      };
      // A new worker restores the log, which is its replay check (a log its config and seed do
      // not propose is refused there), while this thread checks it and derives its view; the
      // current run stays until both are done, and for good if either refuses the log. Given
      // the text, the worker reads it itself, at the same time as this thread.
      let checked: { config: RunConfig; events: readonly RunEvent[]; view: RunView } | null = null;
      const adopt = () => {
        if (!checked) return;
        stopCompare();
        store.getState().loadRun(checked.config, checked.events, checked.view);
        store.getState().clearFieldErrors();
        store.getState().setImportError(null);
        workerConfig = checked.config;
      };
      const early = typeof input === 'string' ? client.tryOpen({ text: input }, adopt) : null;
      const outcome = checkRunLog(input);
      if (!outcome.ok) {
        early?.cancel();
        return refuse(outcome.problem);
      }
      const { config } = outcome.log;
      const events = completeEvents(outcome.log.events);
      const opening = early ?? client.tryOpen({ config, events }, adopt);
      checked = { config, events, view: deriveRunView(config, events) };
      const opened = await opening.outcome;
      return opened.ok ? { ok: true } : refuse(opened.problem);
    },

    exportRun() {
      const { config, view } = store.getState();
      return {
        format: RUN_LOG_FORMAT,
        version: RUN_LOG_VERSION,
        config,
        seed: config.seed,
        events: [...completeEvents(view.events)],
      };
    },
  };
}
