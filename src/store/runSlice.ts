/**
 * Run slice: what the worker reported (status, backend, memory, training progress) and the
 * view of the run log. Worker messages are applied incrementally by `applyWorkerEvent`.
 */
import type { StateCreator } from 'zustand/vanilla';
import { type RunConfig } from '../nas/config';
import { DEFAULT_CONFIG } from '../nas/presets';
import type { RunEvent } from '../nas/runlog';
import { findStrategy } from '../nas/strategies';
import type { BackendName, FromWorker, MemoryInfo, RunStatus, TrainingProgress } from '../worker/protocol';
import type { AppState } from './appState';
import type { Message } from '../nas/message';
import { appendEvents, completeEvents, deriveRunView, emptyRunView, type RunView } from './runView';

/** Most recent batch losses kept for the training curve. */
export const MAX_LOSSES = 400;

export interface BackendInfo {
  name: BackendName;
  /** Why a better backend was not used (null on WebGPU). */
  reason: Message | null;
  /** GPU adapter description, when known. */
  adapter: string;
  /** The adapter emulates the GPU on the CPU: every model trains slowly (the header says so). */
  software?: boolean;
  /** Models the engine can train go to the engine (the compute setting, src/train/compute.ts). */
  engine?: boolean;
  /** Auto chose WebGL and the engine because the WebGPU adapter is a software one. */
  autoSoftware?: boolean;
}

/** The model being trained now. */
export interface TrainingView {
  progress: TrainingProgress | null;
  /** Batch losses of the current (re)start, latest `MAX_LOSSES`; `step` counts batches from 1. */
  losses: readonly { step: number; loss: number }[];
  /** Validation accuracy after each finished epoch, at the batch step that ended it. */
  valAccuracy: readonly { epoch: number; step: number; acc: number }[];
}

export interface RunSlice {
  status: RunStatus;
  /** The worker loaded its data and accepts start/step. */
  workerReady: boolean;
  backend: BackendInfo | null;
  view: RunView;
  training: TrainingView;
  memory: MemoryInfo | null;
  /** Last error reported by the worker, for the status line. */
  error: Message | null;
  /** Times the worker crashed and was restarted from the run log. */
  restarts: number;
  /** Pause was pressed while a model trains: the run stops once that model is done. */
  pausing: boolean;
  /** Marks a pause as pending while the run is running (cleared by the next other status). */
  requestPause(): void;
  /** Applies one message of the worker (O(new events)). */
  applyWorkerEvent(msg: FromWorker): void;
  /** Replaces the run by `config` and `events` (Reset, restore after reload). */
  /** `view`: the log's view if already derived (deriveRunView of the same config and events). */
  loadRun(config: RunConfig, events: readonly RunEvent[], view?: RunView): void;
  /** The worker was restarted: drop an unfinished proposal, it will be proposed again. */
  workerRestarted(restarts: number): void;
}

const NO_TRAINING: TrainingView = { progress: null, losses: [], valAccuracy: [] };

/** The status a loaded log implies before the worker says otherwise. */
function statusOf(view: RunView): RunStatus {
  if (view.done) return 'done';
  return view.counts.proposed > 0 ? 'paused' : 'idle';
}

/**
 * The training view after one progress message. The trainer reports the last batch of an
 * epoch twice: before validation (carrying the previous epoch's accuracy) and after it (with
 * this epoch's); the second report is the one that adds a validation point.
 */
export function nextTraining(training: TrainingView, progress: TrainingProgress): TrainingView {
  const prev = training.progress;
  // A model retrained on tfjs after an engine failure starts its curve afresh (trainedOn changes).
  const sameModel =
    prev !== null &&
    prev.index === progress.index &&
    prev.restart === progress.restart &&
    prev.trainedOn === progress.trainedOn;
  const losses = sameModel ? training.losses : [];
  let valAccuracy = sameModel ? training.valAccuracy : [];
  const step = (progress.epoch - 1) * progress.batches + progress.batch;
  const repeated = sameModel && losses.at(-1)?.step === step;
  const nextLosses = repeated
    ? losses
    : [...losses.slice(losses.length >= MAX_LOSSES ? 1 : 0), { step, loss: progress.loss }];
  const endOfEpoch = repeated && progress.batch === progress.batches && progress.valAccuracy !== null;
  if (endOfEpoch && valAccuracy.length < progress.epoch) {
    valAccuracy = [...valAccuracy, { epoch: progress.epoch, step, acc: progress.valAccuracy! }];
  }
  return { progress, losses: nextLosses, valAccuracy };
}

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set, get) => ({
  status: 'idle',
  workerReady: false,
  backend: null,
  view: emptyRunView(DEFAULT_CONFIG),
  training: NO_TRAINING,
  memory: null,
  error: null,
  restarts: 0,
  pausing: false,

  requestPause() {
    if (get().status === 'running') set({ pausing: true });
  },

  applyWorkerEvent(msg) {
    switch (msg.type) {
      case 'backend':
        set({
          backend: {
            name: msg.backend,
            reason: msg.reason,
            adapter: msg.adapter,
            ...(msg.software ? { software: true } : {}),
            ...(msg.engine ? { engine: true } : {}),
            ...(msg.autoSoftware ? { autoSoftware: true } : {}),
          },
        });
        break;
      case 'ready': {
        // A one-shot worker restored from a checkpoint stands on the log up to that epoch
        // boundary: the events after it (the unfinished epoch) are dropped and will come again.
        const { view, config } = get();
        const cut =
          msg.restoredEvents < view.events.length && findStrategy(config.strategy)?.family === 'oneshot';
        set({
          workerReady: true,
          ...(cut ? { view: deriveRunView(config, view.events.slice(0, msg.restoredEvents)) } : {}),
        });
        break;
      }
      case 'events': {
        // The training view keeps the finished model's curve until the next one starts.
        set({ view: appendEvents(get().view, msg.events) });
        break;
      }
      case 'progress':
        set((s) => ({ training: nextTraining(s.training, msg.progress) }));
        break;
      case 'status':
        set({
          status: msg.status,
          ...(msg.status === 'error' ? {} : { error: null }),
          ...(msg.status === 'running' ? {} : { pausing: false }),
        });
        break;
      case 'memory':
        set({ memory: msg.memory });
        break;
      case 'error':
        set({
          error: msg.message,
          ...(msg.kind === 'device-lost' ? {} : { status: 'error' as const, pausing: false }),
        });
        break;
    }
  },

  loadRun(config, events, derived) {
    const view = derived ?? deriveRunView(config, events);
    set({
      config,
      draft: config,
      view,
      status: statusOf(view),
      training: NO_TRAINING,
      error: null,
      workerReady: false,
      pausing: false,
    });
  },

  workerRestarted(restarts) {
    const { view, config } = get();
    const kept = completeEvents(view.events);
    set({
      restarts,
      workerReady: false,
      training: NO_TRAINING,
      ...(kept === view.events ? {} : { view: deriveRunView(config, kept) }),
    });
  },
});
