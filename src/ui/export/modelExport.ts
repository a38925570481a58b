/**
 * "Best model" export: a worker of its own trains the run's best architecture at the run's
 * fidelity and seed (so the search worker keeps running) and sends it back as tfjs files (the
 * page downloads model.json and the weights file it names) or, for a one-shot run's derived
 * cell, as a PyTorch Python file and its safetensors weights. Its state lives in a small store
 * so the menu shows progress whether open or not.
 */
import { createStore, useStore } from 'zustand';
import { bestResult, isTrainableRun } from '../../nas/bestArchitecture';
import type { Message } from '../../nas/message';
import type { RunLog } from '../../nas/runlog';
import { SearchWorkerClient } from '../../worker/client';
import type {
  ExportedModelFiles,
  ExportedPythonFiles,
  FromWorker,
  ModelFormat,
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
 * or the Python file and the safetensors file it loads (PyTorch).
 */
export function modelFileNames(
  log: Pick<RunLog, 'config' | 'seed'>,
  index: number,
  format: ModelFormat = 'tfjs',
): { json: string; weights: string } {
  const base = `nas-playground-${log.config.strategy}-seed${log.seed}-model${index}`;
  return format === 'tfjs'
    ? { json: `${base}.json`, weights: `${base}.weights.bin` }
    : { json: `${base.replace(/-/g, '_')}.py`, weights: `${base}.safetensors` };
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

/**
 * Starts training the best model of `log` for export in `format`. Returns false (changing
 * nothing) when a model trains already, the run has no result, or its results come from a table.
 */
export function exportBestModel(log: RunLog, format: ModelFormat = 'tfjs'): boolean {
  const best = bestResult(log);
  if (modelExportStore.getState().status === 'training' || !best || !isTrainableRun(log.config)) return false;
  const names = modelFileNames(log, best.index, format);
  modelExportStore.setState({ status: 'training', format, arch: best.arch, progress: null }, true);
  let finished = false;
  const finish = (state: ModelExportState) => {
    if (finished) return;
    finished = true;
    modelExportStore.setState(state, true);
    // After the current message: the client may be inside a restart when this is called.
    setTimeout(() => client.terminate(), 0);
  };
  const onMessage = (msg: FromWorker) => {
    switch (msg.type) {
      case 'progress':
        if (!finished)
          modelExportStore.setState(
            { status: 'training', format, arch: best.arch, progress: msg.progress },
            true,
          );
        return;
      case 'model-files':
      case 'python-files':
        if (msg.type === 'model-files') download(msg.files, names);
        else downloadPython(msg.files, names);
        finish({
          status: 'done',
          format,
          arch: best.arch,
          accuracy: msg.files.accuracy,
          reward: best.reward,
          files: [names.json, names.weights],
        });
        return;
      case 'model-export-failed':
      case 'error':
        finish({ status: 'failed', format, message: msg.message });
        return;
      default:
        return;
    }
  };
  const client = new SearchWorkerClient({
    onMessage,
    onRestart: (_restarts, reason) => finish({ status: 'failed', format, message: reason }),
    getRun: () => ({ config: log.config, events: [] }),
  });
  client.init(log.config, [], 'idle');
  client.exportModel(log.config, best.arch, names.weights, format);
  return true;
}
