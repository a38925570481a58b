/** What the search worker's controller needs from its environment (the worker, or a test). */
import type { Message } from '../nas/message';
import type { Nb201Table } from '../nas/nb201Table';
import type { RunConfig } from '../nas/config';
import type { TrainingTensors } from '../train/data';
import type { Acquired } from '../gpu/device';
import type { ComputePreference } from '../train/compute';
import type { ResultCacheLike } from '../storage/resultCache';
import type { FromWorker, MemoryInfo } from './protocol';

/** The payload of the 'backend' message. */
export type BackendReport = Omit<Extract<FromWorker, { type: 'backend' }>, 'type'>;

/** What the controller needs from its environment (the worker, or a test). */
export interface WorkerDeps {
  post(message: FromWorker): void;
  /** Picks and initialises the tfjs backend for the machine's compute setting; called once per worker. */
  selectBackend(preference?: ComputePreference): Promise<BackendReport>;
  /** Calls back once if the GPU device is lost. */
  watchDeviceLoss(onLost: (problem: Message) => void): void;
  /** Loads the config's dataset as tensors; throws a DataError on a broken or missing file. */
  loadData(config: RunConfig): Promise<TrainingTensors>;
  disposeData(data: TrainingTensors): void;
  /** Loads NAS-Bench-201's table (the `nb201` space's evaluator); called at most once. */
  loadTable(): Promise<Nb201Table>;
  memory(): MemoryInfo;
  /** The persistent result cache, if storage is available (the worker opens IndexedDB itself). */
  resultCache?(): Promise<ResultCacheLike | null>;
  /** A WebGPU device for the engine (`trainingPath: 'engine'`); without it such runs train on tfjs. */
  acquireEngine?(): Promise<Acquired>;
}
