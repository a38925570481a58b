/**
 * The search worker entry: picks the tfjs backend (WebGPU → WebGL → CPU, or as the machine's
 * compute setting says), loads the dataset and runs the search, speaking src/worker/protocol.ts. Created by the client with
 * `new Worker(new URL('../worker/search.worker.ts', import.meta.url), { type: 'module' })`.
 */
import { loadDataset } from '../data/dataset';
import { acquireEngine } from '../gpu/device';
import { Nb201Table } from '../nas/nb201Table';
import { disposeTrainingTensors, toTrainingTensors } from '../train/data';
import { chooseBackend, watchDeviceLoss } from '../train/backend';
import { memoryInfo } from '../train/memory';
import { ResultCache } from '../storage/resultCache';
import { SearchWorkerController } from './controller';
import type { FromWorker, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let resultCache: Promise<ResultCache | null> | null = null;

const controller = new SearchWorkerController({
  post: (message: FromWorker) => self.postMessage(message),
  selectBackend: async (preference) => {
    const { engine, autoSoftware, ...choice } = await chooseBackend(preference);
    return {
      ...choice,
      ...(preference && preference !== 'auto' ? { preference } : {}),
      ...(engine ? { engine } : {}),
      ...(autoSoftware ? { autoSoftware } : {}),
    };
  },
  watchDeviceLoss,
  loadData: async (config) => toTrainingTensors(await loadDataset(config.dataset, config.data)),
  disposeData: disposeTrainingTensors,
  // A separate chunk, fetched only when a NAS-Bench-201 run starts.
  loadTable: async () => Nb201Table.fromJson((await import('../data/nb201/nb201-12epoch.json')).default),
  memory: memoryInfo,
  // Opened once; null where IndexedDB is missing or refuses (the UI says so; training goes on).
  resultCache: () => (resultCache ??= ResultCache.open().catch(() => null)),
  acquireEngine: () => acquireEngine(),
});

self.onmessage = (event: MessageEvent<ToWorker>) => {
  void controller.handle(event.data);
};
