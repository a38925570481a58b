/**
 * "Best model" export: a worker of its own trains the run's best architecture at the run's
 * fidelity and seed (so the search worker keeps running) and sends it back as tfjs files (the
 * page downloads model.json and the weights file it names) or as a PyTorch or Keras Python file
 * and its safetensors weights. Its state lives in a small store
 * so the menu shows progress whether open or not.
 */
import { storedCompute } from '../computeSetting';
import { createStore, useStore } from 'zustand';
import { bestResult, isTrainableRun } from '../../nas/bestArchitecture';
import { formatMessage, type Message } from '../../nas/message';
import type { ResultEvent, RunLog } from '../../nas/runlog';
import { SearchWorkerClient } from '../../worker/client';
import type {
  ExportedModelFiles,
  ExportedPythonFiles,
  FromWorker,
  ModelFormat,
  PythonFormat,
  TrainingProgress,
} from '../../worker/protocol';
import { downloadBlob, downloadText } from '../download';

export type ModelExportState =
  | { status: 'idle' }
  | { status: 'training'; format: ModelFormat; arch: string; progress: TrainingProgress | null }
  | { status: 'done'; format: ModelFormat; arch: string; accuracy: number; reward: number; files: string[] }
  | { status: 'failed'; format: ModelFormat; message: Message | string };

/** The one model export of the page (at most one trains at a time). */
export const modelExportStore = createStore<ModelExportState>(() => ({ status: 'idle' }));

export function useModelExport<T>(selector: (state: ModelExportState) => T): T {
  return useStore(modelExportStore, selector);
}

/**
 * File names of an exported model: model.json and the weights file its manifest names (tfjs),
 * or the Python file (an importable module name) and the safetensors file it loads (PyTorch,
 * Keras: `_keras` / `-keras` tells the two apart).
 */
export function modelFileNames(
  log: Pick<RunLog, 'config' | 'seed'>,
  index: number,
  format: ModelFormat = 'tfjs',
): { json: string; weights: string } {
  const base = `nas-playground-${log.config.strategy}-seed${log.seed}-model${index}`;
  if (format === 'tfjs') return { json: `${base}.json`, weights: `${base}.weights.bin` };
  const tag = format === 'keras' ? '-keras' : '';
  return { json: `${`${base}${tag}`.replace(/-/g, '_')}.py`, weights: `${base}${tag}.safetensors` };
}

/** Downloads model.json and its weights under the names the manifest uses. */
function download(files: ExportedModelFiles, names: { json: string; weights: string }): void {
  downloadText(names.json, JSON.stringify(files.modelJson), 'application/json');
  downloadBlob(names.weights, new Blob([files.weightData], { type: 'application/octet-stream' }));
}

/** Downloads the Python file and the safetensors file it loads by default. */
function downloadPython(files: ExportedPythonFiles, names: { json: string; weights: string }): void {
  downloadText(names.json, files.source, 'text/x-python');
  downloadBlob(names.weights, new Blob([files.weightData], { type: 'application/octet-stream' }));
}

/** What an export's worker sends back. */
export type ExportedFiles =
  { format: 'tfjs'; files: ExportedModelFiles } | { format: PythonFormat; files: ExportedPythonFiles };

/**
 * Trains `arch` as the run of `log` trained it, in a search worker of its own (the run's worker
 * goes on), and resolves with its files in `format` (their weights file named `weightsFile`);
 * rejects with the worker's message (a `Message`) when it cannot.
 */
