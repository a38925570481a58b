/**
 * The one protocol between the UI thread and the search worker: discriminated unions keyed
 * by `type`, plain data only (never tensors). Texts for the user are messages (`{ code, params }`,
 * src/nas/message.ts), which the UI shows in its language; an exception's own words are a param.
 */
import type { OneShotCheckpoint } from '../nas/oneshot/checkpoint';
import type { CompareRun, CompareSpec } from '../nas/compare';
import type { RunConfig, TrainingPath } from '../nas/config';
import type { Message } from '../nas/message';
import type { RunEvent } from '../nas/runlog';
import type { UserDatasetInfo } from '../nas/userDatasets';
import type { ComputePreference } from '../train/compute';

export type BackendName = 'webgpu' | 'webgl' | 'cpu';
export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'error';

/** Messages from the UI to the worker. */
export type ToWorker =
  /** Load a run: its config and the events already logged (empty for a new run). The worker
   * replays the events without training to restore the Q-table, replay dictionary and rng.
   * `paced`: the UI answers every 'events' message with 'saved' once it has applied and stored
   * it, and a table run waits for that before posting another (src/worker/controller.ts). */
  | {
      type: 'init';
      config: RunConfig;
      events: RunEvent[];
      resume: 'idle' | 'running';
      paced?: boolean;
      /** One-shot runs: the state at the last epoch boundary, to go on from (the log is cut there). */
      checkpoint?: OneShotCheckpoint;
    }
  /** Load an imported run log from its JSON text, as 'init' with the config and events that
   * src/nas/runlogSchema.ts reads from it (the UI reads the same text meanwhile). */
  | { type: 'import'; text: string; paced?: boolean }
  /** The UI has applied and saved the oldest 'events' message not yet answered. */
  | { type: 'saved' }
  /** The datasets imported on this machine (all of them): the worker's config rules know these. */
  | { type: 'datasets'; datasets: UserDatasetInfo[] }
  /** The machine's compute setting (src/train/compute.ts); sent before 'init', used once, when
   * the worker picks its backend. */
  | { type: 'compute'; preference: ComputePreference }
  /** Run until the schedule is exhausted or a pause arrives. */
  | { type: 'start' }
  /** Stop after the model being trained now (its result is kept). */
  | { type: 'pause' }
  /** Propose, train and learn from exactly one architecture, then pause. */
  | { type: 'step' }
  /** Run a comparison of strategies on top of `base` (src/nas/compare.ts), one run after another. */
  | { type: 'compare'; base: RunConfig; spec: CompareSpec }
  /** Stop the comparison after the model being evaluated now. */
  | { type: 'compare-stop' }
  /** Train `arch` of a run of `config` at its fidelity and seed and send it back as tfjs files
   * (model.json naming `weightsFile`); answered by 'model-files' or 'model-export-failed'. */
  | {
      type: 'export-model';
      config: RunConfig;
      arch: string;
      weightsFile: string;
      /**
       * 'tfjs' (absent: the same): model.json and its weights; 'pytorch' and 'keras': a Python
       * file of the network (a PyTorch nn.Module, a Keras model) and its weights as safetensors
       * named `weightsFile`, answered by 'python-files'.
       */
      format?: ModelFormat;
    };

/** The formats a trained model exports in. */
export type ModelFormat = 'tfjs' | 'pytorch' | 'keras';

/** The formats exported as a Python file and its safetensors weights. */
export type PythonFormat = Exclude<ModelFormat, 'tfjs'>;

/** Where a comparison stands. */
export type CompareStatus = 'running' | 'done' | 'stopped' | 'error';

/** Progress of the model being trained now. */
export interface TrainingProgress {
  /** Proposal index of the model. */
  index: number;
  arch: string;
  /** 1-based epoch and batch. */
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean training loss of the last batch. */
  loss: number;
  /** Validation accuracy after the last finished epoch, if any. */
  valAccuracy: number | null;
  /** 0-based restart count (SPEC §2 restart rule). */
  restart: number;
  /** `engine` runs: the path training this model (our WebGPU engine, or tfjs after a fallback). */
  trainedOn?: TrainingPath;
}

/** tfjs memory as reported by tf.memory(). */
export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  /** GPU bytes held by the backend (webgpu/webgl), when known. */
  gpuBytes: number | null;
}

/** A model trained for export, in tfjs's layers format (src/train/exportModel.ts). */
export interface ExportedModelFiles {
  arch: string;
  /** The parsed content of model.json; its weights manifest names the weights file. */
  modelJson: Record<string, unknown>;
  /** Content of the weights file, manifest order. */
  weightData: ArrayBuffer;
  /**
   * Best validation accuracy of this training, in [0, 1]; for a one-shot run's derived cell, the
   * saved model's own (inference mode, its BN statistics calibrated).
   */
  accuracy: number;
  /** A one-shot derived cell's: the standalone training's best validation accuracy (as the run logs it). */
  trainedAccuracy?: number;
  /** tfjs backend that trained it. */
  backend: string;
  /** Where it trained, on a run whose training path is `engine`: our engine, or tfjs (its fallback). */
  trainedOn?: TrainingPath;
}

/** A trained network as a Python file (PyTorch) and its weights (safetensors). */
export interface ExportedPythonFiles {
  arch: string;
  /** The Python source, naming the weights file as its default. */
  source: string;
  /** The safetensors file. */
  weightData: ArrayBuffer;
  /** Validation accuracy of these weights, in [0, 1] (as `ExportedModelFiles.accuracy`). */
  accuracy: number;
  trainedAccuracy?: number;
  backend: string;
}

/** Messages from the worker to the UI. */
export type FromWorker =
  | {
      type: 'backend';
      backend: BackendName;
      /** Why a better backend was not used (null when WebGPU is active). */
      reason: Message | null;
      /** GPU adapter description, when known. */
      adapter: string;
      /** True when that adapter is a software one (the GPU emulated on the CPU). */
      software?: boolean;
      /** The machine's compute setting this choice follows (absent: auto). */
      preference?: ComputePreference;
      /** Models the engine can train go to the engine, whatever the run's training path. */
      engine?: boolean;
      /** Auto chose WebGL and the engine because the WebGPU adapter is a software one. */
      autoSoftware?: boolean;
    }
  /** Dataset loaded; the worker is ready for start/step. */
  | { type: 'ready'; restoredEvents: number }
  /** One-shot runs: the state at an epoch boundary just passed (sent after that epoch's events). */
  | { type: 'checkpoint'; checkpoint: OneShotCheckpoint }
  | { type: 'events'; events: RunEvent[] }
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'status'; status: RunStatus }
  | { type: 'memory'; memory: MemoryInfo }
  /** One run of a comparison finished (or was stopped). */
  | { type: 'compare-run'; run: CompareRun }
  | { type: 'compare-status'; status: CompareStatus; message?: Message }
  /** The model asked for by 'export-model', trained and saved. */
  | { type: 'model-files'; files: ExportedModelFiles }
  /** The model asked for by 'export-model' in the 'pytorch' or 'keras' format. */
  | { type: 'python-files'; files: ExportedPythonFiles }
  | { type: 'model-export-failed'; message: Message }
  | {
      type: 'error';
      /** `device-lost`: the GPU device was lost, the client restarts the worker and resumes. */
      kind: 'device-lost' | 'fatal' | 'data';
      message: Message;
    };