export function trainForExport(
  log: Pick<RunLog, 'config'>,
  arch: string,
  weightsFile: string,
  format: ModelFormat,
  onProgress?: (progress: TrainingProgress) => void,
): Promise<ExportedFiles> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const finish = (settle: () => void) => {
      if (finished) return;
      finished = true;
      settle();
      // After the current message: the client may be inside a restart when this is called.
      setTimeout(() => client.terminate(), 0);
    };
    const onMessage = (msg: FromWorker) => {
      switch (msg.type) {
        case 'progress':
          if (!finished) onProgress?.(msg.progress);
          return;
        case 'model-files':
          finish(() => resolve({ format: 'tfjs', files: msg.files }));
          return;
        case 'python-files':
          finish(() => resolve({ format: format === 'tfjs' ? 'pytorch' : format, files: msg.files }));
          return;
        case 'model-export-failed':
        case 'error':
          finish(() => reject(msg.message));
          return;
        default:
          return;
      }
    };
    const client = new SearchWorkerClient({
      onMessage,
      onRestart: (_restarts, reason) => finish(() => reject(reason)),
      getRun: () => ({ config: log.config, events: [] }),
      compute: storedCompute,
    });
    client.init(log.config, [], 'idle');
    client.exportModel(log.config, arch, weightsFile, format);
  });
}

/**
 * Starts training the best model of `log` for export in `format`, and downloads its files when
 * done. Returns false (changing nothing) when a model trains already, the run has no result, or
 * its results come from a table.
 */
export function exportBestModel(log: RunLog, format: ModelFormat = 'tfjs'): boolean {
  const best = bestResult(log);
  return best ? exportResultModel(log, best, format) : false;
}

/**
 * Starts training the architecture of `result` (any result of `log`: a leaderboard row) for export
 * in `format`, and downloads its files when done. Returns false (changing nothing) when a model
 * trains already or the run's results come from a table.
 */
export function exportResultModel(log: RunLog, result: ResultEvent, format: ModelFormat = 'tfjs'): boolean {
  if (modelExportStore.getState().status === 'training' || !isTrainableRun(log.config)) return false;
  const names = modelFileNames(log, result.index, format);
  const training = (progress: TrainingProgress | null) =>
    modelExportStore.setState({ status: 'training', format, arch: result.arch, progress }, true);
  training(null);
  trainForExport(log, result.arch, names.weights, format, training).then(
    (exported) => {
      if (exported.format === 'tfjs') download(exported.files, names);
      else downloadPython(exported.files, names);
      modelExportStore.setState(
        {
          status: 'done',
          format,
          arch: result.arch,
          accuracy: exported.files.accuracy,
          reward: result.reward,
          files: [names.json, names.weights],
        },
        true,
      );
    },
    (message: Message | string) => modelExportStore.setState({ status: 'failed', format, message }, true),
  );
  return true;
}

/** One exported file: text, or bytes in base64. */
export interface ExportedCodeFile {
  name: string;
  text?: string;
  base64?: string;
}

/** What the test API's `exportCode` resolves to. */
export interface ExportedCode {
  arch: string;
  /** Validation accuracy of the exported weights, in [0, 1]. */
  accuracy: number;
  files: ExportedCodeFile[];
}

function base64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * Trains `arch` of `log` (null: its best result) as the run trained it and resolves with the
 * files the menu would download, for the test API. Rejects with an Error in English for a run
 * whose results come from a table, an architecture the run did not train, or a failed export.
 */
export async function exportCode(
  log: RunLog,
  arch: string | null,
  format: ModelFormat,
): Promise<ExportedCode> {
  if (!isTrainableRun(log.config))
    throw new Error(
      "This run's results are looked up in the NAS-Bench-201 table: it trained no model to export",
    );
  const result =
    arch === null
      ? bestResult(log)
      : (log.events.find((e): e is ResultEvent => e.type === 'result' && e.arch === arch) ?? null);
  if (!result)
    throw new Error(arch === null ? 'The run has no result yet' : `The run has no result for "${arch}"`);
  const names = modelFileNames(log, result.index, format);
  const exported = await trainForExport(log, result.arch, names.weights, format).catch(
    (problem: Message | string) => {
      throw new Error(typeof problem === 'string' ? problem : formatMessage(problem));
    },
  );
  const text = exported.format === 'tfjs' ? JSON.stringify(exported.files.modelJson) : exported.files.source;
  return {
    arch: result.arch,
    accuracy: exported.files.accuracy,
    files: [
      { name: names.json, text },
      { name: names.weights, base64: base64(exported.files.weightData) },
    ],
  };
}
